// One CSV cell written safely for a spreadsheet: quoted when needed, never run as a formula.
#pragma once

#include <string>
#include <string_view>

namespace leerrecht {

// Appends `value` as one cell. A value holding the separator, a quote or a line break is quoted
// (quotes doubled). A value starting with = + - @ or a tab/CR is a formula to a spreadsheet
// (CSV injection): it is quoted and prefixed with ', so a value from another party or a free
// text never runs as one.
void AppendCsvCell(std::string& out, std::string_view value, char separator);

}  // namespace leerrecht
