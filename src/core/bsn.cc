#include "core/bsn.h"

namespace leerrecht {

bool Bsn::PassesElfproef(std::string_view digits) {
  if (digits.size() != 9) return false;
  int sum = 0;
  bool all_zero = true;
  for (std::size_t i = 0; i < 9; ++i) {
    const char c = digits[i];
    if (c < '0' || c > '9') return false;
    const int d = c - '0';
    if (d != 0) all_zero = false;
    sum += (i < 8) ? d * static_cast<int>(9 - i) : -d;
  }
  // 000000000 satisfies the arithmetic but is never issued.
  return !all_zero && sum % 11 == 0;
}

Result<Bsn> Bsn::Parse(std::string_view text) {
  std::string digits(text);
  if (digits.size() == 8) digits.insert(digits.begin(), '0');
  if (digits.size() != 9) return Status::InvalidInput("BSN ongeldig (moet 9 cijfers hebben)");
  for (char c : digits) {
    if (c < '0' || c > '9') return Status::InvalidInput("BSN ongeldig (alleen cijfers toegestaan)");
  }
  if (!PassesElfproef(digits)) return Status::InvalidInput("BSN ongeldig (elfproef)");
  return Bsn(std::move(digits));
}

std::string Bsn::Masked() const { return "******" + digits_.substr(6); }

}  // namespace leerrecht
