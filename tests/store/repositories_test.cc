#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "crypto/password.h"
#include "folder_fixture.h"

namespace leerrecht::store {
namespace {

using leerrecht::testing::FolderFixture;
using leerrecht::testing::TempDir;

std::int64_t LogCount(services::DataFolder& folder) {
  auto tx = folder.db().BeginRead();
  return (*tx)->Query("SELECT COUNT(*) FROM processing_log")->at(0).Int(0);
}

class RepositoriesTest : public FolderFixture {};

TEST_F(RepositoriesTest, YouthRoundTripAndEveryAccessIsLogged) {
  const std::int64_t before = LogCount(*folder_);
  const std::int64_t id = AddYouth("111222333");
  EXPECT_EQ(LogCount(*folder_), before + 1);
  auto tx = folder_->db().BeginWrite();
  auto youth = youths_->Get(**tx, Ctx(), id);
  ASSERT_TRUE(youth.ok()) << youth.status().message();
  EXPECT_EQ(youth->bsn->digits(), "111222333");
  EXPECT_EQ(youth->name, "Sem de Vries");
  auto found = youths_->FindByBsn(**tx, Ctx(), *Bsn::Parse("111222333"));
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, id);
  ASSERT_TRUE((*tx)->Commit().ok());
  EXPECT_EQ(LogCount(*folder_), before + 3);
}

// The registration's moment is the moment it was made (and logged), not the date of birth.
TEST_F(RepositoriesTest, YouthRegistrationRecordsWhenItWasMade) {
  const std::int64_t id = AddYouth("111222333");
  auto tx = folder_->db().BeginRead();
  auto rows = (*tx)->Query("SELECT y.created_at, l.logged_at FROM youths y, processing_log l WHERE y.id = ? AND "
                           "l.activity = 'jongere.registreren'",
                           {id});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().Text(0).substr(0, 10), clock_.Today().ToString());
  EXPECT_EQ(rows->front().Text(0).substr(0, 19), rows->front().Text(1).substr(0, 19));
}

TEST_F(RepositoriesTest, OtherPartiesCannotSeeTheYouth) {
  const std::int64_t id = AddYouth("111222333");
  auto tx = folder_->db().BeginWrite();
  ASSERT_TRUE((*tx)->Execute("INSERT INTO parties (id, name, role, created_at) VALUES ('swv-x', 'SWV X', 'swv', 'nu')").ok());
  auto other = youths_->Get(**tx, Ctx("swv-x"), id);
  EXPECT_EQ(other.status().code(), ErrorCode::kNotFound);
  auto search = youths_->FindByBsn(**tx, Ctx("swv-x"), *Bsn::Parse("111222333"));
  ASSERT_TRUE(search.ok());
  EXPECT_FALSE(search->has_value());
  CaseRecord record{0, id, "langdurig-verzuim", "onderzoek", "AVG", std::nullopt, "2025-03-14", std::nullopt, std::nullopt};
  EXPECT_EQ(cases_->Create(**tx, Ctx("swv-x"), record).status().code(), ErrorCode::kNotFound);
}

TEST_F(RepositoriesTest, DuplicateBsnIsAConflictAndLogsNothing) {
  AddYouth("111222333");
  const std::int64_t before = LogCount(*folder_);
  auto tx = folder_->db().BeginWrite();
  auto again = youths_->Create(**tx, Ctx(), *Bsn::Parse("111222333"), "Sem", Date::Ymd(2013, 4, 12), "Arnhem");
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);
  tx->reset();
  EXPECT_EQ(LogCount(*folder_), before);
}

TEST_F(RepositoriesTest, CaseCarriesItsRegimeTag) {
  const std::int64_t youth = AddYouth("123456782", "Noor Jansen");
  auto tx = folder_->db().BeginWrite();
  CaseRecord record{0, youth, "langdurig-verzuim", "proces-verbaal", "WPG", std::string("2025-06-01"), "2025-01-06", std::nullopt, std::nullopt};
  auto id = cases_->Create(**tx, Ctx(), record);
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto read = cases_->Get(**tx, Ctx(), *id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->regime_tag, "WPG");
  EXPECT_EQ(read->wpg_since, "2025-06-01");
  EXPECT_EQ(*cases_->Count(**tx, Ctx()), 1);
  ASSERT_TRUE((*tx)->Commit().ok());
}

