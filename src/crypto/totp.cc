#include "crypto/totp.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstdlib>

#include "crypto/encoding.h"

namespace leerrecht::crypto {

namespace {

constexpr std::string_view kBase32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int Base32Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (IsUnreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

// Six digits after dropping blanks, or "" when the input is anything else.
std::string NormaliseCode(std::string_view code) {
  std::string digits;
  for (char c : code) {
    if (c == ' ') continue;
    if (c < '0' || c > '9' || digits.size() == static_cast<std::size_t>(kTotpDigits)) return "";
    digits.push_back(c);
  }
  return digits.size() == static_cast<std::size_t>(kTotpDigits) ? digits : "";
}

}  // namespace

std::string NewTotpSecret() { return RandomBytes(kTotpSecretBytes); }

std::string Base32Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kBase32Alphabet[(buffer >> (bits - 5)) & 0x1f]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kBase32Alphabet[(buffer << (5 - bits)) & 0x1f]);
  return out;
}

Result<std::string> Base32Decode(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == ' ' || c == '=') continue;
    const int v = Base32Value(c);
    if (v < 0) return Status::InvalidInput("geen geldige base32-tekst");
    buffer = (buffer << 5) | static_cast<std::uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
  }
  // Leftover bits are padding of the last character; a non-zero one means a typo or a cut-off.
  if (bits >= 5 || (buffer & ((1u << bits) - 1)) != 0) return Status::InvalidInput("geen geldige base32-tekst");
  return out;
}

std::int64_t TotpStep(std::chrono::system_clock::time_point t) {
  const std::int64_t seconds = std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
  std::int64_t step = seconds / kTotpStepSeconds;
  if (seconds % kTotpStepSeconds < 0) --step;
  return step;
}

std::string TotpCode(std::string_view secret, std::int64_t step, int digits) {
  if (digits < 1 || digits > 9) std::abort();  // programmer error: 10^digits must fit the 31-bit value
  std::array<unsigned char, 8> counter{};
  auto value = static_cast<std::uint64_t>(step);
  for (int i = 7; i >= 0; --i) {
    counter[static_cast<std::size_t>(i)] = static_cast<unsigned char>(value & 0xff);
    value >>= 8;
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_len = 0;
  if (HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), counter.data(), counter.size(), mac.data(),
           &mac_len) == nullptr ||
      mac_len != 20) {
    std::abort();  // HMAC-SHA-1 over 8 bytes cannot fail short of a broken libcrypto
  }
  // RFC 4226 §5.3 dynamic truncation.
  const std::size_t offset = mac[19] & 0x0f;
  const std::uint32_t binary =
      (static_cast<std::uint32_t>(mac[offset] & 0x7f) << 24) | (static_cast<std::uint32_t>(mac[offset + 1]) << 16) |
      (static_cast<std::uint32_t>(mac[offset + 2]) << 8) | static_cast<std::uint32_t>(mac[offset + 3]);
  std::uint32_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  std::string code = std::to_string(binary % modulus);
  return std::string(static_cast<std::size_t>(digits) - code.size(), '0') + code;
}

std::string TotpUri(std::string_view account, std::string_view secret) {
  return std::string("otpauth://totp/") + kTotpIssuer + ":" + PercentEncode(account) +
         "?secret=" + Base32Encode(secret) + "&issuer=" + kTotpIssuer;
}

std::optional<std::int64_t> VerifyTotp(std::string_view secret, std::string_view code,
                                       std::chrono::system_clock::time_point now,
                                       std::optional<std::int64_t> last_accepted_step) {
  const std::string typed = NormaliseCode(code);
  if (typed.empty()) return std::nullopt;
  const std::int64_t current = TotpStep(now);
  std::optional<std::int64_t> matched;
  // No early exit: how long the check takes must not tell which step (if any) matched.
  for (std::int64_t step = current - 1; step <= current + 1; ++step) {
    const std::string expected = TotpCode(secret, step);
    const bool equal = CRYPTO_memcmp(expected.data(), typed.data(), expected.size()) == 0;
    const bool fresh = !last_accepted_step || step > *last_accepted_step;
    if (equal && fresh && !matched) matched = step;
  }
  return matched;
}

}  // namespace leerrecht::crypto
