// Password hashes for local accounts (Argon2id) and generated one-time passwords.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace leerrecht::crypto {

// Argon2id work factors. The default is libsodium's "interactive" level (2 passes, 64 MiB):
// about 0.1 s per login on the target machine, which is what a web login can afford.
struct PasswordCost {
  unsigned long long ops_limit;
  std::size_t mem_limit;

  static PasswordCost Interactive();
};

// The self-describing crypto_pwhash string ("$argon2id$v=19$m=65536,t=2,p=1$salt$hash") with a
// fresh random salt. kUnavailable when the memory for Argon2 cannot be allocated.
Result<std::string> HashPassword(std::string_view password, PasswordCost cost = PasswordCost::Interactive());
// True only when `stored_hash` is a valid crypto_pwhash string and `password` matches it.
bool VerifyPassword(std::string_view stored_hash, std::string_view password);
// True when `stored_hash` was made with other parameters or another algorithm than Argon2id at
// `cost` (or is not a valid hash at all): re-hash the password after the next successful login.
bool PasswordNeedsRehash(std::string_view stored_hash, PasswordCost cost = PasswordCost::Interactive());

// Alphabet of one-time passwords: digits and lowercase letters without 0, 1, i, l and o, so a
// password read aloud, printed or typed from paper cannot be mistaken (no 0/O, 1/l/I); lowercase
// only because they are typed by hand. 31 symbols, 20 characters: 99 bits.
inline constexpr std::string_view kOneTimePasswordAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";

// 20 random characters of kOneTimePasswordAlphabet in four groups: "xxxxx-xxxxx-xxxxx-xxxxx".
std::string GenerateOneTimePassword();

}  // namespace leerrecht::crypto
