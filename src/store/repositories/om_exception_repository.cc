#include "store/repositories/om_exception_repository.h"

#include <set>

#include "store/repositories/repository_support.h"

namespace leerrecht::store {

namespace {

constexpr std::string_view kColumns =
    "SELECT id, party_id, case_id, recipient_party, agreement_id, purpose, ground, explanation_enc, requested_by, "
    "requested_at, status, decided_by, decided_at, used_by_disclosure FROM om_exceptions WHERE party_id = ? ";
constexpr std::string_view kInsert =
    "INSERT INTO om_exceptions (party_id, case_id, recipient_party, agreement_id, purpose, ground, explanation_enc, "
    "requested_by, requested_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kDecide =
    "UPDATE om_exceptions SET status = ?, decided_by = ?, decided_at = ? "
    "WHERE id = ? AND party_id = ? AND status = 'aangevraagd'";
constexpr std::string_view kUse =
    "UPDATE om_exceptions SET status = 'gebruikt', used_by_disclosure = ? "
    "WHERE id = ? AND party_id = ? AND status = 'goedgekeurd'";
constexpr std::string_view kCaseYouth = "SELECT youth_id FROM cases WHERE id = ? AND party_id = ?";
constexpr std::string_view kExplanationColumn = "om_exceptions.explanation";

bool IsBlank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

std::string OmExceptionBasis(const OmException& e) {
  return "art. 52 lid 1 Wjsg, uitzondering " + std::to_string(e.id) + ": " +
         (e.ground == kOmGroundStatute ? "een wettelijk voorschrift laat mededeling toe"
                                       : "noodzakelijk voor de taak waarvoor de gegevens zijn verstrekt");
}

Result<std::string> OmExceptionRepository::CaseSubject(Transaction& tx, std::string_view party,
                                                       std::int64_t case_id) {
  auto rows = tx.Query(kCaseYouth, {case_id, std::string(party)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("zaak niet gevonden");
  return internal::YouthSubject(tx, youths_.keys(), youths_, party, rows->front().Int(0));
}

Result<std::int64_t> OmExceptionRepository::Create(Transaction& tx, const AccessContext& ctx, const OmException& r,
                                                   const std::string& now_utc) {
  if (r.ground != kOmGroundStatute && r.ground != kOmGroundTask) {
    return Status::InvalidInput("grond: kies \"wettelijk-voorschrift\" of \"noodzaak-taak\"");
  }
  if (IsBlank(r.explanation)) {
    return Status::InvalidInput(r.ground == kOmGroundStatute
                                    ? "noem het wettelijk voorschrift dat de mededeling toelaat"
                                    : "leg uit waarom de taak de mededeling noodzakelijk maakt");
  }
  if (r.recipient_party.empty() || r.agreement_id.empty() || r.purpose.empty()) {
    return Status::InvalidInput("ontvanger, besluit en doel zijn verplicht");
  }
  auto subject = CaseSubject(tx, ctx.party, r.case_id);
  if (!subject.ok()) return subject.status();
  if (Status s = tx.Execute(
          kInsert, {ctx.party, r.case_id, r.recipient_party, r.agreement_id, r.purpose, r.ground,
                    Blob{youths_.keys().Encrypt(r.explanation, internal::Ad(kExplanationColumn, ctx.party))},
                    r.requested_by, now_utc, std::string(kOmRequested)});
      !s.ok()) {
    return s;
  }
  OmException stored = r;
  stored.id = tx.LastInsertId();
  audit::LogEntry entry = internal::EntryFor(ctx, "om-uitzondering.aanvragen", *subject, {"om_gegevens"});
  entry.legal_basis = OmExceptionBasis(stored);
  entry.recipient = r.recipient_party;
  entry.purpose = r.purpose;
  if (Status l = log_.Append(tx, entry); !l.ok()) return l;
  return stored.id;
}

Status OmExceptionRepository::Decide(Transaction& tx, const AccessContext& ctx, std::int64_t id,
                                     std::int64_t decided_by, bool approve, const std::string& now_utc) {
  auto current = Get(tx, ctx, id);
  if (!current.ok()) return current.status();
  if (current->status != kOmRequested) return Status::Conflict("deze aanvraag is al beoordeeld");
  if (current->requested_by == decided_by) {
    return Status::Refused("u kunt uw eigen aanvraag niet goedkeuren: een tweede functionaris beoordeelt haar "
                           "(vier ogen, SPEC W-23)");
  }
  if (Status s = tx.Execute(kDecide, {std::string(approve ? kOmApproved : kOmRejected), decided_by, now_utc, id,
                                      ctx.party});
      !s.ok()) {
    return s;
  }
  auto subject = CaseSubject(tx, ctx.party, current->case_id);
  if (!subject.ok()) return subject.status();
  audit::LogEntry entry = internal::EntryFor(
      ctx, approve ? "om-uitzondering.goedkeuren" : "om-uitzondering.afwijzen", *subject, {"om_gegevens"});
  entry.legal_basis = OmExceptionBasis(*current);
  entry.recipient = current->recipient_party;
  entry.purpose = current->purpose;
  return log_.Append(tx, entry);
}

Result<std::vector<OmException>> OmExceptionRepository::Load(Transaction& tx, std::string_view party,
                                                             std::string_view where, std::vector<Value> params) {
  params.insert(params.begin(), std::string(party));
  auto rows = tx.Query(std::string(kColumns) + std::string(where), params);
  if (!rows.ok()) return rows.status();
  std::vector<OmException> out;
  for (const Row& row : *rows) {
    OmException e;
    e.id = row.Int(0);
    e.party = row.Text(1);
    e.case_id = row.Int(2);
    e.recipient_party = row.Text(3);
    e.agreement_id = row.Text(4);
    e.purpose = row.Text(5);
    e.ground = row.Text(6);
    auto explanation = youths_.keys().Decrypt(row.Text(7), internal::Ad(kExplanationColumn, e.party));
    if (!explanation.ok()) return Status::Internal("toelichting bij OM-uitzondering is niet te ontsleutelen");
    e.explanation = std::move(*explanation);
    e.requested_by = row.Int(8);
    e.requested_at = row.Text(9);
    e.status = row.Text(10);
    e.decided_by = internal::IntOrNone(row, 11);
    e.decided_at = internal::TextOrNone(row, 12);
    e.used_by_disclosure = internal::IntOrNone(row, 13);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::optional<OmException>> OmExceptionRepository::Usable(Transaction& tx, std::string_view party,
                                                                 std::int64_t case_id, std::string_view recipient,
                                                                 std::string_view agreement_id,
                                                                 std::string_view purpose) {
  auto found = Load(tx, party,
                    "AND case_id = ? AND recipient_party = ? AND agreement_id = ? AND purpose = ? AND status = "
                    "'goedgekeurd' ORDER BY id LIMIT 1",
                    {case_id, std::string(recipient), std::string(agreement_id), std::string(purpose)});
  if (!found.ok()) return found.status();
  if (found->empty()) return std::optional<OmException>();
  return std::optional<OmException>(std::move(found->front()));
}

Status OmExceptionRepository::MarkUsed(Transaction& tx, std::string_view party, std::int64_t id,
                                       std::int64_t disclosure_id) {
  // One writer at a time (the caller's write transaction), so the check and the update agree.
  auto current = Load(tx, party, "AND id = ? AND status = 'goedgekeurd'", {id});
  if (!current.ok()) return current.status();
  if (current->empty()) return Status::Conflict("de uitzondering is al gebruikt of niet meer goedgekeurd");
  return tx.Execute(kUse, {disclosure_id, id, std::string(party)});
}

Result<OmException> OmExceptionRepository::Get(Transaction& tx, const AccessContext& ctx, std::int64_t id) {
  auto list = Load(tx, ctx.party, "AND id = ?", {id});
  if (!list.ok()) return list.status();
  if (list->empty()) return Status::NotFound("aanvraag om uitzondering niet gevonden");
  return std::move(list->front());
}

Result<std::vector<OmException>> OmExceptionRepository::List(Transaction& tx, const AccessContext& ctx,
                                                             std::optional<std::int64_t> requested_by) {
  auto list = requested_by ? Load(tx, ctx.party, "AND requested_by = ? ORDER BY id DESC", {*requested_by})
                           : Load(tx, ctx.party, "ORDER BY id DESC", {});
  if (!list.ok()) return list.status();
  std::set<std::int64_t> cases;
  for (const OmException& e : *list) cases.insert(e.case_id);
  for (std::int64_t case_id : cases) {
    auto subject = CaseSubject(tx, ctx.party, case_id);
    if (!subject.ok()) return subject.status();
    if (Status l = log_.Append(tx, internal::EntryFor(ctx, "om-uitzondering.lezen", *subject, {"om_gegevens"}));
        !l.ok()) {
      return l;
    }
  }
  return list;
}

}  // namespace leerrecht::store
