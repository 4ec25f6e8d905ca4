#include "audit/processing_log.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <sstream>
#include <thread>
#include <vector>

#include "store/migrations.h"
#include "store/sqlite_database.h"

#include "../store/folder_fixture.h"

namespace leerrecht::audit {
namespace {

using leerrecht::testing::FolderFixture;

// Tampering as an attacker with write access to the file would: a raw connection that first
// drops the append-only triggers.
class Tamper {
 public:
  explicit Tamper(const std::string& path) {
    sqlite3_open(path.c_str(), &db_);
    Exec("DROP TRIGGER IF EXISTS processing_log_no_update; DROP TRIGGER IF EXISTS processing_log_no_delete;"
         "DROP TRIGGER IF EXISTS log_checkpoints_no_update; DROP TRIGGER IF EXISTS log_checkpoints_no_delete;");
  }
  ~Tamper() { sqlite3_close(db_); }
  void Exec(const std::string& sql) {
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
  }

 private:
  sqlite3* db_ = nullptr;
};

class ProcessingLogTest : public FolderFixture {
 protected:
  // Writes `count` entries in batches of 100 per transaction.
  void Write(int count) {
    for (int done = 0; done < count;) {
      auto tx = folder_->db().BeginWrite();
      ASSERT_TRUE(tx.ok());
      for (int i = 0; i < 100 && done < count; ++i, ++done) {
        LogEntry e;
        e.activity = "dossier.lezen";
        e.processing_activity_id = "leerrecht:verzuimregistratie";
        e.actor = "user:" + std::to_string(done % 7);
        e.party = "eigen-organisatie";
        e.subject = folder_->keys().SubjectPseudonym("bsn:" + std::to_string(done));
        e.fields = {"naam", "bsn"};
        e.purpose = "thuiszitters-in-beeld";
        e.legal_basis = "Leerplichtwet 1969 art. 16";
        e.trace = TraceContext::New();
        ASSERT_TRUE(folder_->log().Append(**tx, e).ok());
      }
      ASSERT_TRUE((*tx)->Commit().ok());
    }
  }
  VerifyReport VerifyNow() {
    // Verify a freshly opened folder, as `leerrecht log verify` does.
    auto folder = services::DataFolder::Open(data_, clock_);
    EXPECT_TRUE(folder.ok()) << folder.status().message();
    auto report = Verify((*folder)->db(), (*folder)->keys(), (*folder)->head_file());
    EXPECT_TRUE(report.ok()) << report.status().message();
    return *report;
  }
  void CloseAndTamper(const std::string& sql) {
    ASSERT_TRUE(folder_->Close().ok());
    folder_.reset();
    youths_.reset();
    cases_.reset();
    Tamper(data_ + "/leerrecht.db").Exec(sql);
  }
};

TEST_F(ProcessingLogTest, UntouchedLogVerifiesWithCheckpointsEveryThousand) {
  Write(2500);
  ASSERT_TRUE(folder_->Close().ok());
  const VerifyReport r = VerifyNow();
  EXPECT_TRUE(r.intact) << r.problem;
  EXPECT_EQ(r.entries, 2500);
  EXPECT_EQ(r.checkpoints, 3);  // 1000, 2000 and the shutdown checkpoint at 2500
}

TEST_F(ProcessingLogTest, ModifiedEntryIsNamed) {
  Write(1500);
  CloseAndTamper("UPDATE processing_log SET actor = 'user:99' WHERE seq = 777");
  const VerifyReport r = VerifyNow();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_seq, 777);
  EXPECT_NE(r.problem.find("entry 777"), std::string::npos) << r.problem;
}

TEST_F(ProcessingLogTest, DeletedEntryIsNamed) {
  Write(300);
  CloseAndTamper("DELETE FROM processing_log WHERE seq = 120");
  const VerifyReport r = VerifyNow();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_seq, 120);
  EXPECT_NE(r.problem.find("missing"), std::string::npos) << r.problem;
}

TEST_F(ProcessingLogTest, ReorderedEntriesAreNamed) {
  Write(300);
  // Swap the contents of entries 50 and 51 (keeping each its seq).
  CloseAndTamper(
      "UPDATE processing_log SET seq = -1 WHERE seq = 50; UPDATE processing_log SET seq = 50 WHERE seq = 51;"
      "UPDATE processing_log SET seq = 51 WHERE seq = -1;");
  const VerifyReport r = VerifyNow();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_seq, 50);
}

TEST_F(ProcessingLogTest, InsertedEntryIsNamed) {
  Write(300);
  // A forged entry in the middle: shift the tail up by one and put a row at 151.
  CloseAndTamper(
      "UPDATE processing_log SET seq = seq + 1000 WHERE seq > 150;"
      "UPDATE processing_log SET seq = seq - 999 WHERE seq > 1150;"
      "INSERT INTO processing_log SELECT 151, logged_at, activity, processing_activity_id, 'user:vals', party_id, "
      "subject, subject_type, fields, purpose, legal_basis, recipient, outcome, trace_id, span_id, hash "
      "FROM processing_log WHERE seq = 150;");
  const VerifyReport r = VerifyNow();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_seq, 151);
}

