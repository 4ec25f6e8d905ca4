// Youths (jongeren) of one party: BSN encrypted with a blind index, every access logged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "audit/processing_log.h"
#include "core/bsn.h"
#include "core/date.h"
#include "crypto/key_ring.h"
#include "store/database.h"

namespace leerrecht::store {

// Who does something, for whom and why: every repository call carries it into the log.
struct AccessContext {
  std::string party;    // the tenant: every query is scoped to it
  std::string actor;    // "user:12" or "system"
  std::string purpose;  // purpose id
  std::string legal_basis;
  std::string processing_activity_id = "leerrecht:verzuimregistratie";
  audit::TraceContext trace;
};

struct Youth {
  std::int64_t id = 0;
  std::string party;
  std::optional<Bsn> bsn;  // always set for a stored youth
  std::string name;
  Date birth_date;
  std::string municipality;
};

class YouthRepository {
 public:
  YouthRepository(const crypto::KeyRing& keys, audit::ProcessingLog& log) : keys_(keys), log_(log) {}

  // kConflict when the party already has this BSN.
  Result<std::int64_t> Create(Transaction& tx, const AccessContext& ctx, const Bsn& bsn, const std::string& name,
                              Date birth_date, const std::string& municipality);
  // kNotFound when the youth is not in the caller's party (other tenants are invisible).
  Result<Youth> Get(Transaction& tx, const AccessContext& ctx, std::int64_t id);
  Result<std::optional<Youth>> FindByBsn(Transaction& tx, const AccessContext& ctx, const Bsn& bsn);
  // Corrects the registered name or date of birth (SPEC W-27); `value` is the new name, or the
  // date as YYYY-MM-DD. Returns whether it changed. Logged as "jongere.wijzigen" with the field.
  // The BSN is not corrected here: it is the youth's identity in the index and the log.
  Result<bool> Correct(Transaction& tx, const AccessContext& ctx, std::int64_t id, std::string_view field,
                       const std::string& value);

  // The log's pseudonym of a youth: stable per BSN, independent of the party.
  // The key ring, for repositories that resolve a youth's pseudonym through this one.
  [[nodiscard]] const crypto::KeyRing& keys() const { return keys_; }
  [[nodiscard]] std::string Pseudonym(const Bsn& bsn) const { return keys_.SubjectPseudonym("bsn:" + bsn.digits()); }

 private:
  Result<Youth> Decode(const Row& row, const AccessContext& ctx);

  const crypto::KeyRing& keys_;
  audit::ProcessingLog& log_;
};

}  // namespace leerrecht::store
