// The session service below HTTP: what the wire cannot show about second factors and API tokens.
#include "services/session_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "../store/temp_dir.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/password.h"
#include "crypto/totp.h"
#include "store/repositories/api_token_repository.h"
#include "store/repositories/user_repository.h"

namespace leerrecht::services {
namespace {

constexpr const char* kParty = "eigen-organisatie";
constexpr const char* kOtherPassword = "wachtwoord-van-de-consulent";

class SessionServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("LEERRECHT_KEY_FILE");
    auto init = DataFolder::Init(dir_.Sub("data"), {}, clock_);
    ASSERT_TRUE(init.ok()) << init.status().message();
    password_ = init->one_time_password;
    auto folder = DataFolder::Open(dir_.Sub("data"), clock_);
    ASSERT_TRUE(folder.ok()) << folder.status().message();
    folder_ = std::move(*folder);
    sessions_ = std::make_unique<SessionService>(*folder_, clock_);
  }

  store::AccessContext Ctx() {
    store::AccessContext ctx;
    ctx.party = kParty;
    ctx.actor = "system";
    ctx.purpose = "test";
    ctx.legal_basis = "test";
    ctx.trace = audit::TraceContext::New();
    return ctx;
  }
  std::int64_t AddUser(const std::string& username) {
    store::UserRepository users(folder_->keys(), folder_->log(), clock_);
    const std::string hash = *crypto::HashPassword(kOtherPassword);
    auto tx = folder_->db().BeginWrite();
    auto id = users.Create(**tx, Ctx(), {username, username, hash, false, {"leerplichtambtenaar"}});
    EXPECT_TRUE(id.ok()) << id.status().message();
    EXPECT_TRUE((*tx)->Commit().ok());
    return *id;
  }
  Session AdminSession() {
    auto login = sessions_->Login("beheerder", password_);
    EXPECT_TRUE(login.ok()) << login.status().message();
    return login->session;
  }
  // Enrols and confirms; returns the binary secret and moves the clock past the used step.
  std::string Enrol(const Session& session) {
    auto enrolment = sessions_->StartSecondFactor(session);
    EXPECT_TRUE(enrolment.ok()) << enrolment.status().message();
    const std::string secret = *crypto::Base32Decode(enrolment->secret);
    EXPECT_TRUE(sessions_->ConfirmSecondFactor(session, Code(secret)).ok());
    clock_.Advance(std::chrono::seconds(30));
    return secret;
  }
  std::string Code(const std::string& secret) const { return crypto::TotpCode(secret, crypto::TotpStep(clock_.Now())); }
  std::int64_t Count(const std::string& sql, const std::vector<store::Value>& params = {}) {
    auto tx = folder_->db().BeginRead();
    auto rows = (*tx)->Query(sql, params);
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    return rows->at(0).Int(0);
  }

  leerrecht::testing::TempDir dir_;
  FixedClock clock_{Date::Ymd(2025, 3, 14)};
  std::string password_;
  std::unique_ptr<DataFolder> folder_;
  std::unique_ptr<SessionService> sessions_;
};

TEST_F(SessionServiceTest, EnrolmentStepsAreLoggedAboutTheMedewerker) {
  const Session admin = AdminSession();
  Enrol(admin);
  for (const char* activity : {"medewerker.tweede-factor-instellen", "medewerker.tweede-factor-bevestigen"}) {
    EXPECT_EQ(Count("SELECT COUNT(*) FROM processing_log WHERE activity = ? AND subject_type = 'medewerker'",
                    {std::string(activity)}),
              1)
        << activity;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE username = 'beheerder' AND totp_confirmed = 1"), 1);
}

// The associated data binds the stored secret to its user: copied into another account's row it
// does not decrypt, so it cannot open that account.
TEST_F(SessionServiceTest, ASecondFactorSecretCopiedToAnotherUserIsUseless) {
  const std::string secret = Enrol(AdminSession());
  const std::int64_t other = AddUser("consulent");
  {
    auto tx = folder_->db().BeginWrite();
    ASSERT_TRUE((*tx)
                    ->Execute("UPDATE users SET totp_secret_enc = (SELECT totp_secret_enc FROM users WHERE username = "
                              "'beheerder'), totp_confirmed = 1 WHERE id = ?",
                              {other})
                    .ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  auto login = sessions_->Login("consulent", kOtherPassword, "", Code(secret));
  EXPECT_FALSE(login.ok());
  EXPECT_EQ(login.status().code(), ErrorCode::kInternal);
}

// Two logins racing with one code: the check and the step update share a write transaction.
TEST_F(SessionServiceTest, OneCodeOpensOneLoginEvenWhenTwoRace) {
  const std::string secret = Enrol(AdminSession());
  const std::string code = Code(secret);
  std::atomic<int> ok{0};
  std::atomic<int> reused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&] {
      auto login = sessions_->Login("beheerder", password_, "", code);
      if (login.ok()) ++ok;
      if (!login.ok() && login.status().message() == kSecondFactorReused) ++reused;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(reused.load(), 1);
}

TEST_F(SessionServiceTest, OnlyAKeyedHashOfATokenIsStored) {
  auto change = sessions_->Login("beheerder", password_);
  ASSERT_TRUE(change.ok());
  ASSERT_TRUE(sessions_->ChangePassword(change->token, password_, "een-lang-nieuw-wachtwoord").ok());
  auto session = sessions_->Authenticate(change->token);
  ASSERT_TRUE(session.has_value());
  auto created = sessions_->CreateApiToken(*session, "koppeling", 30);
  ASSERT_TRUE(created.ok()) << created.status().message();

  auto tx = folder_->db().BeginRead();
  auto rows = (*tx)->Query("SELECT token_hash FROM api_tokens");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  const std::string stored = rows->at(0).Text(0);
  store::ApiTokenRepository tokens(folder_->keys(), folder_->log(), clock_);
  EXPECT_EQ(stored, tokens.HashOf(created->token));
  EXPECT_NE(stored, crypto::HexEncode(std::span<const std::uint8_t>(crypto::Blake2b256(created->token))));
  EXPECT_EQ(stored.find(created->token.substr(3, 8)), std::string::npos);
}

TEST_F(SessionServiceTest, MalformedTokensAreRefusedWithoutALogEntry) {
  const std::int64_t before = Count("SELECT COUNT(*) FROM processing_log");
  for (const std::string& token : {std::string(), std::string("lr_"), std::string("lr_kort"),
                                   "xx_" + std::string(43, 'A'), "lr_" + std::string(42, 'A') + "="}) {
    EXPECT_FALSE(sessions_->AuthenticateApiToken(token).has_value()) << token;
  }
  EXPECT_FALSE(sessions_->AuthenticateApiToken("lr_" + std::string(43, 'A')).has_value());  // well-formed, unknown
  EXPECT_EQ(Count("SELECT COUNT(*) FROM processing_log"), before);
}

TEST_F(SessionServiceTest, SecondFactorRefusalsAreRecognised) {
  EXPECT_TRUE(IsSecondFactorRefusal(Status::Refused(std::string(kSecondFactorRequired))));
  EXPECT_TRUE(IsSecondFactorRefusal(Status::Refused(std::string(kSecondFactorWrong))));
  EXPECT_TRUE(IsSecondFactorRefusal(Status::Refused(std::string(kSecondFactorReused))));
  EXPECT_FALSE(IsSecondFactorRefusal(Status::Refused("gebruikersnaam of wachtwoord onjuist")));
  EXPECT_FALSE(IsSecondFactorRefusal(Status::InvalidInput(std::string(kSecondFactorWrong))));
}

}  // namespace
}  // namespace leerrecht::services
