#include <gtest/gtest.h>

#include "repository_fixture.h"

namespace leerrecht::store {
namespace {

using leerrecht::testing::kOtherParty;

constexpr const char* kExplanation = "Leerling klaagt over migraine sinds de kerstvakantie";

class NotificationRepositoryTest : public leerrecht::testing::RepositoryFixture {
 protected:
  void SetUp() override {
    RepositoryFixture::SetUp();
    if (HasFatalFailure()) return;
    youth_ = AddYouth("111222333");
  }
  AbsenceNotification Melding(const std::string& number = "DUO-2025-000123") const {
    AbsenceNotification n;
    n.notification_number = number;
    n.youth_id = youth_;
    n.brin = "12AB";
    n.location = "00";
    n.kind = "relatief-verzuim";
    n.start_date = Date::Ymd(2025, 2, 10);
    n.hours = 17.5;
    n.suspected_reason = "ziekte";
    n.explanation = kExplanation;
    n.reported_on = Date::Ymd(2025, 2, 24);
    return n;
  }
  std::int64_t RowCount() {
    auto tx = folder_->db().BeginRead();
    return (*tx)->Query("SELECT COUNT(*) FROM absence_notifications")->at(0).Int(0);
  }
  std::int64_t youth_ = 0;
};

TEST_F(NotificationRepositoryTest, ImportAndReadRoundTripEachLoggedOnce) {
  const std::int64_t before = LogCount();
  auto tx = Write();
  auto imported = notifications_->Import(*tx, Ctx(), Melding());
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  EXPECT_TRUE(imported->inserted);
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before + 1);
  auto entry = LastEntry();
  EXPECT_EQ(entry.Text(0), "verzuimmelding.registreren");
  EXPECT_EQ(entry.Text(2), youths_->Pseudonym(*Bsn::Parse("111222333")));
  EXPECT_EQ(entry.Text(3), "jongere");
  EXPECT_EQ(entry.Text(4), "verzuim_duur,verzuim_reden,verzuim_soort,verzuim_startdatum");

  auto read_tx = Write();
  auto read = notifications_->Get(*read_tx, Ctx(), imported->id);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_TRUE(read->SameContent(Melding()));
  EXPECT_EQ(read->explanation, kExplanation);
  EXPECT_EQ(read->hours, 17.5);
  EXPECT_FALSE(read->end_date.has_value());
  EXPECT_FALSE(read->imported_at.empty());
  ASSERT_TRUE(read_tx->Commit().ok());
  EXPECT_EQ(LogCount(), before + 2);
  EXPECT_EQ(LastEntry().Text(0), "verzuimmelding.lezen");
  ExpectLogIntact();
}

// DUO files overlap: the same notification imported twice is one row and one log entry.
TEST_F(NotificationRepositoryTest, ImportingTheSameNumberAgainIsIdempotent) {
  std::int64_t first_id = 0;
  {
    auto tx = Write();
    auto first = notifications_->Import(*tx, Ctx(), Melding());
    ASSERT_TRUE(first.ok());
    first_id = first->id;
    ASSERT_TRUE(tx->Commit().ok());
  }
  const std::int64_t before = LogCount();
  auto tx = Write();
  auto again = notifications_->Import(*tx, Ctx(), Melding());
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_FALSE(again->inserted);
  EXPECT_EQ(again->id, first_id);
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before);
  EXPECT_EQ(RowCount(), 1);
}

