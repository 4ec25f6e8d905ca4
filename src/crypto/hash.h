// BLAKE2b-256, one-shot and incremental: the hash of the processing log's chain (DESIGN.md §7).
#pragma once

#include <sodium/crypto_generichash.h>

#include <array>
#include <cstdint>
#include <string_view>

namespace leerrecht::crypto {

using Hash32 = std::array<std::uint8_t, 32>;

// Unkeyed BLAKE2b with a 32-byte digest (crypto_generichash), i.e. the RFC 7693 BLAKE2b-256.
Hash32 Blake2b256(std::string_view data);

// Incremental BLAKE2b-256, for hashing a record from its parts (previous hash, canonical fields)
// without first concatenating them. The state lives inside the object, so hashing a log entry
// allocates nothing: chain verification must reach a million entries per second.
class Blake2bHasher {
 public:
  Blake2bHasher();

  void Update(std::string_view data);
  // Returns the digest of everything passed to Update since construction or the previous Final,
  // and starts over, so one hasher can be reused for entry after entry.
  Hash32 Final();

 private:
  crypto_generichash_state state_;
};

}  // namespace leerrecht::crypto
