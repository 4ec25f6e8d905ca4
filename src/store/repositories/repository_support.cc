#include "store/repositories/repository_support.h"

#include "core/bsn.h"
#include "core/timestamp.h"

namespace leerrecht::store::internal {

namespace {

constexpr std::string_view kSelectYouthBsn = "SELECT bsn_enc FROM youths WHERE id = ? AND party_id = ?";

}  // namespace

std::string Ad(std::string_view column, std::string_view party) {
  std::string ad(column);
  ad += ':';
  ad += party;
  return ad;
}

audit::LogEntry EntryFor(const AccessContext& ctx, std::string activity, std::string subject,
                         std::vector<std::string> fields, std::string subject_type) {
  audit::LogEntry e;
  e.activity = std::move(activity);
  e.processing_activity_id = ctx.processing_activity_id;
  e.actor = ctx.actor;
  e.party = ctx.party;
  e.subject = std::move(subject);
  e.subject_type = std::move(subject_type);
  e.fields = std::move(fields);
  e.purpose = ctx.purpose;
  e.legal_basis = ctx.legal_basis;
  e.trace = ctx.trace;
  return e;
}

std::string NowUtc(const Clock& clock) { return FormatUtc(clock.Now()); }

Value OrNull(const std::optional<std::string>& text) { return text ? Value{*text} : Value{std::monostate{}}; }

Value OrNull(const std::optional<Date>& date) { return date ? Value{date->ToString()} : Value{std::monostate{}}; }

Value OrNull(const std::optional<std::int64_t>& number) { return number ? Value{*number} : Value{std::monostate{}}; }

std::optional<std::string> TextOrNone(const Row& row, std::size_t column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Text(column);
}

std::optional<std::int64_t> IntOrNone(const Row& row, std::size_t column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Int(column);
}

Result<std::optional<Date>> DateOrNone(const Row& row, std::size_t column) {
  if (row.IsNull(column)) return std::optional<Date>{};
  auto date = Date::Parse(row.Text(column));
  if (!date.ok()) return Status::Internal("opgeslagen datum is ongeldig: " + date.status().message());
  return std::optional<Date>{*date};
}

Result<std::string> YouthSubject(Transaction& tx, const crypto::KeyRing& keys, const YouthRepository& youths,
                                 std::string_view party, std::int64_t youth_id) {
  auto rows = tx.Query(kSelectYouthBsn, {youth_id, std::string(party)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("jongere niet gevonden");
  auto digits = keys.Decrypt(rows->front().Text(0), Ad("youths.bsn", party));
  if (!digits.ok())
    return Status::Internal("versleuteld BSN van jongere " + std::to_string(youth_id) + " is onleesbaar");
  auto bsn = Bsn::Parse(*digits);
  if (!bsn.ok()) return Status::Internal("opgeslagen BSN van jongere " + std::to_string(youth_id) + " is ongeldig");
  return youths.Pseudonym(*bsn);
}

}  // namespace leerrecht::store::internal