TEST_F(ProcessingLogTest, AppendedForgedEntryIsNamed) {
  Write(300);
  CloseAndTamper(
      "INSERT INTO processing_log SELECT 301, logged_at, activity, processing_activity_id, actor, party_id, subject, "
      "subject_type, fields, purpose, legal_basis, recipient, outcome, trace_id, span_id, hash "
      "FROM processing_log WHERE seq = 300;");
  const VerifyReport r = VerifyNow();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_seq, 301);
}

TEST_F(ProcessingLogTest, TamperedCheckpointIsNamed) {
  Write(1200);
  CloseAndTamper("UPDATE log_checkpoints SET signed_at = '2020-01-01T00:00:00.000000Z' WHERE seq = 1000");
  const VerifyReport r = VerifyNow();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_seq, 1000);
  EXPECT_NE(r.problem.find("checkpoint 1000"), std::string::npos) << r.problem;
}

TEST_F(ProcessingLogTest, DeletedCheckpointIsNamed) {
  Write(2100);
  CloseAndTamper("DELETE FROM log_checkpoints WHERE seq = 1000");
  const VerifyReport r = VerifyNow();
  EXPECT_FALSE(r.intact);
  EXPECT_EQ(r.first_bad_seq, 1000);
}

TEST_F(ProcessingLogTest, CutOffTailIsDetectedThroughTheHeadFile) {
  Write(1500);
  CloseAndTamper("DELETE FROM processing_log WHERE seq > 1000; DELETE FROM log_checkpoints WHERE seq > 1000;");
  const VerifyReport r = VerifyNow();
  EXPECT_FALSE(r.intact);
  EXPECT_NE(r.problem.find("log-head"), std::string::npos) << r.problem;
}

TEST_F(ProcessingLogTest, RolledBackTransactionLeavesNoEntryAndTheChainContinues) {
  Write(10);
  {
    auto tx = folder_->db().BeginWrite();
    LogEntry e;
    e.activity = "dossier.lezen";
    e.trace = TraceContext::New();
    ASSERT_TRUE(folder_->log().Append(**tx, e).ok());
    // no commit
  }
  EXPECT_EQ(folder_->log().head_seq(), 10);
  Write(5);
  EXPECT_EQ(folder_->log().head_seq(), 15);
  ASSERT_TRUE(folder_->Close().ok());
  EXPECT_TRUE(VerifyNow().intact);
}

LogEntry SampleEntry(int n) {
  LogEntry e;
  e.activity = "dossier.lezen";
  e.processing_activity_id = "leerrecht:verzuimregistratie";
  e.actor = "user:" + std::to_string(n % 7);
  e.party = "eigen-organisatie";
  e.subject = "pseudoniem-" + std::to_string(n);
  e.trace = TraceContext::New();
  return e;
}

// Group commit: transactions of many threads share commits; the chain must stay one chain,
// without a gap or a repeated sequence number, and every committed entry must be there.
TEST_F(ProcessingLogTest, ConcurrentTransactionsKeepOneUnbrokenChain) {
  constexpr int kThreads = 8;
  constexpr int kTransactions = 40;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kTransactions; ++i) {
        auto tx = folder_->db().BeginWrite();
        if (!tx.ok()) {
          ++failures;
          continue;
        }
        const bool keep = i % 5 != 4;  // every fifth transaction rolls back
        if (!folder_->log().Append(**tx, SampleEntry(t * 1000 + i)).ok() ||
            !folder_->log().Append(**tx, SampleEntry(t * 1000 + i)).ok()) {
          ++failures;
          continue;
        }
        if (keep && !(*tx)->Commit().ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  const int committed = kThreads * (kTransactions - kTransactions / 5) * 2;
  EXPECT_EQ(folder_->log().head_seq(), committed);
  ASSERT_TRUE(folder_->Close().ok());
  const VerifyReport report = VerifyNow();
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.entries, committed);
}

