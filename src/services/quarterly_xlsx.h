// The quarterly thuiszitter counts as an Excel workbook (SPEC C-18, Q-26, Q-47): aggregated, no personal data.
#pragma once

#include <string>

#include "core/status.h"
#include "services/quarterly_report.h"

namespace leerrecht::services {

// Writes the workbook to `path`: a sheet "Kwartaal" with one row per SWV and noemer (the same
// rows and columns as QuarterlyCsv, counts as numbers) and a sheet "Toelichting" with the
// quarter, peildatum, party and what each column means. Nothing below SWV level is written.
Status WriteQuarterlyXlsx(const QuarterlyReport& report, const std::string& path);

// The workbook's bytes, written through a private temporary file (libxlsxwriter 1.1 writes files
// only), which is removed before returning.
Result<std::string> QuarterlyXlsx(const QuarterlyReport& report);

}  // namespace leerrecht::services
