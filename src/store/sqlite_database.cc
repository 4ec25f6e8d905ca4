#include "store/sqlite_database.h"

#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <map>
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

// A transparent hash lets the statement cache look SQL up by string_view without allocating.
struct SqlHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view sql) const noexcept { return std::hash<std::string_view>{}(sql); }
};

// One SQLite connection and its prepared statements. Used by one thread at a time: the writer
// connection under the writer lock, a reader connection while checked out of the pool.
class Connection {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  ~Connection() {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* raw() { return db_; }

  // Prepared statements are cached per SQL text: every statement of the program is a named
  // constant, so the cache stays small.
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    if (auto it = statements_.find(sql); it != statements_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                      nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "SQL voorbereiden");
    statements_.emplace(std::string(sql), stmt);
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
    // Bindings are cleared after each run, so a statement never carries a pointer into a
    // caller's buffer that has since gone.
    struct Reset {
      sqlite3_stmt* stmt;
      ~Reset() {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
      }
    } reset{*stmt};
    if (Status s = Bind(*stmt, params); !s.ok()) return s;
    SqliteRowView view(*stmt);
    while (true) {
      const int rc = sqlite3_step(*stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return SqliteError(db_, rc, "opdracht uitvoeren");
      if (on_row != nullptr && !(*on_row)(view)) break;
    }
    return Status::Ok();
  }

  Status Plain(const char* sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    sqlite3_free(error);
    return rc == SQLITE_OK ? Status::Ok() : SqliteError(db_, rc, sql);
  }

  std::int64_t LastInsertId() { return sqlite3_last_insert_rowid(db_); }
  [[nodiscard]] bool InTransaction() { return sqlite3_get_autocommit(db_) == 0; }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> statements_;
};

Result<std::unique_ptr<Connection>> OpenConnection(const std::string& path, int flags, const SqliteOptions& options,
                                                   bool writer) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteError(raw, rc, "database openen");
    sqlite3_close_v2(raw);
    return s;
  }
  auto connection = std::make_unique<Connection>(raw);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, options.busy_timeout_ms);
  // A committed transaction must survive a power cut: WAL with a full sync on every commit.
  // A 64 MiB page cache keeps the hot pages of the log and the dossiers out of read() system
  // calls. No memory map: remapping on every growth of the file cost each core a TLB shootdown
  // (docs/design-notes.md).
  std::vector<std::string> pragmas = {"PRAGMA foreign_keys = ON", "PRAGMA synchronous = FULL",
                                      "PRAGMA cache_size = -65536", "PRAGMA mmap_size = 0",
                                      "PRAGMA temp_store = MEMORY"};
  if (writer) {
    pragmas.insert(pragmas.begin(), "PRAGMA journal_mode = WAL");
    if (options.max_page_count > 0) {
      pragmas.push_back("PRAGMA max_page_count = " + std::to_string(options.max_page_count));
    }
  } else {
    // Reader connections only ever read; SQLite enforces it. Their page cache is smaller: there
    // are many of them, and the memory map serves most pages.
    pragmas.emplace_back("PRAGMA query_only = 1");
    pragmas.emplace_back("PRAGMA cache_size = -8192");
  }
  for (const auto& pragma : pragmas) {
    if (Status s = connection->Plain(pragma.c_str()); !s.ok()) return s;
  }
  return connection;
}

class SqliteDatabase;

// A write transaction is a savepoint inside the current commit group (see CommitWrite).
class SqliteWriteTransaction final : public Transaction {
 public:
  SqliteWriteTransaction(SqliteDatabase& db, Connection& conn, std::unique_lock<std::mutex> lock)
      : db_(db), conn_(conn), lock_(std::move(lock)) {}
  ~SqliteWriteTransaction() override;

  Status Execute(std::string_view sql, const std::vector<Value>& params) override {
    return conn_.Run(sql, params, nullptr);
  }
  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override;
  Status ForEach(std::string_view sql, const std::vector<Value>& params,
                 const std::function<bool(const RowView&)>& on_row) override {
    return conn_.Run(sql, params, &on_row);
  }
  std::int64_t LastInsertId() override { return conn_.LastInsertId(); }
  Status Commit() override;

 private:
  friend class SqliteDatabase;
  SqliteDatabase& db_;
  Connection& conn_;
  std::unique_lock<std::mutex> lock_;
  bool done_ = false;
};

// A read transaction on a pooled reader connection: in WAL mode it sees the last durable commit
// and never waits for the writer.
class SqliteReadTransaction final : public Transaction {
 public:
  SqliteReadTransaction(SqliteDatabase& db, std::unique_ptr<Connection> conn) : db_(db), conn_(std::move(conn)) {}
  ~SqliteReadTransaction() override;

  Status Execute(std::string_view sql, const std::vector<Value>& params) override {
    return conn_->Run(sql, params, nullptr);
  }
  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params) override;
  Status ForEach(std::string_view sql, const std::vector<Value>& params,
                 const std::function<bool(const RowView&)>& on_row) override {
    return conn_->Run(sql, params, &on_row);
  }
  std::int64_t LastInsertId() override { return conn_->LastInsertId(); }
  Status Commit() override;
  [[nodiscard]] bool read_only() const override { return true; }

 private:
  void Release();
  SqliteDatabase& db_;
  std::unique_ptr<Connection> conn_;
  bool done_ = false;
};

