// Cases (zaken) of one party with their MAS phase and AVG/WPG regime tag; every access logged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/repositories/youth_repository.h"

namespace leerrecht::store {

struct CaseRecord {
  std::int64_t id = 0;
  std::int64_t youth_id = 0;
  std::string category;    // DESIGN.md §4 case category
  std::string mas_phase;   // DESIGN.md §6 phase
  std::string regime_tag;  // "AVG" | "WPG" (SPEC R-10)
  std::optional<std::string> wpg_since;
  std::string opened_on;
};

class CaseRepository {
 public:
  CaseRepository(YouthRepository& youths, audit::ProcessingLog& log) : youths_(youths), log_(log) {}

  // The youth must belong to the caller's party (kNotFound otherwise).
  Result<std::int64_t> Create(Transaction& tx, const AccessContext& ctx, const CaseRecord& record);
  Result<CaseRecord> Get(Transaction& tx, const AccessContext& ctx, std::int64_t id);
  [[nodiscard]] Result<std::int64_t> Count(Transaction& tx, const AccessContext& ctx);

 private:
  YouthRepository& youths_;
  audit::ProcessingLog& log_;
};

}  // namespace leerrecht::store
