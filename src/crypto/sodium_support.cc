#include "crypto/sodium_support.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

namespace leerrecht::crypto {

void EnsureSodium() {
  // A function-local static is initialised once even under concurrent first calls (C++11), and
  // sodium_init() is itself idempotent (returns 1 when already initialised).
  static const bool ready = [] {
    if (sodium_init() < 0) {
      std::fputs("leerrecht: libsodium kon niet worden geinitialiseerd\n", stderr);
      std::abort();
    }
    return true;
  }();
  (void)ready;
}

}  // namespace leerrecht::crypto
