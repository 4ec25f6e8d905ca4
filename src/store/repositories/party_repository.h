// Parties (tenants) and the Wpg regime each leerplicht party must choose (SPEC R-01); not personal data.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/date.h"
#include "store/database.h"

namespace leerrecht::store {

// Regime ids as in decision requests (DESIGN.md §6); services map them to policy::WpgRegime.
inline constexpr std::string_view kRegimeVanafMelding = "vanaf-melding";        // Regime A
inline constexpr std::string_view kRegimeVanafHandhaving = "vanaf-handhaving";  // Regime B

// Party roles as in agreement files (DESIGN.md §5).
inline constexpr std::string_view kRoleLeerplicht = "leerplicht";
bool IsKnownPartyRole(std::string_view role);

struct RegimeChoice {
  std::string regime;  // kRegimeVanafMelding | kRegimeVanafHandhaving
  Date since;          // effective date
  bool operator==(const RegimeChoice&) const = default;
};

struct Party {
  std::string id;  // slug, as in agreement files
  std::string name;
  std::string role;  // leerplicht | swv | school | ...
  std::optional<RegimeChoice> regime;
  std::string created_at;
};

// Parties hold no personal data, so nothing here writes to the processing log.
class PartyRepository {
 public:
  explicit PartyRepository(const Clock& clock) : clock_(clock) {}

  // kInvalidInput for a malformed id or an unknown role; kConflict when the id is taken.
  Status Create(Transaction& tx, std::string_view id, std::string_view name, std::string_view role);
  Result<Party> Get(Transaction& tx, std::string_view id);  // kNotFound when unknown
  Result<std::vector<Party>> List(Transaction& tx);         // ordered by id

  // Records the controller's choice (SPEC R-01). Only a leerplicht party chooses (kInvalidInput
  // otherwise). Repeating the same choice is a no-op; a different one is kConflict, because a
  // regime change is a governed decision with the FG's advice and no silent re-tagging.
  Status SetRegime(Transaction& tx, std::string_view party, std::string_view regime, Date since);
  // The chosen regime, or nullopt when none was chosen yet; kNotFound for an unknown party.
  Result<std::optional<RegimeChoice>> RegimeOf(Transaction& tx, std::string_view party);

  // SPEC R-01 gate for case registration on `on`: a leerplicht party needs a regime in force on
  // that date (kRefused "kies Wpg-regime" otherwise). Other parties have no regime to choose.
  Status CheckCaseRegistration(Transaction& tx, std::string_view party, Date on);

 private:
  const Clock& clock_;
};

}  // namespace leerrecht::store
