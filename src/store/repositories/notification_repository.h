// DUO absence notifications (verzuimmeldingen) of a party's youths: idempotent import, explanation encrypted, every
// access logged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/processing_log.h"
#include "core/clock.h"
#include "core/date.h"
#include "crypto/key_ring.h"
#include "store/database.h"
#include "store/repositories/youth_repository.h"

namespace leerrecht::store {

struct AbsenceNotification {
  std::int64_t id = 0;
  std::string notification_number;  // DUO's meldingnummer: with the party, the natural key
  std::int64_t youth_id = 0;
  std::string brin;
  std::string location;  // BRIN vestiging, "" when none
  std::string kind;      // verzuim_soort, as DUO reports it
  Date start_date;
  std::optional<Date> end_date;
  std::optional<double> hours;
  std::optional<std::string> suspected_reason;  // verzuim_reden in general terms (a code, not free text)
  std::string explanation;                      // the school's free text; stored encrypted, "" when none
  Date reported_on;
  std::string imported_at;  // set by the repository

  // Equal content: everything DUO sent, ignoring the id and the moment of import.
  [[nodiscard]] bool SameContent(const AbsenceNotification& other) const;
};

struct ImportOutcome {
  std::int64_t id = 0;
  bool inserted = false;  // false: the same notification was already there
};

class NotificationRepository {
 public:
  NotificationRepository(const crypto::KeyRing& keys, const YouthRepository& youths, audit::ProcessingLog& log,
                         const Clock& clock)
      : keys_(keys), youths_(youths), log_(log), clock_(clock) {}

  // Inserts a notification for a youth of ctx.party (kNotFound otherwise). DUO files overlap and
  // are re-sent, so importing a number again is idempotent: the same content returns the
  // existing id with inserted = false and logs nothing; other content under the same number is
  // kConflict (a correction is a decision for a person, not for an import).
  Result<ImportOutcome> Import(Transaction& tx, const AccessContext& ctx, const AbsenceNotification& notification);
  // kNotFound when not in ctx.party.
  Result<AbsenceNotification> Get(Transaction& tx, const AccessContext& ctx, std::int64_t id);
  // The youth's notifications, oldest start first; one log entry for the youth, even when empty
  // (looking is itself a processing).
  Result<std::vector<AbsenceNotification>> ListForYouth(Transaction& tx, const AccessContext& ctx,
                                                        std::int64_t youth_id);

 private:
  Result<AbsenceNotification> Decode(const Row& row, const AccessContext& ctx);
  Status Log(Transaction& tx, const AccessContext& ctx, std::string activity, std::int64_t youth_id);

  const crypto::KeyRing& keys_;
  const YouthRepository& youths_;
  audit::ProcessingLog& log_;
  const Clock& clock_;
};

}  // namespace leerrecht::store
