#include "services/data_folder.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "core/id.h"
#include "core/timestamp.h"
#include "crypto/password.h"
#include "store/migrations.h"

namespace leerrecht::services {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kInsertMeta = "INSERT INTO meta (key, value) VALUES (?, ?)";
constexpr std::string_view kSelectMeta = "SELECT key, value FROM meta";
constexpr std::string_view kInsertParty = "INSERT INTO parties (id, name, role, created_at) VALUES (?, ?, ?, ?)";
constexpr std::string_view kInsertUser =
    "INSERT INTO users (party_id, username, display_name, password_hash, must_change_password, created_at) "
    "VALUES (?, ?, ?, ?, 1, ?)";
constexpr std::string_view kInsertUserRole = "INSERT INTO user_roles (user_id, role) VALUES (?, ?)";
constexpr std::string_view kAppName = "leerrecht";

std::string DatabasePath(const std::string& dir) { return dir + "/" + kDatabaseFile; }

// A folder we may initialise: missing, or empty. Anything else may be someone's data.
Status CheckFolderForInit(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) return Status::Io("kan map " + dir + " niet aanmaken: " + ec.message());
    ::chmod(dir.c_str(), 0700);
    return Status::Ok();
  }
  if (!fs::is_directory(dir, ec)) return Status::InvalidInput(dir + " is geen map");
  if (fs::exists(DatabasePath(dir), ec)) {
    return Status::Conflict("in " + dir + " staat al een Leerrecht-database; init overschrijft niets");
  }
  if (!fs::is_empty(dir, ec)) {
    return Status::Conflict("map " + dir + " is niet leeg; kies een lege of nieuwe map voor de gegevens");
  }
  if (::access(dir.c_str(), W_OK) != 0) return Status(ErrorCode::kUnavailable, "map " + dir + " is niet schrijfbaar");
  return Status::Ok();
}

}  // namespace

Result<InitResult> DataFolder::Init(const std::string& dir, const InitOptions& options, const Clock& clock) {
  if (!IsValidSlug(options.party_id)) return Status::InvalidInput("ongeldige partij-id " + options.party_id);
  if (Status s = CheckFolderForInit(dir); !s.ok()) return s;
  const std::string key_path = crypto::KeyRing::PathFor(dir);
  auto keys = crypto::KeyRing::Create(key_path);
  if (!keys.ok()) return keys.status();

  // From here on a failure must leave the folder as it was: remove what we created.
  auto undo = [&](Status s) {
    std::error_code ec;
    fs::remove(DatabasePath(dir), ec);
    fs::remove(DatabasePath(dir) + "-wal", ec);
    fs::remove(DatabasePath(dir) + "-shm", ec);
    fs::remove(key_path, ec);
    return s;
  };
  store::SqliteOptions db_options;
  db_options.create = true;
  auto db = store::OpenSqlite(DatabasePath(dir), db_options);
  if (!db.ok()) return undo(db.status());
  // Personal data: readable by the service account only (the WAL inherits the mode).
  ::chmod(DatabasePath(dir).c_str(), 0600);
  if (auto migrated = store::Migrate(**db); !migrated.ok()) return undo(migrated.status());

  InitResult result;
  result.admin_username = options.admin_username;
  result.one_time_password = crypto::GenerateOneTimePassword();
  result.key_file = key_path;
  auto hash = crypto::HashPassword(result.one_time_password);
  if (!hash.ok()) return undo(hash.status());
  const std::string now = FormatUtc(clock.Now(), false);
  auto tx = (*db)->BeginWrite();
  if (!tx.ok()) return undo(tx.status());
  for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"app", std::string(kAppName)}, {"key_id", keys->KeyId()}, {"created_at", now}}) {
    if (Status s = (*tx)->Execute(kInsertMeta, {k, v}); !s.ok()) return undo(s);
  }
  if (Status s = (*tx)->Execute(kInsertParty, {options.party_id, options.party_name, options.party_role, now}); !s.ok()) {
    return undo(s);
  }
  if (Status s = (*tx)->Execute(kInsertUser, {options.party_id, options.admin_username, "Functioneel beheerder", *hash, now});
      !s.ok()) {
    return undo(s);
  }
  const std::int64_t user_id = (*tx)->LastInsertId();
  if (Status s = (*tx)->Execute(kInsertUserRole, {user_id, std::string("beheerder")}); !s.ok()) return undo(s);
  if (Status s = (*tx)->Commit(); !s.ok()) return undo(s);
  return result;
}

Result<std::unique_ptr<DataFolder>> DataFolder::Open(const std::string& dir, const Clock& clock,
                                                     const store::SqliteOptions& options) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound("gegevensmap " + dir + " bestaat niet (eerst: leerrecht init)");
  if (!fs::exists(DatabasePath(dir), ec)) {
    return Status::NotFound("in " + dir + " staat geen Leerrecht-database (eerst: leerrecht init --data " + dir + ")");
  }
  auto keys = crypto::KeyRing::Load(crypto::KeyRing::PathFor(dir));
  if (!keys.ok()) return keys.status();
  store::SqliteOptions db_options = options;
  db_options.create = false;
  auto db = store::OpenSqlite(DatabasePath(dir), db_options);
  if (!db.ok()) return db.status();
  // Check identity before migrating: a foreign database must not be altered.
  {
    auto tx = (*db)->BeginRead();
    if (!tx.ok()) return tx.status();
    auto rows = (*tx)->Query(kSelectMeta);
    if (!rows.ok()) return Status::InvalidInput(DatabasePath(dir) + " is geen Leerrecht-database");
    std::string app, key_id;
    for (const auto& r : *rows) {
      if (r.Text(0) == "app") app = r.Text(1);
      if (r.Text(0) == "key_id") key_id = r.Text(1);
    }
    if (app != kAppName) return Status::InvalidInput(DatabasePath(dir) + " is geen Leerrecht-database");
    if (key_id != keys->KeyId()) {
      return Status::InvalidInput("de sleutel in " + crypto::KeyRing::PathFor(dir) +
                                  " hoort niet bij deze database (verkeerde sleutel)");
    }
  }
  if (!options.read_only) {
    if (auto migrated = store::Migrate(**db); !migrated.ok()) return migrated.status();
  }
  std::unique_ptr<DataFolder> folder(new DataFolder(dir, std::move(*keys)));
  folder->db_ = std::move(*db);
  auto log = audit::ProcessingLog::Open(*folder->db_, folder->keys_, clock);
  if (!log.ok()) return log.status();
  folder->log_ = std::move(*log);
  return folder;
}

Status DataFolder::Close() { return log_->CheckpointNow(head_file()); }

}  // namespace leerrecht::services
