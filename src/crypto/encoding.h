// Hex and base64 text encodings of binary data, and cryptographically secure random bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"

namespace leerrecht::crypto {

// Lowercase hex, two characters per byte. Constant-time (sodium_bin2hex), so it is safe to use
// on key material.
std::string HexEncode(std::span<const std::uint8_t> bytes);
std::string HexEncode(std::string_view bytes);
// Accepts upper- or lowercase hex of even length and nothing else (no spaces, no "0x").
// kInvalidInput otherwise; the message never repeats the input, which may be a secret.
Result<std::string> HexDecode(std::string_view hex);

// Standard base64 (RFC 4648 §4, "+/" alphabet) with "=" padding.
std::string Base64Encode(std::string_view bytes);
// Strict: padding required, no whitespace, no non-zero trailing bits. kInvalidInput otherwise.
Result<std::string> Base64Decode(std::string_view base64);

// `n` bytes from the operating system's CSPRNG (randombytes_buf).
std::string RandomBytes(std::size_t n);

// Fills `out` with bytes of the operating system's CSPRNG, fetched in blocks per thread: one
// system call per few kilobytes instead of one per call. For nonces and trace ids, which are
// drawn for every stored field and log entry; keys and tokens use RandomBytes. A forked child
// discards the parent's block, so no nonce is ever handed out twice.
void RandomFill(void* out, std::size_t n);

}  // namespace leerrecht::crypto
