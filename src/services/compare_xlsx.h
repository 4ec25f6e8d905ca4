// The Excel workbook of `leerrecht compare --format xlsx`: one sheet per group of the report.
#pragma once

#include <string>

#include "core/status.h"
#include "services/compare.h"

namespace leerrecht::services {

// Writes the workbook to `path` (docs/commands/compare.md lists the sheets). BSNs are text cells
// so that leading zeros survive; a group longer than a sheet continues on "Naam (2)", ...
Status WriteCompareXlsx(const CompareReport& report, const std::string& path);

}  // namespace leerrecht::services
