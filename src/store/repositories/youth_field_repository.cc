#include "store/repositories/youth_field_repository.h"

#include "store/repositories/repository_support.h"

namespace leerrecht::store {

namespace {

constexpr std::string_view kSelectOne = "SELECT value_enc FROM youth_fields WHERE youth_id = ? AND field = ?";
constexpr std::string_view kSelectAll = "SELECT field, value_enc FROM youth_fields WHERE youth_id = ? ORDER BY field";
constexpr std::string_view kUpsert =
    "INSERT INTO youth_fields (youth_id, field, value_enc, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (youth_id, field) DO UPDATE SET value_enc = excluded.value_enc, updated_at = excluded.updated_at, "
    "updated_by = excluded.updated_by";
constexpr std::string_view kConfirm =
    "UPDATE youth_fields SET updated_at = ?, updated_by = ? WHERE youth_id = ? AND field = ?";
constexpr std::string_view kSelectRecordedAt = "SELECT updated_at FROM youth_fields WHERE youth_id = ? AND field = ?";
constexpr std::string_view kDelete = "DELETE FROM youth_fields WHERE youth_id = ? AND field = ?";
constexpr std::string_view kColumn = "youth_fields.value";

// Bound to party, youth and field: a value copied to another row will not decrypt.
std::string FieldAd(std::string_view party, std::int64_t youth_id, std::string_view field) {
  return internal::Ad(kColumn, party) + ":" + std::to_string(youth_id) + ":" + std::string(field);
}

}  // namespace

Result<bool> YouthFieldRepository::Set(Transaction& tx, const AccessContext& ctx, std::int64_t youth_id,
                                       const std::string& field, const std::string& value) {
  auto subject = internal::YouthSubject(tx, youths_.keys(), youths_, ctx.party, youth_id);
  if (!subject.ok()) return subject.status();
  auto current = tx.Query(kSelectOne, {youth_id, field});
  if (!current.ok()) return current.status();
  const std::string ad = FieldAd(ctx.party, youth_id, field);
  if (!current->empty()) {
    auto old = youths_.keys().Decrypt(current->front().Text(0), ad);
    if (!old.ok()) return Status::Internal("youth_fields: waarde niet te ontsleutelen");
    if (*old == value) {
      if (Status c = tx.Execute(kConfirm, {internal::NowUtc(clock_), ctx.actor, youth_id, field}); !c.ok()) return c;
      if (Status l = log_.Append(tx, internal::EntryFor(ctx, "jongere.bevestigen", *subject, {field})); !l.ok()) {
        return l;
      }
      return false;
    }
  } else if (value.empty()) {
    return false;
  }
  Status s = value.empty() ? tx.Execute(kDelete, {youth_id, field})
                           : tx.Execute(kUpsert, {youth_id, field, Blob{youths_.keys().Encrypt(value, ad)},
                                                  internal::NowUtc(clock_), ctx.actor});
  if (!s.ok()) return s;
  if (Status l = log_.Append(tx, internal::EntryFor(ctx, "jongere.wijzigen", *subject, {field})); !l.ok()) return l;
  return true;
}

Result<std::optional<std::string>> YouthFieldRepository::RecordedAt(Transaction& tx, std::int64_t youth_id,
                                                                     const std::string& field) {
  auto rows = tx.Query(kSelectRecordedAt, {youth_id, field});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows->front().Text(0));
}

Status YouthFieldRepository::SetSchoolType(Transaction& tx, const AccessContext& ctx, std::int64_t youth_id,
                                          std::string_view type) {
  auto subject = internal::YouthSubject(tx, youths_.keys(), youths_, ctx.party, youth_id);
  if (!subject.ok()) return subject.status();
  if (Status s = tx.Execute("UPDATE youths SET school_type = ? WHERE id = ? AND party_id = ?",
                            {std::string(type), youth_id, ctx.party});
      !s.ok()) {
    return s;
  }
  return log_.Append(tx, internal::EntryFor(ctx, "jongere.wijzigen", *subject, {"schoolsoort"}));
}

Result<std::map<std::string, std::string>> YouthFieldRepository::All(Transaction& tx, const AccessContext& ctx,
                                                                     std::int64_t youth_id) {
  auto subject = internal::YouthSubject(tx, youths_.keys(), youths_, ctx.party, youth_id);
  if (!subject.ok()) return subject.status();
  auto rows = tx.Query(kSelectAll, {youth_id});
  if (!rows.ok()) return rows.status();
  std::map<std::string, std::string> out;
  std::vector<std::string> fields;
  for (const Row& row : *rows) {
    const std::string field = row.Text(0);
    auto value = youths_.keys().Decrypt(row.Text(1), FieldAd(ctx.party, youth_id, field));
    if (!value.ok()) return Status::Internal("youth_fields: waarde niet te ontsleutelen");
    out.emplace(field, std::move(*value));
    fields.push_back(field);
  }
  if (Status l = log_.Append(tx, internal::EntryFor(ctx, "jongere.lezen", *subject, std::move(fields))); !l.ok()) {
    return l;
  }
  return out;
}

}  // namespace leerrecht::store
