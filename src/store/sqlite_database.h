// The embedded SQLite backend: WAL, synchronous=FULL, foreign keys, one writer with group commit, pooled readers.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace leerrecht::store {

struct SqliteOptions {
  bool create = false;        // create the file when missing (init); otherwise it must exist
  bool read_only = false;
  int busy_timeout_ms = 5000;
  // Test hook: caps the file size in pages so a full disk can be simulated (SQLITE_FULL).
  long long max_page_count = 0;
};

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path, const SqliteOptions& options);

}  // namespace leerrecht::store
