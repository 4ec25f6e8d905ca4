#include <gtest/gtest.h>

#include "repository_fixture.h"

namespace leerrecht::store {
namespace {

using leerrecht::testing::kOtherParty;
using leerrecht::testing::kOwnParty;

constexpr const char* kAgreement = "zat-po";
// A syntactically valid Argon2id string: these tests never log in.
constexpr const char* kHash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

class DesignationRepositoryTest : public leerrecht::testing::RepositoryFixture {
 protected:
  std::int64_t AddUser(const std::string& username, const std::string& party, std::vector<std::string> roles) {
    auto tx = Write();
    auto id = users_->Create(*tx, Ctx(party), NewUser{username, username, kHash, false, std::move(roles)});
    EXPECT_TRUE(id.ok()) << id.status().message();
    EXPECT_TRUE(tx->Commit().ok());
    return *id;
  }
  std::int64_t Designate(std::optional<std::int64_t> user, std::optional<std::string> role, Date on,
                         const std::string& party = kOwnParty) {
    auto tx = Write();
    Designation d;
    d.agreement_id = kAgreement;
    d.user_id = user;
    d.role = std::move(role);
    d.designated_by = "M. de Boer, teammanager";
    d.designated_on = on;
    auto id = designations_->Record(*tx, Ctx(party), d);
    EXPECT_TRUE(id.ok()) << id.status().message();
    EXPECT_TRUE(tx->Commit().ok());
    return *id;
  }
  DesignationState State(std::optional<std::int64_t> user, std::string_view role, Date on,
                         const std::string& party = kOwnParty, const std::string& agreement = kAgreement) {
    auto tx = Write();
    auto state = designations_->StateOf(*tx, agreement, party, user, role, on);
    EXPECT_TRUE(state.ok()) << state.status().message();
    return *state;
  }
  bool Designated(std::optional<std::int64_t> user, std::string_view role, Date on) {
    auto tx = Write();
    auto yes = designations_->IsDesignated(*tx, kAgreement, kOwnParty, user, role, on);
    EXPECT_TRUE(yes.ok()) << yes.status().message();
    return *yes;
  }
};

// SPEC W-10 / Q-10: "A designation older than 12 months that has not been reconfirmed → refused".
TEST_F(DesignationRepositoryTest, ExpiresTwelveMonthsAfterDesignationWithoutReconfirmation) {
  const std::int64_t lpa = AddUser("kjansen", kOwnParty, {"leerplichtambtenaar"});
  Designate(lpa, std::nullopt, Date::Ymd(2024, 1, 15));
  EXPECT_FALSE(Designated(lpa, "", Date::Ymd(2024, 1, 14)));  // not yet
  EXPECT_TRUE(Designated(lpa, "", Date::Ymd(2024, 1, 15)));
  EXPECT_TRUE(Designated(lpa, "", Date::Ymd(2025, 1, 15)));   // exactly 12 months
  EXPECT_FALSE(Designated(lpa, "", Date::Ymd(2025, 1, 16)));  // older than 12 months
  EXPECT_EQ(State(lpa, "", Date::Ymd(2025, 1, 16)), DesignationState::kExpired);
  EXPECT_EQ(DesignationStateName(DesignationState::kExpired), "verlopen");
  EXPECT_EQ(State(lpa, "", Date::Ymd(2024, 1, 14)), DesignationState::kNotDesignated);
  // Another agreement or another party is not covered.
  EXPECT_EQ(State(lpa, "", Date::Ymd(2024, 6, 1), kOwnParty, "overleg-risicojongeren"),
            DesignationState::kNotDesignated);
  EXPECT_EQ(State(lpa, "", Date::Ymd(2024, 6, 1), kOtherParty), DesignationState::kNotDesignated);
}

TEST_F(DesignationRepositoryTest, ReconfirmationStartsANewTwelveMonths) {
  const std::int64_t lpa = AddUser("kjansen", kOwnParty, {"leerplichtambtenaar"});
  const std::int64_t id = Designate(lpa, std::nullopt, Date::Ymd(2024, 1, 15));
  {
    auto tx = Write();
    EXPECT_EQ(designations_->Reconfirm(*tx, Ctx(), id, Date::Ymd(2024, 1, 1)).code(), ErrorCode::kInvalidInput);
    ASSERT_TRUE(designations_->Reconfirm(*tx, Ctx(), id, Date::Ymd(2025, 1, 10)).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_TRUE(Designated(lpa, "", Date::Ymd(2025, 6, 1)));
  EXPECT_TRUE(Designated(lpa, "", Date::Ymd(2026, 1, 10)));
  EXPECT_FALSE(Designated(lpa, "", Date::Ymd(2026, 1, 11)));
  // Even after expiry, management can reconfirm and the designation is valid again.
  {
    auto tx = Write();
    ASSERT_TRUE(designations_->Reconfirm(*tx, Ctx(), id, Date::Ymd(2026, 2, 1)).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_TRUE(Designated(lpa, "", Date::Ymd(2026, 2, 1)));
  auto tx = Write();
  auto stored = designations_->Get(*tx, Ctx(), id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->reconfirmed_on, Date::Ymd(2026, 2, 1));
  EXPECT_EQ(stored->designated_on, Date::Ymd(2024, 1, 15));
  EXPECT_EQ(stored->designated_by, "M. de Boer, teammanager");
  EXPECT_EQ(stored->party, kOwnParty);
}

TEST_F(DesignationRepositoryTest, EndedDesignationIsNotActive) {
  const std::int64_t lpa = AddUser("kjansen", kOwnParty, {"leerplichtambtenaar"});
  const std::int64_t id = Designate(lpa, std::nullopt, Date::Ymd(2025, 1, 15));
  {
    auto tx = Write();
    ASSERT_TRUE(designations_->End(*tx, Ctx(), id, Date::Ymd(2025, 6, 1)).ok());
    EXPECT_EQ(designations_->End(*tx, Ctx(), id, Date::Ymd(2025, 7, 1)).code(), ErrorCode::kConflict);
    EXPECT_EQ(designations_->Reconfirm(*tx, Ctx(), id, Date::Ymd(2025, 7, 1)).code(), ErrorCode::kConflict);
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_TRUE(Designated(lpa, "", Date::Ymd(2025, 5, 31)));
  EXPECT_FALSE(Designated(lpa, "", Date::Ymd(2025, 6, 1)));
  EXPECT_EQ(State(lpa, "", Date::Ymd(2025, 6, 1)), DesignationState::kNotDesignated);
}

// SPEC Q-10: the designation ends when the person leaves; DESIGN.md §5: roles can be designated.
TEST_F(DesignationRepositoryTest, RoleDesignationsAndUsersWhoLeft) {
  const std::int64_t lpa = AddUser("kjansen", kOwnParty, {"leerplichtambtenaar"});
  const std::int64_t clerk = AddUser("administratie", kOwnParty, {"administratief"});
  Designate(std::nullopt, std::string("leerplichtambtenaar"), Date::Ymd(2025, 1, 1));
  const Date on = Date::Ymd(2025, 3, 14);
  EXPECT_TRUE(Designated(lpa, "leerplichtambtenaar", on));
  EXPECT_TRUE(Designated(std::nullopt, "leerplichtambtenaar", on));
  // A role the user does not hold does not make the user designated.
  EXPECT_FALSE(Designated(clerk, "leerplichtambtenaar", on));
  EXPECT_FALSE(Designated(clerk, "administratief", on));
  EXPECT_FALSE(Designated(lpa, "", on));  // no person designation for kjansen

  const std::int64_t named = AddUser("pdevries", kOwnParty, {"leerplichtambtenaar"});
  Designate(named, std::nullopt, Date::Ymd(2025, 1, 1));
  EXPECT_TRUE(Designated(named, "", on));
  auto tx = Write();
  ASSERT_TRUE(users_->Deactivate(*tx, Ctx(), named).ok());
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_FALSE(Designated(named, "", on));
  EXPECT_FALSE(Designated(named, "leerplichtambtenaar", on));
}

TEST_F(DesignationRepositoryTest, RecordValidatesAndStaysInItsParty) {
  const std::int64_t own = AddUser("kjansen", kOwnParty, {"leerplichtambtenaar"});
  const std::int64_t other = AddUser("consulent7", kOtherParty, {"swv-consulent"});
  const std::int64_t id = Designate(own, std::nullopt, Date::Ymd(2025, 1, 15));
  auto tx = Write();
  Designation both;
  both.agreement_id = kAgreement;
  both.user_id = own;
  both.role = "leerplichtambtenaar";
  both.designated_by = "M. de Boer";
  both.designated_on = Date::Ymd(2025, 1, 1);
  EXPECT_EQ(designations_->Record(*tx, Ctx(), both).status().code(), ErrorCode::kInvalidInput);
  Designation neither = both;
  neither.user_id.reset();
  neither.role.reset();
  EXPECT_EQ(designations_->Record(*tx, Ctx(), neither).status().code(), ErrorCode::kInvalidInput);
  Designation anonymous = both;
  anonymous.role.reset();
  anonymous.designated_by.clear();
  EXPECT_EQ(designations_->Record(*tx, Ctx(), anonymous).status().code(), ErrorCode::kInvalidInput);
  // Each party designates its own staff (SPEC W-10).
  Designation foreign = both;
  foreign.role.reset();
  foreign.user_id = other;
  EXPECT_EQ(designations_->Record(*tx, Ctx(), foreign).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(designations_->Get(*tx, Ctx(kOtherParty), id).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(designations_->Reconfirm(*tx, Ctx(kOtherParty), id, Date::Ymd(2025, 6, 1)).code(), ErrorCode::kNotFound);
  EXPECT_EQ(designations_->End(*tx, Ctx(kOtherParty), id, Date::Ymd(2025, 6, 1)).code(), ErrorCode::kNotFound);
  auto listed = designations_->ListForAgreement(*tx, Ctx(kOtherParty), kAgreement);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
  auto own_list = designations_->ListForAgreement(*tx, Ctx(), kAgreement);
  ASSERT_TRUE(own_list.ok());
  ASSERT_EQ(own_list->size(), 1u);
  EXPECT_EQ(own_list->front().user_id, own);
}

TEST_F(DesignationRepositoryTest, PersonDesignationsAreLoggedRoleDesignationsAndChecksAreNot) {
  const std::int64_t lpa = AddUser("kjansen", kOwnParty, {"leerplichtambtenaar"});
  std::int64_t before = LogCount();
  const std::int64_t id = Designate(lpa, std::nullopt, Date::Ymd(2025, 1, 15));
  EXPECT_EQ(LogCount(), before + 1);
  auto entry = LastEntry();
  EXPECT_EQ(entry.Text(0), "aanwijzing.registreren");
  EXPECT_EQ(entry.Text(2), users_->Pseudonym(lpa));
  EXPECT_EQ(entry.Text(3), "medewerker");
  EXPECT_EQ(entry.Text(4), "aanwijzing");

  before = LogCount();
  Designate(std::nullopt, std::string("boa"), Date::Ymd(2025, 1, 15));
  EXPECT_TRUE(Designated(lpa, "", Date::Ymd(2025, 3, 14)));
  EXPECT_EQ(LogCount(), before);

  auto tx = Write();
  ASSERT_TRUE(designations_->Reconfirm(*tx, Ctx(), id, Date::Ymd(2025, 12, 1)).ok());
  ASSERT_TRUE(designations_->Get(*tx, Ctx(), id).ok());
  ASSERT_TRUE(designations_->End(*tx, Ctx(), id, Date::Ymd(2026, 1, 1)).ok());
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before + 3);
  ExpectLogIntact();
}

TEST(DesignationStateOn, LeapDayDesignationRunsThroughFirstOfMarch) {
  Designation d;
  d.designated_on = Date::Ymd(2024, 2, 29);
  EXPECT_EQ(d.StateOn(Date::Ymd(2025, 3, 1)), DesignationState::kActive);
  EXPECT_EQ(d.StateOn(Date::Ymd(2025, 3, 2)), DesignationState::kExpired);
  // A reconfirmation after the day asked about does not count for that day.
  d.reconfirmed_on = Date::Ymd(2025, 6, 1);
  EXPECT_EQ(d.StateOn(Date::Ymd(2025, 3, 2)), DesignationState::kExpired);
  EXPECT_EQ(d.StateOn(Date::Ymd(2025, 6, 1)), DesignationState::kActive);
}

// The date the pages show as "herbevestigen voor": the last day StateOn still says active.
TEST(DesignationStateOn, W_10_ReconfirmByIsTheLastActiveDay) {
  Designation d;
  d.designated_on = Date::Ymd(2025, 1, 15);
  EXPECT_EQ(d.ReconfirmBy(Date::Ymd(2025, 2, 1)), Date::Ymd(2026, 1, 15));
  d.reconfirmed_on = Date::Ymd(2025, 11, 30);
  // Before the reconfirmation the designation date is the last confirmation known.
  EXPECT_EQ(d.ReconfirmBy(Date::Ymd(2025, 6, 1)), Date::Ymd(2026, 1, 15));
  const Date due = d.ReconfirmBy(Date::Ymd(2025, 12, 1));
  EXPECT_EQ(due, Date::Ymd(2026, 11, 30));
  EXPECT_EQ(d.StateOn(due), DesignationState::kActive);
  EXPECT_EQ(d.StateOn(due.AddDays(1)), DesignationState::kExpired);
}

}  // namespace
}  // namespace leerrecht::store
