// Drives the real server over loopback: the TOTP second factor and API tokens (DESIGN.md §9).
#include "http/auth.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "../store/temp_dir.h"
#include "crypto/totp.h"
#include "http/app.h"
#include "http/server.h"
#include "http_client.h"
#include "store/repositories/user_repository.h"

namespace leerrecht::http {
namespace {

using leerrecht::testing::HttpReply;
using leerrecht::testing::HttpRequest;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kNewPassword = "een-lang-nieuw-wachtwoord";

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("LEERRECHT_KEY_FILE");
    auto init = services::DataFolder::Init(dir_.Sub("data"), {}, clock_);
    ASSERT_TRUE(init.ok()) << init.status().message();
    password_ = init->one_time_password;
    auto folder = services::DataFolder::Open(dir_.Sub("data"), clock_);
    ASSERT_TRUE(folder.ok()) << folder.status().message();
    folder_ = std::move(*folder);
    sessions_ = std::make_unique<services::SessionService>(*folder_, clock_);
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    auto server = Server::Start(options, BuildRouter(*folder_, *sessions_));
    ASSERT_TRUE(server.ok()) << server.status().message();
    server_ = std::move(*server);
  }
  void TearDown() override {
    server_.reset();
    sessions_.reset();
  }

  HttpReply Call(const std::string& method, const std::string& path, const std::string& body = "",
                 const Headers& headers = {}) {
    return HttpRequest(server_->port(), method, path, body, headers);
  }
  HttpReply Login(const std::string& password, const std::string& code = "") {
    nlohmann::json body{{"gebruiker", "beheerder"}, {"wachtwoord", password}};
    if (!code.empty()) body["code"] = code;
    return Call("POST", "/api/v1/login", body.dump());
  }
  // Cookie and CSRF headers of a fresh session.
  static Headers SessionHeaders(const HttpReply& login) {
    const std::string set = login.Header("Set-Cookie");
    return {{"Cookie", set.substr(0, set.find(';'))},
            {"X-CSRF-Token", nlohmann::json::parse(login.body)["csrf_token"].get<std::string>()}};
  }
  // A session of beheerder with the one-time password replaced, as token creation requires.
  Headers ReadySession() {
    const HttpReply login = Login(password_);
    EXPECT_EQ(login.status, 200) << login.body;
    const Headers auth = SessionHeaders(login);
    const HttpReply changed =
        Call("POST", "/api/v1/password", nlohmann::json{{"huidig", password_}, {"nieuw", kNewPassword}}.dump(), auth);
    EXPECT_EQ(changed.status, 204) << changed.body;
    password_ = kNewPassword;
    return auth;
  }
  // The base32 secret of a confirmed second factor; the clock is moved past the confirming step.
  std::string EnrolSecondFactor(const Headers& auth) {
    const HttpReply started = Call("POST", "/api/v1/tweede-factor", "", auth);
    EXPECT_EQ(started.status, 200) << started.body;
    const std::string secret = nlohmann::json::parse(started.body)["geheim"];
    const HttpReply confirmed =
        Call("POST", "/api/v1/tweede-factor/bevestigen", nlohmann::json{{"code", CodeNow(secret)}}.dump(), auth);
    EXPECT_EQ(confirmed.status, 204) << confirmed.body;
    clock_.Advance(std::chrono::seconds(30));
    return secret;
  }
  std::string CodeNow(const std::string& base32, int steps_ahead = 0) const {
    return crypto::TotpCode(*crypto::Base32Decode(base32), crypto::TotpStep(clock_.Now()) + steps_ahead);
  }
  // Six digits that are surely not `right`.
  static std::string OtherCode(const std::string& right) { return right == "123456" ? "654321" : "123456"; }
  nlohmann::json CreateToken(const Headers& auth, const nlohmann::json& body = {{"naam", "koppeling"}}) {
    const HttpReply created = Call("POST", "/api/v1/tokens", body.dump(), auth);
    EXPECT_EQ(created.status, 201) << created.body;
    return nlohmann::json::parse(created.body);
  }
  static Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
  std::int64_t LogCount(const std::string& activity) {
    auto tx = folder_->db().BeginRead();
    auto rows = (*tx)->Query("SELECT COUNT(*) FROM processing_log WHERE activity = ?", {activity});
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows->at(0).Int(0) : -1;
  }
  // Every byte the data folder holds on disk: the database, its write-ahead log, the log head.
  std::string FolderBytes() {
    std::string all;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.Sub("data"))) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return all;
  }
  store::AccessContext AdminContext() {
    store::AccessContext ctx;
    ctx.party = "eigen-organisatie";
    ctx.actor = "system";
    ctx.purpose = "test";
    ctx.legal_basis = "test";
    ctx.trace = audit::TraceContext::New();
    return ctx;
  }

  leerrecht::testing::TempDir dir_;
  FixedClock clock_{Date::Ymd(2025, 3, 14)};
  std::string password_;
  std::unique_ptr<services::DataFolder> folder_;
  std::unique_ptr<services::SessionService> sessions_;
  std::unique_ptr<Server> server_;
};

