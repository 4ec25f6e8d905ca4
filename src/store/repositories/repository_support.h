// Helpers the repositories share: associated data, log entries, nullable values, the youth behind a row.
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

namespace leerrecht::store::internal {

// Associated data binds a ciphertext to its column and party, so a copied cell will not decrypt
// elsewhere. The format ("table.column:party") is the one YouthRepository uses; it is part of the
// stored data and must never change.
std::string Ad(std::string_view column, std::string_view party);

// A log entry on behalf of `ctx` about one data subject.
audit::LogEntry EntryFor(const AccessContext& ctx, std::string activity, std::string subject,
                         std::vector<std::string> fields, std::string subject_type = "jongere");

// The moment of a write, as every stored timestamp is written.
std::string NowUtc(const Clock& clock);

Value OrNull(const std::optional<std::string>& text);
Value OrNull(const std::optional<Date>& date);
Value OrNull(const std::optional<std::int64_t>& number);
std::optional<std::string> TextOrNone(const Row& row, std::size_t column);
std::optional<std::int64_t> IntOrNone(const Row& row, std::size_t column);
// kInternal when a stored date is not a date: the database was changed outside the program.
Result<std::optional<Date>> DateOrNone(const Row& row, std::size_t column);

// The log pseudonym of youth `youth_id` of `party`; kNotFound when the party has no such youth.
// Decrypts only the BSN, and logs nothing itself: the caller's own entry records the processing,
// so a notification import writes one entry per notification instead of two.
Result<std::string> YouthSubject(Transaction& tx, const crypto::KeyRing& keys, const YouthRepository& youths,
                                 std::string_view party, std::int64_t youth_id);

}  // namespace leerrecht::store::internal
