// Whether a free text names a youth of the party, without handing any name out (SPEC P-06).
#pragma once

#include <string_view>

#include "core/status.h"
#include "crypto/key_ring.h"
#include "store/database.h"

namespace leerrecht::store {

// Decrypts the party's youth names in memory only to compare them with the text; the answer is
// a yes or no, so no name leaves this class and nothing about a youth is recorded. Nothing is
// logged: the text is being kept free of personal data, no youth's data is used for a decision
// about him.
class YouthNameScan {
 public:
  explicit YouthNameScan(const crypto::KeyRing& keys) : keys_(keys) {}

  // True when `text` holds a youth's full name (as registered, case-insensitive, not inside a
  // longer word).
  Result<bool> NamesAYouth(Transaction& tx, std::string_view party, std::string_view text);

 private:
  const crypto::KeyRing& keys_;
};

}  // namespace leerrecht::store
