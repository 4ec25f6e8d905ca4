#include "core/postcode.h"

namespace leerrecht {

Result<Postcode> Postcode::Parse(std::string_view text) {
  std::string compact;
  for (char c : text) {
    if (c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    compact.push_back(c);
  }
  auto bad = [] { return Status::InvalidInput("ongeldige postcode (verwacht 1234 AB)"); };
  if (compact.size() != 6) return bad();
  for (int i = 0; i < 4; ++i) {
    if (compact[i] < '0' || compact[i] > '9') return bad();
  }
  if (compact[0] == '0') return bad();
  for (int i = 4; i < 6; ++i) {
    if (compact[i] < 'A' || compact[i] > 'Z') return bad();
  }
  const std::string_view letters(compact.data() + 4, 2);
  if (letters == "SA" || letters == "SD" || letters == "SS") return bad();
  return Postcode(std::move(compact));
}

std::string Postcode::Display() const { return text_.substr(0, 4) + " " + text_.substr(4); }

}  // namespace leerrecht
