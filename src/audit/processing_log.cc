#include "audit/processing_log.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/timestamp.h"
#include "crypto/encoding.h"

namespace leerrecht::audit {

namespace {

// SQL as named constants (STYLE.md point 7).
constexpr std::string_view kInsertEntry =
    "INSERT INTO processing_log (seq, logged_at, activity, processing_activity_id, actor, party_id, subject, "
    "subject_type, fields, purpose, legal_basis, recipient, outcome, trace_id, span_id, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
// One row always: the last checkpoint (NULL when none) and the last entry (NULLs when none).
constexpr std::string_view kSelectHead =
    "SELECT (SELECT seq FROM log_checkpoints ORDER BY seq DESC LIMIT 1), l.seq, l.hash FROM (SELECT 1) "
    "LEFT JOIN (SELECT seq, hash FROM processing_log ORDER BY seq DESC LIMIT 1) l";
constexpr std::string_view kInsertCheckpoint =
    "INSERT INTO log_checkpoints (seq, hash, signed_at, key_id, signature) VALUES (?, ?, ?, ?, ?)";
// rowid order is insertion order; comparing it with seq order reveals reordered rows.
constexpr std::string_view kSelectAllEntries =
    "SELECT seq, logged_at, activity, processing_activity_id, actor, party_id, subject, subject_type, fields, "
    "purpose, legal_basis, recipient, outcome, trace_id, span_id, hash FROM processing_log ORDER BY seq";
constexpr std::string_view kSelectCheckpoints =
    "SELECT seq, hash, signed_at, key_id, signature FROM log_checkpoints ORDER BY seq";
constexpr std::string_view kSelectCheckpointBySeq =
    "SELECT seq, hash, signed_at, key_id, signature FROM log_checkpoints WHERE seq = ?";
constexpr std::string_view kSelectEntryHash = "SELECT hash FROM processing_log WHERE seq = ?";
// One subject's entries within one party: the processing_log_subject index finds the subject's
// rows in seq (rowid) order, so newest-first paging needs no sort.
constexpr std::string_view kSelectSubjectEntries =
    "SELECT seq, logged_at, activity, processing_activity_id, actor, party_id, subject, subject_type, fields, "
    "purpose, legal_basis, recipient, outcome, trace_id, span_id, hash FROM processing_log "
    "WHERE subject = ? AND party_id = ? ORDER BY seq DESC LIMIT ? OFFSET ?";
constexpr std::string_view kCountSubjectEntries =
    "SELECT COUNT(*) FROM processing_log WHERE subject = ? AND party_id = ?";

void AppendValue(std::string& out, std::string_view value) {
  const auto n = static_cast<std::uint32_t>(value.size());
  out.push_back(static_cast<char>((n >> 24) & 0xff));
  out.push_back(static_cast<char>((n >> 16) & 0xff));
  out.push_back(static_cast<char>((n >> 8) & 0xff));
  out.push_back(static_cast<char>(n & 0xff));
  out.append(value);
}

// The fields column: sorted, each once, comma-separated. Sorting views into a reused buffer keeps
// the append free of allocations once the buffers have grown.
void JoinFieldsInto(std::string& out, std::vector<std::string_view>& sorted, const std::vector<std::string>& fields) {
  sorted.assign(fields.begin(), fields.end());
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  out.clear();
  for (std::string_view f : sorted) {
    if (!out.empty()) out += ',';
    out += f;
  }
}

std::string RandomHex(std::size_t bytes) {
  unsigned char raw[16];
  crypto::RandomFill(raw, bytes);
  return crypto::HexEncode(std::span<const std::uint8_t>(raw, bytes));
}

}  // namespace

TraceContext TraceContext::New() { return {RandomHex(16), RandomHex(8)}; }
TraceContext TraceContext::Child() const { return {trace_id, RandomHex(8)}; }

namespace {

// The values of one entry in encoding order, as views: verification encodes straight from the
// database row without copying (≥ 1,000,000 entries/s).
struct EntryView {
  std::string_view values[13];
};

EntryView ViewOf(const LogEntry& e, std::string_view fields_joined) {
  return {{e.activity, e.processing_activity_id, e.actor, e.party, e.subject, e.subject_type, fields_joined,
           e.purpose, e.legal_basis, e.recipient, e.outcome, e.trace.trace_id, e.trace.span_id}};
}

void EncodeInto(std::string& out, std::int64_t seq, std::string_view logged_at, const EntryView& v) {
  out.assign("LRLOG1");
  char digits[24];
  const int n = std::snprintf(digits, sizeof digits, "%lld", static_cast<long long>(seq));
  AppendValue(out, std::string_view(digits, static_cast<std::size_t>(n)));
  AppendValue(out, logged_at);
  for (std::string_view value : v.values) AppendValue(out, value);
}

crypto::Hash32 ChainHashOf(std::string_view previous, std::string_view encoding) {
  crypto::Blake2bHasher hasher;
  hasher.Update(previous);
  hasher.Update(encoding);
  return hasher.Final();
}

// FormatUtc(tp) exactly ("2025-03-14T09:30:00.123456Z"), with the date and time of the current
// second kept, so that a burst of appends formats only the microseconds.
void FormatLoggedAt(std::string& out, std::chrono::system_clock::time_point tp) {
  thread_local std::int64_t cached_second = std::numeric_limits<std::int64_t>::min();
  thread_local std::string cached_prefix;  // "2025-03-14T09:30:00."
  const auto since_epoch = std::chrono::duration_cast<std::chrono::microseconds>(tp.time_since_epoch());
  const auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  if (seconds.count() != cached_second) {
    std::string full = FormatUtc(tp);
    cached_prefix.assign(full, 0, full.size() - 7);  // without "ffffffZ"
    cached_second = seconds.count();
  }
  auto fraction = static_cast<std::uint32_t>((since_epoch - seconds).count());
  char digits[7];
  for (int i = 5; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  digits[6] = 'Z';
  out.assign(cached_prefix);
  out.append(digits, sizeof digits);
}

// Buffers of one thread's appends, reused from entry to entry. The parameters keep their string
// capacity too: binding a log row then copies bytes but allocates nothing.
struct AppendScratch {
  std::string logged_at;
  std::string fields;
  std::vector<std::string_view> sorted_fields;
  std::string encoding;
  std::vector<store::Value> params;
};

void SetText(store::Value& value, std::string_view text) {
  if (auto* s = std::get_if<std::string>(&value)) {
    s->assign(text);
  } else {
    value = std::string(text);
  }
}

}  // namespace

std::string CanonicalEncoding(std::int64_t seq, std::string_view logged_at, const LogEntry& e,
                              std::string_view fields_joined) {
  std::string out;
  EncodeInto(out, seq, logged_at, ViewOf(e, fields_joined));
  return out;
}

std::string CheckpointMessage(std::int64_t seq, std::string_view hash, std::string_view signed_at) {
  return "leerrecht-log-checkpoint-v1\n" + std::to_string(seq) + "\n" + crypto::HexEncode(hash) + "\n" +
         std::string(signed_at) + "\n";
}

Result<ProcessingLog::Head> ProcessingLog::ReadHead(store::Transaction& tx) {
  Head head;
  Status s = tx.ForEach(kSelectHead, {}, [&head](const store::RowView& r) {
    if (!r.IsNull(0)) head.checkpoint_seq = r.Int(0);
    if (!r.IsNull(1)) {
      head.seq = r.Int(1);
      head.hash.assign(r.Bytes(2));
    }
    return false;
  });
  if (!s.ok()) return s;
  return head;
}

Result<std::unique_ptr<ProcessingLog>> ProcessingLog::Open(store::Database& db, const crypto::KeyRing& keys,
                                                           const Clock& clock) {
  std::unique_ptr<ProcessingLog> log(new ProcessingLog(db, keys, clock));
  auto tx = db.BeginRead();
  if (!tx.ok()) return tx.status();
  auto head = ReadHead(**tx);
  if (!head.ok()) return head.status();
  log->head_ = std::move(*head);
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return log;
}

Status ProcessingLog::WriteCheckpoint(store::Transaction& tx, const Head& head, Head& updated) {
  const std::string signed_at = FormatUtc(clock_.Now());
  const std::string signature = keys_.Sign(CheckpointMessage(head.seq, head.hash, signed_at));
  if (Status s = tx.Execute(kInsertCheckpoint, {head.seq, store::Blob{head.hash}, signed_at, keys_.KeyId(),
                                                store::Blob{signature}});
      !s.ok()) {
    return s;
  }
  updated.checkpoint_seq = head.seq;
  return Status::Ok();
}

Status ProcessingLog::Append(store::Transaction& tx, const LogEntry& entry) {
  if (tx.read_only()) {
    // A read on a reader connection: the entries are written when the read commits, in one
    // write transaction, and the read's Commit() fails if they cannot be (Transaction::FinishWith).
    std::shared_ptr<void>& slot = tx.log_slot();
    if (!slot) {
      auto batch = std::make_shared<std::vector<LogEntry>>();
      slot = batch;
      tx.FinishWith([this, batch]() -> Status {
        auto write = db_.BeginWrite();
        if (!write.ok()) return write.status();
        for (const LogEntry& e : *batch) {
          if (Status s = Append(**write, e); !s.ok()) return s;
        }
        return (*write)->Commit();
      });
    }
    static_cast<std::vector<LogEntry>*>(slot.get())->push_back(entry);
    return Status::Ok();
  }
  if (pending_tx_ != tx.serial()) {
    // First entry of this transaction. The database is the truth: an earlier transaction of the
    // same commit group, or another process (a CLI import beside the server), may have appended
    // since this object last looked.
    auto head = ReadHead(tx);
    if (!head.ok()) return head.status();
    pending_ = std::make_shared<Head>(std::move(*head));
    pending_tx_ = tx.serial();
    tx.OnCommit([this, committed = pending_] {
      std::lock_guard lock(head_mu_);
      if (committed->seq > head_.seq) head_ = *committed;
    });
  }
  Head& pending = *pending_;
  const std::int64_t seq = pending.seq + 1;
  thread_local AppendScratch scratch;
  FormatLoggedAt(scratch.logged_at, clock_.Now());
  JoinFieldsInto(scratch.fields, scratch.sorted_fields, entry.fields);
  EncodeInto(scratch.encoding, seq, scratch.logged_at, ViewOf(entry, scratch.fields));
  const crypto::Hash32 hash = ChainHashOf(pending.hash, scratch.encoding);
  const std::string_view hash_bytes(reinterpret_cast<const char*>(hash.data()), hash.size());

  // The columns of kInsertEntry, in order.
  std::vector<store::Value>& p = scratch.params;
  p.resize(16);
  p[0] = seq;
  SetText(p[1], scratch.logged_at);
  const EntryView view = ViewOf(entry, scratch.fields);
  for (int i = 0; i < 13; ++i) SetText(p[static_cast<std::size_t>(i) + 2], view.values[i]);
  if (auto* blob = std::get_if<store::Blob>(&p[15])) {
    blob->bytes.assign(hash_bytes);
  } else {
    p[15] = store::Blob{std::string(hash_bytes)};
  }
  if (Status s = tx.Execute(kInsertEntry, p); !s.ok()) return s;
  if (seq % kCheckpointInterval == 0) {
    Head next = pending;
    next.seq = seq;
    next.hash.assign(hash_bytes);
    if (Status c = WriteCheckpoint(tx, next, next); !c.ok()) return c;
    pending = std::move(next);
    return Status::Ok();
  }
  pending.seq = seq;
  pending.hash.assign(hash_bytes);
  return Status::Ok();
}

Status ProcessingLog::CheckpointNow(const std::string& head_file) {
  auto tx = db_.BeginWrite();
  if (!tx.ok()) return tx.status();
  // The head is read inside the writer lock: the database is the truth.
  auto read_head = ReadHead(**tx);
  if (!read_head.ok()) return read_head.status();
  Head head = std::move(*read_head);
  if (head.seq > 0 && head.checkpoint_seq < head.seq) {
    Head updated = head;
    if (Status s = WriteCheckpoint(**tx, head, updated); !s.ok()) return s;
    head = std::move(updated);
  }
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  {
    std::lock_guard lock(head_mu_);
    if (head.seq >= head_.seq) head_ = head;
  }
  if (head_file.empty() || head.checkpoint_seq == 0) return Status::Ok();
  // The head file repeats the latest checkpoint outside the database (see the format page).
  auto read = db_.BeginRead();
  if (!read.ok()) return read.status();
  auto rows = (*read)->Query(kSelectCheckpointBySeq, {head.checkpoint_seq});
  if (!rows.ok()) return rows.status();
  (void)(*read)->Commit();
  if (rows->empty()) return Status::Internal("checkpoint ontbreekt");
  const auto& r = rows->front();
  const std::string tmp = head_file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "leerrecht-log-checkpoint-v1\n"
        << r.Int(0) << "\n"
        << crypto::HexEncode(r.Text(1)) << "\n"
        << r.Text(2) << "\n"
        << crypto::Base64Encode(r.Text(4)) << "\n";
    out.flush();
    if (!out) return Status::Io("kan " + head_file + " niet schrijven");
  }
  if (std::rename(tmp.c_str(), head_file.c_str()) != 0) return Status::Io("kan " + head_file + " niet schrijven");
  return Status::Ok();
}

Result<VerifyReport> Verify(store::Database& db, const crypto::KeyRing& keys, const std::string& head_file) {
  VerifyReport report;
  auto tx = db.BeginRead();
  if (!tx.ok()) return tx.status();
  std::string previous(32, '\0');
  std::int64_t expected_seq = 1;
  bool broken = false;
  auto fail = [&](std::int64_t seq, std::string problem) {
    broken = true;
    report.first_bad_seq = seq;
    report.problem = std::move(problem);
    return false;
  };
  std::string encoding;
  encoding.reserve(512);
  EntryView view;
  Status s = (*tx)->ForEach(kSelectAllEntries, {}, [&](const store::RowView& r) {
    const std::int64_t seq = r.Int(0);
    if (seq != expected_seq) {
      return fail(expected_seq, seq > expected_seq ? "entry " + std::to_string(expected_seq) + " is missing (deleted)"
                                                   : "entry " + std::to_string(seq) + " appears twice");
    }
    // Columns 2..14 are the encoded values in order (fields is column 8, as in EntryView).
    for (int c = 2; c <= 14; ++c) view.values[c - 2] = r.Text(c);
    EncodeInto(encoding, seq, r.Text(1), view);
    const crypto::Hash32 hash = ChainHashOf(previous, encoding);
    const std::string_view stored = r.Bytes(15);
    if (stored.size() != hash.size() || std::memcmp(stored.data(), hash.data(), hash.size()) != 0) {
      return fail(seq, "entry " + std::to_string(seq) + ": hash does not match (changed, reordered or inserted)");
    }
    previous.assign(reinterpret_cast<const char*>(hash.data()), hash.size());
    ++expected_seq;
    ++report.entries;
    return true;
  });
  if (!s.ok()) return s;
  if (broken) return report;

  const std::string public_key = keys.PublicKey();
  std::int64_t next_due = kCheckpointInterval;  // every multiple of the interval must have one
  s = (*tx)->ForEach(kSelectCheckpoints, {}, [&](const store::RowView& r) {
    const std::int64_t seq = r.Int(0);
    if (seq > next_due && next_due <= report.entries) {
      return fail(next_due, "checkpoint " + std::to_string(next_due) + " is missing (deleted)");
    }
    if (seq == next_due) next_due += kCheckpointInterval;
    if (seq < 1 || seq > report.entries) {
      return fail(0, "checkpoint " + std::to_string(seq) + " names an entry that does not exist (log cut off?)");
    }
    const std::string hash(r.Bytes(1));
    const std::string message = CheckpointMessage(seq, hash, r.Text(2));
    if (!crypto::KeyRing::VerifySignature(public_key, message, r.Bytes(4))) {
      return fail(seq, "checkpoint " + std::to_string(seq) + ": signature does not verify");
    }
    report.checkpoints++;
    return true;
  });
  if (!s.ok()) return s;
  if (broken) return report;
  // Each checkpoint's hash must equal its entry's hash (a re-signed fork would fail the signature).
  s = (*tx)->ForEach(kSelectCheckpoints, {}, [&](const store::RowView& r) {
    auto entry = (*tx)->Query(kSelectEntryHash, {r.Int(0)});
    if (!entry.ok() || entry->empty() || entry->front().Text(0) != r.Bytes(1)) {
      return fail(r.Int(0), "checkpoint " + std::to_string(r.Int(0)) + ": hash differs from entry " +
                                std::to_string(r.Int(0)));
    }
    return true;
  });
  if (!s.ok()) return s;
  if (broken) return report;
  if (next_due <= report.entries) {
    report.problem = "checkpoint " + std::to_string(next_due) + " is missing (deleted)";
    report.first_bad_seq = next_due;
    return report;
  }
  if (!head_file.empty()) {
    std::ifstream in(head_file);
    if (in) {
      std::string tag, seq_text, hash_hex;
      std::getline(in, tag);
      std::getline(in, seq_text);
      std::getline(in, hash_hex);
      std::int64_t seq = 0;
      try {
        seq = std::stoll(seq_text);
      } catch (const std::exception&) {
        seq = -1;
      }
      auto entry = (*tx)->Query(kSelectEntryHash, {seq});
      if (tag != "leerrecht-log-checkpoint-v1" || seq < 1 || !entry.ok() || entry->empty() ||
          crypto::HexEncode(entry->front().Text(0)) != hash_hex) {
        report.problem = "log-head names checkpoint " + seq_text + ", which the log no longer holds (log cut off?)";
        return report;
      }
    }
  }
  (void)(*tx)->Commit();
  report.intact = true;
  return report;
}

Result<std::int64_t> ExportLdv(store::Database& db, std::ostream& out, std::string_view version) {
  auto tx = db.BeginRead();
  if (!tx.ok()) return tx.status();
  std::int64_t count = 0;
  Status s = (*tx)->ForEach(kSelectAllEntries, {}, [&](const store::RowView& r) {
    nlohmann::ordered_json j;
    j["trace_id"] = r.Text(13);
    j["span_id"] = r.Text(14);
    j["name"] = r.Text(2);
    j["start_time"] = r.Text(1);
    j["end_time"] = r.Text(1);
    j["status_code"] = r.Text(12) == "error" ? "ERROR" : "OK";
    j["resource"] = {{"name", r.Text(5)}, {"version", version}};
    nlohmann::ordered_json a;
    a["dpl.core.processing_activity_id"] = r.Text(3);
    a["dpl.core.data_subject_id"] = r.Text(6);
    a["dpl.core.data_subject_id_type"] = "pseudoniem:" + std::string(r.Text(7));
    a["leerrecht.seq"] = r.Int(0);
    a["leerrecht.actor"] = r.Text(4);
    a["leerrecht.fields"] = r.Text(8);
    a["leerrecht.purpose"] = r.Text(9);
    a["leerrecht.legal_basis"] = r.Text(10);
    a["leerrecht.recipient"] = r.Text(11);
    a["leerrecht.outcome"] = r.Text(12);
    j["attributes"] = std::move(a);
    out << j.dump() << '\n';
    ++count;
    return true;
  });
  if (!s.ok()) return s;
  (void)(*tx)->Commit();
  return count;
}

Result<std::vector<StoredEntry>> ReadSubjectEntries(store::Transaction& tx, std::string_view party,
                                                    std::string_view subject, std::int64_t limit,
                                                    std::int64_t offset) {
  std::vector<StoredEntry> out;
  Status s = tx.ForEach(kSelectSubjectEntries, {std::string(subject), std::string(party), limit, offset},
                        [&](const store::RowView& r) {
                          StoredEntry e;
                          e.seq = r.Int(0);
                          e.logged_at = r.Text(1);
                          e.entry.activity = r.Text(2);
                          e.entry.processing_activity_id = r.Text(3);
                          e.entry.actor = r.Text(4);
                          e.entry.party = r.Text(5);
                          e.entry.subject = r.Text(6);
                          e.entry.subject_type = r.Text(7);
                          e.fields_joined = r.Text(8);
                          // The column holds the sorted ids joined by ','; ids never contain one.
                          std::string_view rest = e.fields_joined;
                          while (!rest.empty()) {
                            const std::size_t comma = rest.find(',');
                            e.entry.fields.emplace_back(rest.substr(0, comma));
                            if (comma == std::string_view::npos) break;
                            rest.remove_prefix(comma + 1);
                          }
                          e.entry.purpose = r.Text(9);
                          e.entry.legal_basis = r.Text(10);
                          e.entry.recipient = r.Text(11);
                          e.entry.outcome = r.Text(12);
                          e.entry.trace = {std::string(r.Text(13)), std::string(r.Text(14))};
                          e.hash = r.Bytes(15);
                          out.push_back(std::move(e));
                          return true;
                        });
  if (!s.ok()) return s;
  return out;
}

Result<std::int64_t> CountSubjectEntries(store::Transaction& tx, std::string_view party, std::string_view subject) {
  auto rows = tx.Query(kCountSubjectEntries, {std::string(subject), std::string(party)});
  if (!rows.ok()) return rows.status();
  return rows->empty() ? 0 : rows->front().Int(0);
}

}  // namespace leerrecht::audit
