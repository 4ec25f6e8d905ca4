#include "store/repositories/disclosure_repository.h"

#include <map>
#include <set>

#include "core/id.h"
#include "store/repositories/repository_support.h"

namespace leerrecht::store {

namespace {

constexpr std::string_view kSelectPartyExists = "SELECT 1 FROM parties WHERE id = ?";
constexpr std::string_view kSelectCaseYouth = "SELECT youth_id FROM cases WHERE id = ? AND party_id = ?";
constexpr std::string_view kInsertDisclosure =
    "INSERT INTO disclosures (party_id, recipient_party, agreement_id, agreement_version, case_id, purpose, "
    "decision_json, documentation_json, sent_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertReceived =
    "INSERT INTO received_data (party_id, disclosure_id, source_party, agreement_id, purpose, notice, field, "
    "value_enc, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSelectForCase =
    "SELECT id, party_id, recipient_party, agreement_id, agreement_version, case_id, purpose, decision_json, "
    "documentation_json, sent_at, received_at FROM disclosures WHERE case_id = ? AND party_id = ? "
    "ORDER BY sent_at, id";
constexpr std::string_view kSelectRegister =
    "SELECT id, party_id, recipient_party, agreement_id, agreement_version, case_id, purpose, decision_json, "
    "documentation_json, sent_at, received_at FROM disclosures WHERE (party_id = ? OR recipient_party = ?) "
    "AND sent_at >= ? AND sent_at < ? ORDER BY sent_at, id";
// The field ids only, never the values: the sender knows what it sent, the values are the
// recipient's now (and encrypted under its associated data).
constexpr std::string_view kSelectSentFields =
    "SELECT r.field FROM received_data r JOIN disclosures d ON d.id = r.disclosure_id "
    "WHERE r.disclosure_id = ? AND d.party_id = ? ORDER BY r.id";
constexpr std::string_view kSelectReceived =
    "SELECT id, disclosure_id, source_party, agreement_id, purpose, notice, field, value_enc, received_at, "
    "corrected_at FROM received_data WHERE party_id = ? AND (? = '' OR source_party = ?) ORDER BY disclosure_id, id";
constexpr std::string_view kSelectReceivedOfDisclosure =
    "SELECT id, disclosure_id, source_party, agreement_id, purpose, notice, field, value_enc, received_at, "
    "corrected_at FROM received_data WHERE party_id = ? AND disclosure_id = ? ORDER BY id";
// The copies of one field of a youth, with the disclosure's date and whether it was anonymised
// (it carries a case pseudonym, SPEC W-21).
constexpr std::string_view kSelectCopiesOfField =
    "SELECT r.id, r.party_id, d.id, d.purpose, d.sent_at, EXISTS (SELECT 1 FROM received_data p "
    "WHERE p.disclosure_id = d.id AND p.field = 'pseudoniem') "
    "FROM received_data r JOIN disclosures d ON d.id = r.disclosure_id "
    "JOIN cases c ON c.id = d.case_id AND c.party_id = d.party_id "
    "WHERE d.party_id = ? AND c.youth_id = ? AND r.field = ? ORDER BY d.id";
constexpr std::string_view kUpdateCopy = "UPDATE received_data SET value_enc = ?, corrected_at = ? WHERE id = ?";
constexpr std::string_view kInsertNotice =
    "INSERT INTO correction_notices (party_id, source_party, disclosure_id, field, created_at) VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kSelectNotices =
    "SELECT id, source_party, disclosure_id, kind, field, COALESCE(detail, ''), created_at, purge_after, purged_at "
    "FROM correction_notices WHERE party_id = ? ORDER BY id DESC";
constexpr std::string_view kSelectRecipientsOfCase =
    "SELECT DISTINCT d.id, d.recipient_party, d.purpose FROM disclosures d WHERE d.case_id = ? AND d.party_id = ? "
    "ORDER BY d.id";
constexpr std::string_view kInsertEndNotice =
    "INSERT INTO correction_notices (party_id, source_party, disclosure_id, kind, field, detail, created_at, "
    "purge_after) VALUES (?, ?, ?, 'beeindiging', '', ?, ?, ?)";
constexpr std::string_view kInsertOnwardNotice =
    "INSERT INTO correction_notices (party_id, source_party, disclosure_id, kind, field, detail, created_at) "
    "VALUES (?, ?, ?, 'doorverstrekking', ?, ?, ?)";
constexpr std::string_view kSelectReceivedFields =
    "SELECT DISTINCT source_party, field FROM received_data WHERE party_id = ? AND disclosure_id = ? ORDER BY field";
constexpr std::string_view kSelectOnward =
    "SELECT id, party_id, source_party, disclosure_id, field, COALESCE(detail, ''), created_at FROM correction_notices "
    "WHERE kind = 'doorverstrekking' AND (party_id = ? OR source_party = ?) AND created_at >= ? AND created_at < ? "
    "ORDER BY created_at, id";
constexpr std::string_view kSelectDue =
    "SELECT id, disclosure_id FROM correction_notices WHERE party_id = ? AND kind = 'beeindiging' "
    "AND purged_at IS NULL AND purge_after < ?";
constexpr std::string_view kDeleteCopy = "DELETE FROM received_data WHERE party_id = ? AND disclosure_id = ?";
constexpr std::string_view kMarkPurged = "UPDATE correction_notices SET purged_at = ? WHERE id = ?";
// The youth behind a disclosure addressed to the recipient, in the sender's records.
constexpr std::string_view kSelectDisclosureYouth =
    "SELECT c.youth_id, d.party_id FROM disclosures d JOIN cases c ON c.id = d.case_id AND c.party_id = d.party_id "
    "WHERE d.id = ? AND d.recipient_party = ?";
constexpr std::string_view kSelectReceivedNotices =
    "SELECT DISTINCT disclosure_id, source_party, notice FROM received_data WHERE party_id = ? AND notice IS NOT NULL "
    "AND (? = '' OR source_party = ?) ORDER BY disclosure_id";
constexpr std::string_view kValueColumn = "received_data.value";

// Bound to the recipient, the disclosure and the field, so a value cannot be moved to another
// party, disclosure or field and still decrypt.
std::string ValueAd(std::string_view recipient, std::int64_t disclosure_id, std::string_view field) {
  return internal::Ad(kValueColumn, recipient) + ":" + std::to_string(disclosure_id) + ":" + std::string(field);
}

// A row of kSelectForCase or kSelectRegister (the same columns).
Disclosure DisclosureOf(const Row& row) {
  Disclosure d;
  d.id = row.Int(0);
  d.sender_party = row.Text(1);
  d.recipient_party = row.Text(2);
  d.agreement_id = row.Text(3);
  d.agreement_version = row.Int(4);
  d.case_id = internal::IntOrNone(row, 5);
  d.purpose = row.Text(6);
  d.decision_json = row.Text(7);
  d.documentation_json = row.Text(8);
  d.sent_at = row.Text(9);
  d.received_at = internal::TextOrNone(row, 10);
  return d;
}

// SPEC W-30: what every record of the exchange log holds, a case disclosure (NewDisclosure) and a
// quarterly list (NewListDisclosure) alike. A record that lacks one is not written.
template <typename Record>
Status ValidateRecord(const AccessContext& ctx, const Record& d) {
  if (d.recipient_party.empty()) return Status::InvalidInput("verstrekking zonder ontvangende partij (W-30)");
  if (d.recipient_party == ctx.party) return Status::InvalidInput("een partij verstrekt niet aan zichzelf");
  if (!IsValidSlug(d.agreement_id)) return Status::InvalidInput("ongeldige afspraak-id \"" + d.agreement_id + "\"");
  if (d.agreement_version <= 0) return Status::InvalidInput("ongeldige versie van afspraak " + d.agreement_id);
  if (d.purpose.empty()) return Status::InvalidInput("verstrekking zonder doel (W-30)");
  if (d.decision_json.empty()) return Status::InvalidInput("verstrekking zonder besluit");
  if (d.documentation_json.empty()) return Status::InvalidInput("verstrekking zonder documentatie (W-30)");
  return Status::Ok();
}

Status RecipientExists(Transaction& tx, const std::string& party) {
  auto recipient = tx.Query(kSelectPartyExists, {party});
  if (!recipient.ok()) return recipient.status();
  if (recipient->empty()) return Status::NotFound("ontvangende partij " + party + " niet gevonden");
  return Status::Ok();
}

Status Validate(const AccessContext& ctx, const NewDisclosure& d) {
  if (Status s = ValidateRecord(ctx, d); !s.ok()) return s;
  if (d.granted.empty()) return Status::InvalidInput("verstrekking zonder gegevens (W-30)");
  std::set<std::string_view> seen;
  for (const auto& g : d.granted) {
    if (g.field.empty()) return Status::InvalidInput("verstrekt veld zonder naam");
    if (!seen.insert(g.field).second)
      return Status::InvalidInput("veld " + g.field + " staat dubbel in de verstrekking");
  }
  return Status::Ok();
}

}  // namespace

Result<std::int64_t> DisclosureRepository::Record(Transaction& tx, const AccessContext& ctx, const NewDisclosure& d) {
  if (Status s = Validate(ctx, d); !s.ok()) return s;
  if (Status s = RecipientExists(tx, d.recipient_party); !s.ok()) return s;
  auto youth = tx.Query(kSelectCaseYouth, {d.case_id, ctx.party});
  if (!youth.ok()) return youth.status();
  if (youth->empty()) return Status::NotFound("zaak niet gevonden");
  auto subject = internal::YouthSubject(tx, keys_, youths_, ctx.party, youth->front().Int(0));
  if (!subject.ok()) return subject.status();

  // Delivery happens in this transaction, so the moment of sending is the moment of receipt.
  const std::string now = internal::NowUtc(clock_);
  if (Status s = tx.Execute(kInsertDisclosure, {ctx.party, d.recipient_party, d.agreement_id, d.agreement_version,
                                                d.case_id, d.purpose, d.decision_json, d.documentation_json, now, now});
      !s.ok()) {
    return s;
  }
  const std::int64_t id = tx.LastInsertId();
  const Value notice = d.notice.empty() ? Value{std::monostate{}} : Value{d.notice};
  std::vector<std::string> fields;
  fields.reserve(d.granted.size());
  for (const auto& g : d.granted) {
    if (Status s =
            tx.Execute(kInsertReceived, {d.recipient_party, id, ctx.party, d.agreement_id, d.purpose, notice, g.field,
                                         Blob{keys_.Encrypt(g.value, ValueAd(d.recipient_party, id, g.field))}, now});
        !s.ok()) {
      return s;
    }
    fields.push_back(g.field);
  }

  audit::LogEntry sent = internal::EntryFor(ctx, "verstrekking", *subject, fields);
  sent.purpose = d.purpose;
  sent.recipient = d.recipient_party;
  if (!d.extra_legal_basis.empty()) sent.legal_basis += "; " + d.extra_legal_basis;
  if (Status l = log_.Append(tx, sent); !l.ok()) return l;
  // The recipient's own entry: received by the system on its behalf, no user of it acted yet.
  audit::LogEntry received = internal::EntryFor(ctx, "ontvangst", std::move(*subject), std::move(fields));
  received.party = d.recipient_party;
  received.actor = "system";
  received.purpose = d.purpose;
  if (!d.recipient_legal_basis.empty()) received.legal_basis = d.recipient_legal_basis;
  if (Status l = log_.Append(tx, received); !l.ok()) return l;
  return id;
}

Result<std::int64_t> DisclosureRepository::RecordList(Transaction& tx, const AccessContext& ctx,
                                                      const NewListDisclosure& d) {
  if (Status s = ValidateRecord(ctx, d); !s.ok()) return s;
  if (Status s = RecipientExists(tx, d.recipient_party); !s.ok()) return s;
  if (Status s = tx.Execute(kInsertDisclosure, {ctx.party, d.recipient_party, d.agreement_id, d.agreement_version,
                                                std::monostate{}, d.purpose, d.decision_json, d.documentation_json,
                                                internal::NowUtc(clock_), std::monostate{}});
      !s.ok()) {
    return s;
  }
  const std::int64_t id = tx.LastInsertId();
  for (const auto& [youth_id, fields] : d.subjects) {
    auto subject = internal::YouthSubject(tx, keys_, youths_, ctx.party, youth_id);
    if (!subject.ok()) return subject.status();
    audit::LogEntry sent = internal::EntryFor(ctx, "verstrekking", std::move(*subject), {fields.begin(), fields.end()});
    sent.purpose = d.purpose;
    sent.recipient = d.recipient_party;
    if (Status l = log_.Append(tx, sent); !l.ok()) return l;
  }
  return id;
}

Result<std::int64_t> DisclosureRepository::RecordExternal(Transaction& tx, const AccessContext& ctx,
                                                          const NewExternalDisclosure& d) {
  if (Status s = ValidateRecord(ctx, d); !s.ok()) return s;
  if (d.fields.empty()) return Status::InvalidInput("verstrekking zonder gegevens (W-30)");
  auto youth = tx.Query(kSelectCaseYouth, {d.case_id, ctx.party});
  if (!youth.ok()) return youth.status();
  if (youth->empty()) return Status::NotFound("zaak niet gevonden");
  auto subject = internal::YouthSubject(tx, keys_, youths_, ctx.party, youth->front().Int(0));
  if (!subject.ok()) return subject.status();
  if (Status s = tx.Execute(kInsertDisclosure, {ctx.party, d.recipient_party, d.agreement_id, d.agreement_version,
                                                d.case_id, d.purpose, d.decision_json, d.documentation_json,
                                                internal::NowUtc(clock_), std::monostate{}});
      !s.ok()) {
    return s;
  }
  const std::int64_t id = tx.LastInsertId();
  audit::LogEntry sent = internal::EntryFor(ctx, "verstrekking", std::move(*subject), d.fields);
  sent.purpose = d.purpose;
  sent.recipient = d.recipient_party;
  sent.legal_basis = d.legal_basis;
  if (Status l = log_.Append(tx, sent); !l.ok()) return l;
  return id;
}

Result<std::vector<Disclosure>> DisclosureRepository::ListRegister(Transaction& tx, const AccessContext& ctx,
                                                                   std::string_view from, std::string_view until) {
  auto rows = tx.Query(kSelectRegister, {ctx.party, ctx.party, std::string(from), std::string(until)});
  if (!rows.ok()) return rows.status();
  std::vector<Disclosure> out;
  out.reserve(rows->size());
  for (const Row& row : *rows) {
    Disclosure d = DisclosureOf(row);
    if (d.sender_party != ctx.party) d.case_id.reset();  // another party's case is not ours
    out.push_back(std::move(d));
  }
  return out;
}

Result<std::vector<Disclosure>> DisclosureRepository::ListForCase(Transaction& tx, const AccessContext& ctx,
                                                                  std::int64_t case_id) {
  auto youth = tx.Query(kSelectCaseYouth, {case_id, ctx.party});
  if (!youth.ok()) return youth.status();
  if (youth->empty()) return Status::NotFound("zaak niet gevonden");
  auto subject = internal::YouthSubject(tx, keys_, youths_, ctx.party, youth->front().Int(0));
  if (!subject.ok()) return subject.status();
  auto rows = tx.Query(kSelectForCase, {case_id, ctx.party});
  if (!rows.ok()) return rows.status();
  std::vector<Disclosure> out;
  out.reserve(rows->size());
  std::set<std::string> touched;
  for (const Row& row : *rows) {
    Disclosure d = DisclosureOf(row);
    auto fields = tx.Query(kSelectSentFields, {d.id, ctx.party});
    if (!fields.ok()) return fields.status();
    for (const Row& f : *fields) {
      d.fields.push_back(f.Text(0));
      touched.insert(f.Text(0));
    }
    out.push_back(std::move(d));
  }
  // The list tells which fields went where, not their values; the entry names those fields so
  // a data subject's access request shows what was looked at.
  if (Status l = log_.Append(
          tx, internal::EntryFor(ctx, "verstrekkingen.lezen", std::move(*subject), {touched.begin(), touched.end()}));
      !l.ok()) {
    return l;
  }
  return out;
}

Result<std::string> DisclosureRepository::SubjectOfDisclosure(Transaction& tx, std::int64_t disclosure_id,
                                                              const std::string& recipient) {
  auto rows = tx.Query(kSelectDisclosureYouth, {disclosure_id, recipient});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::Internal("ontvangen gegevens zonder verstrekking " + std::to_string(disclosure_id));
  // The pseudonym is the same in every party (it derives from the BSN), so the sender's record
  // names the recipient's data subject too.
  return internal::YouthSubject(tx, keys_, youths_, rows->front().Text(1), rows->front().Int(0));
}

Result<OnwardReport> DisclosureRepository::ReportStatutoryDisclosure(Transaction& tx, const AccessContext& ctx,
                                                                    std::int64_t disclosure_id,
                                                                    const std::string& recipient,
                                                                    const std::string& obligation) {
  auto rows = tx.Query(kSelectReceivedFields, {ctx.party, disclosure_id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("ontvangen verstrekking niet gevonden");
  const std::string source = rows->front().Text(0);
  std::vector<std::string> fields;
  std::string joined;
  for (const Row& row : *rows) {
    fields.push_back(row.Text(1));
    joined += (joined.empty() ? "" : ", ") + row.Text(1);
  }
  auto subject = SubjectOfDisclosure(tx, disclosure_id, ctx.party);
  if (!subject.ok()) return subject.status();
  const std::string now = internal::NowUtc(clock_);
  if (Status s = tx.Execute(kInsertOnwardNotice, {source, ctx.party, disclosure_id, joined,
                                                  "aan " + recipient + " op grond van " + obligation, now});
      !s.ok()) {
    return s;
  }
  const std::int64_t id = tx.LastInsertId();
  audit::LogEntry passed = internal::EntryFor(ctx, "ontvangen-gegevens.doorverstrekken", *subject, fields);
  passed.recipient = recipient;
  passed.purpose = "wettelijke-verplichting";
  passed.legal_basis = obligation;
  if (Status l = log_.Append(tx, passed); !l.ok()) return l;
  // The originating party's own entry: told by the system, no user of it acted yet.
  audit::LogEntry told = internal::EntryFor(ctx, "doorverstrekking.gemeld", std::move(*subject), std::move(fields));
  told.party = source;
  told.actor = "system";
  told.recipient = recipient;
  told.purpose = "wettelijke-verplichting";
  told.legal_basis = obligation;
  if (Status l = log_.Append(tx, told); !l.ok()) return l;
  return OnwardReport{id, source};
}

Result<std::vector<CorrectionNotice>> DisclosureRepository::ListOnward(Transaction& tx, const AccessContext& ctx,
                                                                       std::string_view from, std::string_view until) {
  auto rows = tx.Query(kSelectOnward, {ctx.party, ctx.party, std::string(from), std::string(until)});
  if (!rows.ok()) return rows.status();
  std::vector<CorrectionNotice> out;
  for (const Row& row : *rows) {
    CorrectionNotice n;
    n.id = row.Int(0);
    n.party = row.Text(1);
    n.source_party = row.Text(2);
    n.disclosure_id = row.Int(3);
    n.kind = "doorverstrekking";
    n.field = row.Text(4);
    n.detail = row.Text(5);
    n.created_at = row.Text(6);
    out.push_back(std::move(n));
  }
  return out;
}

Result<std::string> DisclosureRepository::AcknowledgeNotice(Transaction& tx, const AccessContext& ctx,
                                                           std::int64_t disclosure_id) {
  auto rows = tx.Query(kSelectDisclosureYouth, {disclosure_id, ctx.party});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("ontvangen verstrekking niet gevonden");
  auto subject = SubjectOfDisclosure(tx, disclosure_id, ctx.party);
  if (!subject.ok()) return subject.status();
  if (Status l = log_.Append(tx, internal::EntryFor(ctx, "geheimhoudingsplicht.kennisgenomen", std::move(*subject), {}));
      !l.ok()) {
    return l;
  }
  return internal::NowUtc(clock_);
}

Result<std::vector<ReceivedNotice>> DisclosureRepository::NoticesOfReceived(Transaction& tx, const AccessContext& ctx,
                                                                           const std::string& source_party) {
  auto rows = tx.Query(kSelectReceivedNotices, {ctx.party, source_party, source_party});
  if (!rows.ok()) return rows.status();
  std::vector<ReceivedNotice> out;
  out.reserve(rows->size());
  for (const Row& row : *rows) out.push_back({row.Int(0), row.Text(1), row.Text(2)});
  return out;
}

Result<std::vector<ReceivedItem>> DisclosureRepository::ListReceived(Transaction& tx, const AccessContext& ctx,
                                                                     std::optional<std::int64_t> disclosure_id,
                                                                     const std::string& source_party) {
  auto rows = disclosure_id ? tx.Query(kSelectReceivedOfDisclosure, {ctx.party, *disclosure_id})
                            : tx.Query(kSelectReceived, {ctx.party, source_party, source_party});
  if (!rows.ok()) return rows.status();
  std::vector<ReceivedItem> out;
  out.reserve(rows->size());
  std::map<std::int64_t, std::string> subject_of_disclosure;
  std::map<std::string, std::set<std::string>> fields_of_subject;  // one entry per subject, sorted
  for (const Row& row : *rows) {
    ReceivedItem item;
    item.id = row.Int(0);
    item.disclosure_id = row.Int(1);
    item.source_party = row.Text(2);
    item.agreement_id = row.Text(3);
    item.purpose = row.Text(4);
    item.notice = internal::TextOrNone(row, 5);
    item.field = row.Text(6);
    auto value = keys_.Decrypt(row.Text(7), ValueAd(ctx.party, item.disclosure_id, item.field));
    if (!value.ok()) return Status::Internal("ontvangen gegeven " + std::to_string(item.id) + " is onleesbaar");
    item.value = std::move(*value);
    item.received_at = row.Text(8);
    item.corrected_at = internal::TextOrNone(row, 9);
    auto known = subject_of_disclosure.find(item.disclosure_id);
    if (known == subject_of_disclosure.end()) {
      auto subject = SubjectOfDisclosure(tx, item.disclosure_id, ctx.party);
      if (!subject.ok()) return subject.status();
      known = subject_of_disclosure.emplace(item.disclosure_id, std::move(*subject)).first;
    }
    fields_of_subject[known->second].insert(item.field);
    out.push_back(std::move(item));
  }
  for (auto& [subject, fields] : fields_of_subject) {
    if (Status l = log_.Append(
            tx, internal::EntryFor(ctx, "ontvangen-gegevens.lezen", subject, {fields.begin(), fields.end()}));
        !l.ok()) {
      return l;
    }
  }
  return out;
}

std::string AgeText(Date birth, Date on) { return std::to_string(birth.WholeYearsUntil(on)) + " jaar"; }

Result<std::vector<CorrectionSent>> DisclosureRepository::Correct(Transaction& tx, const AccessContext& ctx,
                                                                  std::int64_t youth_id, const std::string& field,
                                                                  const std::string& value) {
  auto subject = internal::YouthSubject(tx, keys_, youths_, ctx.party, youth_id);
  if (!subject.ok()) return subject.status();
  auto copies = tx.Query(kSelectCopiesOfField, {ctx.party, youth_id, field});
  if (!copies.ok()) return copies.status();
  const std::string now = internal::NowUtc(clock_);
  std::vector<CorrectionSent> out;
  for (const Row& row : *copies) {
    const std::string recipient = row.Text(1);
    const std::int64_t disclosure_id = row.Int(2);
    // An anonymised copy of the date of birth holds the age on the day it was sent; it gets the
    // corrected age, never the date itself.
    std::string copy = value;
    if (field == "geboortedatum" && row.Int(5) != 0) {
      auto birth = Date::Parse(value);
      auto sent_on = Date::Parse(row.Text(4).substr(0, 10));
      if (!birth.ok() || !sent_on.ok()) return Status::Internal("geanonimiseerde geboortedatum niet te herberekenen");
      copy = AgeText(*birth, *sent_on);
    }
    if (Status s = tx.Execute(kUpdateCopy, {Blob{keys_.Encrypt(copy, ValueAd(recipient, disclosure_id, field))}, now,
                                            row.Int(0)});
        !s.ok()) {
      return s;
    }
    if (Status s = tx.Execute(kInsertNotice, {recipient, ctx.party, disclosure_id, field, now}); !s.ok()) return s;
    audit::LogEntry sent = internal::EntryFor(ctx, "correctie.verstrekken", *subject, {field});
    sent.purpose = row.Text(3);
    sent.recipient = recipient;
    if (Status l = log_.Append(tx, sent); !l.ok()) return l;
    audit::LogEntry received = internal::EntryFor(ctx, "correctie.ontvangen", *subject, {field});
    received.party = recipient;
    received.actor = "system";
    received.purpose = row.Text(3);
    if (Status l = log_.Append(tx, received); !l.ok()) return l;
    out.push_back({recipient, disclosure_id});
  }
  return out;
}

Result<std::vector<CorrectionNotice>> DisclosureRepository::Notices(Transaction& tx, const AccessContext& ctx) {
  auto rows = tx.Query(kSelectNotices, {ctx.party});
  if (!rows.ok()) return rows.status();
  std::vector<CorrectionNotice> out;
  for (const Row& row : *rows) {
    out.push_back({row.Int(0), row.Text(1), row.Int(2), row.Text(3), row.Text(4), row.Text(5), row.Text(6),
                   internal::TextOrNone(row, 7), internal::TextOrNone(row, 8), ctx.party});
  }
  return out;
}

Result<std::vector<CorrectionSent>> DisclosureRepository::NotifyEnd(Transaction& tx, const AccessContext& ctx,
                                                                    std::int64_t case_id, const std::string& trigger,
                                                                    const std::string& purge_after) {
  auto youth = tx.Query(kSelectCaseYouth, {case_id, ctx.party});
  if (!youth.ok()) return youth.status();
  if (youth->empty()) return Status::NotFound("zaak niet gevonden");
  auto subject = internal::YouthSubject(tx, keys_, youths_, ctx.party, youth->front().Int(0));
  if (!subject.ok()) return subject.status();
  auto rows = tx.Query(kSelectRecipientsOfCase, {case_id, ctx.party});
  if (!rows.ok()) return rows.status();
  const std::string now = internal::NowUtc(clock_);
  std::vector<CorrectionSent> out;
  for (const Row& row : *rows) {
    const std::string recipient = row.Text(1);
    if (Status s = tx.Execute(kInsertEndNotice, {recipient, ctx.party, row.Int(0), trigger, now, purge_after});
        !s.ok()) {
      return s;
    }
    audit::LogEntry sent = internal::EntryFor(ctx, "beeindiging.melden", *subject, {});
    sent.purpose = row.Text(2);
    sent.recipient = recipient;
    if (Status l = log_.Append(tx, sent); !l.ok()) return l;
    audit::LogEntry received = internal::EntryFor(ctx, "beeindiging.ontvangen", *subject, {});
    received.party = recipient;
    received.actor = "system";
    received.purpose = row.Text(2);
    if (Status l = log_.Append(tx, received); !l.ok()) return l;
    out.push_back({recipient, row.Int(0)});
  }
  return out;
}

Result<int> DisclosureRepository::PurgeEnded(Transaction& tx, const AccessContext& ctx, const std::string& today) {
  auto due = tx.Query(kSelectDue, {ctx.party, today});
  if (!due.ok()) return due.status();
  int purged = 0;
  const std::string now = internal::NowUtc(clock_);
  for (const Row& row : *due) {
    const std::int64_t disclosure_id = row.Int(1);
    // The subject, before the copy (and with it the link to the youth in this space) is gone.
    auto subject = SubjectOfDisclosure(tx, disclosure_id, ctx.party);
    if (!subject.ok()) return subject.status();
    if (Status s = tx.Execute(kDeleteCopy, {ctx.party, disclosure_id}); !s.ok()) return s;
    if (Status s = tx.Execute(kMarkPurged, {now, row.Int(0)}); !s.ok()) return s;
    audit::LogEntry entry = internal::EntryFor(ctx, "ontvangen.verwijderen", *subject, {});
    entry.outcome = "ok";
    if (Status l = log_.Append(tx, entry); !l.ok()) return l;
    ++purged;
  }
  return purged;
}

}  // namespace leerrecht::store
