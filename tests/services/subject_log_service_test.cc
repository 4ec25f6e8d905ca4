// The processing-log viewer per youth (SPEC C-37 (a), W-12): party scoping, the matrix, and the
// read's own log entry.
#include "services/subject_log_service.h"

#include <gtest/gtest.h>

#include "../store/folder_fixture.h"
#include "crypto/password.h"
#include "services/dossier_service.h"
#include "services/matrix_config.h"
#include "store/repositories/party_repository.h"
#include "store/repositories/user_repository.h"

namespace leerrecht::services {
namespace {

constexpr const char* kOwn = "eigen-organisatie";  // created by Init: a leerplicht party
constexpr const char* kOther = "andere-rbl";
constexpr const char* kBsn = "123456782";

class SubjectLogServiceTest : public leerrecht::testing::FolderFixture {
 protected:
  void SetUp() override {
    FolderFixture::SetUp();
    {
      auto tx = folder_->db().BeginWrite();
      store::PartyRepository parties(clock_);
      ASSERT_TRUE(parties.SetRegime(**tx, kOwn, "vanaf-handhaving", Date::Ymd(2025, 1, 1)).ok());
      ASSERT_TRUE(parties.Create(**tx, kOther, "Andere RBL", "leerplicht").ok());
      ASSERT_TRUE(parties.SetRegime(**tx, kOther, "vanaf-handhaving", Date::Ymd(2025, 1, 1)).ok());
      ASSERT_TRUE((*tx)->Commit().ok());
    }
    auto hash = crypto::HashPassword("een-lang-testwachtwoord");
    ASSERT_TRUE(hash.ok());
    lpa_ = AddUser(kOwn, "lpa", "K. Jansen", "leerplichtambtenaar", *hash);
    colleague_ = AddUser(kOwn, "lpa2", "M. Bakker", "leerplichtambtenaar", *hash);
    fg_ = AddUser(kOwn, "fg", "F. Gerritsen", "fg", *hash);
    auditor_ = AddUser(kOwn, "auditor", "A. Controle", "auditor", *hash);
    other_lpa_ = AddUser(kOther, "x-lpa", "Andere LPA", "leerplichtambtenaar", *hash);
    other_fg_ = AddUser(kOther, "x-fg", "Andere FG", "fg", *hash);

    auto matrices = MatrixStore::Open(*folder_, DefaultMatrix(), clock_);
    ASSERT_TRUE(matrices.ok()) << matrices.status().message();
    matrices_ = std::move(*matrices);
    dossiers_ = std::make_unique<DossierService>(*folder_, *matrices_, clock_);
    logs_ = std::make_unique<SubjectLogService>(*folder_, *matrices_, clock_);

    // The same person in both parties: the log pseudonym is the same, the entries are not shared.
    youth_ = CreateYouthWithCase(lpa_, &case_);
    other_youth_ = CreateYouthWithCase(other_lpa_, &other_case_);
    ASSERT_TRUE(dossiers_->GetCase(other_lpa_, other_case_).ok());
    ASSERT_TRUE(dossiers_->GetCase(lpa_, case_).ok());
  }

  Actor AddUser(const std::string& party, const std::string& username, const std::string& name, const std::string& role,
                const std::string& hash) {
    auto tx = folder_->db().BeginWrite();
    store::UserRepository users(folder_->keys(), folder_->log(), clock_);
    store::AccessContext ctx = Ctx(party);
    auto id = users.Create(**tx, ctx, store::NewUser{username, name, hash, false, {role}});
    EXPECT_TRUE(id.ok()) << id.status().message();
    EXPECT_TRUE((*tx)->Commit().ok());
    Actor a;
    a.user_id = *id;
    a.username = username;
    a.display_name = name;
    a.party = party;
    a.roles = {role};
    return a;
  }

  std::int64_t CreateYouthWithCase(const Actor& lpa, std::int64_t* case_id) {
    auto youth = dossiers_->CreateYouth(lpa, NewYouth{kBsn, "Noor 't Hart", "2011-04-02", "Arnhem", "vo"});
    EXPECT_TRUE(youth.ok()) << youth.status().message();
    NewCase c;
    c.youth_id = *youth;
    c.category = "absoluut-verzuim";
    auto created = dossiers_->CreateCase(lpa, c);
    EXPECT_TRUE(created.ok()) << created.status().message();
    *case_id = *created;
    return *youth;
  }

  std::string Pseudonym() const { return youths_->Pseudonym(*Bsn::Parse(kBsn)); }

  std::int64_t Count(const std::string& sql, const std::vector<store::Value>& params) {
    auto tx = folder_->db().BeginRead();
    auto rows = (*tx)->Query(sql, params);
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    return rows.ok() ? rows->at(0).Int(0) : -1;
  }

