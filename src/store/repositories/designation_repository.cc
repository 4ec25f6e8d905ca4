#include "store/repositories/designation_repository.h"

#include "core/id.h"
#include "store/repositories/repository_support.h"
#include "store/repositories/user_repository.h"

namespace leerrecht::store {

namespace {

constexpr std::string_view kInsertDesignation =
    "INSERT INTO designations (agreement_id, party_id, user_id, role, designated_by, designated_on) "
    "VALUES (?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSelectDesignation =
    "SELECT id, agreement_id, party_id, user_id, role, designated_by, designated_on, reconfirmed_on, ended_on "
    "FROM designations WHERE id = ? AND party_id = ?";
constexpr std::string_view kSelectForAgreement =
    "SELECT id, agreement_id, party_id, user_id, role, designated_by, designated_on, reconfirmed_on, ended_on "
    "FROM designations WHERE agreement_id = ? AND party_id = ? ORDER BY id";
constexpr std::string_view kSelectActiveUser = "SELECT active FROM users WHERE id = ? AND party_id = ?";
constexpr std::string_view kUpdateReconfirmed =
    "UPDATE designations SET reconfirmed_on = ? WHERE id = ? AND party_id = ?";
constexpr std::string_view kUpdateEnded = "UPDATE designations SET ended_on = ? WHERE id = ? AND party_id = ?";
// The designations that could cover this person: a person designation of an active user, or a
// role designation of a role the user holds (any holder when no user is named). Parameters:
// agreement, party, user, role, user, user.
constexpr std::string_view kSelectCandidates =
    "SELECT id, agreement_id, party_id, user_id, role, designated_by, designated_on, reconfirmed_on, ended_on "
    "FROM designations d WHERE d.agreement_id = ? AND d.party_id = ? AND ("
    "  (d.user_id = ? AND EXISTS (SELECT 1 FROM users u WHERE u.id = d.user_id AND u.party_id = d.party_id "
    "                             AND u.active = 1))"
    "  OR (d.role = ? AND (CAST(? AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM users u JOIN user_roles r ON r.user_id = "
    "u.id "
    "      WHERE u.id = ? AND u.party_id = d.party_id AND u.active = 1 AND r.role = d.role))))";
constexpr std::string_view kDesignationField = "aanwijzing";

Result<Designation> Decode(const Row& row) {
  Designation d;
  d.id = row.Int(0);
  d.agreement_id = row.Text(1);
  d.party = row.Text(2);
  d.user_id = internal::IntOrNone(row, 3);
  d.role = internal::TextOrNone(row, 4);
  d.designated_by = row.Text(5);
  auto on = Date::Parse(row.Text(6));
  if (!on.ok()) return Status::Internal("aanwijzing " + std::to_string(d.id) + " heeft geen geldige datum");
  d.designated_on = *on;
  auto reconfirmed = internal::DateOrNone(row, 7);
  if (!reconfirmed.ok()) return reconfirmed.status();
  d.reconfirmed_on = *reconfirmed;
  auto ended = internal::DateOrNone(row, 8);
  if (!ended.ok()) return ended.status();
  d.ended_on = *ended;
  return d;
}

}  // namespace

std::string_view DesignationStateName(DesignationState state) {
  switch (state) {
    case DesignationState::kActive:
      return "actief";
    case DesignationState::kExpired:
      return "verlopen";
    case DesignationState::kNotDesignated:
      return "niet-aangewezen";
  }
  return "niet-aangewezen";
}

DesignationState Designation::StateOn(Date on) const {
  if (on < designated_on) return DesignationState::kNotDesignated;
  if (ended_on && on >= *ended_on) return DesignationState::kNotDesignated;
  if (on > ReconfirmBy(on)) return DesignationState::kExpired;
  return DesignationState::kActive;
}

Date Designation::ReconfirmBy(Date on) const {
  const Date last = reconfirmed_on && *reconfirmed_on <= on ? *reconfirmed_on : designated_on;
  // SPEC Q-10: reconfirmed every 12 months. Valid through the same calendar day a year later.
  return last.AddYears(1);
}

Status DesignationRepository::LogPerson(Transaction& tx, const AccessContext& ctx, const Designation& d,
                                        std::string activity) {
  if (!d.user_id) return Status::Ok();
  return log_.Append(tx, internal::EntryFor(ctx, std::move(activity), UserPseudonym(keys_, *d.user_id),
                                            {std::string(kDesignationField)}, "medewerker"));
}

Result<std::int64_t> DesignationRepository::Record(Transaction& tx, const AccessContext& ctx, const Designation& d) {
  if (!IsValidSlug(d.agreement_id)) return Status::InvalidInput("ongeldige afspraak-id \"" + d.agreement_id + "\"");
  if (d.user_id.has_value() == d.role.has_value()) {
    return Status::InvalidInput("een aanwijzing noemt een gebruiker of een rol, niet beide of geen van beide");
  }
  if (d.role && !IsValidSlug(*d.role)) return Status::InvalidInput("ongeldige rol \"" + *d.role + "\"");
  if (d.designated_by.empty()) return Status::InvalidInput("wie aanwijst ontbreekt (SPEC W-10)");
  if (d.user_id) {
    auto user = tx.Query(kSelectActiveUser, {*d.user_id, ctx.party});
    if (!user.ok()) return user.status();
    if (user->empty()) return Status::NotFound("gebruiker niet gevonden");
    if (user->front().Int(0) == 0)
      return Status::InvalidInput("een gedeactiveerde gebruiker kan niet worden aangewezen");
  }
  if (Status s =
          tx.Execute(kInsertDesignation, {d.agreement_id, ctx.party, internal::OrNull(d.user_id),
                                          internal::OrNull(d.role), d.designated_by, d.designated_on.ToString()});
      !s.ok()) {
    return s;
  }
  const std::int64_t id = tx.LastInsertId();
  if (Status l = LogPerson(tx, ctx, d, "aanwijzing.registreren"); !l.ok()) return l;
  return id;
}

Result<Designation> DesignationRepository::Load(Transaction& tx, const AccessContext& ctx, std::int64_t id) {
  auto rows = tx.Query(kSelectDesignation, {id, ctx.party});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("aanwijzing niet gevonden");
  return Decode(rows->front());
}

Status DesignationRepository::Reconfirm(Transaction& tx, const AccessContext& ctx, std::int64_t id, Date on) {
  auto d = Load(tx, ctx, id);
  if (!d.ok()) return d.status();
  if (d->ended_on) return Status::Conflict("aanwijzing is beëindigd op " + d->ended_on->ToString());
  if (on < d->designated_on || (d->reconfirmed_on && on < *d->reconfirmed_on)) {
    return Status::InvalidInput("herbevestiging ligt vóór de aanwijzing of de vorige herbevestiging");
  }
  if (Status s = tx.Execute(kUpdateReconfirmed, {on.ToString(), id, ctx.party}); !s.ok()) return s;
  return LogPerson(tx, ctx, *d, "aanwijzing.herbevestigen");
}

Status DesignationRepository::End(Transaction& tx, const AccessContext& ctx, std::int64_t id, Date on) {
  auto d = Load(tx, ctx, id);
  if (!d.ok()) return d.status();
  if (d->ended_on) return Status::Conflict("aanwijzing is al beëindigd op " + d->ended_on->ToString());
  if (on < d->designated_on) return Status::InvalidInput("einddatum ligt vóór de aanwijzing");
  if (Status s = tx.Execute(kUpdateEnded, {on.ToString(), id, ctx.party}); !s.ok()) return s;
  return LogPerson(tx, ctx, *d, "aanwijzing.beeindigen");
}

Result<Designation> DesignationRepository::Get(Transaction& tx, const AccessContext& ctx, std::int64_t id) {
  auto d = Load(tx, ctx, id);
  if (!d.ok()) return d;
  if (Status l = LogPerson(tx, ctx, *d, "aanwijzing.lezen"); !l.ok()) return l;
  return d;
}

Result<std::vector<Designation>> DesignationRepository::ListForAgreement(Transaction& tx, const AccessContext& ctx,
                                                                         std::string_view agreement_id) {
  auto rows = tx.Query(kSelectForAgreement, {std::string(agreement_id), ctx.party});
  if (!rows.ok()) return rows.status();
  std::vector<Designation> out;
  out.reserve(rows->size());
  for (const Row& row : *rows) {
    auto d = Decode(row);
    if (!d.ok()) return d.status();
    if (Status l = LogPerson(tx, ctx, *d, "aanwijzing.lezen"); !l.ok()) return l;
    out.push_back(std::move(*d));
  }
  return out;
}

Result<DesignationState> DesignationRepository::StateOf(Transaction& tx, std::string_view agreement_id,
                                                        std::string_view party, std::optional<std::int64_t> user_id,
                                                        std::string_view role, Date on) {
  const Value user = internal::OrNull(user_id);
  const Value role_value = role.empty() ? Value{std::monostate{}} : Value{std::string(role)};
  auto rows =
      tx.Query(kSelectCandidates, {std::string(agreement_id), std::string(party), user, role_value, user, user});
  if (!rows.ok()) return rows.status();
  DesignationState best = DesignationState::kNotDesignated;
  for (const Row& row : *rows) {
    auto d = Decode(row);
    if (!d.ok()) return d.status();
    const DesignationState state = d->StateOn(on);
    if (state == DesignationState::kActive) return state;
    if (state == DesignationState::kExpired) best = state;
  }
  return best;
}

Result<bool> DesignationRepository::IsDesignated(Transaction& tx, std::string_view agreement_id, std::string_view party,
                                                 std::optional<std::int64_t> user_id, std::string_view role, Date on) {
  auto state = StateOf(tx, agreement_id, party, user_id, role, on);
  if (!state.ok()) return state.status();
  return *state == DesignationState::kActive;
}

}  // namespace leerrecht::store
