#include "crypto/password.h"

#include <cstdint>

#include <sodium.h>

#include "crypto/sodium_support.h"

namespace leerrecht::crypto {
namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$";

// crypto_pwhash_str_* read a NUL-terminated string of at most crypto_pwhash_STRBYTES bytes.
bool CopyStoredHash(std::string_view stored_hash, char (&out)[crypto_pwhash_STRBYTES]) {
  if (stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (stored_hash.find('\0') != std::string_view::npos) return false;
  stored_hash.copy(out, stored_hash.size());
  out[stored_hash.size()] = '\0';
  return true;
}

}  // namespace

PasswordCost PasswordCost::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  EnsureSodium();
  if (password.size() > crypto_pwhash_PASSWD_MAX) return Status::InvalidInput("wachtwoord te lang");
  char out[crypto_pwhash_STRBYTES] = {};
  if (crypto_pwhash_str_alg(out, AsChars(password), password.size(), cost.ops_limit, cost.mem_limit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    // The only runtime failure of crypto_pwhash_str_alg is an allocation failure of its memory.
    return Status(ErrorCode::kUnavailable, "wachtwoord hashen mislukt: onvoldoende geheugen");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view stored_hash, std::string_view password) {
  EnsureSodium();
  char stored[crypto_pwhash_STRBYTES];
  if (!CopyStoredHash(stored_hash, stored)) return false;
  return crypto_pwhash_str_verify(stored, AsChars(password), password.size()) == 0;
}

bool PasswordNeedsRehash(std::string_view stored_hash, PasswordCost cost) {
  EnsureSodium();
  // crypto_pwhash_str_needs_rehash also accepts Argon2i strings with matching parameters; we want
  // every stored hash on Argon2id.
  if (!stored_hash.starts_with(kArgon2idPrefix)) return true;
  char stored[crypto_pwhash_STRBYTES];
  if (!CopyStoredHash(stored_hash, stored)) return true;
  return crypto_pwhash_str_needs_rehash(stored, cost.ops_limit, cost.mem_limit) != 0;
}

std::string GenerateOneTimePassword() {
  EnsureSodium();
  constexpr std::size_t kGroups = 4;
  constexpr std::size_t kGroupLength = 5;
  std::string password;
  password.reserve(kGroups * (kGroupLength + 1));
  for (std::size_t group = 0; group < kGroups; ++group) {
    if (group > 0) password.push_back('-');
    for (std::size_t i = 0; i < kGroupLength; ++i) {
      // randombytes_uniform is unbiased for any upper bound (rejection sampling), unlike `% 31`.
      password.push_back(
          kOneTimePasswordAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kOneTimePasswordAlphabet.size()))]);
    }
  }
  return password;
}

}  // namespace leerrecht::crypto
