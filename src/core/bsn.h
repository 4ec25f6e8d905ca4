// Burgerservicenummer with the elfproef: the validated matching key of every list (SPEC C-26).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace leerrecht {

class Bsn {
 public:
  // Accepts exactly 9 digits, or 8 digits (older numbers, padded with a leading zero), and
  // checks the elfproef. The error message never repeats the number: a BSN must not leak
  // into logs or error output.
  static Result<Bsn> Parse(std::string_view text);
  // True when `digits` (9 digits) passes the elfproef: 9*d1 + 8*d2 + ... + 2*d8 - d9 ≡ 0 (mod 11).
  static bool PassesElfproef(std::string_view digits);

  [[nodiscard]] const std::string& digits() const { return digits_; }
  // Last three digits only ("******333"), for screens where the full number is not needed.
  [[nodiscard]] std::string Masked() const;

  auto operator<=>(const Bsn&) const = default;

 private:
  explicit Bsn(std::string digits) : digits_(std::move(digits)) {}
  std::string digits_;
};

}  // namespace leerrecht
