// The data folder's master key file and every key derived from it: encryption, blind index, pseudonyms, signing.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace leerrecht::crypto {

namespace internal {
// The key ring's secrets, defined in key_ring.cc and kept in sodium_malloc memory.
struct KeyRingSecrets;
struct KeyRingSecretsDeleter {
  void operator()(KeyRingSecrets* secrets) const;
};
using KeyRingSecretsPtr = std::unique_ptr<KeyRingSecrets, KeyRingSecretsDeleter>;
}  // namespace internal

// Environment variable that overrides the key file location (DESIGN.md §8).
inline constexpr const char* kKeyFileEnv = "LEERRECHT_KEY_FILE";

// Holds the 32-byte master key and the subkeys derived from it (crypto_kdf, context "LRECHT01").
// The format of the key file and the derivation are a contract: docs/formats/key-file.md.
// Changing a subkey id or a domain string makes every existing database unreadable.
//
// The secrets live in libsodium's guarded memory (sodium_malloc: locked out of swap, excluded
// from core dumps, wiped on free). All methods are const and safe to call from many threads.
// A moved-from KeyRing may only be destroyed or assigned to.
class KeyRing {
 public:
  static constexpr std::size_t kMasterKeyBytes = 32;
  static constexpr std::size_t kSignatureBytes = 64;
  static constexpr std::size_t kPublicKeyBytes = 32;
  // 0x01 || 24-byte nonce || ciphertext || 16-byte tag.
  static constexpr std::size_t kSealedOverheadBytes = 1 + 24 + 16;

  // Creates a new random 32-byte master key and writes it to `path` with mode 0600, exclusively
  // (O_CREAT|O_EXCL): an existing file is never overwritten -> kConflict "sleutelbestand bestaat
  // al: PATH". The file and its directory are fsynced so a power cut cannot lose the key; on any
  // failure the partly written file is removed again.
  static Result<KeyRing> Create(const std::string& path);
  // Loads and checks the file: exact format, a regular file, mode without any group/other bits
  // (kRefused "sleutelbestand PATH is leesbaar voor anderen (chmod 600)"), kNotFound when missing,
  // kInvalidInput when malformed. Messages name the path, never the key.
  static Result<KeyRing> Load(const std::string& path);
  // For tests: a key ring from a given 32-byte master key, no file. Any other size is a
  // programmer error and aborts.
  static KeyRing FromMasterKey(std::string_view master32);
  // The key file path for a data folder: $LEERRECHT_KEY_FILE if set and non-empty, else
  // DIR/leerrecht.key.
  static std::string PathFor(const std::string& data_dir);

  KeyRing(KeyRing&&) noexcept;
  KeyRing& operator=(KeyRing&&) noexcept;
  KeyRing(const KeyRing&) = delete;
  KeyRing& operator=(const KeyRing&) = delete;
  ~KeyRing();

  // Short public fingerprint of the master key (16 lowercase hex chars), stored in the database
  // so opening it with the wrong key is detected before anything is read. Reveals nothing
  // about the key: it is a keyed hash under a subkey of its own.
  std::string KeyId() const;

  // XChaCha20-Poly1305-IETF with a random 24-byte nonce (random nonces are safe at this size, so
  // no counter has to survive restarts). Output, binary: 0x01 || nonce || ciphertext+tag.
  // `associated_data` binds the ciphertext to its place (e.g. "youths.bsn:42") so it cannot be
  // moved to another row or column.
  std::string Encrypt(std::string_view plaintext, std::string_view associated_data) const;
  // kInvalidInput "ontsleutelen mislukt" on any tampering, wrong key, wrong associated data,
  // unknown version or truncation; the cases are deliberately indistinguishable.
  Result<std::string> Decrypt(std::string_view sealed, std::string_view associated_data) const;

  // Keyed blind index for equality lookups of a BSN (context "bsn-index") and other exact-match
  // secrets: 16 bytes of BLAKE2b keyed with the blind-index subkey over the length-prefixed
  // context and the value, as 32 lowercase hex chars. Deterministic for a given key, context and
  // value; the caller normalises the value first (a Bsn's 9 digits).
  std::string BlindIndex(std::string_view context, std::string_view value) const;
  // Keyed pseudonym of a data subject for the processing log (DESIGN.md §7): never the BSN
  // itself. Its own subkey, so it never equals a BlindIndex; 32 lowercase hex chars.
  std::string SubjectPseudonym(std::string_view subject_key) const;

  // Ed25519 signature of log checkpoints with a keypair derived deterministically from the master
  // key (the same key file always gives the same public key).
  std::string Sign(std::string_view message) const;  // 64-byte detached signature (binary)
  std::string PublicKey() const;                     // 32 bytes binary
  // False for a wrong signature, and for a key or signature of the wrong size.
  static bool VerifySignature(std::string_view public_key, std::string_view message, std::string_view signature);

 private:
  explicit KeyRing(internal::KeyRingSecretsPtr secrets);

  internal::KeyRingSecretsPtr secrets_;
};

}  // namespace leerrecht::crypto