// A case operation writes one entry, about the youth: decrypting his BSN to name him in that entry
// is not a read of his data of its own (a second "jongere.lezen" would show the privacy officer a
// read that did not happen).
TEST_F(RepositoriesTest, CreatingAndReadingACaseWriteOneEntryEachAboutTheYouth) {
  const std::int64_t youth = AddYouth("123456782", "Noor Jansen");
  const std::int64_t before = LogCount(*folder_);
  auto tx = folder_->db().BeginWrite();
  CaseRecord record{0, youth, "langdurig-verzuim", "onderzoek", "AVG", std::nullopt, "2025-01-06", std::nullopt,
                    std::nullopt};
  auto id = cases_->Create(**tx, Ctx(), record);
  ASSERT_TRUE(id.ok()) << id.status().message();
  ASSERT_TRUE(cases_->Get(**tx, Ctx(), *id).ok());
  ASSERT_TRUE((*tx)->Commit().ok());
  EXPECT_EQ(LogCount(*folder_), before + 2);
  auto read = folder_->db().BeginRead();
  auto rows = (*read)->Query("SELECT activity, subject FROM processing_log WHERE seq > ? ORDER BY seq", {before});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->at(0).Text(0), "zaak.aanmaken");
  EXPECT_EQ(rows->at(1).Text(0), "zaak.lezen");
  EXPECT_EQ(rows->at(0).Text(1), youths_->Pseudonym(*Bsn::Parse("123456782")));
  EXPECT_EQ(rows->at(1).Text(1), rows->at(0).Text(1));
  // Another party's youth stays "not found", as before.
  auto tx2 = folder_->db().BeginWrite();
  ASSERT_TRUE((*tx2)->Execute("INSERT INTO parties (id, name, role, created_at) VALUES ('swv-x', 'SWV X', 'swv', 'nu')").ok());
  EXPECT_EQ(cases_->Create(**tx2, Ctx("swv-x"), record).status().code(), ErrorCode::kNotFound);
}

