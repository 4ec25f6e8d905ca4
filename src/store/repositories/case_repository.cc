#include "store/repositories/case_repository.h"

#include "store/repositories/repository_support.h"

namespace leerrecht::store {

namespace {

// The youth's routing columns are copied for the quarterly counts (migration 6, which also keeps
// them current).
constexpr std::string_view kInsertCase =
    "INSERT INTO cases (party_id, youth_id, category, mas_phase, regime_tag, wpg_since, opened_on, notification_id, "
    "youth_municipality, youth_school_type) "
    "SELECT ?, id, ?, ?, ?, ?, ?, ?, municipality, COALESCE(school_type, '') FROM youths WHERE id = ? AND party_id = ?";
constexpr std::string_view kSelectCase =
    "SELECT c.id, c.youth_id, c.category, c.mas_phase, c.regime_tag, c.wpg_since, c.opened_on, c.closed_on, "
    "c.notification_id FROM cases c WHERE c.id = ? AND c.party_id = ?";
constexpr std::string_view kSelectFacts =
    "SELECT id, party_id, youth_id, regime_tag, mas_phase, closed_on FROM cases WHERE id = ?";
constexpr std::string_view kSelectIds = "SELECT id FROM cases WHERE party_id = ? ORDER BY id DESC";
constexpr std::string_view kSelectCaseload =
    "SELECT DISTINCT c.id FROM cases c JOIN case_workers w ON w.case_id = c.id "
    "WHERE c.party_id = ? AND w.user_id = ? AND w.assigned_on <= ? AND (w.ended_on IS NULL OR w.ended_on > ?) "
    "ORDER BY c.id DESC";
constexpr std::string_view kUpdatePhase =
    "UPDATE cases SET mas_phase = ?, regime_tag = ?, wpg_since = ?, closed_on = ? WHERE id = ? AND party_id = ?";
constexpr std::string_view kSelectActiveUser = "SELECT id FROM users WHERE id = ? AND party_id = ? AND active = 1";
constexpr std::string_view kSelectWorker =
    "SELECT 1 FROM case_workers WHERE case_id = ? AND user_id = ? AND assigned_on <= ? "
    "AND (ended_on IS NULL OR ended_on > ?)";
constexpr std::string_view kInsertWorker =
    "INSERT INTO case_workers (case_id, user_id, role, assigned_on) VALUES (?, ?, ?, ?)";
constexpr std::string_view kEndWorker =
    "UPDATE case_workers SET ended_on = ? WHERE case_id = ? AND user_id = ? AND ended_on IS NULL";
constexpr std::string_view kSelectWorkers =
    "SELECT user_id, role, assigned_on, ended_on FROM case_workers WHERE case_id = ? ORDER BY assigned_on, user_id";
// What a case record holds of the youth, in data-dictionary terms.
const std::vector<std::string> kCaseFields = {"verzuim_soort", "verzuim_startdatum"};
constexpr std::string_view kCountCases = "SELECT COUNT(*) FROM cases WHERE party_id = ?";

}  // namespace

Result<std::int64_t> CaseRepository::Create(Transaction& tx, const AccessContext& ctx, const CaseRecord& r) {
  // The subject of the log entry is the youth (kNotFound when he is not of ctx.party). His BSN is
  // decrypted only to name him in that entry, which is no read of his data of its own: the one
  // entry of this operation records it.
  auto subject = internal::YouthSubject(tx, youths_.keys(), youths_, ctx.party, r.youth_id);
  if (!subject.ok()) return subject.status();
  Value wpg_since = r.wpg_since ? Value{*r.wpg_since} : Value{std::monostate{}};
  if (Status s = tx.Execute(kInsertCase, {ctx.party, r.category, r.mas_phase, r.regime_tag, wpg_since, r.opened_on,
                                          internal::OrNull(r.notification_id), r.youth_id, ctx.party});
      !s.ok()) {
    return s;
  }
  const std::int64_t id = tx.LastInsertId();
  if (Status l = log_.Append(tx, internal::EntryFor(ctx, "zaak.aanmaken", *subject, kCaseFields));
      !l.ok())
    return l;
  return id;
}

Result<CaseRecord> CaseRepository::Get(Transaction& tx, const AccessContext& ctx, std::int64_t id) {
  auto rows = tx.Query(kSelectCase, {id, ctx.party});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("zaak niet gevonden");
  const Row& row = rows->front();
  CaseRecord r;
  r.id = row.Int(0);
  r.youth_id = row.Int(1);
  r.category = row.Text(2);
  r.mas_phase = row.Text(3);
  r.regime_tag = row.Text(4);
  if (!row.IsNull(5)) r.wpg_since = row.Text(5);
  r.opened_on = row.Text(6);
  r.closed_on = internal::TextOrNone(row, 7);
  r.notification_id = internal::IntOrNone(row, 8);
  // One entry, about the youth; the record holds none of his identity (the caller reads that
  // through YouthRepository, logged there).
  auto subject = internal::YouthSubject(tx, youths_.keys(), youths_, ctx.party, r.youth_id);
  if (!subject.ok()) return subject.status();
  if (Status l = log_.Append(tx, internal::EntryFor(ctx, "zaak.lezen", *subject, kCaseFields));
      !l.ok())
    return l;
  return r;
}

Result<std::int64_t> CaseRepository::Count(Transaction& tx, const AccessContext& ctx) {
  auto rows = tx.Query(kCountCases, {ctx.party});
  if (!rows.ok()) return rows.status();
  return rows->front().Int(0);
}

Result<std::optional<CaseFacts>> CaseRepository::Facts(Transaction& tx, std::int64_t id) {
  auto rows = tx.Query(kSelectFacts, {id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<CaseFacts>();
  const Row& row = rows->front();
  CaseFacts f;
  f.id = row.Int(0);
  f.party = row.Text(1);
  f.youth_id = row.Int(2);
  f.regime_tag = row.Text(3);
  f.mas_phase = row.Text(4);
  f.closed = !row.IsNull(5);
  return std::optional<CaseFacts>(std::move(f));
}

Result<std::vector<std::int64_t>> CaseRepository::ListIds(Transaction& tx, const AccessContext& ctx) {
  std::vector<std::int64_t> ids;
  Status s = tx.ForEach(kSelectIds, {ctx.party}, [&](const RowView& row) {
    ids.push_back(row.Int(0));
    return true;
  });
  if (!s.ok()) return s;
  return ids;
}

Result<std::vector<std::int64_t>> CaseRepository::CaseloadIds(Transaction& tx, const AccessContext& ctx,
                                                              std::int64_t user_id, Date on) {
  std::vector<std::int64_t> ids;
  const std::string day = on.ToString();
  Status s = tx.ForEach(kSelectCaseload, {ctx.party, user_id, day, day}, [&](const RowView& row) {
    ids.push_back(row.Int(0));
    return true;
  });
  if (!s.ok()) return s;
  return ids;
}

Status CaseRepository::SetPhase(Transaction& tx, const AccessContext& ctx, std::int64_t id, std::string_view phase,
                                std::string_view regime_tag, std::optional<std::string> wpg_since, Date on) {
  auto facts = Facts(tx, id);
  if (!facts.ok()) return facts.status();
  if (!*facts || (*facts)->party != ctx.party) return Status::NotFound("zaak niet gevonden");
  if ((*facts)->regime_tag == "WPG" && regime_tag != "WPG") {
    return Status::Conflict("een zaak met politiegegevens (WPG) gaat niet terug naar AVG (SPEC R-04)");
  }
  auto current = tx.Query(kSelectCase, {id, ctx.party});
  if (!current.ok()) return current.status();
  // Keep the first date the case became WPG: the tag's history is part of the record.
  Value since = internal::OrNull(wpg_since);
  if (!current->front().IsNull(5)) since = current->front().Text(5);
  Value closed = phase == "afgesloten" ? Value{on.ToString()} : Value{std::monostate{}};
  if (Status s = tx.Execute(kUpdatePhase, {std::string(phase), std::string(regime_tag), since, closed, id, ctx.party});
      !s.ok()) {
    return s;
  }
  auto subject = internal::YouthSubject(tx, youths_.keys(), youths_, ctx.party, (*facts)->youth_id);
  if (!subject.ok()) return subject.status();
  return log_.Append(tx, internal::EntryFor(ctx, "zaak.fase-wijzigen", *subject, {"mas_fase"}));
}

Status CaseRepository::AssignWorker(Transaction& tx, const AccessContext& ctx, std::int64_t case_id,
                                    std::int64_t user_id, std::string_view role, Date on) {
  auto facts = Facts(tx, case_id);
  if (!facts.ok()) return facts.status();
  if (!*facts || (*facts)->party != ctx.party) return Status::NotFound("zaak niet gevonden");
  auto user = tx.Query(kSelectActiveUser, {user_id, ctx.party});
  if (!user.ok()) return user.status();
  if (user->empty()) return Status::NotFound("medewerker niet gevonden of niet actief");
  auto already = IsWorker(tx, case_id, user_id, on);
  if (!already.ok()) return already.status();
  if (*already) return Status::Ok();
  if (Status s = tx.Execute(kInsertWorker, {case_id, user_id, std::string(role), on.ToString()}); !s.ok()) {
    return s.code() == ErrorCode::kConflict ? Status::Conflict("medewerker werkt al aan deze zaak") : s;
  }
  auto subject = internal::YouthSubject(tx, youths_.keys(), youths_, ctx.party, (*facts)->youth_id);
  if (!subject.ok()) return subject.status();
  return log_.Append(tx, internal::EntryFor(ctx, "zaak.behandelaar-toewijzen", *subject, {"behandelaar"}));
}

Status CaseRepository::EndWorker(Transaction& tx, const AccessContext& ctx, std::int64_t case_id,
                                 std::int64_t user_id, Date on) {
  auto facts = Facts(tx, case_id);
  if (!facts.ok()) return facts.status();
  if (!*facts || (*facts)->party != ctx.party) return Status::NotFound("zaak niet gevonden");
  if (Status s = tx.Execute(kEndWorker, {on.ToString(), case_id, user_id}); !s.ok()) return s;
  auto subject = internal::YouthSubject(tx, youths_.keys(), youths_, ctx.party, (*facts)->youth_id);
  if (!subject.ok()) return subject.status();
  return log_.Append(tx, internal::EntryFor(ctx, "zaak.behandelaar-beeindigen", *subject, {"behandelaar"}));
}

Result<std::vector<CaseWorker>> CaseRepository::Workers(Transaction& tx, const AccessContext& ctx,
                                                        std::int64_t case_id) {
  auto facts = Facts(tx, case_id);
  if (!facts.ok()) return facts.status();
  if (!*facts || (*facts)->party != ctx.party) return Status::NotFound("zaak niet gevonden");
  auto rows = tx.Query(kSelectWorkers, {case_id});
  if (!rows.ok()) return rows.status();
  std::vector<CaseWorker> out;
  for (const Row& row : *rows) {
    CaseWorker w;
    w.user_id = row.Int(0);
    w.role = row.Text(1);
    auto assigned = Date::Parse(row.Text(2));
    if (!assigned.ok()) return Status::Internal("case_workers.assigned_on is geen datum");
    w.assigned_on = *assigned;
    auto ended = internal::DateOrNone(row, 3);
    if (!ended.ok()) return ended.status();
    w.ended_on = *ended;
    out.push_back(w);
  }
  return out;
}

Result<bool> CaseRepository::IsWorker(Transaction& tx, std::int64_t case_id, std::int64_t user_id, Date on) {
  const std::string day = on.ToString();
  auto rows = tx.Query(kSelectWorker, {case_id, user_id, day, day});
  if (!rows.ok()) return rows.status();
  return !rows->empty();
}

}  // namespace leerrecht::store
