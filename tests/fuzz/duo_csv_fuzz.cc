// libFuzzer target: the DUO CSV reader must never crash, and what it reports must hold together.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "services/duo_csv.h"
#include "services/duo_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace leerrecht::services;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto reader = DuoCsvReader::Open(text, leerrecht::Date::Ymd(2025, 3, 14));
  if (!reader.ok()) return 0;
  DuoImportReport report;
  DuoRecord record;
  DuoRowError error;
  std::uint32_t previous_line = 0;
  while (reader->Next(record, error)) {
    ++report.rows;
    const std::uint32_t line = error.message.empty() ? record.line : error.line;
    // Rows come in file order, each on a later line than the one before.
    if (line <= previous_line || reader->position() > reader->size()) std::abort();
    previous_line = line;
    if (!error.message.empty()) {
      report.rejected_rows.push_back({error.line, error.problem, error.message});
      ++report.rejected;
    } else {
      // A valid row has what the repository needs.
      if (record.notification_number.empty() || !record.bsn || record.brin.size() != 4 || record.name.empty()) {
        std::abort();
      }
      if (record.end_date && *record.end_date < record.start_date) std::abort();
      ++report.imported;
    }
  }
  report.warnings = reader->warnings();
  (void)DuoImportReportToJson(report);
  return 0;
}
