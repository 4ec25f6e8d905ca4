// Dutch postcode ("1234 AB"), normalised so that lists from different systems match.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace leerrecht {

class Postcode {
 public:
  // Accepts "1234AB", "1234 AB" and lower case; the first digit is never 0 and the letter
  // pairs SA, SD and SS are not issued by PostNL.
  static Result<Postcode> Parse(std::string_view text);

  [[nodiscard]] const std::string& normalized() const { return text_; }  // "1234AB"
  [[nodiscard]] std::string Display() const;                               // "1234 AB"

  auto operator<=>(const Postcode&) const = default;

 private:
  explicit Postcode(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

}  // namespace leerrecht
