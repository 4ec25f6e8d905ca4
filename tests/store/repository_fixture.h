// Test helper: FolderFixture plus every repository, a second party, and log and file checks.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>

#include "folder_fixture.h"
#include "store/repositories/designation_repository.h"
#include "store/repositories/disclosure_repository.h"
#include "store/repositories/note_repository.h"
#include "store/repositories/notification_repository.h"
#include "store/repositories/party_repository.h"
#include "store/repositories/user_repository.h"

namespace leerrecht::testing {

// The fixture's own party is "eigen-organisatie" (leerplicht); kOtherParty is an SWV.
inline constexpr const char* kOwnParty = "eigen-organisatie";
inline constexpr const char* kOtherParty = "swv-passend-wijs";

class RepositoryFixture : public FolderFixture {
 protected:
  void SetUp() override {
    FolderFixture::SetUp();
    if (HasFatalFailure()) return;
    MakeRepositories();
    auto tx = folder_->db().BeginWrite();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(parties_->Create(**tx, kOtherParty, "SWV Passend Wijs", "swv").ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  void ReopenAll() {
    Reopen();
    MakeRepositories();
  }
  void MakeRepositories() {
    parties_ = std::make_unique<store::PartyRepository>(clock_);
    users_ = std::make_unique<store::UserRepository>(folder_->keys(), folder_->log(), clock_);
    designations_ = std::make_unique<store::DesignationRepository>(folder_->keys(), folder_->log());
    notifications_ = std::make_unique<store::NotificationRepository>(folder_->keys(), *youths_, folder_->log(), clock_);
    notes_ = std::make_unique<store::NoteRepository>(folder_->keys(), *youths_, folder_->log(), clock_);
    disclosures_ = std::make_unique<store::DisclosureRepository>(folder_->keys(), *youths_, folder_->log(), clock_);
  }

  std::unique_ptr<store::Transaction> Write() {
    auto tx = folder_->db().BeginWrite();
    EXPECT_TRUE(tx.ok()) << tx.status().message();
    return std::move(*tx);
  }

  std::int64_t LogCount() {
    auto tx = folder_->db().BeginRead();
    return (*tx)->Query("SELECT COUNT(*) FROM processing_log")->at(0).Int(0);
  }
  // The newest entry's columns, for checking what was logged.
  store::Row LastEntry() {
    auto tx = folder_->db().BeginRead();
    auto rows = (*tx)->Query(
        "SELECT activity, party_id, subject, subject_type, fields, recipient, actor, purpose FROM processing_log "
        "ORDER BY seq DESC LIMIT 1");
    return rows->at(0);
  }
  void ExpectLogIntact() {
    auto report = audit::Verify(folder_->db(), folder_->keys());
    ASSERT_TRUE(report.ok()) << report.status().message();
    EXPECT_TRUE(report->intact) << report->problem;
  }

  std::int64_t AddCase(std::int64_t youth_id, const std::string& party = kOwnParty) {
    auto tx = Write();
    store::CaseRecord record{0, youth_id, "langdurig-verzuim", "onderzoek", "AVG", std::nullopt, "2025-03-03", std::nullopt, std::nullopt};
    auto id = cases_->Create(*tx, Ctx(party), record);
    EXPECT_TRUE(id.ok()) << id.status().message();
    EXPECT_TRUE(tx->Commit().ok());
    return *id;
  }

  // Everything on disk after a clean close: database, WAL, head file.
  std::string AllFolderBytes() {
    EXPECT_TRUE(folder_->Close().ok());
    std::string everything;
    for (const auto& entry : std::filesystem::directory_iterator(data_)) {
      std::ifstream in(entry.path(), std::ios::binary);
      everything += std::string(std::istreambuf_iterator<char>(in), {});
    }
    return everything;
  }

  std::unique_ptr<store::PartyRepository> parties_;
  std::unique_ptr<store::UserRepository> users_;
  std::unique_ptr<store::DesignationRepository> designations_;
  std::unique_ptr<store::NotificationRepository> notifications_;
  std::unique_ptr<store::NoteRepository> notes_;
  std::unique_ptr<store::DisclosureRepository> disclosures_;
};

}  // namespace leerrecht::testing