TEST_F(AuthTest, EnrolmentIsInactiveUntilConfirmedAndThenLoginNeedsTheCode) {
  const Headers auth = SessionHeaders(Login(password_));
  EXPECT_EQ(nlohmann::json::parse(Call("GET", "/api/v1/me", "", auth).body)["tweede_factor"], false);
  EXPECT_EQ(Call("POST", "/api/v1/tweede-factor", "", {auth[0]}).status, 403);  // no CSRF token

  const HttpReply started = Call("POST", "/api/v1/tweede-factor", "", auth);
  ASSERT_EQ(started.status, 200) << started.body;
  const auto enrolment = nlohmann::json::parse(started.body);
  const std::string secret = enrolment["geheim"];
  EXPECT_EQ(crypto::Base32Decode(secret)->size(), crypto::kTotpSecretBytes);
  EXPECT_EQ(enrolment["uri"], "otpauth://totp/Leerrecht:beheerder?secret=" + secret + "&issuer=Leerrecht");
  EXPECT_EQ(nlohmann::json::parse(Call("GET", "/api/v1/me", "", auth).body)["tweede_factor"], false);
  EXPECT_EQ(Login(password_).status, 200);  // not active yet

  EXPECT_EQ(Call("POST", "/api/v1/tweede-factor/bevestigen",
                 nlohmann::json{{"code", OtherCode(CodeNow(secret))}}.dump(), auth)
                .status,
            400);
  const HttpReply confirmed =
      Call("POST", "/api/v1/tweede-factor/bevestigen", nlohmann::json{{"code", CodeNow(secret)}}.dump(), auth);
  ASSERT_EQ(confirmed.status, 204) << confirmed.body;
  EXPECT_EQ(nlohmann::json::parse(Call("GET", "/api/v1/me", "", auth).body)["tweede_factor"], true);
  EXPECT_EQ(Call("POST", "/api/v1/tweede-factor", "", auth).status, 409);  // one at a time

  const HttpReply without = Login(password_);
  EXPECT_EQ(without.status, 401);
  EXPECT_EQ(nlohmann::json::parse(without.body),
            (nlohmann::json{{"fout", "tweede factor vereist"}, {"tweede_factor", true}}));
  EXPECT_TRUE(without.Header("Set-Cookie").empty());
  // A wrong password says nothing about a second factor: the same answer as for anyone.
  const HttpReply wrong_password = Login("fout-wachtwoord");
  EXPECT_EQ(wrong_password.status, 401);
  EXPECT_EQ(wrong_password.body, Call("POST", "/api/v1/login", R"({"gebruiker":"niemand","wachtwoord":"x"})").body);
  EXPECT_EQ(Login("fout-wachtwoord", CodeNow(secret, 1)).body, wrong_password.body);

  // The confirming code's step is used up; the next step's code logs in.
  EXPECT_EQ(Login(password_, CodeNow(secret)).status, 401);
  clock_.Advance(std::chrono::seconds(30));
  const HttpReply with = Login(password_, CodeNow(secret));
  ASSERT_EQ(with.status, 200) << with.body;
  EXPECT_EQ(nlohmann::json::parse(with.body)["tweede_factor"], true);
  EXPECT_FALSE(with.Header("Set-Cookie").empty());
}

