// Disclosures (verstrekkingen) between parties and the recipient's received copy with provenance; both sides logged.
#pragma once

#include <cstdint>
#include <optional>
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
  std::string kind;    // "correctie" | "beeindiging"
  std::string field;   // the corrected field; "" for an end notice
  std::string detail;  // the end trigger code for an end notice
  std::string created_at;
  std::optional<std::string> purge_after;  // end notice: the copy goes after this day (C-40)
  std::optional<std::string> purged_at;
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

  // Every disclosure from ctx.party about the case, oldest first: which fields went to whom
  // (SPEC W-27 correction notices; showing a parent every disclosure). kNotFound when the case is
  // not in ctx.party. One log entry for the youth.
  Result<std::vector<Disclosure>> ListForCase(Transaction& tx, const AccessContext& ctx, std::int64_t case_id);

  // What ctx.party has received, optionally from one disclosure, oldest first. One log entry per
  // data subject read.
  Result<std::vector<ReceivedItem>> ListReceived(Transaction& tx, const AccessContext& ctx,
                                                 std::optional<std::int64_t> disclosure_id = std::nullopt);

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
