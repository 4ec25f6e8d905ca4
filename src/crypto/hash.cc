#include "crypto/hash.h"

#include <sodium.h>

#include "crypto/sodium_support.h"

namespace leerrecht::crypto {

static_assert(std::tuple_size_v<Hash32> == crypto_generichash_BYTES);

Hash32 Blake2b256(std::string_view data) {
  EnsureSodium();
  Hash32 digest;
  crypto_generichash(digest.data(), digest.size(), AsBytes(data), data.size(), nullptr, 0);
  return digest;
}

Blake2bHasher::Blake2bHasher() {
  EnsureSodium();
  crypto_generichash_init(&state_, nullptr, 0, std::tuple_size_v<Hash32>);
}

void Blake2bHasher::Update(std::string_view data) { crypto_generichash_update(&state_, AsBytes(data), data.size()); }

Hash32 Blake2bHasher::Final() {
  Hash32 digest;
  crypto_generichash_final(&state_, digest.data(), digest.size());
  // libsodium refuses a second final on the same state; re-initialising makes the hasher reusable.
  crypto_generichash_init(&state_, nullptr, 0, std::tuple_size_v<Hash32>);
  return digest;
}

}  // namespace leerrecht::crypto