TEST_F(AuthTest, AReplayedCodeIsRefused) {
  const std::string secret = EnrolSecondFactor(SessionHeaders(Login(password_)));
  const std::string code = CodeNow(secret);
  ASSERT_EQ(Login(password_, code).status, 200);
  const HttpReply replay = Login(password_, code);
  EXPECT_EQ(replay.status, 401);
  const auto body = nlohmann::json::parse(replay.body);
  EXPECT_EQ(body["tweede_factor"], true);
  EXPECT_NE(body["fout"].get<std::string>().find("al gebruikt"), std::string::npos) << replay.body;
  // An earlier step's code, still inside the window, is as used up as the same one.
  clock_.Advance(std::chrono::seconds(30));
  EXPECT_EQ(Login(password_, CodeNow(secret, -1)).status, 401);
  EXPECT_EQ(Login(password_, CodeNow(secret)).status, 200);
  EXPECT_GE(LogCount("medewerker.tweede-factor-gebruiken"), 2);
}

TEST_F(AuthTest, WrongCodesCountTowardsTheLockOut) {
  const std::string secret = EnrolSecondFactor(SessionHeaders(Login(password_)));
  const std::string wrong = OtherCode(CodeNow(secret));
  for (int i = 0; i < 5; ++i) {
    const HttpReply r = Login(password_, wrong);
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(nlohmann::json::parse(r.body)["fout"], "code van de tweede factor onjuist");
  }
  const HttpReply locked = Login(password_, CodeNow(secret));
  EXPECT_EQ(locked.status, 429) << locked.body;
  clock_.Advance(std::chrono::minutes(16));
  EXPECT_EQ(Login(password_, CodeNow(secret)).status, 200);
}

TEST_F(AuthTest, SwitchingOffNeedsPasswordAndCode) {
  const Headers auth = SessionHeaders(Login(password_));
  const std::string secret = EnrolSecondFactor(auth);
  auto off = [&](const std::string& password, const std::string& code) {
    return Call("POST", "/api/v1/tweede-factor/uitschakelen",
                nlohmann::json{{"wachtwoord", password}, {"code", code}}.dump(), auth);
  };
  EXPECT_EQ(off("fout-wachtwoord", CodeNow(secret)).status, 403);
  EXPECT_EQ(off(password_, OtherCode(CodeNow(secret))).status, 403);
  EXPECT_EQ(nlohmann::json::parse(Call("GET", "/api/v1/me", "", auth).body)["tweede_factor"], true);
  const HttpReply done = off(password_, CodeNow(secret));
  ASSERT_EQ(done.status, 204) << done.body;
  EXPECT_EQ(nlohmann::json::parse(Call("GET", "/api/v1/me", "", auth).body)["tweede_factor"], false);
  EXPECT_EQ(off(password_, CodeNow(secret)).status, 409);
  EXPECT_EQ(Login(password_).status, 200);
  EXPECT_EQ(LogCount("medewerker.tweede-factor-uitschakelen"), 1);
}

TEST_F(AuthTest, TokenIsShownOnceAndAuthenticatesWithItsUsersRoles) {
  const Headers auth = ReadySession();
  const auto created = CreateToken(auth, {{"naam", "koppeling leerlingadministratie"}, {"geldig_dagen", 30}});
  const std::string token = created["token"];
  EXPECT_EQ(token.rfind("lr_", 0), 0u);
  EXPECT_EQ(token.size(), 3u + 43u);
  EXPECT_EQ(created["naam"], "koppeling leerlingadministratie");
  EXPECT_EQ(created["verloopt"], "2025-04-13T12:00:00.000000Z");

  const HttpReply me = Call("GET", "/api/v1/me", "", Bearer(token));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(nlohmann::json::parse(me.body)["gebruiker"], "beheerder");
  EXPECT_EQ(nlohmann::json::parse(me.body)["rollen"], nlohmann::json::array({"beheerder"}));

  // Roles count as they are at the time of use, not as they were when the token was made.
  {
    store::UserRepository users(folder_->keys(), folder_->log(), clock_);
    auto tx = folder_->db().BeginWrite();
    auto user = users.FindByUsername(**tx, AdminContext(), "beheerder");
    ASSERT_TRUE(user.ok() && user->has_value());
    ASSERT_TRUE(users.AddRole(**tx, AdminContext(), (*user)->id, "privacy-officer").ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  EXPECT_EQ(nlohmann::json::parse(Call("GET", "/api/v1/me", "", Bearer(token)).body)["rollen"],
            nlohmann::json::array({"beheerder", "privacy-officer"}));

  const HttpReply list = Call("GET", "/api/v1/tokens", "", auth);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.body.find(token), std::string::npos);
  const auto tokens = nlohmann::json::parse(list.body)["tokens"];
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0]["id"], created["id"]);
  EXPECT_EQ(tokens[0]["naam"], "koppeling leerlingadministratie");
  EXPECT_FALSE(tokens[0].contains("token"));
  EXPECT_TRUE(tokens[0]["ingetrokken"].is_null());
  EXPECT_FALSE(tokens[0]["laatst_gebruikt"].is_null());
  EXPECT_EQ(LogCount("medewerker.api-token-aanmaken"), 1);

  const HttpReply bad = Call("GET", "/api/v1/me", "", Bearer("lr_" + std::string(43, 'A')));
  EXPECT_EQ(bad.status, 401);
  EXPECT_NE(bad.Header("WWW-Authenticate").find("Bearer"), std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/me", "", Bearer("")).status, 401);
  // A bearer header is judged alone: a valid cookie beside a bad token does not help.
  EXPECT_EQ(Call("GET", "/api/v1/me", "", {auth[0], {"Authorization", "Bearer lr_vals"}}).status, 401);
}