// A second writer on the same file (a CLI import beside the running server) appends between
// this process's entries: each append starts from the database's head, not a remembered one.
TEST_F(ProcessingLogTest, AnotherWriterOnTheSameFileDoesNotForkTheChain) {
  store::SqliteOptions options;
  auto other_db = store::OpenSqlite(data_ + "/leerrecht.db", options);
  ASSERT_TRUE(other_db.ok()) << other_db.status().message();
  auto other_log = ProcessingLog::Open(**other_db, folder_->keys(), clock_);
  ASSERT_TRUE(other_log.ok());
  for (int i = 0; i < 6; ++i) {
    store::Database& db = i % 2 == 0 ? folder_->db() : **other_db;
    ProcessingLog& log = i % 2 == 0 ? folder_->log() : **other_log;
    auto tx = db.BeginWrite();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(log.Append(**tx, SampleEntry(i)).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  other_log->reset();
  other_db->reset();
  ASSERT_TRUE(folder_->Close().ok());
  const VerifyReport report = VerifyNow();
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.entries, 6);
}

// Migration 4 rebuilt the log table with the sequence number as rowid; a log written under
// schema 3 must verify unchanged afterwards.
TEST_F(ProcessingLogTest, LogWrittenUnderSchemaThreeVerifiesAfterMigrationFour) {
  const std::string path = dir_->Sub("v3.db");
  store::SqliteOptions options;
  options.create = true;
  auto db = store::OpenSqlite(path, options);
  ASSERT_TRUE(db.ok());
  ASSERT_EQ(*store::Migrate(**db, 3), 3);
  {
    auto log = ProcessingLog::Open(**db, folder_->keys(), clock_);
    ASSERT_TRUE(log.ok());
    for (int i = 0; i < 5; ++i) {
      auto tx = (*db)->BeginWrite();
      ASSERT_TRUE((*log)->Append(**tx, SampleEntry(i)).ok());
      ASSERT_TRUE((*tx)->Commit().ok());
    }
  }
  ASSERT_EQ(*store::Migrate(**db), store::kSchemaVersion);
  auto report = Verify(**db, folder_->keys());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact) << report->problem;
  EXPECT_EQ(report->entries, 5);
  auto tx = (*db)->BeginRead();
  auto rowid = (*tx)->Query("SELECT count(*) FROM processing_log WHERE rowid = seq");
  EXPECT_EQ(rowid->at(0).Int(0), 5);
  auto extra_index = (*tx)->Query("SELECT count(*) FROM sqlite_master WHERE tbl_name = 'processing_log' AND type = 'index'");
  EXPECT_EQ(extra_index->at(0).Int(0), 1);  // processing_log_subject only
  auto write = (*db)->BeginWrite();
  Status deleted = (*write)->Execute("DELETE FROM processing_log WHERE seq = 1");
  EXPECT_NE(deleted.message().find("append-only"), std::string::npos) << deleted.message();
}

// A read on a reader connection cannot write: its entries are written when it commits, and
// a read that is abandoned (an error on the way) leaves none.
TEST_F(ProcessingLogTest, EntriesOfAReadAreWrittenWhenTheReadCommits) {
  Write(3);
  {
    auto tx = folder_->db().BeginRead();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(folder_->log().Append(**tx, SampleEntry(1)).ok());
    // abandoned: no commit
  }
  EXPECT_EQ(folder_->log().head_seq(), 3);
  {
    auto tx = folder_->db().BeginRead();
    ASSERT_TRUE(folder_->log().Append(**tx, SampleEntry(2)).ok());
    ASSERT_TRUE(folder_->log().Append(**tx, SampleEntry(3)).ok());
    EXPECT_EQ(folder_->log().head_seq(), 3);  // not yet
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  EXPECT_EQ(folder_->log().head_seq(), 5);
  ASSERT_TRUE(folder_->Close().ok());
  const VerifyReport report = VerifyNow();
  EXPECT_TRUE(report.intact) << report.problem;
  EXPECT_EQ(report.entries, 5);
}

// No read is used without its record: when the entries cannot be written, the read's commit fails.
TEST_F(ProcessingLogTest, ReadFailsWhenItsEntriesCannotBeWritten) {
  store::SqliteOptions options;
  options.read_only = true;
  auto db = store::OpenSqlite(data_ + "/leerrecht.db", options);
  ASSERT_TRUE(db.ok()) << db.status().message();
  auto log = ProcessingLog::Open(**db, folder_->keys(), clock_);
  ASSERT_TRUE(log.ok());
  auto tx = (*db)->BeginRead();
  ASSERT_TRUE((*log)->Append(**tx, SampleEntry(1)).ok());
  EXPECT_FALSE((*tx)->Commit().ok());
}

TEST_F(ProcessingLogTest, LdvExportHasTheStandardsFields) {
  Write(3);
  std::ostringstream out;
  auto n = ExportLdv(folder_->db(), out, "0.1.0");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 3);
  std::istringstream lines(out.str());
  std::string line;
  std::getline(lines, line);
  const auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["trace_id"].get<std::string>().size(), 32u);
  EXPECT_EQ(j["span_id"].get<std::string>().size(), 16u);
  EXPECT_EQ(j["name"], "dossier.lezen");
  EXPECT_EQ(j["status_code"], "OK");
  EXPECT_EQ(j["attributes"]["dpl.core.processing_activity_id"], "leerrecht:verzuimregistratie");
  EXPECT_EQ(j["attributes"]["dpl.core.data_subject_id"].get<std::string>().size(), 32u);
  EXPECT_EQ(j["attributes"]["dpl.core.data_subject_id_type"], "pseudoniem:jongere");
  EXPECT_EQ(j["resource"]["name"], "eigen-organisatie");
}

TEST(CanonicalEncodingTest, LengthPrefixesMakeItUnambiguous) {
  LogEntry a;
  a.activity = "ab";
  a.processing_activity_id = "c";
  LogEntry b;
  b.activity = "a";
  b.processing_activity_id = "bc";
  EXPECT_NE(CanonicalEncoding(1, "t", a, ""), CanonicalEncoding(1, "t", b, ""));
  EXPECT_EQ(CanonicalEncoding(1, "t", a, "").rfind("LRLOG1", 0), 0u);
}

}  // namespace
}  // namespace leerrecht::audit
