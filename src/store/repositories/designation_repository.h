// Designations (aanwijzingen) of users or roles under an agreement, with 12-month reconfirmation (SPEC W-09, W-10,
//
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/processing_log.h"
#include "core/date.h"
#include "crypto/key_ring.h"
#include "store/database.h"
#include "store/repositories/youth_repository.h"

namespace leerrecht::store {

enum class DesignationState {
  kActive,         // designated or reconfirmed within the last 12 months, not ended
  kExpired,        // SPEC W-10: older than 12 months without reconfirmation ("aanwijzing verlopen")
  kNotDesignated,  // none, not yet in effect, ended, or the user left (deactivated)
};
std::string_view DesignationStateName(DesignationState state);  // "actief" | "verlopen" | "niet-aangewezen"

struct Designation {
  std::int64_t id = 0;
  std::string agreement_id;
  std::string party;                    // the party whose staff is designated; set from ctx.party
  std::optional<std::int64_t> user_id;  // a named user, or
  std::optional<std::string> role;      // every user of the party with this role (DESIGN.md §5)
  std::string designated_by;            // the designating manager (SPEC W-10: "door hun leiding")
  Date designated_on;
  std::optional<Date> reconfirmed_on;  // the latest reconfirmation
  std::optional<Date> ended_on;        // not in effect from this day on

  // The state on `on` from the dates alone (the user's activity is checked by the repository).
  // Only the latest reconfirmation is stored, so for a day before it the designation date is
  // the last confirmation known.
  [[nodiscard]] DesignationState StateOn(Date on) const;
  // The last day the designation holds without a new reconfirmation, as known on `on`.
  [[nodiscard]] Date ReconfirmBy(Date on) const;
};

// Person designations are data about a medewerker: their writes and reads are logged with
// subject_type "medewerker" and field "aanwijzing". Role designations name no one and are not.
class DesignationRepository {
 public:
  DesignationRepository(const crypto::KeyRing& keys, audit::ProcessingLog& log) : keys_(keys), log_(log) {}

  // Designates staff of ctx.party (each party designates its own: SPEC W-10). Exactly one of
  // user_id and role; the user must be an active user of ctx.party (kNotFound / kInvalidInput).
  Result<std::int64_t> Record(Transaction& tx, const AccessContext& ctx, const Designation& designation);
  // Starts a new 12-month period on `on`. kConflict for an ended designation; kInvalidInput for
  // a date before the designation or before the previous reconfirmation.
  Status Reconfirm(Transaction& tx, const AccessContext& ctx, std::int64_t id, Date on);
  // kConflict when already ended; kInvalidInput for a date before the designation.
  Status End(Transaction& tx, const AccessContext& ctx, std::int64_t id, Date on);
  Result<Designation> Get(Transaction& tx, const AccessContext& ctx, std::int64_t id);
  Result<std::vector<Designation>> ListForAgreement(Transaction& tx, const AccessContext& ctx,
                                                    std::string_view agreement_id);

  // Whether `party`'s user `user_id` (or, when no user is given, anyone with `role`) is
  // designated under `agreement_id` on `on`: by a person designation of an active user, or by a
  // designation of `role` that the user (when given) holds. Across parties on purpose: the
  // sender checks the recipient's designation. An empty role matches no role designation.
  // Not logged: it answers yes or no, and the disclosure decision that asks is logged.
  Result<DesignationState> StateOf(Transaction& tx, std::string_view agreement_id, std::string_view party,
                                   std::optional<std::int64_t> user_id, std::string_view role, Date on);
  Result<bool> IsDesignated(Transaction& tx, std::string_view agreement_id, std::string_view party,
                            std::optional<std::int64_t> user_id, std::string_view role, Date on);

 private:
  Result<Designation> Load(Transaction& tx, const AccessContext& ctx, std::int64_t id);
  Status LogPerson(Transaction& tx, const AccessContext& ctx, const Designation& d, std::string activity);

  const crypto::KeyRing& keys_;
  audit::ProcessingLog& log_;
};

}  // namespace leerrecht::store
