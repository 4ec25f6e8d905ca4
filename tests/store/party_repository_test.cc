#include <gtest/gtest.h>

#include "repository_fixture.h"

namespace leerrecht::store {
namespace {

using leerrecht::testing::kOtherParty;
using leerrecht::testing::kOwnParty;

class PartyRepositoryTest : public leerrecht::testing::RepositoryFixture {};

TEST_F(PartyRepositoryTest, CreateGetAndListRoundTrip) {
  auto tx = Write();
  ASSERT_TRUE(parties_->Create(*tx, "ggd-gelderland-midden", "GGD Gelderland-Midden", "ggd").ok());
  auto ggd = parties_->Get(*tx, "ggd-gelderland-midden");
  ASSERT_TRUE(ggd.ok()) << ggd.status().message();
  EXPECT_EQ(ggd->name, "GGD Gelderland-Midden");
  EXPECT_EQ(ggd->role, "ggd");
  EXPECT_FALSE(ggd->regime.has_value());
  EXPECT_FALSE(ggd->created_at.empty());
  auto all = parties_->List(*tx);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ(all->at(0).id, kOwnParty);
  EXPECT_EQ(all->at(1).id, "ggd-gelderland-midden");
  EXPECT_EQ(all->at(2).id, kOtherParty);
  EXPECT_EQ(all->at(0).role, "leerplicht");
}

TEST_F(PartyRepositoryTest, RejectsDuplicatesBadIdsAndUnknownRoles) {
  auto tx = Write();
  EXPECT_EQ(parties_->Create(*tx, kOtherParty, "Nog eens", "swv").code(), ErrorCode::kConflict);
  EXPECT_EQ(parties_->Create(*tx, "Hoofd Letters", "X", "swv").code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(parties_->Create(*tx, "bakker", "Bakker", "bakkerij").code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(parties_->Create(*tx, "zonder-naam", "", "swv").code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(parties_->Get(*tx, "bestaat-niet").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(parties_->RegimeOf(*tx, "bestaat-niet").status().code(), ErrorCode::kNotFound);
}

// SPEC R-01: "New tenant with no regime chosen → case registration disabled ("kies Wpg-regime").
// Regime A chosen from 2025-01-01 → registration enabled."
TEST_F(PartyRepositoryTest, LeerplichtPartyMustChooseARegimeBeforeCases) {
  const std::int64_t log_before = LogCount();
  auto tx = Write();
  auto none = parties_->RegimeOf(*tx, kOwnParty);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  Status refused = parties_->CheckCaseRegistration(*tx, kOwnParty, Date::Ymd(2025, 3, 14));
  EXPECT_EQ(refused.code(), ErrorCode::kRefused);
  EXPECT_NE(refused.message().find("kies Wpg-regime"), std::string::npos) << refused.message();

  ASSERT_TRUE(parties_->SetRegime(*tx, kOwnParty, kRegimeVanafMelding, Date::Ymd(2025, 1, 1)).ok());
  auto chosen = parties_->RegimeOf(*tx, kOwnParty);
  ASSERT_TRUE(chosen.ok());
  ASSERT_TRUE(chosen->has_value());
  EXPECT_EQ((*chosen)->regime, "vanaf-melding");
  EXPECT_EQ((*chosen)->since, Date::Ymd(2025, 1, 1));
  EXPECT_TRUE(parties_->CheckCaseRegistration(*tx, kOwnParty, Date::Ymd(2025, 3, 14)).ok());
  EXPECT_TRUE(parties_->CheckCaseRegistration(*tx, kOwnParty, Date::Ymd(2025, 1, 1)).ok());
  // Not yet in force the day before.
  EXPECT_EQ(parties_->CheckCaseRegistration(*tx, kOwnParty, Date::Ymd(2024, 12, 31)).code(), ErrorCode::kRefused);
  // Parties are not personal data.
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), log_before);

  ReopenAll();
  auto again = Write();
  auto persisted = parties_->RegimeOf(*again, kOwnParty);
  ASSERT_TRUE(persisted.ok());
  ASSERT_TRUE(persisted->has_value());
  EXPECT_EQ((*persisted)->regime, "vanaf-melding");
}

// SPEC R-04: a regime change is a governed decision, never a silent update.
TEST_F(PartyRepositoryTest, RegimeIsSetOnceAndOnlyForLeerplicht) {
  auto tx = Write();
  EXPECT_EQ(parties_->SetRegime(*tx, kOwnParty, "vanaf-morgen", Date::Ymd(2025, 1, 1)).code(),
            ErrorCode::kInvalidInput);
  ASSERT_TRUE(parties_->SetRegime(*tx, kOwnParty, kRegimeVanafHandhaving, Date::Ymd(2025, 1, 1)).ok());
  EXPECT_TRUE(parties_->SetRegime(*tx, kOwnParty, kRegimeVanafHandhaving, Date::Ymd(2025, 1, 1)).ok());
  EXPECT_EQ(parties_->SetRegime(*tx, kOwnParty, kRegimeVanafMelding, Date::Ymd(2026, 1, 1)).code(),
            ErrorCode::kConflict);
  EXPECT_EQ((*parties_->RegimeOf(*tx, kOwnParty))->regime, "vanaf-handhaving");
  EXPECT_EQ(parties_->SetRegime(*tx, kOtherParty, kRegimeVanafMelding, Date::Ymd(2025, 1, 1)).code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(parties_->SetRegime(*tx, "bestaat-niet", kRegimeVanafMelding, Date::Ymd(2025, 1, 1)).code(),
            ErrorCode::kNotFound);
  // An SWV has no regime to choose and is not held back by R-01.
  EXPECT_TRUE(parties_->CheckCaseRegistration(*tx, kOtherParty, Date::Ymd(2025, 3, 14)).ok());
}

}  // namespace
}  // namespace leerrecht::store