Result<std::vector<Row>> CollectRows(Connection& conn, std::string_view sql, const std::vector<Value>& params) {
  std::vector<Row> rows;
  const std::function<bool(const RowView&)> collect = [&rows](const RowView& r) {
    Row row;
    row.values.reserve(static_cast<std::size_t>(r.size()));
    for (int c = 0; c < r.size(); ++c) row.values.push_back(r.At(c));
    rows.push_back(std::move(row));
    return true;
  };
  if (Status s = conn.Run(sql, params, &collect); !s.ok()) return s;
  return rows;
}

Result<std::vector<Row>> SqliteWriteTransaction::Query(std::string_view sql, const std::vector<Value>& params) {
  return CollectRows(conn_, sql, params);
}
Result<std::vector<Row>> SqliteReadTransaction::Query(std::string_view sql, const std::vector<Value>& params) {
  return CollectRows(*conn_, sql, params);
}

// Group commit. Every fsync costs milliseconds, so concurrent write transactions share one:
// each is a SAVEPOINT inside one SQLite transaction (the group). A transaction that ends while
// others queue for the writer releases its savepoint and waits; the last one in the queue
// commits the group, with one fsync, and wakes the others. Nobody is told "committed" before
// the group is durable, and a failed group fails every transaction in it.
class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, const SqliteOptions& options, std::unique_ptr<Connection> writer)
      : path_(std::move(path)), options_(options), writer_(std::move(writer)) {}
  ~SqliteDatabase() override = default;

  Result<std::unique_ptr<Transaction>> BeginWrite() override {
    if (options_.read_only) return Status(ErrorCode::kUnavailable, "de database is alleen-lezen geopend");
    queued_.fetch_add(1, std::memory_order_acq_rel);
    std::unique_lock lock(write_mu_);
    queued_.fetch_sub(1, std::memory_order_acq_rel);
    if (!group_open_) {
      if (Status s = writer_->Plain("BEGIN IMMEDIATE"); !s.ok()) return s;
      group_open_ = true;
      ++group_;
    }
    if (Status s = writer_->Plain("SAVEPOINT leerrecht_tx"); !s.ok()) {
      EndGroupIfIdle();
      return s;
    }
    return std::unique_ptr<Transaction>(std::make_unique<SqliteWriteTransaction>(*this, *writer_, std::move(lock)));
  }

  Result<std::unique_ptr<Transaction>> BeginRead() override {
    auto conn = CheckOutReader();
    if (!conn.ok()) return conn.status();
    if (Status s = (*conn)->Plain("BEGIN"); !s.ok()) {
      CheckInReader(std::move(*conn));
      return s;
    }
    return std::unique_ptr<Transaction>(std::make_unique<SqliteReadTransaction>(*this, std::move(*conn)));
  }

  Status BackupTo(const std::string& path) override {
    std::unique_lock lock(write_mu_);
    if (group_open_) {
      if (Status s = CommitGroup(); !s.ok()) return s;
    }
    sqlite3* dest = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
      Status s = SqliteError(dest, rc, "back-up maken");
      sqlite3_close_v2(dest);
      return s;
    }
    sqlite3_backup* backup = sqlite3_backup_init(dest, "main", writer_->raw(), "main");
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

  // Ends a write transaction successfully; see the class comment.
  Status CommitWrite(SqliteWriteTransaction& tx) {
    if (Status s = writer_->Plain("RELEASE leerrecht_tx"); !s.ok()) {
      AbandonSavepoint();
      EndGroupIfIdle();
      return s;
    }
    ++group_size_;
    const std::uint64_t mine = group_;
    if (queued_.load(std::memory_order_acquire) > 0 && group_size_ < kMaxGroup) {
      // The writer goes to the next in the queue; this thread only waits for the outcome, on a
      // lock of its own, so waking a whole group does not contend for the writer.
      tx.lock_.unlock();
      std::unique_lock done(done_mu_);
      done_cv_.wait(done, [&] { return finished_ >= mine; });
      auto failed = failed_.find(mine);
      return failed != failed_.end() ? failed->second : Status::Ok();
    }
    return CommitGroup();
  }

  // Ends a write transaction without effect: only its own savepoint is undone.
  void RollbackWrite() {
    AbandonSavepoint();
    EndGroupIfIdle();
  }

  Result<std::unique_ptr<Connection>> CheckOutReader() {
    {
      std::lock_guard lock(readers_mu_);
      if (!readers_.empty()) {
        auto conn = std::move(readers_.back());
        readers_.pop_back();
        return conn;
      }
    }
    const int flags = options_.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    return OpenConnection(path_, flags, options_, /*writer=*/false);
  }

  void CheckInReader(std::unique_ptr<Connection> conn) {
    std::lock_guard lock(readers_mu_);
    // Idle connections beyond that are closed: each holds its own page cache.
    if (readers_.size() < kMaxIdleReaders) readers_.push_back(std::move(conn));
  }

 private:
  static constexpr int kMaxGroup = 256;
  // As many as requests can read at once (the server's handler threads), so that a busy server
  // does not open and close connections: opening one reads the schema.
  static constexpr std::size_t kMaxIdleReaders = 64;

  // Undoes the current savepoint. Some errors (a full disk, an I/O error) make SQLite roll back
  // the whole transaction; then the group is lost and every member is told so.
  void AbandonSavepoint() {
    if (writer_->InTransaction()) {
      (void)writer_->Plain("ROLLBACK TO leerrecht_tx");
      (void)writer_->Plain("RELEASE leerrecht_tx");
    }
    if (!writer_->InTransaction() && group_open_) {
      FinishGroup(Status(ErrorCode::kIo, "de transactie is door een schrijffout afgebroken; probeer het opnieuw"));
    }
  }

  // Called holding the writer lock when a transaction ends: the group commits once nobody
  // queues to join it.
  void EndGroupIfIdle() {
    if (group_open_ && queued_.load(std::memory_order_acquire) == 0) (void)CommitGroup();
  }

  Status CommitGroup() {
    Status s = writer_->Plain("COMMIT");
    if (!s.ok() && writer_->InTransaction()) (void)writer_->Plain("ROLLBACK");
    FinishGroup(s);
    return s;
  }

  void FinishGroup(const Status& outcome) {
    {
      std::lock_guard done(done_mu_);
      if (!outcome.ok() && group_size_ > 0) failed_.emplace(group_, outcome);
      finished_ = group_;
      // Waiters of older groups have long read their outcome, so only recent failures are kept.
      while (failed_.size() > 64) failed_.erase(failed_.begin());
    }
    group_open_ = false;
    group_size_ = 0;
    done_cv_.notify_all();
  }

  std::string path_;
  SqliteOptions options_;
  std::unique_ptr<Connection> writer_;
  std::mutex write_mu_;                  // the writer connection and the group state below
  std::atomic<int> queued_{0};           // threads waiting in BeginWrite for write_mu_
  bool group_open_ = false;
  std::uint64_t group_ = 0;              // the open (or last) group
  int group_size_ = 0;                   // committed savepoints in the open group
  std::mutex done_mu_;                   // the outcome of groups, for waiting members
  std::condition_variable done_cv_;
  std::uint64_t finished_ = 0;           // groups up to this one have committed or failed
  std::map<std::uint64_t, Status> failed_;
  std::mutex readers_mu_;
  std::vector<std::unique_ptr<Connection>> readers_;
};

