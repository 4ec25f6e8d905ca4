// A party's own thuiszitter register on a day, as the rows a covenant list or a comparison needs (SPEC C-16, C-17, C-46).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "audit/processing_log.h"
#include "core/date.h"
#include "crypto/key_ring.h"
#include "store/database.h"
#include "store/repositories/youth_repository.h"

namespace leerrecht::store {

// One open thuiszitter case (absoluut verzuim, langdurig verzuim, vrijstelling 5a) with what a
// list row carries. Municipality and school type are there for routing to the SWV (SPEC C-03).
struct RegisterEntry {
  std::int64_t case_id = 0;
  std::int64_t youth_id = 0;
  std::string bsn;         // 9 digits
  std::string category;    // "langdurig-verzuim", ...
  std::string start_date;  // the case's opened_on, YYYY-MM-DD
  std::string school;      // the youth's school_laatst_bekend, "" when none recorded
  std::string municipality;
  std::string school_type;  // "" when not recorded
  std::string mas_phase;    // the case's phase (DESIGN.md §6), for the disclosure decision of a list
  bool duo_melding = false;  // the case rests on a DUO melding (Regime A makes it police data, SPEC R-02)
};

// Only the party's own cases: received copies are never part of a register (SPEC C-46).
class ThuiszitterRegisterRepository {
 public:
  ThuiszitterRegisterRepository(const crypto::KeyRing& keys, const YouthRepository& youths, audit::ProcessingLog& log)
      : keys_(keys), youths_(youths), log_(log) {}

  // The cases of ctx.party open on `on` (opened on or before it, not closed by it: the same rule
  // as the quarterly counts), by case id. One log entry per case, activity `activity`, fields bsn,
  // verzuim_soort, verzuim_startdatum and school_laatst_bekend.
  Result<std::vector<RegisterEntry>> OpenOn(Transaction& tx, const AccessContext& ctx, Date on,
                                            std::string_view activity);

 private:
  const crypto::KeyRing& keys_;
  const YouthRepository& youths_;
  audit::ProcessingLog& log_;
};

}  // namespace leerrecht::store
