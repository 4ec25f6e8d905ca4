#include "store/sqlite_database.h"

#include <sqlite3.h>

#include <mutex>
#include <unordered_map>

namespace leerrecht::store {

std::int64_t Row::Int(std::size_t i) const {
  const Value& v = values.at(i);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  return 0;
}

std::string Row::Text(std::size_t i) const {
  const Value& v = values.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* b = std::get_if<Blob>(&v)) return b->bytes;
  if (const auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  return "";
}

namespace {

// The one table that turns SQLite result codes into our error codes and Dutch messages.
Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  const int primary = rc & 0xff;
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string context(what);
  switch (primary) {
    case SQLITE_FULL:
      return {ErrorCode::kUnavailable, "de schijf is vol: " + context + " is niet uitgevoerd"};
    case SQLITE_READONLY:
      return {ErrorCode::kUnavailable, "de gegevensmap is alleen-lezen: " + context + " is niet uitgevoerd"};
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return {ErrorCode::kUnavailable, "de database is bezet: " + context + " (" + detail + ")"};
    case SQLITE_CONSTRAINT:
      return {ErrorCode::kConflict, context + ": " + detail};
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return {ErrorCode::kInvalidInput, "dit is geen (leesbare) Leerrecht-database: " + detail};
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return {ErrorCode::kIo, "kan de database niet openen: " + detail};
    case SQLITE_IOERR:
      return {ErrorCode::kIo, "schrijf- of leesfout: " + context + " (" + detail + ")"};
    default:
      return {ErrorCode::kInternal, context + ": " + detail};
  }
}

class SqliteRowView final : public RowView {
 public:
  explicit SqliteRowView(sqlite3_stmt* stmt) : stmt_(stmt) {}
  int size() const override { return sqlite3_column_count(stmt_); }
  bool IsNull(int c) const override { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  std::int64_t Int(int c) const override { return sqlite3_column_int64(stmt_, c); }
  double Real(int c) const override { return sqlite3_column_double(stmt_, c); }
  std::string_view Text(int c) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c))) : std::string_view();
  }
  std::string_view Bytes(int c) const override {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, c));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, c))) : std::string_view();
  }
  Value At(int c) const override {
    switch (sqlite3_column_type(stmt_, c)) {
      case SQLITE_NULL: return std::monostate{};
      case SQLITE_INTEGER: return Int(c);
      case SQLITE_FLOAT: return Real(c);
      case SQLITE_BLOB: return Blob{std::string(Bytes(c))};
      default: return std::string(Text(c));
    }
  }

 private:
  sqlite3_stmt* stmt_;
};

class SqliteDatabase;

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(SqliteDatabase& db, std::unique_lock<std::mutex> lock) : db_(db), lock_(std::move(lock)) {}
  ~SqliteTransaction() override;

  Status Execute(std::string_view sql, const std::vector<Value>& params) override;
  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override;
  Status ForEach(std::string_view sql, const std::vector<Value>& params,
                 const std::function<bool(const RowView&)>& on_row) override;
  std::int64_t LastInsertId() override;
  Status Commit() override;

 private:
  SqliteDatabase& db_;
  std::unique_lock<std::mutex> lock_;
  bool done_ = false;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(sqlite3* db, bool read_only) : db_(db), read_only_(read_only) {}
  ~SqliteDatabase() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Result<std::unique_ptr<Transaction>> BeginWrite() override {
    if (read_only_) return Status(ErrorCode::kUnavailable, "de database is alleen-lezen geopend");
    return Begin("BEGIN IMMEDIATE");
  }
  Result<std::unique_ptr<Transaction>> BeginRead() override { return Begin("BEGIN"); }

  Status BackupTo(const std::string& path) override {
    std::lock_guard lock(mutex_);
    sqlite3* dest = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
      Status s = SqliteError(dest, rc, "back-up maken");
      sqlite3_close_v2(dest);
      return s;
    }
    sqlite3_backup* backup = sqlite3_backup_init(dest, "main", db_, "main");
    if (backup == nullptr) {
      Status s = SqliteError(dest, sqlite3_errcode(dest), "back-up maken");
      sqlite3_close_v2(dest);
      return s;
    }
    rc = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    Status result = rc == SQLITE_DONE ? Status::Ok() : SqliteError(dest, rc, "back-up maken");
    sqlite3_close_v2(dest);
    return result;
  }

  std::string_view Backend() const override { return "sqlite"; }

  // Prepared statements are cached per SQL text: every statement of the program is a named
  // constant, so the cache stays small.
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = statements_.find(key); it != statements_.end()) {
      sqlite3_reset(it->second);
      sqlite3_clear_bindings(it->second);
      return it->second;
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                      nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "SQL voorbereiden");
    statements_.emplace(std::move(key), stmt);
    return stmt;
  }

  Status Bind(sqlite3_stmt* stmt, const std::vector<Value>& params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      int rc = SQLITE_OK;
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              rc = sqlite3_bind_null(stmt, index);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
              rc = sqlite3_bind_int64(stmt, index, v);
            } else if constexpr (std::is_same_v<T, double>) {
              rc = sqlite3_bind_double(stmt, index, v);
            } else if constexpr (std::is_same_v<T, std::string>) {
              rc = sqlite3_bind_text64(stmt, index, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
            } else {
              rc = sqlite3_bind_blob64(stmt, index, v.bytes.data(), v.bytes.size(), SQLITE_STATIC);
            }
          },
          params[i]);
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "parameter binden");
    }
    return Status::Ok();
  }

  Status Run(std::string_view sql, const std::vector<Value>& params,
             const std::function<bool(const RowView&)>* on_row) {
    auto stmt = Prepare(sql);
    if (!stmt.ok()) return stmt.status();
    if (Status s = Bind(*stmt, params); !s.ok()) return s;
    SqliteRowView view(*stmt);
    while (true) {
      const int rc = sqlite3_step(*stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        Status s = SqliteError(db_, rc, "opdracht uitvoeren");
        sqlite3_reset(*stmt);
        return s;
      }
      if (on_row != nullptr && !(*on_row)(view)) break;
    }
    sqlite3_reset(*stmt);
    sqlite3_clear_bindings(*stmt);
    return Status::Ok();
  }

  Status Plain(const char* sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    sqlite3_free(error);
    return rc == SQLITE_OK ? Status::Ok() : SqliteError(db_, rc, sql);
  }

  std::int64_t LastInsertId() { return sqlite3_last_insert_rowid(db_); }

 private:
  Result<std::unique_ptr<Transaction>> Begin(const char* begin) {
    std::unique_lock lock(mutex_);
    if (Status s = Plain(begin); !s.ok()) return s;
    return std::unique_ptr<Transaction>(std::make_unique<SqliteTransaction>(*this, std::move(lock)));
  }

  sqlite3* db_;
  bool read_only_;
  std::mutex mutex_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