  std::unique_ptr<MatrixStore> matrices_;
  std::unique_ptr<DossierService> dossiers_;
  std::unique_ptr<SubjectLogService> logs_;
  Actor lpa_, colleague_, fg_, auditor_, other_lpa_, other_fg_;
  std::int64_t youth_ = 0, case_ = 0, other_youth_ = 0, other_case_ = 0;
};

TEST_F(SubjectLogServiceTest, C_34_AnotherPartysEntriesAboutTheSamePersonAreNeverReturned) {
  const std::string subject = Pseudonym();
  const std::int64_t own =
      Count("SELECT COUNT(*) FROM processing_log WHERE subject = ? AND party_id = ?", {subject, std::string(kOwn)});
  const std::int64_t other =
      Count("SELECT COUNT(*) FROM processing_log WHERE subject = ? AND party_id = ?", {subject, std::string(kOther)});
  ASSERT_GT(other, 0);  // the other RBL processed the same person

  auto log = logs_->ForYouth(fg_, youth_, 1, kLogPageSizeMax);
  ASSERT_TRUE(log.ok()) << log.status().message();
  EXPECT_EQ(log->total, own);
  EXPECT_EQ(static_cast<std::int64_t>(log->entries.size()), own);
  for (const SubjectLogEntry& e : log->entries) {
    EXPECT_NE(e.actor, "user:" + std::to_string(other_lpa_.user_id)) << e.activity;
  }

  auto theirs = logs_->ForYouth(other_fg_, other_youth_, 1, kLogPageSizeMax);
  ASSERT_TRUE(theirs.ok()) << theirs.status().message();
  EXPECT_EQ(theirs->total, other);
  for (const SubjectLogEntry& e : theirs->entries) {
    EXPECT_NE(e.actor, "user:" + std::to_string(lpa_.user_id)) << e.activity;
    EXPECT_NE(e.actor, "user:" + std::to_string(fg_.user_id)) << e.activity;
  }

  // Another party's youth or case is not found, as an unknown id is.
  EXPECT_EQ(logs_->ForYouth(other_fg_, youth_).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(logs_->ForCase(other_fg_, case_).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(logs_->ForYouth(fg_, 999999).status().code(), ErrorCode::kNotFound);
}

TEST_F(SubjectLogServiceTest, C_37_TheFgTheAuditorAndTheHandlerMayAColleagueOutsideTheCaseMayNot) {
  EXPECT_TRUE(logs_->ForYouth(fg_, youth_).ok());
  EXPECT_TRUE(logs_->ForYouth(auditor_, youth_).ok());
  EXPECT_TRUE(logs_->ForYouth(lpa_, youth_).ok());  // works on the youth's case

  const std::string refused_sql =
      "SELECT COUNT(*) FROM processing_log WHERE activity = 'logboek.lezen.geweigerd' AND outcome = 'refused' "
      "AND actor = ? AND party_id = ? AND subject = ?";
  const std::string actor = "user:" + std::to_string(colleague_.user_id);
  ASSERT_EQ(Count(refused_sql, {actor, std::string(kOwn), Pseudonym()}), 0);
  auto refused = logs_->ForYouth(colleague_, youth_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kRefused);
  EXPECT_NE(refused.status().message().find("geen toegang"), std::string::npos);
  EXPECT_EQ(Count(refused_sql, {actor, std::string(kOwn), Pseudonym()}), 1);
}

TEST_F(SubjectLogServiceTest, TheReadWritesItsOwnEntryWhichTheNextReadShowsFirst) {
  auto first = logs_->ForYouth(fg_, youth_);
  ASSERT_TRUE(first.ok()) << first.status().message();
  for (const SubjectLogEntry& e : first->entries) EXPECT_NE(e.activity, "logboek.lezen");
  auto second = logs_->ForYouth(fg_, youth_);
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(second->total, first->total + 1);
  ASSERT_FALSE(second->entries.empty());
  const SubjectLogEntry& own = second->entries.front();
  EXPECT_EQ(own.activity, "logboek.lezen");
  EXPECT_EQ(own.actor, "user:" + std::to_string(fg_.user_id));
  EXPECT_EQ(own.actor_name, "F. Gerritsen");
  EXPECT_EQ(own.outcome, "ok");
  EXPECT_EQ(own.fields, std::vector<std::string>{"logboek"});
  EXPECT_EQ(own.purpose, "verantwoording-en-inzage");
}

TEST_F(SubjectLogServiceTest, PagesRunNewestFirstAndAreBounded) {
  auto all = logs_->ForYouth(fg_, youth_, 1, kLogPageSizeMax);
  ASSERT_TRUE(all.ok());
  ASSERT_GE(all->entries.size(), 3u);
  for (std::size_t i = 1; i < all->entries.size(); ++i) {
    EXPECT_GT(all->entries[i - 1].seq, all->entries[i].seq);
  }
  // Each read adds an entry at the top, so page 2 of size 1 is the second newest of that moment.
  auto page2 = logs_->ForCase(fg_, case_, 2, 1);
  ASSERT_TRUE(page2.ok()) << page2.status().message();
  EXPECT_EQ(page2->youth_id, youth_);
  ASSERT_EQ(page2->entries.size(), 1u);
  EXPECT_EQ(page2->entries[0].seq, all->entries[0].seq);
  EXPECT_EQ(page2->page, 2);
  EXPECT_EQ(page2->per_page, 1);

  EXPECT_EQ(logs_->ForYouth(fg_, youth_, 0, 10).status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(logs_->ForYouth(fg_, youth_, 1, 0).status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(logs_->ForYouth(fg_, youth_, 1, kLogPageSizeMax + 1).status().code(), ErrorCode::kInvalidInput);
  auto beyond = logs_->ForYouth(fg_, youth_, 1000, 10);
  ASSERT_TRUE(beyond.ok());
  EXPECT_TRUE(beyond->entries.empty());
}

}  // namespace
}  // namespace leerrecht::services
