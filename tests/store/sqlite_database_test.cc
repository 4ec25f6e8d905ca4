#include "store/sqlite_database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>
#include <vector>

#include "store/migrations.h"
#include "temp_dir.h"

namespace leerrecht::store {
namespace {

using leerrecht::testing::TempDir;

std::unique_ptr<Database> OpenNew(const std::string& path, long long max_pages = 0) {
  SqliteOptions options;
  options.create = true;
  options.max_page_count = max_pages;
  auto db = OpenSqlite(path, options);
  EXPECT_TRUE(db.ok()) << db.status().message();
  return std::move(*db);
}

TEST(SqliteDatabaseTest, MigrationsAreAppliedOnceAndRecorded) {
  TempDir dir;
  auto db = OpenNew(dir.Sub("a.db"));
  auto version = Migrate(*db);
  ASSERT_TRUE(version.ok()) << version.status().message();
  EXPECT_EQ(*version, kSchemaVersion);
  EXPECT_EQ(*Migrate(*db), kSchemaVersion);
  auto tx = db->BeginRead();
  auto rows = (*tx)->Query("SELECT version, name FROM schema_migrations");
  ASSERT_TRUE(rows.ok());
  // One row per migration, numbered 1..kSchemaVersion.
  ASSERT_EQ(rows->size(), static_cast<std::size_t>(kSchemaVersion));
  for (int i = 0; i < kSchemaVersion; ++i) EXPECT_EQ(rows->at(static_cast<std::size_t>(i)).Int(0), i + 1);
  auto mode = (*tx)->Query("PRAGMA journal_mode");
  EXPECT_EQ(mode->at(0).Text(0), "wal");
  auto sync = (*tx)->Query("PRAGMA synchronous");
  EXPECT_EQ(sync->at(0).Int(0), 2);  // FULL
  auto fk = (*tx)->Query("PRAGMA foreign_keys");
  EXPECT_EQ(fk->at(0).Int(0), 1);
}

// Migration 6 copies each youth's routing columns into his cases (for the quarterly counts) and a
// trigger keeps the copies current, whichever statement changes the youth.
TEST(SqliteDatabaseTest, Migration6CopiesTheYouthsRoutingIntoHisCasesAndKeepsItCurrent) {
  TempDir dir;
  auto db = OpenNew(dir.Sub("m6.db"));
  ASSERT_EQ(*Migrate(*db, 5), 5);
  {
    auto tx = db->BeginWrite();
    ASSERT_TRUE((*tx)->Execute("INSERT INTO parties (id, name, role, created_at) VALUES ('p', 'P', 'leerplicht', "
                               "'2025-01-01')").ok());
    ASSERT_TRUE((*tx)->Execute("INSERT INTO youths (id, party_id, bsn_enc, bsn_index, birth_date, municipality, "
                               "created_at, school_type) VALUES (1, 'p', x'00', 'a', '2011-01-01', 'Ede', '2025-01-01', "
                               "'po'), (2, 'p', x'00', 'b', '2011-01-01', 'Duiven', '2025-01-01', NULL)").ok());
    ASSERT_TRUE((*tx)->Execute("INSERT INTO cases (id, party_id, youth_id, category, mas_phase, regime_tag, opened_on) "
                               "VALUES (10, 'p', 1, 'langdurig-verzuim', 'onderzoek', 'AVG', '2025-01-02'), "
                               "(11, 'p', 2, 'absoluut-verzuim', 'onderzoek', 'AVG', '2025-01-02')").ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  ASSERT_EQ(*Migrate(*db), kSchemaVersion);
  auto routing = [&] {
    auto tx = db->BeginRead();
    auto rows = (*tx)->Query("SELECT id, youth_municipality, youth_school_type FROM cases ORDER BY id");
    EXPECT_TRUE(rows.ok());
    std::vector<std::string> out;
    for (const Row& row : *rows) out.push_back(std::to_string(row.Int(0)) + ":" + row.Text(1) + ":" + row.Text(2));
    return out;
  };
  EXPECT_EQ(routing(), (std::vector<std::string>{"10:Ede:po", "11:Duiven:"}));
  {
    auto tx = db->BeginWrite();
    ASSERT_TRUE((*tx)->Execute("UPDATE youths SET municipality = 'Arnhem', school_type = 'vo' WHERE id = 1").ok());
    ASSERT_TRUE((*tx)->Execute("UPDATE youths SET school_type = 'vo' WHERE id = 2").ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  EXPECT_EQ(routing(), (std::vector<std::string>{"10:Arnhem:vo", "11:Duiven:vo"}));
}

TEST(SqliteDatabaseTest, CommitPersistsRollbackDiscardsAndHooksFollowCommit) {
  TempDir dir;
  auto db = OpenNew(dir.Sub("b.db"));
  ASSERT_TRUE(Migrate(*db).ok());
  int hooks = 0;
  {
    auto tx = db->BeginWrite();
    ASSERT_TRUE((*tx)->Execute("INSERT INTO meta (key, value) VALUES (?, ?)", {std::string("a"), std::string("1")}).ok());
    (*tx)->OnCommit([&] { ++hooks; });
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  {
    auto tx = db->BeginWrite();
    ASSERT_TRUE((*tx)->Execute("INSERT INTO meta (key, value) VALUES (?, ?)", {std::string("b"), std::string("2")}).ok());
    (*tx)->OnCommit([&] { hooks += 10; });
    // destroyed without commit: rolled back
  }
  EXPECT_EQ(hooks, 1);
  auto tx = db->BeginRead();
  auto rows = (*tx)->Query("SELECT key FROM meta ORDER BY key");
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->at(0).Text(0), "a");
}

// Group commit: concurrent writers share commits, yet each is told "committed" only once its
// change is durable and visible to new readers, and a rollback undoes only its own change.
TEST(SqliteDatabaseTest, ConcurrentWritersSeeTheirOwnCommitAndRollbacksStayPrivate) {
  TempDir dir;
  auto db = OpenNew(dir.Sub("group.db"));
  ASSERT_TRUE(Migrate(*db).ok());
  constexpr int kThreads = 8;
  constexpr int kTransactions = 50;
  std::atomic<int> problems{0};
  std::atomic<int> committed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kTransactions; ++i) {
        const std::string key = std::to_string(t) + "-" + std::to_string(i);
        const bool keep = i % 4 != 3;
        {
          auto tx = db->BeginWrite();
          if (!tx.ok() || !(*tx)->Execute("INSERT INTO meta (key, value) VALUES (?, 'v')", {key}).ok()) {
            ++problems;
            continue;
          }
          if (keep) {
            if (!(*tx)->Commit().ok()) ++problems;
            ++committed;
          }
        }
        auto read = db->BeginRead();
        auto rows = (*read)->Query("SELECT count(*) FROM meta WHERE key = ?", {key});
        if (!rows.ok() || rows->at(0).Int(0) != (keep ? 1 : 0)) ++problems;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(problems.load(), 0);
  auto read = db->BeginRead();
  // meta holds rows of its own (the schema version): count only ours.
  auto rows = (*read)->Query("SELECT count(*) FROM meta WHERE key LIKE '%-%'");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->at(0).Int(0), committed.load());
  EXPECT_EQ(committed.load(), kThreads * (kTransactions - kTransactions / 4 - (kTransactions % 4 == 3 ? 1 : 0)));
}

TEST(SqliteDatabaseTest, ValuesKeepTheirTypes) {
  TempDir dir;
  auto db = OpenNew(dir.Sub("t.db"));
  auto tx = db->BeginWrite();
  ASSERT_TRUE((*tx)->Execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)").ok());
  const std::string binary("\0\1\2", 3);
  ASSERT_TRUE((*tx)->Execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                             {std::int64_t{42}, 1.5, std::string("tekst"), Blob{binary}, std::monostate{}})
                  .ok());
  auto rows = (*tx)->Query("SELECT i, r, s, b, n FROM t");
  ASSERT_TRUE(rows.ok());
  const Row& r = rows->at(0);
  EXPECT_EQ(r.Int(0), 42);
  EXPECT_EQ(std::get<double>(r.values[1]), 1.5);
  EXPECT_EQ(r.Text(2), "tekst");
  EXPECT_EQ(std::get<Blob>(r.values[3]).bytes, binary);
  EXPECT_TRUE(r.IsNull(4));
}

TEST(SqliteDatabaseTest, UniqueViolationIsAConflict) {
  TempDir dir;
  auto db = OpenNew(dir.Sub("c.db"));
  ASSERT_TRUE(Migrate(*db).ok());
  auto tx = db->BeginWrite();
  ASSERT_TRUE((*tx)->Execute("INSERT INTO meta (key, value) VALUES ('k', 'v')").ok());
  Status s = (*tx)->Execute("INSERT INTO meta (key, value) VALUES ('k', 'w')");
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
}

TEST(SqliteDatabaseTest, FullDiskIsAClearErrorAndLosesNothingCommitted) {
  TempDir dir;
  const std::string path = dir.Sub("full.db");
  {
    auto db = OpenNew(path);
    ASSERT_TRUE(Migrate(*db).ok());
  }
  SqliteOptions options;
  options.max_page_count = 40;  // simulate a disk that is almost full
  auto db = OpenSqlite(path, options);
  ASSERT_TRUE(db.ok());
  {
    auto tx = (*db)->BeginWrite();
    ASSERT_TRUE((*tx)->Execute("INSERT INTO meta (key, value) VALUES ('eerste', 'bewaard')").ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  Status failure;
  {
    auto tx = (*db)->BeginWrite();
    for (int i = 0; i < 10000 && failure.ok(); ++i) {
      failure = (*tx)->Execute("INSERT INTO meta (key, value) VALUES (?, ?)",
                               {std::to_string(i), std::string(1000, 'x')});
    }
  }
  EXPECT_EQ(failure.code(), ErrorCode::kUnavailable);
  EXPECT_NE(failure.message().find("de schijf is vol"), std::string::npos) << failure.message();
  auto tx = (*db)->BeginRead();
  auto rows = (*tx)->Query("SELECT key, value FROM meta");
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->at(0).Text(1), "bewaard");
}

TEST(SqliteDatabaseTest, ProcessingLogIsAppendOnlyForTheProgram) {
  TempDir dir;
  auto db = OpenNew(dir.Sub("d.db"));
  ASSERT_TRUE(Migrate(*db).ok());
  auto tx = db->BeginWrite();
  ASSERT_TRUE((*tx)->Execute("INSERT INTO processing_log VALUES (1, 't', 'a', 'p', 'x', 'y', 's', 'jongere', '', '', '', '',"
                             " 'ok', 't', 's', x'00')")
                  .ok());
  EXPECT_FALSE((*tx)->Execute("UPDATE processing_log SET actor = 'ander' WHERE seq = 1").ok());
  EXPECT_FALSE((*tx)->Execute("DELETE FROM processing_log WHERE seq = 1").ok());
}

TEST(SqliteDatabaseTest, NotADatabaseIsRefused) {
  TempDir dir;
  const std::string path = dir.Sub("text.db");
  std::ofstream(path) << "dit is geen database, maar een tekstbestand met genoeg tekst om een pagina te vullen\n"
                      << std::string(5000, 'x');
  auto db = OpenSqlite(path, {});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(db.status().message().find("geen (leesbare) Leerrecht-database"), std::string::npos);
}

TEST(SqliteDatabaseTest, BackupIsAConsistentCopy) {
  TempDir dir;
  auto db = OpenNew(dir.Sub("live.db"));
  ASSERT_TRUE(Migrate(*db).ok());
  {
    auto tx = db->BeginWrite();
    ASSERT_TRUE((*tx)->Execute("INSERT INTO meta (key, value) VALUES ('k', 'v')").ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  ASSERT_TRUE(db->BackupTo(dir.Sub("copy.db")).ok());
  auto copy = OpenSqlite(dir.Sub("copy.db"), {});
  ASSERT_TRUE(copy.ok());
  auto tx = (*copy)->BeginRead();
  EXPECT_EQ((*tx)->Query("SELECT value FROM meta WHERE key = 'k'")->at(0).Text(0), "v");
}

}  // namespace
}  // namespace leerrecht::store