// DESIGN.md §8: no BSN in plaintext anywhere in the database file (nor its WAL) or the log export.
TEST_F(RepositoriesTest, NoBsnInPlaintextInTheDatabaseFiles) {
  const std::vector<std::string> bsns = {"111222333", "123456782", "232262536"};
  for (const auto& b : bsns) AddYouth(b);
  {
    auto tx = folder_->db().BeginWrite();
    for (const auto& b : bsns) ASSERT_TRUE(youths_->FindByBsn(**tx, Ctx(), *Bsn::Parse(b)).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  std::ostringstream exported;
  ASSERT_TRUE(audit::ExportLdv(folder_->db(), exported, "test").ok());
  ASSERT_TRUE(folder_->Close().ok());
  std::string everything = exported.str();
  for (const auto& entry : std::filesystem::directory_iterator(data_)) {
    std::ifstream in(entry.path(), std::ios::binary);
    everything += std::string(std::istreambuf_iterator<char>(in), {});
  }
  EXPECT_GT(everything.size(), 10000u);
  for (const auto& b : bsns) EXPECT_EQ(everything.find(b), std::string::npos) << "BSN in plaintext: " << b;
  EXPECT_EQ(everything.find("Sem de Vries"), std::string::npos);  // names are encrypted too
}

class DataFolderTest : public ::testing::Test {
 protected:
  void SetUp() override { ::unsetenv("LEERRECHT_KEY_FILE"); }
  FixedClock clock_{Date::Ymd(2025, 3, 14)};
};

TEST_F(DataFolderTest, InitCreatesKeyDatabaseAndAdmin) {
  TempDir dir;
  auto init = services::DataFolder::Init(dir.Sub("d"), {}, clock_);
  ASSERT_TRUE(init.ok()) << init.status().message();
  struct stat st {};
  ASSERT_EQ(::stat(init->key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(init->admin_username, "beheerder");
  auto folder = services::DataFolder::Open(dir.Sub("d"), clock_);
  ASSERT_TRUE(folder.ok());
  auto tx = (*folder)->db().BeginRead();
  auto users = (*tx)->Query("SELECT password_hash, must_change_password FROM users WHERE username = 'beheerder'");
  ASSERT_EQ(users->size(), 1u);
  EXPECT_TRUE(crypto::VerifyPassword(users->at(0).Text(0), init->one_time_password));
  EXPECT_EQ(users->at(0).Int(1), 1);
  EXPECT_EQ((*tx)->Query("SELECT value FROM meta WHERE key = 'app'")->at(0).Text(0), "leerrecht");
}

TEST_F(DataFolderTest, InitRefusesAFolderThatIsNotEmptyAndChangesNothing) {
  TempDir dir;
  std::ofstream(dir.Sub("iemands-bestand.txt")) << "belangrijk";
  auto init = services::DataFolder::Init(dir.path(), {}, clock_);
  ASSERT_FALSE(init.ok());
  EXPECT_EQ(init.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
  // Twice into the same folder: the second refuses and the first keeps working.
  ASSERT_TRUE(services::DataFolder::Init(dir.Sub("d"), {}, clock_).ok());
  EXPECT_EQ(services::DataFolder::Init(dir.Sub("d"), {}, clock_).status().code(), ErrorCode::kConflict);
  EXPECT_TRUE(services::DataFolder::Open(dir.Sub("d"), clock_).ok());
}

TEST_F(DataFolderTest, OpenRefusesMissingForeignAndWrongKey) {
  TempDir dir;
  EXPECT_EQ(services::DataFolder::Open(dir.Sub("bestaat-niet"), clock_).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(services::DataFolder::Open(dir.path(), clock_).status().code(), ErrorCode::kNotFound);

  ASSERT_TRUE(services::DataFolder::Init(dir.Sub("a"), {}, clock_).ok());
  ASSERT_TRUE(services::DataFolder::Init(dir.Sub("b"), {}, clock_).ok());
  const auto db_b = dir.Sub("b") + "/leerrecht.db";
  const auto size_before = std::filesystem::file_size(db_b);
  // b's database with a's key.
  ::setenv("LEERRECHT_KEY_FILE", (dir.Sub("a") + "/leerrecht.key").c_str(), 1);
  auto wrong = services::DataFolder::Open(dir.Sub("b"), clock_);
  ::unsetenv("LEERRECHT_KEY_FILE");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("verkeerde sleutel"), std::string::npos) << wrong.status().message();
  EXPECT_EQ(std::filesystem::file_size(db_b), size_before);

  // A foreign SQLite database in place of ours.
  std::filesystem::create_directories(dir.Sub("c"));
  std::filesystem::copy_file(dir.Sub("a") + "/leerrecht.key", dir.Sub("c") + "/leerrecht.key");
  {
    store::SqliteOptions o;
    o.create = true;
    auto foreign = store::OpenSqlite(dir.Sub("c") + "/leerrecht.db", o);
    auto tx = (*foreign)->BeginWrite();
    ASSERT_TRUE((*tx)->Execute("CREATE TABLE klanten (naam TEXT)").ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  auto foreign = services::DataFolder::Open(dir.Sub("c"), clock_);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.status().message().find("geen Leerrecht-database"), std::string::npos);
  // ...and it was not migrated.
  store::SqliteOptions o;
  auto check = store::OpenSqlite(dir.Sub("c") + "/leerrecht.db", o);
  auto tx = (*check)->BeginRead();
  EXPECT_EQ((*tx)->Query("SELECT COUNT(*) FROM sqlite_master WHERE name = 'youths'")->at(0).Int(0), 0);
}

TEST_F(DataFolderTest, ReadOnlyDatabaseRefusesWritesWithAClearError) {
  TempDir dir;
  ASSERT_TRUE(services::DataFolder::Init(dir.Sub("d"), {}, clock_).ok());
  // As root, file modes do not stop writes; SQLite's read-only mode stands in for a read-only mount.
  store::SqliteOptions read_only;
  read_only.read_only = true;
  auto folder = services::DataFolder::Open(dir.Sub("d"), clock_, read_only);
  ASSERT_TRUE(folder.ok()) << folder.status().message();
  auto tx = (*folder)->db().BeginWrite();
  ASSERT_FALSE(tx.ok());
  EXPECT_EQ(tx.status().code(), ErrorCode::kUnavailable);
  EXPECT_NE(tx.status().message().find("alleen-lezen"), std::string::npos);
}

}  // namespace
}  // namespace leerrecht::store
