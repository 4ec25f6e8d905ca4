// Reconciling two CSV lists of thuiszitters by BSN (DESIGN.md §12, SPEC C-17, C-26; docs/commands/compare.md).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace leerrecht::services {

enum class CompareSide { kLeft, kRight };

// "left" / "right", as in the report.
std::string_view CompareSideId(CompareSide side);

// One list as the caller holds it: the file's bytes and the name its errors carry.
struct CompareInput {
  std::string_view text;
  std::string name;
};

// How a list was written; the CSV report copies the left list's so that the program that
// wrote it opens the report the same way.
struct CsvDialect {
  char separator = ',';
  bool bom = false;
  bool crlf = false;
};

// BSNs are held as their 9-digit number (< 10^9, so a 32-bit key) and printed with FormatBsn.
struct CompareReport {
  struct CategoryMismatch {
    std::uint32_t bsn = 0;
    std::string left;
    std::string right;
  };
  struct FieldDifference {
    std::uint32_t bsn = 0;
    std::string field;
    std::string left;
    std::string right;
    std::optional<std::int32_t> days;  // right minus left, when both values are dates
  };
  struct InvalidRow {
    CompareSide side = CompareSide::kLeft;
    std::uint32_t line = 0;
    std::string error;
  };
  struct Duplicate {
    CompareSide side = CompareSide::kLeft;
    std::uint32_t bsn = 0;
    std::vector<std::uint32_t> lines;
  };
  // An explanation for an entry of only_left (side kLeft) or only_right (side kRight).
  struct Note {
    CompareSide side = CompareSide::kLeft;
    std::uint32_t bsn = 0;
    std::string_view note;  // fixed text with static storage
  };

  std::uint64_t left_rows = 0;   // data rows, invalid ones and duplicates included
  std::uint64_t right_rows = 0;
  std::vector<std::uint32_t> matched;     // ascending
  std::vector<std::uint32_t> only_left;   // ascending
  std::vector<std::uint32_t> only_right;  // ascending
  std::vector<CategoryMismatch> category_mismatch;  // by BSN
  std::vector<FieldDifference> field_differences;   // by BSN, then field
  std::vector<InvalidRow> invalid;                  // left before right, then line
  std::vector<Duplicate> duplicates;                // left before right, then BSN
  std::vector<Note> notes;                          // left before right, then BSN
  CsvDialect left_dialect;
};

struct CompareOptions {
  // Parse the two lists in two threads, and compare matched rows in two.
  bool parallel = true;
  // When set, advanced by the number of input bytes parsed (for a progress bar).
  std::atomic<std::uint64_t>* bytes_done = nullptr;
};

// A list larger than this is refused: offsets into it are 31-bit.
inline constexpr std::size_t kMaxCompareListBytes = (std::size_t{1} << 31) - 1;

// Reads both lists and reconciles them. Row problems end up in the report; a list that cannot
// be used at all (empty, no bsn column, UTF-16, ...) is an InvalidInput error whose one-line
// message starts with the list's name. No message ever contains a BSN.
Result<CompareReport> CompareLists(const CompareInput& left, const CompareInput& right,
                                   const CompareOptions& options = {});

// The 9 digits, leading zeros included.
std::string FormatBsn(std::uint32_t bsn);

// Receives a report in pieces of about a megabyte, in order.
using ReportSink = std::function<void(std::string_view)>;

// The contract document of DESIGN.md §12 plus `notes` and `counts`.
void WriteCompareReportJson(const CompareReport& report, const ReportSink& sink);
std::string CompareReportToJson(const CompareReport& report);
// One row per finding: group,bsn,field,left,right,note — in the left list's dialect.
void WriteCompareReportCsv(const CompareReport& report, const ReportSink& sink);
std::string CompareReportToCsv(const CompareReport& report);

// Exposed for tests: a date as lists write it (2025-01-06, 6-1-2025, 06/01/2025, 06.01.2025),
// as days since 1970-01-01.
std::optional<std::int32_t> ParseListDate(std::string_view text);
// Exposed for tests: the DESIGN.md §4 id ("langdurig-verzuim") for the ways lists write a
// category, or a canonical spelling (lower case, without spaces, '-' and '_') of any other value.
std::string CanonicalCategory(std::string_view text);

}  // namespace leerrecht::services