TEST_F(NotificationRepositoryTest, SameNumberWithOtherContentIsAConflict) {
  {
    auto tx = Write();
    ASSERT_TRUE(notifications_->Import(*tx, Ctx(), Melding()).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  const std::int64_t before = LogCount();
  auto tx = Write();
  AbsenceNotification changed = Melding();
  changed.hours = 24;
  EXPECT_EQ(notifications_->Import(*tx, Ctx(), changed).status().code(), ErrorCode::kConflict);
  changed = Melding();
  changed.explanation = "Andere toelichting";
  EXPECT_EQ(notifications_->Import(*tx, Ctx(), changed).status().code(), ErrorCode::kConflict);
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before);
  EXPECT_EQ(RowCount(), 1);
}

TEST_F(NotificationRepositoryTest, ListForYouthIsOrderedAndLoggedOnce) {
  {
    auto tx = Write();
    AbsenceNotification later = Melding("DUO-2");
    later.start_date = Date::Ymd(2025, 3, 3);
    later.end_date = Date::Ymd(2025, 3, 7);
    later.hours.reset();
    later.suspected_reason.reset();
    later.explanation.clear();
    ASSERT_TRUE(notifications_->Import(*tx, Ctx(), later).ok());
    ASSERT_TRUE(notifications_->Import(*tx, Ctx(), Melding("DUO-1")).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  const std::int64_t before = LogCount();
  auto tx = Write();
  auto list = notifications_->ListForYouth(*tx, Ctx(), youth_);
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(list->at(0).notification_number, "DUO-1");
  EXPECT_EQ(list->at(1).notification_number, "DUO-2");
  EXPECT_EQ(list->at(1).end_date, Date::Ymd(2025, 3, 7));
  EXPECT_FALSE(list->at(1).hours.has_value());
  EXPECT_FALSE(list->at(1).suspected_reason.has_value());
  EXPECT_EQ(list->at(1).explanation, "");
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before + 1);
  ExpectLogIntact();
}

TEST_F(NotificationRepositoryTest, OtherPartiesSeeNothingAndKeepTheirOwnNumbers) {
  std::int64_t id = 0;
  {
    auto tx = Write();
    auto imported = notifications_->Import(*tx, Ctx(), Melding());
    ASSERT_TRUE(imported.ok());
    id = imported->id;
    ASSERT_TRUE(tx->Commit().ok());
  }
  const std::int64_t before = LogCount();
  auto tx = Write();
  EXPECT_EQ(notifications_->Get(*tx, Ctx(kOtherParty), id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(notifications_->ListForYouth(*tx, Ctx(kOtherParty), youth_).status().code(), ErrorCode::kNotFound);
  // A notification for a youth of another party cannot be filed.
  EXPECT_EQ(notifications_->Import(*tx, Ctx(kOtherParty), Melding("DUO-X")).status().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before);

  // The natural key is per party: the other party may use the same number for its own youth.
  auto other = Write();
  auto other_youth = youths_->Create(*other, Ctx(kOtherParty), *Bsn::Parse("123456782"), "Noor Jansen",
                                     Date::Ymd(2012, 9, 1), "Arnhem");
  ASSERT_TRUE(other_youth.ok());
  AbsenceNotification theirs = Melding();
  theirs.youth_id = *other_youth;
  auto imported = notifications_->Import(*other, Ctx(kOtherParty), theirs);
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  EXPECT_TRUE(imported->inserted);
  EXPECT_NE(imported->id, id);
  ASSERT_TRUE(other->Commit().ok());
}

TEST_F(NotificationRepositoryTest, RejectsIncompleteOrInconsistentNotifications) {
  auto tx = Write();
  AbsenceNotification n = Melding();
  n.notification_number.clear();
  EXPECT_EQ(notifications_->Import(*tx, Ctx(), n).status().code(), ErrorCode::kInvalidInput);
  n = Melding();
  n.end_date = Date::Ymd(2025, 2, 1);
  EXPECT_EQ(notifications_->Import(*tx, Ctx(), n).status().code(), ErrorCode::kInvalidInput);
  n = Melding();
  n.hours = -1;
  EXPECT_EQ(notifications_->Import(*tx, Ctx(), n).status().code(), ErrorCode::kInvalidInput);
  n = Melding();
  n.youth_id = 999999;
  EXPECT_EQ(notifications_->Import(*tx, Ctx(), n).status().code(), ErrorCode::kNotFound);
}

TEST_F(NotificationRepositoryTest, ExplanationIsNotInPlaintextOnDisk) {
  {
    auto tx = Write();
    ASSERT_TRUE(notifications_->Import(*tx, Ctx(), Melding()).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  const std::string everything = AllFolderBytes();
  EXPECT_GT(everything.size(), 10000u);
  EXPECT_NE(everything.find("DUO-2025-000123"), std::string::npos);  // the scan does see plain columns
  EXPECT_EQ(everything.find("migraine"), std::string::npos);
}

}  // namespace
}  // namespace leerrecht::store
