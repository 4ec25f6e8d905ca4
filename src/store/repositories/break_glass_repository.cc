#include "store/repositories/break_glass_repository.h"

#include <algorithm>
#include <set>

#include "store/repositories/repository_support.h"

namespace leerrecht::store {

namespace {

constexpr std::string_view kColumns =
    "SELECT id, party_id, case_id, user_id, role, reason_enc, legal_ground, scope, days, status, requested_at, "
    "decided_by, decided_at, valid_from, valid_until FROM break_glass ";
constexpr std::string_view kInsert =
    "INSERT INTO break_glass (party_id, case_id, user_id, role, reason_enc, legal_ground, scope, days, status, "
    "requested_at, valid_from, valid_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kDecide =
    "UPDATE break_glass SET status = ?, decided_by = ?, decided_at = ?, valid_from = ?, valid_until = ? "
    "WHERE id = ? AND party_id = ? AND status = 'aangevraagd'";
constexpr std::string_view kCaseYouth = "SELECT youth_id FROM cases WHERE id = ? AND party_id = ?";
constexpr std::string_view kReasonColumn = "break_glass.reason";

}  // namespace

bool BreakGlass::ActiveAt(std::string_view now_utc) const {
  // Timestamps share one fixed-width UTC format, so text order is time order.
  return status == kBreakGlassActive && valid_from && valid_until && *valid_from <= now_utc && now_utc < *valid_until;
}

Result<std::string> BreakGlassRepository::CaseSubject(Transaction& tx, std::string_view party, std::int64_t case_id) {
  auto rows = tx.Query(kCaseYouth, {case_id, std::string(party)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("zaak niet gevonden");
  return internal::YouthSubject(tx, youths_.keys(), youths_, party, rows->front().Int(0));
}

Result<std::int64_t> BreakGlassRepository::Create(Transaction& tx, const AccessContext& ctx, const BreakGlass& r,
                                                  bool immediate, const std::string& now_utc,
                                                  const std::string& until_utc) {
  if (r.reason.empty()) return Status::InvalidInput("geef een reden op");
  if (r.legal_ground.empty()) return Status::InvalidInput("geef een grondslag op");
  if (r.scope != kBreakGlassScopeAvg && r.scope != kBreakGlassScopeAll) {
    return Status::InvalidInput("reikwijdte moet \"avg\" of \"alles\" zijn");
  }
  if (r.days < 1) return Status::InvalidInput("looptijd moet minstens 1 dag zijn");
  auto subject = CaseSubject(tx, ctx.party, r.case_id);
  if (!subject.ok()) return subject.status();
  Value from = immediate ? Value{now_utc} : Value{std::monostate{}};
  Value until = immediate ? Value{until_utc} : Value{std::monostate{}};
  if (Status s = tx.Execute(kInsert, {ctx.party, r.case_id, r.user_id, r.role,
                                      Blob{youths_.keys().Encrypt(r.reason, internal::Ad(kReasonColumn, ctx.party))},
                                      r.legal_ground, r.scope, static_cast<std::int64_t>(r.days),
                                      std::string(immediate ? kBreakGlassActive : kBreakGlassRequested), now_utc, from,
                                      until});
      !s.ok()) {
    return s;
  }
  const std::int64_t id = tx.LastInsertId();
  audit::LogEntry entry = internal::EntryFor(ctx, "break-glass.aanvragen", *subject, {"break_glass"});
  entry.legal_basis = r.legal_ground;
  if (Status l = log_.Append(tx, entry); !l.ok()) return l;
  return id;
}

Status BreakGlassRepository::Decide(Transaction& tx, const AccessContext& ctx, std::int64_t id,
                                    std::int64_t decided_by, bool approve, const std::string& now_utc,
                                    const std::string& until_utc) {
  auto current = Get(tx, ctx, id);
  if (!current.ok()) return current.status();
  if (current->status != kBreakGlassRequested) return Status::Conflict("dit verzoek is al beoordeeld");
  if (current->user_id == decided_by) return Status::Refused("u kunt uw eigen verzoek niet beoordelen");
  Value from = approve ? Value{now_utc} : Value{std::monostate{}};
  Value until = approve ? Value{until_utc} : Value{std::monostate{}};
  if (Status s = tx.Execute(kDecide, {std::string(approve ? kBreakGlassActive : kBreakGlassRejected), decided_by,
                                      now_utc, from, until, id, ctx.party});
      !s.ok()) {
    return s;
  }
  auto subject = CaseSubject(tx, ctx.party, current->case_id);
  if (!subject.ok()) return subject.status();
  audit::LogEntry entry = internal::EntryFor(
      ctx, approve ? "break-glass.goedkeuren" : "break-glass.afwijzen", *subject, {"break_glass"});
  entry.legal_basis = current->legal_ground;
  return log_.Append(tx, entry);
}

Result<std::vector<BreakGlass>> BreakGlassRepository::Load(Transaction& tx, const AccessContext& ctx,
                                                           std::string_view sql, const std::vector<Value>& params,
                                                           bool log_reads) {
  auto rows = tx.Query(sql, params);
  if (!rows.ok()) return rows.status();
  std::vector<BreakGlass> out;
  std::set<std::int64_t> cases;
  for (const Row& row : *rows) {
    BreakGlass b;
    b.id = row.Int(0);
    b.party = row.Text(1);
    b.case_id = row.Int(2);
    b.user_id = row.Int(3);
    b.role = row.Text(4);
    auto reason = youths_.keys().Decrypt(row.Text(5), internal::Ad(kReasonColumn, b.party));
    if (!reason.ok()) return Status::Internal("break-glass-reden is niet te ontsleutelen");
    b.reason = std::move(*reason);
    b.legal_ground = row.Text(6);
    b.scope = row.Text(7);
    b.days = static_cast<int>(row.Int(8));
    b.status = row.Text(9);
    b.requested_at = row.Text(10);
    b.decided_by = internal::IntOrNone(row, 11);
    b.decided_at = internal::TextOrNone(row, 12);
    b.valid_from = internal::TextOrNone(row, 13);
    b.valid_until = internal::TextOrNone(row, 14);
    cases.insert(b.case_id);
    out.push_back(std::move(b));
  }
  if (log_reads) {
    for (std::int64_t case_id : cases) {
      auto subject = CaseSubject(tx, ctx.party, case_id);
      if (!subject.ok()) return subject.status();
      if (Status l = log_.Append(tx, internal::EntryFor(ctx, "break-glass.lezen", *subject, {"break_glass"}));
          !l.ok()) {
        return l;
      }
    }
  }
  return out;
}

Result<BreakGlass> BreakGlassRepository::Get(Transaction& tx, const AccessContext& ctx, std::int64_t id) {
  auto list = Load(tx, ctx, std::string(kColumns) + "WHERE id = ? AND party_id = ?", {id, ctx.party}, false);
  if (!list.ok()) return list.status();
  if (list->empty()) return Status::NotFound("break-glass-verzoek niet gevonden");
  return std::move(list->front());
}

Result<std::vector<BreakGlass>> BreakGlassRepository::List(Transaction& tx, const AccessContext& ctx) {
  return Load(tx, ctx, std::string(kColumns) + "WHERE party_id = ? ORDER BY id DESC", {ctx.party}, true);
}

Result<std::vector<BreakGlass>> BreakGlassRepository::ListForUser(Transaction& tx, const AccessContext& ctx,
                                                                  std::int64_t user_id) {
  return Load(tx, ctx, std::string(kColumns) + "WHERE party_id = ? AND user_id = ? ORDER BY id DESC",
              {ctx.party, user_id}, true);
}

Result<std::vector<BreakGlass>> BreakGlassRepository::ActiveGrants(Transaction& tx, std::int64_t case_id,
                                                                   std::int64_t user_id, const std::string& now_utc) {
  auto all = Load(tx, AccessContext{}, std::string(kColumns) + "WHERE case_id = ? AND user_id = ? AND status = 'actief'",
                  {case_id, user_id}, false);
  if (!all.ok()) return all.status();
  std::vector<BreakGlass> out;
  for (BreakGlass& b : *all) {
    if (b.ActiveAt(now_utc)) out.push_back(std::move(b));
  }
  std::stable_sort(out.begin(), out.end(), [](const BreakGlass& a, const BreakGlass& b) {
    return a.scope == kBreakGlassScopeAll && b.scope != kBreakGlassScopeAll;
  });
  return out;
}

}  // namespace leerrecht::store