TEST_F(AuthTest, BearerRequestsNeedNoCsrfTokenButCannotMakeTokensOrChangeThePassword) {
  const Headers auth = ReadySession();
  const auto created = CreateToken(auth);
  const std::string token = created["token"];

  // The rule itself, on a POST: no CSRF token needed with a bearer token, as with a cookie it is.
  Request post;
  post.method = "POST";
  post.path = "/api/v1/iets";
  post.headers = {{"Authorization", "Bearer " + token}};
  Response denied;
  auto session = RequireSession(*sessions_, post, true, denied);
  ASSERT_TRUE(session.has_value()) << denied.body;
  EXPECT_TRUE(session->via_api_token);
  EXPECT_EQ(session->api_token_id, created["id"].get<std::int64_t>());
  EXPECT_TRUE(session->csrf_token.empty());
  post.headers = {auth[0]};
  EXPECT_FALSE(RequireSession(*sessions_, post, true, denied).has_value());
  EXPECT_EQ(denied.status, 403);

  EXPECT_EQ(Call("POST", "/api/v1/tokens", R"({"naam": "nog een"})", Bearer(token)).status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/password",
                 nlohmann::json{{"huidig", password_}, {"nieuw", "weer-een-ander-wachtwoord"}}.dump(), Bearer(token))
                .status,
            403);
  EXPECT_EQ(Call("POST", "/api/v1/tweede-factor", "", Bearer(token)).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/tokens", "", Bearer(token)).status, 200);

  // Over the wire: a system retires its own token without any CSRF token, and is then out.
  const std::string path = "/api/v1/tokens/" + std::to_string(created["id"].get<std::int64_t>());
  const HttpReply revoked = Call("DELETE", path, "", Bearer(token));
  EXPECT_EQ(revoked.status, 204) << revoked.body;
  EXPECT_EQ(Call("GET", "/api/v1/me", "", Bearer(token)).status, 401);
  EXPECT_EQ(LogCount("medewerker.api-token-intrekken"), 1);
}

TEST_F(AuthTest, RevokedTokensStopAndOnlyTheOwnerCanRevoke) {
  const Headers auth = ReadySession();
  const auto created = CreateToken(auth);
  const std::string token = created["token"];
  ASSERT_EQ(Call("GET", "/api/v1/me", "", Bearer(token)).status, 200);
  const std::string path = "/api/v1/tokens/" + std::to_string(created["id"].get<std::int64_t>());
  EXPECT_EQ(Call("DELETE", path, "", {auth[0]}).status, 403);  // cookie without CSRF token
  EXPECT_EQ(Call("DELETE", "/api/v1/tokens/9999", "", auth).status, 404);
  EXPECT_EQ(Call("DELETE", "/api/v1/tokens/abc", "", auth).status, 404);
  EXPECT_EQ(Call("DELETE", path, "", auth).status, 204);
  EXPECT_EQ(Call("DELETE", path, "", auth).status, 204);  // again: nothing changes
  EXPECT_EQ(Call("GET", "/api/v1/me", "", Bearer(token)).status, 401);
  const auto tokens = nlohmann::json::parse(Call("GET", "/api/v1/tokens", "", auth).body)["tokens"];
  EXPECT_FALSE(tokens[0]["ingetrokken"].is_null());
  EXPECT_EQ(LogCount("medewerker.api-token-intrekken"), 1);
}

