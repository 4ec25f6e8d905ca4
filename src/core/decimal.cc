#include "core/decimal.h"

namespace leerrecht {

std::optional<std::int64_t> ParseDecimal(std::string_view text, std::size_t max_digits) {
  if (max_digits > 18) max_digits = 18;
  if (text.empty() || text.size() > max_digits) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace leerrecht
