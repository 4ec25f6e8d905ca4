// The tamper-evident processing log (docs/formats/processing-log.md): append, checkpoint, verify, export.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "crypto/hash.h"
#include "crypto/key_ring.h"
#include "store/database.h"

namespace leerrecht::audit {

// W3C Trace Context ids for one request (trace) and one unit of work in it (span).
struct TraceContext {
  std::string trace_id;  // 32 lower-case hex
  std::string span_id;   // 16 lower-case hex
  static TraceContext New();
  [[nodiscard]] TraceContext Child() const;  // same trace, new span
};

struct LogEntry {
  std::string activity;                // "dossier.lezen"
  std::string processing_activity_id;  // "leerrecht:verzuimregistratie"
  std::string actor;                   // "user:12" or "system"
  std::string party;                   // tenant on whose behalf
  std::string subject;                 // KeyRing::SubjectPseudonym, never a BSN
  std::string subject_type = "jongere";
  std::vector<std::string> fields;     // field ids touched
  std::string purpose;
  std::string legal_basis;
  std::string recipient;               // for disclosures
  std::string outcome = "ok";          // ok | refused | error
  TraceContext trace;
};

inline constexpr std::int64_t kCheckpointInterval = 1000;

// A stored entry, as read back for verification and export.
struct StoredEntry {
  std::int64_t seq = 0;
  std::string logged_at;
  LogEntry entry;
  std::string fields_joined;
  std::string hash;  // 32 bytes
};

// The unambiguous byte string the chain hashes (length-prefixed values in a fixed order).
std::string CanonicalEncoding(std::int64_t seq, std::string_view logged_at, const LogEntry& entry,
                              std::string_view fields_joined);
std::string CheckpointMessage(std::int64_t seq, std::string_view hash, std::string_view signed_at);

class ProcessingLog {
 public:
  // Reads the head of the chain (last entry and checkpoint) from the database.
  static Result<std::unique_ptr<ProcessingLog>> Open(store::Database& db, const crypto::KeyRing& keys,
                                                     const Clock& clock);

  // Appends one entry inside the caller's write transaction, so the entry commits or rolls back
  // with the change it records; writes a signed checkpoint after every 1,000th entry. In a read
  // transaction the entry is kept and written, in one write transaction, when the read commits;
  // that commit fails if the entries cannot be written.
  Status Append(store::Transaction& tx, const LogEntry& entry);

  // A checkpoint at the current head (own transaction), unless the head is already covered;
  // then `DIR/log-head` is rewritten when `head_file` is given. Used at shutdown.
  Status CheckpointNow(const std::string& head_file = "");

  // The clock that times every entry: a repository that records the moment of a change it logs
  // takes it from here, so the change and its entry agree.
  [[nodiscard]] const Clock& clock() const { return clock_; }

  // The last committed entry this process knows of.
  [[nodiscard]] std::int64_t head_seq() const {
    std::lock_guard lock(head_mu_);
    return head_.seq;
  }

 private:
  ProcessingLog(store::Database& db, const crypto::KeyRing& keys, const Clock& clock)
      : db_(db), keys_(keys), clock_(clock) {}
  struct Head {
    std::int64_t seq = 0;
    std::string hash = std::string(32, '\0');
    std::int64_t checkpoint_seq = 0;
  };
  Status WriteCheckpoint(store::Transaction& tx, const Head& head, Head& updated);
  static Result<Head> ReadHead(store::Transaction& tx);

  store::Database& db_;
  const crypto::KeyRing& keys_;
  const Clock& clock_;
  mutable std::mutex head_mu_;
  Head head_;  // committed; guarded by head_mu_
  // The head inside the current write transaction. Only the holder of the database's writer
  // lock appends, so these need no lock of their own; the commit hook takes a copy.
  std::shared_ptr<Head> pending_;
  std::uint64_t pending_tx_ = 0;
};

struct VerifyReport {
  bool intact = false;
  std::int64_t entries = 0;
  std::int64_t checkpoints = 0;
  std::int64_t first_bad_seq = 0;  // 0 when intact or when the problem is not one entry
  std::string problem;             // English, for the auditor's terminal
};

// Checks the whole chain and every checkpoint against the key ring's public key, and the
// head file when given (see the format page for what each check catches).
Result<VerifyReport> Verify(store::Database& db, const crypto::KeyRing& keys, const std::string& head_file = "");

// The entries one party wrote about one data subject, newest first, `limit` from `offset` on
// (the per-youth log viewer, SPEC C-37, W-12). Scoped by party: the pseudonym is the same in every
// party's entries, and one tenant never reads another's. Reads only; the caller logs the read.
Result<std::vector<StoredEntry>> ReadSubjectEntries(store::Transaction& tx, std::string_view party,
                                                    std::string_view subject, std::int64_t limit,
                                                    std::int64_t offset);
Result<std::int64_t> CountSubjectEntries(store::Transaction& tx, std::string_view party, std::string_view subject);

// One LDV-shaped JSON object per line; returns the number of entries written.
Result<std::int64_t> ExportLdv(store::Database& db, std::ostream& out, std::string_view version);

}  // namespace leerrecht::audit
