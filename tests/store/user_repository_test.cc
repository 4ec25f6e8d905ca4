#include <gtest/gtest.h>

#include "crypto/password.h"
#include "repository_fixture.h"

namespace leerrecht::store {
namespace {

using leerrecht::testing::kOtherParty;
using leerrecht::testing::kOwnParty;

// Argon2id at libsodium's minimum cost: the stored format is the same, the test stays fast.
std::string CheapHash(std::string_view password) {
  auto hash = crypto::HashPassword(password, crypto::PasswordCost{1, 8192});
  EXPECT_TRUE(hash.ok());
  return *hash;
}

class UserRepositoryTest : public leerrecht::testing::RepositoryFixture {
 protected:
  std::int64_t AddUser(const std::string& username, const std::string& party = kOwnParty,
                       std::vector<std::string> roles = {"leerplichtambtenaar"}) {
    auto tx = Write();
    NewUser u{username, "K. Jansen", CheapHash("geheim-" + username), true, std::move(roles)};
    auto id = users_->Create(*tx, Ctx(party), u);
    EXPECT_TRUE(id.ok()) << id.status().message();
    EXPECT_TRUE(tx->Commit().ok());
    return *id;
  }
};

TEST_F(UserRepositoryTest, CreateGetAndFindRoundTripAndEachIsLogged) {
  const std::int64_t before = LogCount();
  const std::int64_t id = AddUser("kjansen", kOwnParty, {"leerplichtambtenaar", "boa", "boa"});
  EXPECT_EQ(LogCount(), before + 1);
  auto entry = LastEntry();
  EXPECT_EQ(entry.Text(0), "medewerker.registreren");
  EXPECT_EQ(entry.Text(1), kOwnParty);
  EXPECT_EQ(entry.Text(2), users_->Pseudonym(id));
  EXPECT_EQ(entry.Text(3), "medewerker");

  auto tx = Write();
  auto user = users_->Get(*tx, Ctx(), id);
  ASSERT_TRUE(user.ok()) << user.status().message();
  EXPECT_EQ(user->username, "kjansen");
  EXPECT_EQ(user->display_name, "K. Jansen");
  EXPECT_EQ(user->party, kOwnParty);
  EXPECT_TRUE(user->active);
  EXPECT_TRUE(user->must_change_password);
  EXPECT_EQ(user->roles, (std::vector<std::string>{"boa", "leerplichtambtenaar"}));
  EXPECT_TRUE(crypto::VerifyPassword(user->password_hash, "geheim-kjansen"));
  auto found = users_->FindByUsername(*tx, Ctx(), "kjansen");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, id);
  auto missing = users_->FindByUsername(*tx, Ctx(), "niemand");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before + 3);  // registreren, lezen, lezen; no subject for the miss
  ExpectLogIntact();
}

TEST_F(UserRepositoryTest, LoginLookupCrossesPartiesAndLogsUnderTheUsersParty) {
  const std::int64_t id = AddUser("consulent7", kOtherParty, {"swv-consulent"});
  const std::int64_t before = LogCount();
  auto tx = Write();
  auto found = users_->FindForLogin(*tx, Ctx("nog-onbekend"), "consulent7");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->party, kOtherParty);
  EXPECT_EQ((*found)->id, id);
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before + 1);
  EXPECT_EQ(LastEntry().Text(1), kOtherParty);
  EXPECT_EQ(LastEntry().Text(0), "medewerker.inloggen");
}

TEST_F(UserRepositoryTest, OtherPartiesCannotSeeOrChangeTheUser) {
  const std::int64_t id = AddUser("kjansen");
  const std::int64_t before = LogCount();
  auto tx = Write();
  EXPECT_EQ(users_->Get(*tx, Ctx(kOtherParty), id).status().code(), ErrorCode::kNotFound);
  auto found = users_->FindByUsername(*tx, Ctx(kOtherParty), "kjansen");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
  auto listed = users_->List(*tx, Ctx(kOtherParty));
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
  EXPECT_EQ(users_->AddRole(*tx, Ctx(kOtherParty), id, "beheerder").code(), ErrorCode::kNotFound);
  EXPECT_EQ(users_->RemoveRole(*tx, Ctx(kOtherParty), id, "leerplichtambtenaar").code(), ErrorCode::kNotFound);
  EXPECT_EQ(users_->Deactivate(*tx, Ctx(kOtherParty), id).code(), ErrorCode::kNotFound);
  EXPECT_EQ(users_->SetPasswordHash(*tx, Ctx(kOtherParty), id, CheapHash("x"), false).code(), ErrorCode::kNotFound);
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before);
  auto check = Write();
  EXPECT_TRUE(users_->Get(*check, Ctx(), id)->active);
  EXPECT_EQ(users_->Get(*check, Ctx(), id)->roles, std::vector<std::string>{"leerplichtambtenaar"});
}

