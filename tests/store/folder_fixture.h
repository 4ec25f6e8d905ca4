// Test helper: an initialised data folder with a fixed clock, and an access context for a party.
#pragma once

#include <memory>

#include "services/data_folder.h"
#include "store/repositories/case_repository.h"
#include "temp_dir.h"

namespace leerrecht::testing {

class FolderFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("LEERRECHT_KEY_FILE");
    dir_ = std::make_unique<TempDir>();
    data_ = dir_->Sub("data");
    auto init = services::DataFolder::Init(data_, {}, clock_);
    ASSERT_TRUE(init.ok()) << init.status().message();
    one_time_password_ = init->one_time_password;
    Reopen();
  }
  void Reopen() {
    folder_.reset();
    auto folder = services::DataFolder::Open(data_, clock_);
    ASSERT_TRUE(folder.ok()) << folder.status().message();
    folder_ = std::move(*folder);
    youths_ = std::make_unique<store::YouthRepository>(folder_->keys(), folder_->log());
    cases_ = std::make_unique<store::CaseRepository>(*youths_, folder_->log());
  }
  store::AccessContext Ctx(const std::string& party = "eigen-organisatie") const {
    store::AccessContext ctx;
    ctx.party = party;
    ctx.actor = "user:1";
    ctx.purpose = "thuiszitters-in-beeld";
    ctx.legal_basis = "Leerplichtwet 1969 art. 16";
    ctx.trace = audit::TraceContext::New();
    return ctx;
  }
  std::int64_t AddYouth(const std::string& bsn_digits, const std::string& name = "Sem de Vries") {
    auto tx = folder_->db().BeginWrite();
    EXPECT_TRUE(tx.ok());
    auto id = youths_->Create(**tx, Ctx(), *Bsn::Parse(bsn_digits), name, Date::Ymd(2013, 4, 12), "Arnhem");
    EXPECT_TRUE(id.ok()) << id.status().message();
    EXPECT_TRUE((*tx)->Commit().ok());
    return *id;
  }

  FixedClock clock_{Date::Ymd(2025, 3, 14)};
  std::unique_ptr<TempDir> dir_;
  std::string data_;
  std::string one_time_password_;
  std::unique_ptr<services::DataFolder> folder_;
  std::unique_ptr<store::YouthRepository> youths_;
  std::unique_ptr<store::CaseRepository> cases_;
};

}  // namespace leerrecht::testing
