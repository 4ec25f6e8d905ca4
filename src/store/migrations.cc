#include "store/migrations.h"

#include <chrono>

#include "core/timestamp.h"

namespace leerrecht::store {

namespace {

// Migration 1: the whole first schema. Personal data that can identify or that is free text is
// stored encrypted (*_enc, XChaCha20-Poly1305 via crypto::KeyRing); BSN lookups use bsn_index.
constexpr std::string_view kSchemaV1 = R"SQL(
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE parties (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  wpg_regime TEXT,
  wpg_regime_since TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE users (
  id {id},
  party_id TEXT NOT NULL REFERENCES parties(id),
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  totp_secret_enc {blob},
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL
);
CREATE TABLE user_roles (
  user_id BIGINT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  PRIMARY KEY (user_id, role)
);
CREATE TABLE designations (
  id {id},
  agreement_id TEXT NOT NULL,
  party_id TEXT NOT NULL REFERENCES parties(id),
  user_id BIGINT REFERENCES users(id),
  role TEXT,
  designated_by TEXT NOT NULL,
  designated_on TEXT NOT NULL,
  reconfirmed_on TEXT,
  ended_on TEXT
);
CREATE TABLE schools (
  id {id},
  brin TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  school_type TEXT NOT NULL,
  municipality TEXT NOT NULL DEFAULT '',
  UNIQUE (brin, location)
);
CREATE TABLE youths (
  id {id},
  party_id TEXT NOT NULL REFERENCES parties(id),
  bsn_enc {blob} NOT NULL,
  bsn_index TEXT NOT NULL,
  name_enc {blob},
  birth_date TEXT NOT NULL,
  municipality TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  UNIQUE (party_id, bsn_index)
);
CREATE TABLE parents (
  id {id},
  youth_id BIGINT NOT NULL REFERENCES youths(id),
  name_enc {blob} NOT NULL,
  address_enc {blob},
  relationship TEXT NOT NULL,
  has_authority INTEGER NOT NULL
);
CREATE TABLE absence_notifications (
  id {id},
  party_id TEXT NOT NULL REFERENCES parties(id),
  notification_number TEXT NOT NULL,
  youth_id BIGINT NOT NULL REFERENCES youths(id),
  brin TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT,
  hours DOUBLE PRECISION,
  suspected_reason TEXT,
  explanation_enc {blob},
  reported_on TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  UNIQUE (party_id, notification_number)
);
CREATE TABLE cases (
  id {id},
  party_id TEXT NOT NULL REFERENCES parties(id),
  youth_id BIGINT NOT NULL REFERENCES youths(id),
  category TEXT NOT NULL,
  mas_phase TEXT NOT NULL,
  regime_tag TEXT NOT NULL,
  wpg_since TEXT,
  opened_on TEXT NOT NULL,
  closed_on TEXT,
  end_trigger TEXT,
  notification_id BIGINT REFERENCES absence_notifications(id)
);
CREATE TABLE notes (
  id {id},
  party_id TEXT NOT NULL REFERENCES parties(id),
  case_id BIGINT REFERENCES cases(id),
  school_brin TEXT,
  text_enc {blob} NOT NULL,
  regime_tag TEXT NOT NULL,
  wpg_since TEXT,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE disclosures (
  id {id},
  party_id TEXT NOT NULL REFERENCES parties(id),
  recipient_party TEXT NOT NULL,
  agreement_id TEXT NOT NULL,
  agreement_version INTEGER NOT NULL,
  case_id BIGINT REFERENCES cases(id),
  purpose TEXT NOT NULL,
  decision_json TEXT NOT NULL,
  documentation_json TEXT,
  sent_at TEXT NOT NULL,
  received_at TEXT
);
CREATE TABLE received_data (
  id {id},
  party_id TEXT NOT NULL REFERENCES parties(id),
  disclosure_id BIGINT NOT NULL REFERENCES disclosures(id),
  source_party TEXT NOT NULL,
  agreement_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  notice TEXT,
  field TEXT NOT NULL,
  value_enc {blob},
  received_at TEXT NOT NULL
);
CREATE TABLE processing_log (
  seq BIGINT PRIMARY KEY,
  logged_at TEXT NOT NULL,
  activity TEXT NOT NULL,
  processing_activity_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  party_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  subject_type TEXT NOT NULL,
  fields TEXT NOT NULL,
  purpose TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  recipient TEXT NOT NULL,
  outcome TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  hash {blob} NOT NULL
);
CREATE INDEX processing_log_subject ON processing_log (subject);
CREATE TABLE log_checkpoints (
  seq BIGINT PRIMARY KEY,
  hash {blob} NOT NULL,
  signed_at TEXT NOT NULL,
  key_id TEXT NOT NULL,
  signature {blob} NOT NULL
)
)SQL";

// The log is append-only for the program too: no code path may update or delete a row.
constexpr std::string_view kSqliteTriggersV1 = R"SQL(
CREATE TRIGGER processing_log_no_update BEFORE UPDATE ON processing_log
BEGIN SELECT RAISE(ABORT, 'processing_log is append-only'); END;
CREATE TRIGGER processing_log_no_delete BEFORE DELETE ON processing_log
BEGIN SELECT RAISE(ABORT, 'processing_log is append-only'); END;
CREATE TRIGGER log_checkpoints_no_update BEFORE UPDATE ON log_checkpoints
BEGIN SELECT RAISE(ABORT, 'log_checkpoints is append-only'); END;
CREATE TRIGGER log_checkpoints_no_delete BEFORE DELETE ON log_checkpoints
BEGIN SELECT RAISE(ABORT, 'log_checkpoints is append-only'); END
)SQL";

// Migration 2: API tokens for system-to-system use (only a hash of the token is kept) and the
// state of the TOTP second factor: the secret in users.totp_secret_enc is only used for login
// once confirmed, and the last accepted time step refuses a replayed code.
constexpr std::string_view kSchemaV2 = R"SQL(
CREATE TABLE api_tokens (
  id {id},
  party_id TEXT NOT NULL REFERENCES parties(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  revoked_at TEXT,
  last_used_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
ALTER TABLE users ADD COLUMN totp_confirmed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT
)SQL";

// Migration 3: who works on a case (the caseload, SPEC R-06/R-09), break-glass requests
// (SPEC R-07, R-08, DESIGN.md §9), the youth's data per data-dictionary field (what a disclosure
// copies and a correction changes, SPEC W-27), correction notices to recipients, and the
// authorisation matrices put in force (R-06: versioned).
// Break-glass rows and matrices are never deleted: they are the history an auditor reads.
constexpr std::string_view kSchemaV3 = R"SQL(
CREATE TABLE case_workers (
  case_id BIGINT NOT NULL REFERENCES cases(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  assigned_on TEXT NOT NULL,
  ended_on TEXT,
  PRIMARY KEY (case_id, user_id, assigned_on)
);
CREATE INDEX case_workers_user ON case_workers (user_id);
CREATE TABLE break_glass (
  id {id},
  party_id TEXT NOT NULL REFERENCES parties(id),
  case_id BIGINT NOT NULL REFERENCES cases(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  reason_enc {blob} NOT NULL,
  legal_ground TEXT NOT NULL,
  scope TEXT NOT NULL,
  days INTEGER NOT NULL,
  status TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  decided_by BIGINT REFERENCES users(id),
  decided_at TEXT,
  valid_from TEXT,
  valid_until TEXT
);
CREATE INDEX break_glass_party ON break_glass (party_id, status);
CREATE TABLE youth_fields (
  youth_id BIGINT NOT NULL REFERENCES youths(id),
  field TEXT NOT NULL,
  value_enc {blob} NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (youth_id, field)
);
ALTER TABLE received_data ADD COLUMN corrected_at TEXT;
ALTER TABLE youths ADD COLUMN school_type TEXT;
CREATE INDEX cases_party_category ON cases (party_id, category);
CREATE TABLE correction_notices (
  id {id},
  party_id TEXT NOT NULL REFERENCES parties(id),
  source_party TEXT NOT NULL,
  disclosure_id BIGINT NOT NULL REFERENCES disclosures(id),
  kind TEXT NOT NULL DEFAULT 'correctie',
  field TEXT NOT NULL,
  detail TEXT,
  created_at TEXT NOT NULL,
  purge_after TEXT,
  purged_at TEXT,
  read_at TEXT
);
CREATE TABLE authorization_matrices (
  version INTEGER PRIMARY KEY,
  toml TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  applied_by TEXT NOT NULL,
  applied_at TEXT NOT NULL
)
)SQL";

// Migration 5: the quarterly counts (SPEC C-18) read the party's thuiszitter cases in youth
// order from this index alone, so the join to youths walks that table front to back instead of
// jumping around it (bench/quarterly_bench.cc: 1,000,000 cases).
constexpr std::string_view kSchemaV5 = R"SQL(
CREATE INDEX cases_quarter ON cases (party_id, category, youth_id, opened_on, closed_on)
)SQL";

// Migration 6: a case carries a copy of its youth's routing columns (municipality, school type),
// so the quarterly counts (SPEC C-18) read one covering index and join nothing. Looking every
// case's youth up in the youths table, whose rows carry the encrypted identity, cost more than
// all the rest of the count (bench/quarterly_bench.cc: 1,000,000 cases). A case copies the
// columns when it is created (CaseRepository::Create); the trigger below keeps the copies equal
// to the youth's when either column changes, whoever changes it. cases_youth serves that trigger
// and the cases of one youth (subject log).
constexpr std::string_view kSchemaV6 = R"SQL(
ALTER TABLE cases ADD COLUMN youth_municipality TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN youth_school_type TEXT NOT NULL DEFAULT '';
UPDATE cases SET youth_municipality = (SELECT y.municipality FROM youths y WHERE y.id = cases.youth_id),
  youth_school_type = (SELECT COALESCE(y.school_type, '') FROM youths y WHERE y.id = cases.youth_id);
CREATE INDEX cases_youth ON cases (youth_id);
DROP INDEX cases_quarter;
CREATE INDEX cases_quarter_routing ON cases (party_id, category, youth_municipality, youth_school_type, opened_on,
  closed_on)
)SQL";

// A PostgreSQL backend needs the same trigger in PL/pgSQL.
constexpr std::string_view kSqliteV6 = R"SQL(
CREATE TRIGGER youths_routing_to_cases AFTER UPDATE OF municipality, school_type ON youths
BEGIN UPDATE cases SET youth_municipality = NEW.municipality, youth_school_type = COALESCE(NEW.school_type, '')
WHERE youth_id = NEW.id; END
)SQL";

// Migration 7: exceptions to the secrecy of OM data (art. 52 lid 1 Wjsg, SPEC W-23, Q-08). One
// row per exception: the case, recipient, instrument and purpose it is for, the ground and its
// explanation (encrypted: it may name third parties), who asked and who approved (four eyes),
// and the disclosure that used it. Never deleted: the history an auditor reads.
constexpr std::string_view kSchemaV7 = R"SQL(
CREATE TABLE om_exceptions (
  id {id},
  party_id TEXT NOT NULL REFERENCES parties(id),
  case_id BIGINT NOT NULL REFERENCES cases(id),
  recipient_party TEXT NOT NULL,
  agreement_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  ground TEXT NOT NULL,
  explanation_enc {blob} NOT NULL,
  requested_by BIGINT NOT NULL REFERENCES users(id),
  requested_at TEXT NOT NULL,
  status TEXT NOT NULL,
  decided_by BIGINT REFERENCES users(id),
  decided_at TEXT,
  used_by_disclosure BIGINT REFERENCES disclosures(id)
);
CREATE INDEX om_exceptions_case ON om_exceptions (case_id, status)
)SQL";

