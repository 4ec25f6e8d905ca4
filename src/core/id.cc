#include "core/id.h"

namespace leerrecht {

bool IsValidSlug(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  char previous = '-';
  for (char c : text) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && c != '-') return false;
    if (c == '-' && previous == '-') return false;  // also rejects a leading hyphen
    previous = c;
  }
  return previous != '-';
}

}  // namespace leerrecht
