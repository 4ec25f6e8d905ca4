#include "crypto/encoding.h"

#include <pthread.h>
#include <sodium.h>

#include <atomic>
#include <cstring>

#include "crypto/sodium_support.h"

namespace leerrecht::crypto {

std::string HexEncode(std::span<const std::uint8_t> bytes) {
  EnsureSodium();
  if (bytes.empty()) return {};
  std::string hex(bytes.size() * 2 + 1, '\0');  // sodium_bin2hex writes a terminating NUL
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  hex.resize(bytes.size() * 2);
  return hex;
}

std::string HexEncode(std::string_view bytes) {
  return HexEncode(std::span<const std::uint8_t>(AsBytes(bytes), bytes.size()));
}

Result<std::string> HexDecode(std::string_view hex) {
  EnsureSodium();
  if (hex.size() % 2 != 0) return Status::InvalidInput("ongeldige hex: oneven aantal tekens");
  std::string bytes(hex.size() / 2, '\0');
  std::size_t length = 0;
  // No `ignore` set and no end pointer: libsodium then fails unless every character was consumed.
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), AsChars(hex), hex.size(), nullptr,
                     &length, nullptr) != 0 ||
      length != bytes.size()) {
    sodium_memzero(bytes.data(), bytes.size());
    return Status::InvalidInput("ongeldige hex");
  }
  return bytes;
}

std::string Base64Encode(std::string_view bytes) {
  EnsureSodium();
  constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
  // The encoded length libsodium reports includes the terminating NUL.
  std::string text(sodium_base64_encoded_len(bytes.size(), kVariant), '\0');
  sodium_bin2base64(text.data(), text.size(), AsBytes(bytes), bytes.size(), kVariant);
  text.resize(text.size() - 1);
  return text;
}

Result<std::string> Base64Decode(std::string_view base64) {
  EnsureSodium();
  std::string bytes(base64.size() / 4 * 3 + 3, '\0');  // upper bound; +3 keeps data() valid for ""
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), AsChars(base64), base64.size(),
                        nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    sodium_memzero(bytes.data(), bytes.size());
    return Status::InvalidInput("ongeldige base64");
  }
  bytes.resize(length);
  return bytes;
}

namespace {

std::atomic<std::uint64_t> g_fork_generation{0};

void OnFork() { g_fork_generation.fetch_add(1, std::memory_order_relaxed); }

struct RandomBlock {
  static constexpr std::size_t kSize = 4096;
  unsigned char bytes[kSize];
  std::size_t used = kSize;
  std::uint64_t generation = 0;
  ~RandomBlock() { sodium_memzero(bytes, sizeof bytes); }
};

}  // namespace

void RandomFill(void* out, std::size_t n) {
  static const bool registered = [] {
    EnsureSodium();
    return pthread_atfork(nullptr, nullptr, OnFork) == 0;
  }();
  thread_local RandomBlock block;
  auto* dest = static_cast<unsigned char*>(out);
  if (!registered || n > RandomBlock::kSize / 4) {
    randombytes_buf(dest, n);
    return;
  }
  const std::uint64_t generation = g_fork_generation.load(std::memory_order_relaxed);
  if (block.generation != generation || RandomBlock::kSize - block.used < n) {
    randombytes_buf(block.bytes, sizeof block.bytes);
    block.used = 0;
    block.generation = generation;
  }
  std::memcpy(dest, block.bytes + block.used, n);
  // Handed-out bytes are wiped, so the block never holds a nonce or id already in use.
  sodium_memzero(block.bytes + block.used, n);
  block.used += n;
}

std::string RandomBytes(std::size_t n) {
  EnsureSodium();
  std::string bytes(n, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  return bytes;
}

}  // namespace leerrecht::crypto
