#include "core/csv_cell.h"

namespace leerrecht {

void AppendCsvCell(std::string& out, std::string_view value, char separator) {
  const bool formula = !value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' ||
                                          value[0] == '@' || value[0] == '\t' || value[0] == '\r');
  bool quote = formula;
  for (std::size_t i = 0; i < value.size() && !quote; ++i) {
    const char c = value[i];
    quote = c == '"' || c == '\n' || c == '\r' || c == separator;
  }
  if (!quote) {
    out += value;
    return;
  }
  out.push_back('"');
  if (formula) out.push_back('\'');
  for (const char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

}  // namespace leerrecht
