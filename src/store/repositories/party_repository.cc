#include "store/repositories/party_repository.h"

#include <array>

#include "core/id.h"
#include "store/repositories/repository_support.h"

namespace leerrecht::store {

namespace {

constexpr std::string_view kInsertParty = "INSERT INTO parties (id, name, role, created_at) VALUES (?, ?, ?, ?)";
constexpr std::string_view kSelectParty =
    "SELECT id, name, role, wpg_regime, wpg_regime_since, created_at FROM parties WHERE id = ?";
constexpr std::string_view kSelectParties =
    "SELECT id, name, role, wpg_regime, wpg_regime_since, created_at FROM parties ORDER BY id";
constexpr std::string_view kUpdateRegime = "UPDATE parties SET wpg_regime = ?, wpg_regime_since = ? WHERE id = ?";

constexpr std::array<std::string_view, 10> kPartyRoles = {"leerplicht", "swv",     "school", "jeugdhulp", "wijkteam",
                                                          "ggd",        "politie", "halt",   "rvdk",      "om"};

Result<Party> Decode(const Row& row) {
  Party p;
  p.id = row.Text(0);
  p.name = row.Text(1);
  p.role = row.Text(2);
  if (!row.IsNull(3)) {
    auto since = Date::Parse(row.Text(4));
    if (!since.ok()) return Status::Internal("Wpg-regime van partij " + p.id + " heeft geen geldige ingangsdatum");
    p.regime = RegimeChoice{row.Text(3), *since};
  }
  p.created_at = row.Text(5);
  return p;
}

}  // namespace

bool IsKnownPartyRole(std::string_view role) {
  for (std::string_view known : kPartyRoles) {
    if (role == known) return true;
  }
  return false;
}

Status PartyRepository::Create(Transaction& tx, std::string_view id, std::string_view name, std::string_view role) {
  if (!IsValidSlug(id)) return Status::InvalidInput("ongeldige partij-id \"" + std::string(id) + "\"");
  if (name.empty()) return Status::InvalidInput("partij " + std::string(id) + " heeft geen naam");
  if (!IsKnownPartyRole(role)) return Status::InvalidInput("onbekende partijrol \"" + std::string(role) + "\"");
  Status s =
      tx.Execute(kInsertParty, {std::string(id), std::string(name), std::string(role), internal::NowUtc(clock_)});
  if (s.code() == ErrorCode::kConflict) return Status::Conflict("partij " + std::string(id) + " bestaat al");
  return s;
}

Result<Party> PartyRepository::Get(Transaction& tx, std::string_view id) {
  auto rows = tx.Query(kSelectParty, {std::string(id)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("partij " + std::string(id) + " niet gevonden");
  return Decode(rows->front());
}

Result<std::vector<Party>> PartyRepository::List(Transaction& tx) {
  auto rows = tx.Query(kSelectParties);
  if (!rows.ok()) return rows.status();
  std::vector<Party> parties;
  parties.reserve(rows->size());
  for (const Row& row : *rows) {
    auto party = Decode(row);
    if (!party.ok()) return party.status();
    parties.push_back(std::move(*party));
  }
  return parties;
}

Status PartyRepository::SetRegime(Transaction& tx, std::string_view party, std::string_view regime, Date since) {
  if (regime != kRegimeVanafMelding && regime != kRegimeVanafHandhaving) {
    return Status::InvalidInput("onbekend Wpg-regime \"" + std::string(regime) +
                                "\" (vanaf-melding of vanaf-handhaving)");
  }
  auto current = Get(tx, party);
  if (!current.ok()) return current.status();
  if (current->role != kRoleLeerplicht) {
    return Status::InvalidInput("alleen een leerplichtpartij kiest een Wpg-regime; " + current->id + " is " +
                                current->role);
  }
  const RegimeChoice choice{std::string(regime), since};
  if (current->regime) {
    if (*current->regime == choice) return Status::Ok();
    return Status::Conflict("partij " + current->id + " heeft al Wpg-regime " + current->regime->regime + " sinds " +
                            current->regime->since.ToString() +
                            "; een regimewijziging vraagt een besluit met advies van de FG (R-04)");
  }
  return tx.Execute(kUpdateRegime, {choice.regime, since.ToString(), current->id});
}

Result<std::optional<RegimeChoice>> PartyRepository::RegimeOf(Transaction& tx, std::string_view party) {
  auto p = Get(tx, party);
  if (!p.ok()) return p.status();
  return p->regime;
}

Status PartyRepository::CheckCaseRegistration(Transaction& tx, std::string_view party, Date on) {
  auto p = Get(tx, party);
  if (!p.ok()) return p.status();
  if (p->role != kRoleLeerplicht) return Status::Ok();
  if (!p->regime) return Status::Refused("kies Wpg-regime: partij " + p->id + " heeft nog geen Wpg-regime gekozen");
  if (on < p->regime->since) {
    return Status::Refused("kies Wpg-regime: het regime van partij " + p->id + " geldt pas vanaf " +
                           p->regime->since.ToString());
  }
  return Status::Ok();
}

}  // namespace leerrecht::store
