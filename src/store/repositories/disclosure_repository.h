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
};

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

 private:
  Result<std::string> SubjectOfDisclosure(Transaction& tx, std::int64_t disclosure_id, const std::string& recipient);

  const crypto::KeyRing& keys_;
  const YouthRepository& youths_;
  audit::ProcessingLog& log_;
  const Clock& clock_;
};

}  // namespace leerrecht::store
