// A youth's data per data-dictionary field (adres, ouder_naam, school_laatst_bekend, …), encrypted, every access logged.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/clock.h"
#include "store/repositories/youth_repository.h"

namespace leerrecht::store {

class YouthFieldRepository {
 public:
  YouthFieldRepository(const YouthRepository& youths, audit::ProcessingLog& log, const Clock& clock)
      : youths_(youths), log_(log), clock_(clock) {}

  // Sets (or replaces) one field of a youth of ctx.party (kNotFound otherwise); an empty value
  // removes it. Returns whether the stored value changed. Logged as "jongere.wijzigen" with the field.
  // The same value again is a confirmation against the source (the BRP check of SPEC W-26): it
  // renews the field's date, logged as "jongere.bevestigen", and returns false.
  Result<bool> Set(Transaction& tx, const AccessContext& ctx, std::int64_t youth_id, const std::string& field,
                   const std::string& value);
  // The school level of the youth ("po", "vo", … as domain::SchoolTypeId), which routes his
  // record to the responsible SWV (SPEC C-03). Not identifying on its own; logged like a field.
  Status SetSchoolType(Transaction& tx, const AccessContext& ctx, std::int64_t youth_id, std::string_view type);

  // When the field was last recorded or confirmed (YYYY-MM-DDTHH:MM:SSZ); none when it is not
  // stored. The caller has checked the youth is ctx.party's. Not logged: a date, no value.
  Result<std::optional<std::string>> RecordedAt(Transaction& tx, std::int64_t youth_id, const std::string& field);

  // Every stored field of the youth; one log entry naming the fields read, even when none.
  Result<std::map<std::string, std::string>> All(Transaction& tx, const AccessContext& ctx, std::int64_t youth_id);

 private:
  const YouthRepository& youths_;
  audit::ProcessingLog& log_;
  const Clock& clock_;
};

}  // namespace leerrecht::store
