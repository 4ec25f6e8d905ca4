// Numbered schema migrations, applied at start and recorded in the database (DESIGN.md §8).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace leerrecht::store {

inline constexpr int kSchemaVersion = 8;

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;  // portable SQL with {id} and {blob} markers, statements separated by ';'
  std::string_view sqlite_only;  // dialect-specific additions (e.g. triggers), may be empty
};

const std::vector<Migration>& AllMigrations();

// The portable SQL of a migration for a backend: {id} and {blob} resolved (one place per dialect).
std::string RenderForBackend(std::string_view sql, std::string_view backend);

// Applies every migration newer than the database's version, each in its own transaction.
// Returns the schema version afterwards. A database newer than this program is refused.
// `up_to` stops early, for tests that need a database as an older version left it.
Result<int> Migrate(Database& db, int up_to = kSchemaVersion);

}  // namespace leerrecht::store