// Migration 8: separate bases for exceptional disclosures outside the agreements (SPEC R-08,
// Q-46): recorded by the legal adviser with the purpose-compatibility assessment and the fields
// it covers, ended rather than deleted.
constexpr std::string_view kSchemaV8 = R"SQL(
CREATE TABLE separate_bases (
  id {id},
  party_id TEXT NOT NULL REFERENCES parties(id),
  recipient_id TEXT NOT NULL,
  recipient_name TEXT NOT NULL,
  purpose TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  compatibility TEXT NOT NULL,
  fields TEXT NOT NULL,
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  recorded_at TEXT NOT NULL,
  ended_at TEXT
)
)SQL";

constexpr std::string_view kMigrationsTable = R"SQL(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)
)SQL";

// Migration 4 (SQLite only): the log's sequence number becomes the table's rowid. With
// `BIGINT PRIMARY KEY` SQLite kept a separate index beside the rowid, one more B-tree write for
// every entry. The rows are copied unchanged, so every hash and checkpoint still verifies.
constexpr std::string_view kSqliteV4 = R"SQL(
DROP TRIGGER processing_log_no_update;
DROP TRIGGER processing_log_no_delete;
ALTER TABLE processing_log RENAME TO processing_log_v3;
CREATE TABLE processing_log (
  seq INTEGER PRIMARY KEY,
  logged_at TEXT NOT NULL,
  activity TEXT NOT NULL,
  processing_activity_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  party_id TEXT NOT NULL,
  subject TEXT NOT NULL,
  subject_type TEXT NOT NULL,
  fields TEXT NOT NULL,
  purpose TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  recipient TEXT NOT NULL,
  outcome TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  hash BLOB NOT NULL
);
INSERT INTO processing_log SELECT * FROM processing_log_v3 ORDER BY seq;
DROP TABLE processing_log_v3;
CREATE INDEX processing_log_subject ON processing_log (subject);
CREATE TRIGGER processing_log_no_update BEFORE UPDATE ON processing_log
BEGIN SELECT RAISE(ABORT, 'processing_log is append-only'); END;
CREATE TRIGGER processing_log_no_delete BEFORE DELETE ON processing_log
BEGIN SELECT RAISE(ABORT, 'processing_log is append-only'); END
)SQL";