TEST_F(AuthTest, ExpiredTokensGive401) {
  const Headers auth = ReadySession();
  const std::string token = CreateToken(auth, {{"naam", "kort"}, {"geldig_dagen", 1}})["token"];
  clock_.Advance(std::chrono::hours(23));
  EXPECT_EQ(Call("GET", "/api/v1/me", "", Bearer(token)).status, 200);
  clock_.Advance(std::chrono::hours(1));
  EXPECT_EQ(Call("GET", "/api/v1/me", "", Bearer(token)).status, 401);
}

TEST_F(AuthTest, TokenRequestsAreChecked) {
  const Headers auth = SessionHeaders(Login(password_));
  // The one-time password may have been seen by others: no token before it is changed.
  EXPECT_EQ(Call("POST", "/api/v1/tokens", R"({"naam": "x"})", auth).status, 403);
  const Headers ready = ReadySession();
  EXPECT_EQ(Call("POST", "/api/v1/tokens", R"({"naam": "x"})", {ready[0]}).status, 403);  // CSRF
  EXPECT_EQ(Call("POST", "/api/v1/tokens", R"({"naam": ""})", ready).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/tokens", R"({"naam": "x", "geldig_dagen": 0})", ready).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/tokens", R"({"naam": "x", "geldig_dagen": 366})", ready).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/tokens", R"({"naam": "x", "geldig_dagen": "90"})", ready).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/tokens", R"({"naam": "x", "geldig_dagen": 1e300})", ready).status, 400);
  const auto standard = CreateToken(ready, {{"naam", "standaard"}});
  EXPECT_EQ(standard["verloopt"], "2025-06-12T12:00:00.000000Z");  // 90 days
  EXPECT_EQ(Call("GET", "/api/v1/tokens").status, 401);
}

TEST_F(AuthTest, TokensOfADeactivatedUserStopWorking) {
  const std::string token = CreateToken(ReadySession())["token"];
  ASSERT_EQ(Call("GET", "/api/v1/me", "", Bearer(token)).status, 200);
  {
    store::UserRepository users(folder_->keys(), folder_->log(), clock_);
    auto tx = folder_->db().BeginWrite();
    auto user = users.FindByUsername(**tx, AdminContext(), "beheerder");
    ASSERT_TRUE(user.ok() && user->has_value());
    ASSERT_TRUE(users.Deactivate(**tx, AdminContext(), (*user)->id).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  EXPECT_EQ(Call("GET", "/api/v1/me", "", Bearer(token)).status, 401);
}

TEST_F(AuthTest, TokenUseIsRecordedAtMostOnceAMinute) {
  const std::string token = CreateToken(ReadySession())["token"];
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Call("GET", "/api/v1/me", "", Bearer(token)).status, 200);
  EXPECT_EQ(LogCount("medewerker.api-token-gebruiken"), 1);
  clock_.Advance(std::chrono::seconds(59));
  ASSERT_EQ(Call("GET", "/api/v1/me", "", Bearer(token)).status, 200);
  EXPECT_EQ(LogCount("medewerker.api-token-gebruiken"), 1);
  clock_.Advance(std::chrono::seconds(2));
  ASSERT_EQ(Call("GET", "/api/v1/me", "", Bearer(token)).status, 200);
  EXPECT_EQ(LogCount("medewerker.api-token-gebruiken"), 2);
}

TEST_F(AuthTest, NeitherTokenNorSecondFactorSecretIsInTheDataFolder) {
  const Headers auth = ReadySession();
  const std::string token = CreateToken(auth)["token"];
  ASSERT_EQ(Call("GET", "/api/v1/me", "", Bearer(token)).status, 200);
  const std::string secret = EnrolSecondFactor(auth);
  const std::string raw_secret = *crypto::Base32Decode(secret);
  ASSERT_TRUE(folder_->log().CheckpointNow(folder_->head_file()).ok());
  const std::string bytes = FolderBytes();
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(bytes.find(token), std::string::npos);
  EXPECT_EQ(bytes.find(token.substr(3)), std::string::npos);  // nor its random part alone
  EXPECT_EQ(bytes.find(secret), std::string::npos);
  EXPECT_EQ(bytes.find(raw_secret), std::string::npos);
}

}  // namespace
}  // namespace leerrecht::http
