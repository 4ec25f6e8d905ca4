#include <gtest/gtest.h>

#include "repository_fixture.h"
#include "store/repositories/om_exception_repository.h"

namespace leerrecht::store {
namespace {

using leerrecht::testing::kOtherParty;
using leerrecht::testing::kOwnParty;

constexpr const char* kHash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";
constexpr const char* kDecision = "wpg-art20-mas";
constexpr const char* kPurpose = "aanpak-schoolverzuim";
constexpr const char* kExplanation = "vader staat onder toezicht; art. 2:5 Jeugdwet";

class OmExceptionRepositoryTest : public leerrecht::testing::RepositoryFixture {
 protected:
  void SetUp() override {
    RepositoryFixture::SetUp();
    if (HasFatalFailure()) return;
    case_ = AddCase(AddYouth("111222333"));
    other_case_ = AddCase(AddYouth("123456782", "Noor Visser"));
    auto tx = Write();
    auto lpa = users_->Create(*tx, Ctx(), NewUser{"lpa", "K. Jansen", kHash, false, {"leerplichtambtenaar"}});
    auto tl = users_->Create(*tx, Ctx(), NewUser{"tl", "T. Leider", kHash, false, {"teamleider-leerplicht"}});
    ASSERT_TRUE(lpa.ok() && tl.ok());
    ASSERT_TRUE(tx->Commit().ok());
    lpa_ = *lpa;
    tl_ = *tl;
    repo_ = std::make_unique<OmExceptionRepository>(*youths_, folder_->log());
  }
  OmException Request() const {
    OmException e;
    e.case_id = case_;
    e.recipient_party = kOtherParty;
    e.agreement_id = kDecision;
    e.purpose = kPurpose;
    e.ground = std::string(kOmGroundStatute);
    e.explanation = kExplanation;
    e.requested_by = lpa_;
    return e;
  }
  std::int64_t Ask(const OmException& e) {
    auto tx = Write();
    auto id = repo_->Create(*tx, Ctx(), e, "2025-03-14T10:00:00Z");
    EXPECT_TRUE(id.ok()) << id.status().message();
    EXPECT_TRUE(tx->Commit().ok());
    return id.ok() ? *id : 0;
  }
  std::optional<OmException> Usable(std::int64_t case_id, const std::string& recipient, const std::string& purpose) {
    auto tx = Write();
    auto found = repo_->Usable(*tx, kOwnParty, case_id, recipient, kDecision, purpose);
    EXPECT_TRUE(found.ok()) << found.status().message();
    return found.ok() ? *found : std::nullopt;
  }

  std::int64_t case_ = 0;
  std::int64_t other_case_ = 0;
  std::int64_t lpa_ = 0;
  std::int64_t tl_ = 0;
  std::unique_ptr<OmExceptionRepository> repo_;
};

TEST_F(OmExceptionRepositoryTest, W_23_a_request_needs_a_ground_and_its_explanation) {
  auto tx = Write();
  OmException no_ground = Request();
  no_ground.ground = "omdat het kan";
  EXPECT_EQ(repo_->Create(*tx, Ctx(), no_ground, "2025-03-14T10:00:00Z").status().code(), ErrorCode::kInvalidInput);
  OmException no_text = Request();
  no_text.explanation = " \n";
  EXPECT_EQ(repo_->Create(*tx, Ctx(), no_text, "2025-03-14T10:00:00Z").status().code(), ErrorCode::kInvalidInput);
  // Another party's case does not exist for this party.
  EXPECT_EQ(repo_->Create(*tx, Ctx(kOtherParty), Request(), "2025-03-14T10:00:00Z").status().code(),
            ErrorCode::kNotFound);
}

TEST_F(OmExceptionRepositoryTest, W_23_Q_08_approved_by_a_second_officer_used_once_for_exactly_what_it_names) {
  const std::int64_t before = LogCount();
  const std::int64_t id = Ask(Request());
  ASSERT_NE(id, 0);
  EXPECT_EQ(LogCount(), before + 1);
  EXPECT_EQ(LastEntry().Text(0), "om-uitzondering.aanvragen");
  EXPECT_FALSE(Usable(case_, kOtherParty, kPurpose));  // asked is not approved

  {
    auto tx = Write();
    EXPECT_EQ(repo_->Decide(*tx, Ctx(), id, lpa_, true, "2025-03-14T11:00:00Z").code(), ErrorCode::kRefused);
    ASSERT_TRUE(repo_->Decide(*tx, Ctx(), id, tl_, true, "2025-03-14T11:00:00Z").ok());
    EXPECT_EQ(repo_->Decide(*tx, Ctx(), id, tl_, false, "2025-03-14T11:05:00Z").code(), ErrorCode::kConflict);
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(LastEntry().Text(0), "om-uitzondering.goedkeuren");

  // Only for the case, recipient and purpose it names.
  EXPECT_FALSE(Usable(other_case_, kOtherParty, kPurpose));
  EXPECT_FALSE(Usable(case_, "ggd-gelderland-midden", kPurpose));
  EXPECT_FALSE(Usable(case_, kOtherParty, "hulp-verlenen"));
  auto usable = Usable(case_, kOtherParty, kPurpose);
  ASSERT_TRUE(usable);
  EXPECT_EQ(usable->id, id);
  EXPECT_EQ(usable->explanation, kExplanation);
  EXPECT_EQ(usable->decided_by, tl_);
  EXPECT_EQ(OmExceptionBasis(*usable),
            "art. 52 lid 1 Wjsg, uitzondering " + std::to_string(id) + ": een wettelijk voorschrift laat mededeling toe");

  // One disclosure: used, it opens nothing more.
  {
    auto tx = Write();
    auto disclosure = tx->Execute(
        "INSERT INTO disclosures (party_id, recipient_party, agreement_id, agreement_version, case_id, purpose, "
        "decision_json, documentation_json, sent_at) VALUES (?, ?, ?, 1, ?, ?, '{}', '{}', ?)",
        {std::string(kOwnParty), std::string(kOtherParty), std::string(kDecision), case_, std::string(kPurpose),
         std::string("2025-03-14T12:00:00Z")});
    ASSERT_TRUE(disclosure.ok()) << disclosure.message();
    const std::int64_t disclosure_id = tx->LastInsertId();
    ASSERT_TRUE(repo_->MarkUsed(*tx, kOwnParty, id, disclosure_id).ok());
    EXPECT_EQ(repo_->MarkUsed(*tx, kOwnParty, id, disclosure_id).code(), ErrorCode::kConflict);
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_FALSE(Usable(case_, kOtherParty, kPurpose));
  auto tx = Write();
  auto listed = repo_->List(*tx, Ctx(), std::nullopt);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().status, kOmUsed);
  // Another party sees none of them.
  auto theirs = repo_->List(*tx, Ctx(kOtherParty), std::nullopt);
  ASSERT_TRUE(theirs.ok());
  EXPECT_TRUE(theirs->empty());
  ASSERT_TRUE(tx->Commit().ok());
  ExpectLogIntact();
}

TEST_F(OmExceptionRepositoryTest, W_23_the_explanation_is_stored_encrypted) {
  Ask(Request());
  EXPECT_EQ(AllFolderBytes().find("art. 2:5 Jeugdwet"), std::string::npos);
}

}  // namespace
}  // namespace leerrecht::store