constexpr std::string_view kCurrentVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr std::string_view kRecordMigration = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)";

// Splits on ';' at the end of a statement. Trigger bodies contain ';' followed by " END", so a
// ';' directly before "\nEND" or " END" is kept inside the statement.
std::vector<std::string> SplitStatements(std::string_view sql) {
  std::vector<std::string> out;
  std::string current;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    current.push_back(sql[i]);
    if (sql[i] != ';') continue;
    const std::string_view rest = sql.substr(i + 1);
    if (rest.starts_with(" END") || rest.starts_with("\nEND")) continue;
    out.push_back(std::move(current));
    current.clear();
  }
  if (current.find_first_not_of(" \n\t") != std::string::npos) out.push_back(std::move(current));
  return out;
}

std::string NowUtc() { return FormatUtc(std::chrono::system_clock::now(), false); }

}  // namespace

const std::vector<Migration>& AllMigrations() {
  static const std::vector<Migration> migrations = {
      {1, "eerste schema", kSchemaV1, kSqliteTriggersV1},
      {2, "api-tokens en tweede factor", kSchemaV2, {}},
      {3, "caseload en break-glass", kSchemaV3, {}},
      {4, "logvolgnummer als rowid", {}, kSqliteV4},
      {5, "index voor kwartaaltellingen", kSchemaV5, {}},
      {6, "woongemeente en schoolsoort bij de zaak voor kwartaaltellingen", kSchemaV6, kSqliteV6},
      {7, "uitzonderingen op de geheimhouding van OM-gegevens", kSchemaV7, {}},
      {8, "aparte grondslagen voor uitzonderlijke verstrekkingen", kSchemaV8, {}},
  };
  return migrations;
}

