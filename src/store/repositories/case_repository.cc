#include "store/repositories/case_repository.h"

#include "store/repositories/repository_support.h"

namespace leerrecht::store {

namespace {

constexpr std::string_view kInsertCase =
    "INSERT INTO cases (party_id, youth_id, category, mas_phase, regime_tag, wpg_since, opened_on) "
    "SELECT ?, id, ?, ?, ?, ?, ? FROM youths WHERE id = ? AND party_id = ?";
constexpr std::string_view kSelectCase =
    "SELECT c.id, c.youth_id, c.category, c.mas_phase, c.regime_tag, c.wpg_since, c.opened_on "
    "FROM cases c WHERE c.id = ? AND c.party_id = ?";
constexpr std::string_view kSelectYouthBsnIndex = "SELECT id FROM youths WHERE id = ? AND party_id = ?";
// What a case record holds of the youth, in data-dictionary terms.
const std::vector<std::string> kCaseFields = {"verzuim_soort", "verzuim_startdatum"};
constexpr std::string_view kCountCases = "SELECT COUNT(*) FROM cases WHERE party_id = ?";

}  // namespace

Result<std::int64_t> CaseRepository::Create(Transaction& tx, const AccessContext& ctx, const CaseRecord& r) {
  auto owner = tx.Query(kSelectYouthBsnIndex, {r.youth_id, ctx.party});
  if (!owner.ok()) return owner.status();
  if (owner->empty()) return Status::NotFound("jongere niet gevonden");
  // The subject of the log entry is the youth: resolve the pseudonym through the repository,
  // which logs that read as well (both belong to the same processing).
  auto youth = youths_.Get(tx, ctx, r.youth_id);
  if (!youth.ok()) return youth.status();
  Value wpg_since = r.wpg_since ? Value{*r.wpg_since} : Value{std::monostate{}};
  if (Status s = tx.Execute(kInsertCase, {ctx.party, r.category, r.mas_phase, r.regime_tag, wpg_since, r.opened_on,
                                          r.youth_id, ctx.party});
      !s.ok()) {
    return s;
  }
  const std::int64_t id = tx.LastInsertId();
  if (Status l = log_.Append(tx, internal::EntryFor(ctx, "zaak.aanmaken", youths_.Pseudonym(*youth->bsn), kCaseFields));
      !l.ok())
    return l;
  return id;
}

Result<CaseRecord> CaseRepository::Get(Transaction& tx, const AccessContext& ctx, std::int64_t id) {
  auto rows = tx.Query(kSelectCase, {id, ctx.party});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("zaak niet gevonden");
  const Row& row = rows->front();
  CaseRecord r;
  r.id = row.Int(0);
  r.youth_id = row.Int(1);
  r.category = row.Text(2);
  r.mas_phase = row.Text(3);
  r.regime_tag = row.Text(4);
  if (!row.IsNull(5)) r.wpg_since = row.Text(5);
  r.opened_on = row.Text(6);
  auto youth = youths_.Get(tx, ctx, r.youth_id);
  if (!youth.ok()) return youth.status();
  if (Status l = log_.Append(tx, internal::EntryFor(ctx, "zaak.lezen", youths_.Pseudonym(*youth->bsn), kCaseFields));
      !l.ok())
    return l;
  return r;
}

Result<std::int64_t> CaseRepository::Count(Transaction& tx, const AccessContext& ctx) {
  auto rows = tx.Query(kCountCases, {ctx.party});
  if (!rows.ok()) return rows.status();
  return rows->front().Int(0);
}

}  // namespace leerrecht::store
