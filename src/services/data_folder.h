// A Leerrecht data folder: database, key file and processing log, created by `init` and opened by every command.
#pragma once

#include <memory>
#include <string>

#include "audit/processing_log.h"
#include "core/clock.h"
#include "crypto/key_ring.h"
#include "store/database.h"
#include "store/sqlite_database.h"

namespace leerrecht::services {

inline constexpr const char* kDatabaseFile = "leerrecht.db";
inline constexpr const char* kHeadFile = "log-head";

struct InitOptions {
  std::string party_id = "eigen-organisatie";
  std::string party_name = "Eigen organisatie";
  std::string party_role = "leerplicht";
  std::string admin_username = "beheerder";
};

struct InitResult {
  std::string admin_username;
  std::string one_time_password;  // shown once; only its Argon2id hash is stored
  std::string key_file;
};

class DataFolder {
 public:
  // Creates DIR (or uses an empty one), the key file (0600), the database with the schema, the
  // first party and the first admin. Refuses a folder that holds anything already.
  static Result<InitResult> Init(const std::string& dir, const InitOptions& options, const Clock& clock);

  // Opens an existing folder: checks it is ours and that the key matches, applies migrations.
  static Result<std::unique_ptr<DataFolder>> Open(const std::string& dir, const Clock& clock,
                                                  const store::SqliteOptions& options = {});

  [[nodiscard]] store::Database& db() { return *db_; }
  [[nodiscard]] const crypto::KeyRing& keys() const { return keys_; }
  [[nodiscard]] audit::ProcessingLog& log() { return *log_; }
  [[nodiscard]] const std::string& dir() const { return dir_; }
  [[nodiscard]] std::string head_file() const { return dir_ + "/" + kHeadFile; }

  // Writes the shutdown checkpoint and the head file.
  Status Close();

 private:
  DataFolder(std::string dir, crypto::KeyRing keys) : dir_(std::move(dir)), keys_(std::move(keys)) {}
  std::string dir_;
  crypto::KeyRing keys_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<audit::ProcessingLog> log_;
};

}  // namespace leerrecht::services
