// Disclosures (verstrekkingen) between parties and the recipient's received copy with provenance; both sides logged.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "audit/processing_log.h"
#include "core/clock.h"
#include "crypto/key_ring.h"
#include "store/database.h"
#include "store/repositories/youth_repository.h"

namespace leerrecht::store {

// One granted field and its value as disclosed.
struct DisclosedValue {
  std::string field;  // DESIGN.md §4 field id, expanded (no shorthands)
  std::string value;
};

struct NewDisclosure {
  std::string recipient_party;
  std::string agreement_id;
  std::int64_t agreement_version = 0;
  std::int64_t case_id = 0;  // of ctx.party; its youth is the data subject
  std::string purpose;
  std::string decision_json;       // the decision engine's answer, as printed
  std::string documentation_json;  // its documentation object (SPEC W-30: recipient, date, description, purpose)
  std::string notice;              // confidentiality notice for the recipient (W-29); "" when none
  // The recipient's legal basis for receiving, for its log entry; ctx.legal_basis when empty.
  std::string recipient_legal_basis;
  std::vector<DisclosedValue> granted;  // only granted fields: refused ones are never sent
  // A further ground the sender's log entry names after ctx.legal_basis, e.g. an approved
  // exception to the secrecy of OM data with its approver (SPEC W-23).
  std::string extra_legal_basis;
};

// A quarterly covenant list as it leaves ctx.party (SPEC C-16, C-36): one record for the whole
// list. No copy lands in the recipient's space: the file goes by the parties' own secure channel,
// so no time of receipt is known here (C-33).
struct NewListDisclosure {
  std::string recipient_party;
  std::string agreement_id;
  std::int64_t agreement_version = 0;
  std::string purpose;
  std::string decision_json;
  std::string documentation_json;  // W-30's four elements plus the number of records per category
  // Per youth of ctx.party on the list, the fields of its row(s): each gets a `verstrekking` entry
  // in the processing log, so the youth's own log names the recipient (DESIGN.md §7).
  std::map<std::int64_t, std::set<std::string>> subjects;
};

// SPEC: a disclosure to a recipient outside Leerrecht's parties (the municipality's
// OOV team) on a separate basis the legal adviser recorded. The values are handed over by the
// sender; nothing lands in a recipient's space here, so no time of receipt is known.
struct NewExternalDisclosure {
  std::string recipient_party;  // the basis's recipient id (a slug), not a party of the system
  std::string agreement_id;     // "aparte-grondslag-N": the recorded basis
  std::int64_t agreement_version = 1;
  std::int64_t case_id = 0;  // of ctx.party
  std::string purpose;
  std::string decision_json;
  std::string documentation_json;
  std::string legal_basis;  // the basis, for the log entry
  std::vector<std::string> fields;
};

// SPEC C-35: the notice to the originating party of a statutory onward disclosure.
struct OnwardReport {
  std::int64_t notice_id = 0;
  std::string told_party;  // the party the data came from
};

// A disclosure as the sender's record holds it.
struct Disclosure {
  std::int64_t id = 0;
  std::string sender_party;
  std::string recipient_party;
  std::string agreement_id;
  std::int64_t agreement_version = 0;
  std::optional<std::int64_t> case_id;
  std::string purpose;
  std::string decision_json;
  std::string documentation_json;
  std::string sent_at;
  std::optional<std::string> received_at;
  std::vector<std::string> fields;  // the granted field ids, in the order sent
};

// One received field in the recipient's space, with where it came from.
struct ReceivedItem {
  std::int64_t id = 0;
  std::int64_t disclosure_id = 0;
  std::string source_party;
  std::string agreement_id;
  std::string purpose;
  std::optional<std::string> notice;
  std::string field;
  std::string value;
  std::string received_at;
  std::optional<std::string> corrected_at;  // set when the sender corrected the value (W-27)
};

// A received disclosure that came with a confidentiality notice (SPEC W-29): metadata, no values.
struct ReceivedNotice {
  std::int64_t disclosure_id = 0;
  std::string source_party;
  std::string notice;
};

// One recipient's copy changed by a correction (SPEC W-27).
struct CorrectionSent {
  std::string recipient_party;
  std::int64_t disclosure_id = 0;
};

// A notice in the recipient's space: a correction (SPEC W-27) or the end of processing (C-39).
struct CorrectionNotice {
  std::int64_t id = 0;
  std::string source_party;
  std::int64_t disclosure_id = 0;
  std::string kind;    // "correctie" | "beeindiging" | "doorverstrekking"
  std::string field;   // the corrected field; "" for an end notice
  std::string detail;  // the end trigger code for an end notice
  std::string created_at;
  std::optional<std::string> purge_after;  // end notice: the copy goes after this day (C-40)
  std::optional<std::string> purged_at;
  std::string party;  // the party it is addressed to
};

// The date of birth as an anonymised disclosure gives it (SPEC Q-47): the age in whole years on
// `on`, "13 jaar". A correction of the date of birth reaches such a copy in the same form.
std::string AgeText(Date birth, Date on);

class DisclosureRepository {
 public:
  DisclosureRepository(const crypto::KeyRing& keys, const YouthRepository& youths, audit::ProcessingLog& log,
                       const Clock& clock)
      : keys_(keys), youths_(youths), log_(log), clock_(clock) {}

