// Notes (notities): person-level on a case (encrypted, logged) or school-level without any pupil (SPEC P-06, P-07).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/processing_log.h"
#include "core/clock.h"
#include "core/date.h"
#include "crypto/key_ring.h"
#include "store/database.h"
#include "store/repositories/youth_repository.h"

namespace leerrecht::store {

// Regime tags (SPEC R-10), as on cases.
inline constexpr std::string_view kRegimeTagAvg = "AVG";
inline constexpr std::string_view kRegimeTagWpg = "WPG";

struct Note {
  std::int64_t id = 0;
  std::optional<std::int64_t> case_id;     // person-level (P-07), or
  std::optional<std::string> school_brin;  // school-level (P-06): no pupil, not personal data
  std::string text;
  std::string regime_tag;         // kRegimeTagAvg | kRegimeTagWpg
  std::optional<Date> wpg_since;  // set exactly when the tag is WPG
  std::string created_by;         // ctx.actor
  std::string created_at;
};

// The text of every note is encrypted, school-level ones too: free text can hold a pupil's name
// despite P-06, and encryption costs nothing here. Only person-level notes are logged (one entry
// per call, field "notities", subject the case's youth).
class NoteRepository {
 public:
  NoteRepository(const crypto::KeyRing& keys, const YouthRepository& youths, audit::ProcessingLog& log,
                 const Clock& clock)
      : keys_(keys), youths_(youths), log_(log), clock_(clock) {}

  // A note on a case of ctx.party (kNotFound otherwise). The policy layer decides the tag
  // this checks it is AVG without a date or WPG with one (kInvalidInput). Whether a
  // DUO melding lies behind the case (P-07) is the caller's check.
  Result<std::int64_t> AddToCase(Transaction& tx, const AccessContext& ctx, std::int64_t case_id, std::string_view text,
                                 std::string_view regime_tag, std::optional<Date> wpg_since = std::nullopt);
  // A school-level note (P-06), tagged AVG; not logged, as it concerns no person.
  Result<std::int64_t> AddToSchool(Transaction& tx, const AccessContext& ctx, std::string_view brin,
                                   std::string_view text);

  // kNotFound when not in ctx.party. Logged when person-level.
  Result<Note> Get(Transaction& tx, const AccessContext& ctx, std::int64_t id);
  // Oldest first. kNotFound when the case is not in ctx.party; one log entry, even when empty.
  Result<std::vector<Note>> ListForCase(Transaction& tx, const AccessContext& ctx, std::int64_t case_id);
  Result<std::vector<Note>> ListForSchool(Transaction& tx, const AccessContext& ctx, std::string_view brin);

 private:
  Result<Note> Decode(const Row& row, const AccessContext& ctx);
  Result<std::string> CaseSubject(Transaction& tx, const AccessContext& ctx, std::int64_t case_id);
  Result<std::int64_t> Insert(Transaction& tx, const AccessContext& ctx, const Value& case_id, const Value& brin,
                              std::string_view text, std::string_view regime_tag, std::optional<Date> wpg_since);

  const crypto::KeyRing& keys_;
  const YouthRepository& youths_;
  audit::ProcessingLog& log_;
  const Clock& clock_;
};

}  // namespace leerrecht::store