std::string RenderForBackend(std::string_view sql, std::string_view backend) {
  const bool pg = backend == "postgresql";
  std::string out;
  out.reserve(sql.size());
  for (std::size_t i = 0; i < sql.size();) {
    if (sql.substr(i, 4) == "{id}") {
      out += pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY";
      i += 4;
    } else if (sql.substr(i, 6) == "{blob}") {
      out += pg ? "BYTEA" : "BLOB";
      i += 6;
    } else {
      out.push_back(sql[i++]);
    }
  }
  return out;
}

Result<int> Migrate(Database& db, int up_to) {
  int version = 0;
  {
    auto tx = db.BeginWrite();
    if (!tx.ok()) return tx.status();
    if (Status s = (*tx)->Execute(kMigrationsTable); !s.ok()) return s;
    auto rows = (*tx)->Query(kCurrentVersion);
    if (!rows.ok()) return rows.status();
    version = static_cast<int>(rows->at(0).Int(0));
    if (Status s = (*tx)->Commit(); !s.ok()) return s;
  }
  if (version > kSchemaVersion) {
    return Status(ErrorCode::kConflict, "de database heeft schemaversie " + std::to_string(version) +
                                            ", nieuwer dan deze versie van Leerrecht (" +
                                            std::to_string(kSchemaVersion) + ")");
  }
  for (const Migration& m : AllMigrations()) {
    if (m.version <= version || m.version > up_to) continue;
    auto tx = db.BeginWrite();
    if (!tx.ok()) return tx.status();
    std::string sql = RenderForBackend(m.sql, db.Backend());
    if (db.Backend() == "sqlite" && !m.sqlite_only.empty()) {
      if (!sql.empty()) sql += ";\n";
      sql += m.sqlite_only;
    }
    for (const std::string& statement : SplitStatements(sql)) {
      if (Status s = (*tx)->Execute(statement); !s.ok()) {
        return s.WithContext("migratie " + std::to_string(m.version));
      }
    }
    if (Status s = (*tx)->Execute(kRecordMigration, {std::int64_t{m.version}, std::string(m.name), NowUtc()}); !s.ok()) {
      return s;
    }
    if (Status s = (*tx)->Commit(); !s.ok()) return s;
    version = m.version;
  }
  return version;
}

}  // namespace leerrecht::store
