// libFuzzer target: the list reader of `leerrecht compare` must never crash, must account for
// every row, and must always render valid JSON (the bytes are untrusted lists from another party).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "services/compare.h"

namespace {

// Each data row of a list ends up exactly once: as a distinct BSN, as an extra duplicate row,
// or as an invalid row.
void CheckAccounting(const leerrecht::services::CompareReport& report) {
  using leerrecht::services::CompareSide;
  std::uint64_t rows[2] = {0, 0};
  rows[0] = report.matched.size() + report.only_left.size();
  rows[1] = report.matched.size() + report.only_right.size();
  for (const auto& d : report.duplicates) rows[d.side == CompareSide::kLeft ? 0 : 1] += d.lines.size() - 1;
  for (const auto& r : report.invalid) rows[r.side == CompareSide::kLeft ? 0 : 1] += 1;
  if (rows[0] != report.left_rows || rows[1] != report.right_rows) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The first NUL splits the input into the two lists; without one, the input is compared with
  // itself cut in half, so single CSV seeds exercise both sides.
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = text.find('\0');
  const std::size_t split = nul != std::string_view::npos ? nul : size / 2;
  const std::string_view left = text.substr(0, split);
  const std::string_view right = nul != std::string_view::npos ? text.substr(nul + 1) : text.substr(split);
  leerrecht::services::CompareOptions options;
  options.parallel = false;
  for (const auto& [a, b] : {std::pair{left, right}, std::pair{text, text}}) {
    auto report = leerrecht::services::CompareLists({a, "links.csv"}, {b, "rechts.csv"}, options);
    if (!report.ok()) continue;
    CheckAccounting(*report);
    // The report must be valid JSON whatever the bytes, UTF-8 included.
    if (!nlohmann::json::accept(leerrecht::services::CompareReportToJson(*report))) std::abort();
    (void)leerrecht::services::CompareReportToCsv(*report);
  }
  return 0;
}