TEST_F(UserRepositoryTest, RefusesPlainPasswordsTakenNamesAndBadInput) {
  AddUser("kjansen");
  const std::int64_t before = LogCount();
  auto tx = Write();
  NewUser plain{"nieuw", "Nieuw", "welkom123", true, {}};
  EXPECT_EQ(users_->Create(*tx, Ctx(), plain).status().code(), ErrorCode::kInvalidInput);
  // Usernames are unique across parties: login happens before the party is known.
  NewUser taken{"kjansen", "Ander", CheapHash("x"), true, {}};
  EXPECT_EQ(users_->Create(*tx, Ctx(kOtherParty), taken).status().code(), ErrorCode::kConflict);
  NewUser blank{"k jansen", "K", CheapHash("x"), true, {}};
  EXPECT_EQ(users_->Create(*tx, Ctx(), blank).status().code(), ErrorCode::kInvalidInput);
  NewUser bad_role{"piet", "Piet", CheapHash("x"), true, {"Rol Met Spaties"}};
  EXPECT_EQ(users_->Create(*tx, Ctx(), bad_role).status().code(), ErrorCode::kInvalidInput);
  tx.reset();
  EXPECT_EQ(LogCount(), before);
}

TEST_F(UserRepositoryTest, RolesPasswordAndDeactivationAreLoggedOncePerChange) {
  const std::int64_t id = AddUser("kjansen");
  const std::int64_t before = LogCount();
  auto tx = Write();
  ASSERT_TRUE(users_->AddRole(*tx, Ctx(), id, "teamleider").ok());
  ASSERT_TRUE(users_->AddRole(*tx, Ctx(), id, "teamleider").ok());  // no-op
  ASSERT_TRUE(users_->RemoveRole(*tx, Ctx(), id, "leerplichtambtenaar").ok());
  ASSERT_TRUE(users_->RemoveRole(*tx, Ctx(), id, "leerplichtambtenaar").ok());  // no-op
  EXPECT_EQ(users_->SetPasswordHash(*tx, Ctx(), id, "nieuw-wachtwoord", false).code(), ErrorCode::kInvalidInput);
  ASSERT_TRUE(users_->SetPasswordHash(*tx, Ctx(), id, CheapHash("nieuw-wachtwoord"), false).ok());
  ASSERT_TRUE(users_->Deactivate(*tx, Ctx(), id).ok());
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before + 4);
  EXPECT_EQ(LastEntry().Text(0), "medewerker.deactiveren");

  auto read = Write();
  auto user = users_->Get(*read, Ctx(), id);
  ASSERT_TRUE(user.ok());
  EXPECT_FALSE(user->active);
  EXPECT_FALSE(user->must_change_password);
  EXPECT_EQ(user->roles, std::vector<std::string>{"teamleider"});
  EXPECT_TRUE(crypto::VerifyPassword(user->password_hash, "nieuw-wachtwoord"));
  ASSERT_TRUE(read->Commit().ok());
  ExpectLogIntact();
}

TEST_F(UserRepositoryTest, ListLogsOneEntryPerUser) {
  AddUser("kjansen");
  AddUser("pdevries");
  const std::int64_t before = LogCount();
  auto tx = Write();
  auto users = users_->List(*tx, Ctx());
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 3u);  // with the administrator made by init
  EXPECT_EQ(users->at(0).username, "beheerder");
  EXPECT_EQ(users->at(0).roles, std::vector<std::string>{"beheerder"});
  EXPECT_EQ(users->at(1).username, "kjansen");
  EXPECT_EQ(users->at(2).username, "pdevries");
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before + 3);
  ExpectLogIntact();
}

}  // namespace
}  // namespace leerrecht::store