SqliteTransaction::~SqliteTransaction() {
  if (!done_) {
    (void)db_.Plain("ROLLBACK");
    DropCommitHooks();
  }
}

Status SqliteTransaction::Execute(std::string_view sql, const std::vector<Value>& params) {
  return db_.Run(sql, params, nullptr);
}

Result<std::vector<Row>> SqliteTransaction::Query(std::string_view sql, const std::vector<Value>& params) {
  std::vector<Row> rows;
  const std::function<bool(const RowView&)> collect = [&rows](const RowView& r) {
    Row row;
    row.values.reserve(static_cast<std::size_t>(r.size()));
    for (int c = 0; c < r.size(); ++c) row.values.push_back(r.At(c));
    rows.push_back(std::move(row));
    return true;
  };
  if (Status s = db_.Run(sql, params, &collect); !s.ok()) return s;
  return rows;
}

Status SqliteTransaction::ForEach(std::string_view sql, const std::vector<Value>& params,
                                  const std::function<bool(const RowView&)>& on_row) {
  return db_.Run(sql, params, &on_row);
}

std::int64_t SqliteTransaction::LastInsertId() { return db_.LastInsertId(); }

Status SqliteTransaction::Commit() {
  if (done_) return Status::Internal("transactie is al afgesloten");
  Status s = db_.Plain("COMMIT");
  if (!s.ok()) {
    (void)db_.Plain("ROLLBACK");
    done_ = true;
    DropCommitHooks();
    lock_.unlock();
    return s;
  }
  done_ = true;
  RunCommitHooks();
  // The connection is free again as soon as the transaction has ended, not when its object dies.
  lock_.unlock();
  return s;
}

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const SqliteOptions& options) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX;  // we serialise access ourselves
  flags |= options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (options.create && !options.read_only) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteError(db, rc, "database openen");
    sqlite3_close_v2(db);
    return s;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  auto database = std::make_unique<SqliteDatabase>(db, options.read_only);
  // A committed transaction must survive a power cut: WAL with a full sync on every commit.
  // A 64 MiB page cache and memory-mapped reads keep the hot pages of the log and the dossiers
  // out of read()/write() system calls, which otherwise dominate appends.
  std::vector<std::string> pragmas = {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL",
                                      "PRAGMA cache_size = -65536", "PRAGMA mmap_size = 268435456",
                                      "PRAGMA temp_store = MEMORY"};
  if (!options.read_only) pragmas.insert(pragmas.begin(), "PRAGMA journal_mode = WAL");
  if (options.max_page_count > 0) pragmas.push_back("PRAGMA max_page_count = " + std::to_string(options.max_page_count));
  for (const auto& pragma : pragmas) {
    if (Status s = database->Plain(pragma.c_str()); !s.ok()) return s;
  }
  return std::unique_ptr<Database>(std::move(database));
}

}  // namespace leerrecht::store
