// The storage interface every backend implements: transactions, bound parameters, streamed rows.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace leerrecht::store {

// Binary data, kept apart from text so backends bind it as BLOB / BYTEA.
struct Blob {
  std::string bytes;
  bool operator==(const Blob&) const = default;
};

using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;

// One row while a query streams; valid only inside the callback.
class RowView {
 public:
  virtual ~RowView() = default;
  [[nodiscard]] virtual int size() const = 0;
  [[nodiscard]] virtual bool IsNull(int column) const = 0;
  [[nodiscard]] virtual std::int64_t Int(int column) const = 0;
  [[nodiscard]] virtual double Real(int column) const = 0;
  // Text and blob columns, without copying.
  [[nodiscard]] virtual std::string_view Text(int column) const = 0;
  [[nodiscard]] virtual std::string_view Bytes(int column) const = 0;
  // The value with its stored type (copies).
  [[nodiscard]] virtual Value At(int column) const = 0;
};

// A materialised row for small results.
struct Row {
  std::vector<Value> values;
  [[nodiscard]] bool IsNull(std::size_t i) const { return std::holds_alternative<std::monostate>(values.at(i)); }
  [[nodiscard]] std::int64_t Int(std::size_t i) const;  // 0 for NULL
  [[nodiscard]] std::string Text(std::size_t i) const;  // text or blob bytes; "" for NULL
};

// A transaction on one connection. SQL uses `?` placeholders; parameters are always bound,
// never concatenated (STYLE.md point 7). Destroying an uncommitted transaction rolls it back.
class Transaction {
 public:
  Transaction() : serial_(NextSerial()) {}
  virtual ~Transaction() = default;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // Unique for the life of the process: lets callers keep per-transaction state without
  // mistaking a new transaction at a reused address for an old one.
  [[nodiscard]] std::uint64_t serial() const { return serial_; }
  virtual Status Execute(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  virtual Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Streams rows to `on_row`; returning false from it stops early.
  virtual Status ForEach(std::string_view sql, const std::vector<Value>& params,
                         const std::function<bool(const RowView&)>& on_row) = 0;
  virtual std::int64_t LastInsertId() = 0;
  virtual Status Commit() = 0;

  // Runs after a successful commit, in registration order: lets in-memory state (such as the
  // processing log's head) follow the database only once the change is durable.
  void OnCommit(std::function<void()> hook) { on_commit_.push_back(std::move(hook)); }

  // A read transaction cannot write. What must be written because of a read (the processing
  // log's entries) is handed to Commit() this way: it runs after the read has ended, and if it
  // fails, Commit() fails, so nothing read is used without its record. Write transactions run it
  // just before their own commit.
  void FinishWith(std::function<Status()> work) { finish_with_.push_back(std::move(work)); }
  [[nodiscard]] virtual bool read_only() const { return false; }
  // One opaque slot for the processing log's entries deferred to FinishWith.
  std::shared_ptr<void>& log_slot() { return log_slot_; }

 protected:
  void RunCommitHooks() {
    for (auto& hook : on_commit_) hook();
    on_commit_.clear();
  }
  void DropCommitHooks() {
    on_commit_.clear();
    finish_with_.clear();
  }
  Status RunFinishWork() {
    for (auto& work : finish_with_) {
      if (Status s = work(); !s.ok()) {
        finish_with_.clear();
        return s;
      }
    }
    finish_with_.clear();
    return Status::Ok();
  }

 private:
  static std::uint64_t NextSerial() {
    static std::atomic<std::uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
  }
  std::uint64_t serial_;
  std::vector<std::function<void()>> on_commit_;
  std::vector<std::function<Status()>> finish_with_;
  std::shared_ptr<void> log_slot_;
};

class Database {
 public:
  virtual ~Database() = default;
  // One writer at a time: a write transaction holds the writer lock until it ends.
  virtual Result<std::unique_ptr<Transaction>> BeginWrite() = 0;
  virtual Result<std::unique_ptr<Transaction>> BeginRead() = 0;
  // A consistent copy of the live database (online backup).
  virtual Status BackupTo(const std::string& path) = 0;
  [[nodiscard]] virtual std::string_view Backend() const = 0;  // "sqlite" | "postgresql"
};

}  // namespace leerrecht::store
