#include <gtest/gtest.h>

#include "repository_fixture.h"

namespace leerrecht::store {
namespace {

using leerrecht::testing::kOtherParty;

constexpr const char* kCaseNote = "Preventief gesprek 2025-02-14; afspraak: dagelijks melden bij mentor";
constexpr const char* kSchoolNote = "Voorlichting groep 8, OBS De Linde, 25 leerlingen";

class NoteRepositoryTest : public leerrecht::testing::RepositoryFixture {
 protected:
  void SetUp() override {
    RepositoryFixture::SetUp();
    if (HasFatalFailure()) return;
    youth_ = AddYouth("111222333");
    case_ = AddCase(youth_);
  }
  std::int64_t youth_ = 0;
  std::int64_t case_ = 0;
};

// SPEC P-07: a person-level note lives in the pupil's file, encrypted, and is logged.
TEST_F(NoteRepositoryTest, CaseNoteRoundTripIsLoggedWithFieldNotities) {
  const std::int64_t before = LogCount();
  auto tx = Write();
  auto id = notes_->AddToCase(*tx, Ctx(), case_, kCaseNote, kRegimeTagAvg);
  ASSERT_TRUE(id.ok()) << id.status().message();
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before + 1);
  auto entry = LastEntry();
  EXPECT_EQ(entry.Text(0), "notitie.registreren");
  EXPECT_EQ(entry.Text(2), youths_->Pseudonym(*Bsn::Parse("111222333")));
  EXPECT_EQ(entry.Text(4), "notities");

  auto read = Write();
  auto note = notes_->Get(*read, Ctx(), *id);
  ASSERT_TRUE(note.ok()) << note.status().message();
  EXPECT_EQ(note->text, kCaseNote);
  EXPECT_EQ(note->case_id, case_);
  EXPECT_FALSE(note->school_brin.has_value());
  EXPECT_EQ(note->regime_tag, "AVG");
  EXPECT_FALSE(note->wpg_since.has_value());
  EXPECT_EQ(note->created_by, "user:1");
  auto list = notes_->ListForCase(*read, Ctx(), case_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().text, kCaseNote);
  ASSERT_TRUE(read->Commit().ok());
  EXPECT_EQ(LogCount(), before + 3);
  EXPECT_EQ(LastEntry().Text(0), "notitie.lezen");
  ExpectLogIntact();
}

// SPEC R-03: after the enforcement decision the file's notes are tagged WPG from that day.
TEST_F(NoteRepositoryTest, RegimeTagAndWpgSinceTravelTogether) {
  auto tx = Write();
  auto wpg =
      notes_->AddToCase(*tx, Ctx(), case_, "Besluit: proces-verbaal opmaken", kRegimeTagWpg, Date::Ymd(2025, 6, 1));
  ASSERT_TRUE(wpg.ok()) << wpg.status().message();
  auto note = notes_->Get(*tx, Ctx(), *wpg);
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(note->regime_tag, "WPG");
  EXPECT_EQ(note->wpg_since, Date::Ymd(2025, 6, 1));
  EXPECT_EQ(notes_->AddToCase(*tx, Ctx(), case_, "x", kRegimeTagWpg).status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(notes_->AddToCase(*tx, Ctx(), case_, "x", kRegimeTagAvg, Date::Ymd(2025, 6, 1)).status().code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(notes_->AddToCase(*tx, Ctx(), case_, "x", "avg").status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(notes_->AddToCase(*tx, Ctx(), case_, "", kRegimeTagAvg).status().code(), ErrorCode::kInvalidInput);
}

// SPEC P-06: without a melding, notes are kept at school level, about no one, and not logged.
TEST_F(NoteRepositoryTest, SchoolNotesAreNotPersonalDataAndNotLogged) {
  {
    auto tx = Write();
    ASSERT_TRUE(notes_->AddToCase(*tx, Ctx(), case_, kCaseNote, kRegimeTagAvg).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  const std::int64_t before = LogCount();
  auto tx = Write();
  auto id = notes_->AddToSchool(*tx, Ctx(), "12AB", kSchoolNote);
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto note = notes_->Get(*tx, Ctx(), *id);
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(note->text, kSchoolNote);
  EXPECT_EQ(note->school_brin, "12AB");
  EXPECT_FALSE(note->case_id.has_value());
  EXPECT_EQ(note->regime_tag, "AVG");
  auto school = notes_->ListForSchool(*tx, Ctx(), "12AB");
  ASSERT_TRUE(school.ok());
  ASSERT_EQ(school->size(), 1u);  // the case note is not a school note
  EXPECT_EQ(school->front().id, *id);
  EXPECT_EQ(notes_->AddToSchool(*tx, Ctx(), "", kSchoolNote).status().code(), ErrorCode::kInvalidInput);
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before);

  auto read = Write();
  auto on_case = notes_->ListForCase(*read, Ctx(), case_);
  ASSERT_TRUE(on_case.ok());
  ASSERT_EQ(on_case->size(), 1u);  // and the school note is not on the case
  EXPECT_EQ(on_case->front().text, kCaseNote);
}

TEST_F(NoteRepositoryTest, OtherPartiesCannotReadOrWriteNotes) {
  std::int64_t case_note = 0;
  std::int64_t school_note = 0;
  {
    auto tx = Write();
    case_note = *notes_->AddToCase(*tx, Ctx(), case_, kCaseNote, kRegimeTagAvg);
    school_note = *notes_->AddToSchool(*tx, Ctx(), "12AB", kSchoolNote);
    ASSERT_TRUE(tx->Commit().ok());
  }
  const std::int64_t before = LogCount();
  auto tx = Write();
  EXPECT_EQ(notes_->Get(*tx, Ctx(kOtherParty), case_note).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(notes_->Get(*tx, Ctx(kOtherParty), school_note).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(notes_->ListForCase(*tx, Ctx(kOtherParty), case_).status().code(), ErrorCode::kNotFound);
  auto school = notes_->ListForSchool(*tx, Ctx(kOtherParty), "12AB");
  ASSERT_TRUE(school.ok());
  EXPECT_TRUE(school->empty());
  EXPECT_EQ(notes_->AddToCase(*tx, Ctx(kOtherParty), case_, "indringer", kRegimeTagAvg).status().code(),
            ErrorCode::kNotFound);
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before);
}

TEST_F(NoteRepositoryTest, NoteTextIsNotInPlaintextOnDisk) {
  {
    auto tx = Write();
    ASSERT_TRUE(notes_->AddToCase(*tx, Ctx(), case_, kCaseNote, kRegimeTagAvg).ok());
    ASSERT_TRUE(notes_->AddToSchool(*tx, Ctx(), "12AB", kSchoolNote).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  const std::string everything = AllFolderBytes();
  EXPECT_GT(everything.size(), 10000u);
  EXPECT_EQ(everything.find("dagelijks melden bij mentor"), std::string::npos);
  EXPECT_EQ(everything.find("OBS De Linde"), std::string::npos);
}

}  // namespace
}  // namespace leerrecht::store