  // Records a decided disclosure from ctx.party and delivers it in the same transaction: the
  // disclosure row, one received_data row per granted field in the recipient's space (value
  // encrypted under the recipient's associated data), a "verstrekking" entry for the sender
  // (recipient set, fields = granted) and an "ontvangst" entry for the recipient. The decision is
  // the caller's: this records it. kInvalidInput when a W-30 element (recipient, purpose,
  // documentation, fields) is missing, a field repeats, or the recipient is the sender;
  // kNotFound for an unknown recipient party or a case outside ctx.party.
  Result<std::int64_t> Record(Transaction& tx, const AccessContext& ctx, const NewDisclosure& disclosure);

  // Records a released quarterly covenant list; the per-youth reads behind it were logged when
  // the list was made. kInvalidInput without recipient, purpose or documentation.
  Result<std::int64_t> RecordList(Transaction& tx, const AccessContext& ctx, const NewListDisclosure& list);
  // Records an exceptional disclosure (SPEC R-08) with one `verstrekking` log entry about the
  // case's youth that names the basis. kInvalidInput without fields or documentation.
  Result<std::int64_t> RecordExternal(Transaction& tx, const AccessContext& ctx, const NewExternalDisclosure& d);

  // ctx.party's register of disclosures (SPEC W-30, C-36): every disclosure it sent or that was
  // addressed to it, with sent_at in [from, until), oldest first. What left and why, never a
  // value: fields stay empty, and the case number only where ctx.party sent it. Not logged here:
  // the caller logs the register as read.
  Result<std::vector<Disclosure>> ListRegister(Transaction& tx, const AccessContext& ctx, std::string_view from,
                                               std::string_view until);

  // The statutory onward disclosures (SPEC C-35) ctx.party reported or was told of, created in
  // [from, until), oldest first, as their notices: party_id is the party told, source_party the
  // one that passed the data on. For the register; not logged here.
  Result<std::vector<CorrectionNotice>> ListOnward(Transaction& tx, const AccessContext& ctx, std::string_view from,
                                                   std::string_view until);

  // Every disclosure from ctx.party about the case, oldest first: which fields went to whom
  // (SPEC W-27 correction notices; showing a parent every disclosure). kNotFound when the case is
  // not in ctx.party. One log entry for the youth.
  Result<std::vector<Disclosure>> ListForCase(Transaction& tx, const AccessContext& ctx, std::int64_t case_id);

  // What ctx.party has received, optionally from one disclosure, else optionally from one source
  // party, oldest first. One log entry per data subject read.
  Result<std::vector<ReceivedItem>> ListReceived(Transaction& tx, const AccessContext& ctx,
                                                 std::optional<std::int64_t> disclosure_id = std::nullopt,
                                                 const std::string& source_party = "");

  // SPEC W-29: the user of ctx acknowledged the confidentiality notice of a disclosure ctx.party
  // received, before its content is shown. Logged about the youth as its own event; returns the
  // moment of the acknowledgement as stored. kNotFound for a disclosure not addressed to ctx.party.
  Result<std::string> AcknowledgeNotice(Transaction& tx, const AccessContext& ctx, std::int64_t disclosure_id);

  // SPEC W-27: ctx.party corrected `field` of its youth; every copy of that field it disclosed
  // gets the new value (marked corrected) and a correction notice in the recipient's space, in
  // this transaction — so the recipient knows the same working day. Logged on both sides.
  Result<std::vector<CorrectionSent>> Correct(Transaction& tx, const AccessContext& ctx, std::int64_t youth_id,
                                              const std::string& field, const std::string& value);
  // SPEC C-39: processing of the case's youth ended with `trigger`; every recipient of a
  // disclosure about the case gets an end notice, and its copy is to be deleted after
  // `purge_after` (SPEC C-40: the end of the following quarter). Logged on both sides.
  Result<std::vector<CorrectionSent>> NotifyEnd(Transaction& tx, const AccessContext& ctx, std::int64_t case_id,
                                                const std::string& trigger, const std::string& purge_after);
  // SPEC C-35: ctx.party passed data of a disclosure it received on to `recipient` because a
  // statutory obligation requires it. Records a notice of kind "doorverstrekking" in the
  // originating party's space (detail: recipient and obligation; field: the fields, ", "-joined)
  // in this transaction, so it knows the same day; logged on both sides. The data themselves leave
  // by the recipient's statutory channel. kNotFound for a disclosure ctx.party did not receive.
  // Returns the notice and the party it told.
  Result<OnwardReport> ReportStatutoryDisclosure(Transaction& tx, const AccessContext& ctx, std::int64_t disclosure_id,
                                                 const std::string& recipient, const std::string& obligation);

  // The disclosures ctx.party received with a confidentiality notice, from `source_party` or, when
  // empty, from any party, by id. Not logged: no value is read, so the notice can come first.
  Result<std::vector<ReceivedNotice>> NoticesOfReceived(Transaction& tx, const AccessContext& ctx,
                                                        const std::string& source_party);

  // SPEC C-40: deletes ctx.party's received copies whose end notice's purge date lies before
  // `today`, logging each deletion; returns how many disclosures were purged.
  Result<int> PurgeEnded(Transaction& tx, const AccessContext& ctx, const std::string& today);
  // The correction notices addressed to ctx.party, newest first. Not logged: they name a
  // disclosure and a field, no values.
  Result<std::vector<CorrectionNotice>> Notices(Transaction& tx, const AccessContext& ctx);

 private:
  Result<std::string> SubjectOfDisclosure(Transaction& tx, std::int64_t disclosure_id, const std::string& recipient);

  const crypto::KeyRing& keys_;
  const YouthRepository& youths_;
  audit::ProcessingLog& log_;
  const Clock& clock_;
};

}  // namespace leerrecht::store
