// Quarterly thuiszitter counts per SWV (SPEC C-18, Q-26, Q-47): aggregated, without personal data.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "policy/swv_regions.h"
#include "services/actor.h"
#include "services/data_folder.h"
#include "services/matrix_store.h"

namespace leerrecht::services {

// The three noemers of the covenant (SPEC C-18), in report order.
inline constexpr std::array<std::string_view, 3> kThuiszitterCategories = {"absoluut-verzuim", "langdurig-verzuim",
                                                                          "vrijstelling-5a"};

struct CategoryCounts {
  int on_peildatum = 0;      // thuiszitters on the last day of the quarter
  int up_to_3_months = 0;    // of those, thuiszitter for at most 3 months (Thuiszitterspact norm)
  int over_3_months = 0;     // and for longer
  int new_in_quarter = 0;    // cases opened in the quarter
  int ended_in_quarter = 0;  // cases closed in the quarter
};

struct SwvCounts {
  std::string swv;  // party id, or "" for the youths the region table cannot route
  std::array<CategoryCounts, 3> categories{};  // in kThuiszitterCategories order
  [[nodiscard]] int Total() const;
};

struct QuarterlyReport {
  int year = 0;
  int quarter = 0;
  std::string first_day;  // YYYY-MM-DD
  std::string peildatum;  // last day of the quarter (SPEC Q-26)
  std::string party;      // whose register was counted
  std::vector<SwvCounts> per_swv;  // sorted by SWV; the unrouted group (swv "") last, only when non-empty
};

// Inputs are validated: year 2000..2100, quarter 1..4.
Result<QuarterlyReport> CountQuarter(store::Database& db, std::string_view party, int year, int quarter,
                                     const policy::SwvRegions* regions, std::string_view own_party_role);

// CSV for the Inspectie report: one row per SWV and category, `;`-separated as Dutch Excel reads it.
std::string QuarterlyCsv(const QuarterlyReport& report);

class ReportService {
 public:
  ReportService(DataFolder& folder, const MatrixStore& matrices, const policy::SwvRegions* regions, const Clock& clock)
      : folder_(folder), matrices_(matrices), regions_(regions), clock_(clock) {}

  // The actor's party's register; `export_format` set (csv) needs the right to export reports.
  // Logged as one entry about the report (it reads no identity, only categories, dates and
  // municipalities).
  Result<QuarterlyReport> Quarterly(const Actor& actor, int year, int quarter, bool for_export);

 private:
  DataFolder& folder_;
  const MatrixStore& matrices_;
  const policy::SwvRegions* regions_;
  const Clock& clock_;
};

}  // namespace leerrecht::services