SqliteWriteTransaction::~SqliteWriteTransaction() {
  if (!done_) {
    DropCommitHooks();
    db_.RollbackWrite();
  }
}

Status SqliteWriteTransaction::Commit() {
  if (done_) return Status::Internal("transactie is al afgesloten");
  if (Status work = RunFinishWork(); !work.ok()) return work;  // still open: the destructor rolls back
  done_ = true;
  Status s = db_.CommitWrite(*this);
  // The writer is free again as soon as the transaction has ended, not when its object dies.
  if (lock_.owns_lock()) lock_.unlock();
  if (s.ok()) {
    RunCommitHooks();
  } else {
    DropCommitHooks();
  }
  return s;
}

SqliteReadTransaction::~SqliteReadTransaction() {
  if (!done_) Release();
}

void SqliteReadTransaction::Release() {
  done_ = true;
  if (conn_->InTransaction()) (void)conn_->Plain("ROLLBACK");
  db_.CheckInReader(std::move(conn_));
}

Status SqliteReadTransaction::Commit() {
  if (done_) return Status::Internal("transactie is al afgesloten");
  Status s = conn_->InTransaction() ? conn_->Plain("COMMIT") : Status::Ok();
  // The reader connection goes back to the pool before the deferred writes queue for the writer.
  Release();
  if (s.ok()) s = RunFinishWork();
  if (s.ok()) {
    RunCommitHooks();
  } else {
    DropCommitHooks();
  }
  return s;
}

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const SqliteOptions& options) {
  if (options.read_only) {
    // No writer: one reader connection, opened now so that a bad path fails here.
    auto reader = OpenConnection(path, SQLITE_OPEN_READONLY, options, /*writer=*/false);
    if (!reader.ok()) return reader.status();
    auto database = std::make_unique<SqliteDatabase>(path, options, nullptr);
    database->CheckInReader(std::move(*reader));
    return std::unique_ptr<Database>(std::move(database));
  }
  int flags = SQLITE_OPEN_READWRITE;
  if (options.create) flags |= SQLITE_OPEN_CREATE;
  auto writer = OpenConnection(path, flags, options, /*writer=*/true);
  if (!writer.ok()) return writer.status();
  return std::unique_ptr<Database>(std::make_unique<SqliteDatabase>(path, options, std::move(*writer)));
}

}  // namespace leerrecht::store
