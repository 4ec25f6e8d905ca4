// Internal glue to libsodium: one-time initialisation and string_view-to-byte-pointer conversion.
#pragma once

#include <string_view>

namespace leerrecht::crypto {

// Calls sodium_init() exactly once per process. Every public function of this module calls it
// first, so callers never have to remember: without it libsodium falls back to slower reference
// implementations and its random generator may not be ready. If libsodium cannot start (no
// entropy source), nothing in this module can work safely, so the process aborts with a message.
void EnsureSodium();

// The bytes of `s` as libsodium wants them. Never null: an empty std::string_view may carry a
// null data() pointer, and most libsodium parameters are declared nonnull (UBSan checks that).
inline const unsigned char* AsBytes(std::string_view s) {
  static constexpr unsigned char kEmpty[1] = {0};
  return s.data() == nullptr ? kEmpty : reinterpret_cast<const unsigned char*>(s.data());
}
inline const char* AsChars(std::string_view s) { return s.data() == nullptr ? "" : s.data(); }

}  // namespace leerrecht::crypto
