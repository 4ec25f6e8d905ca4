// Drives the real server over loopback: login, sessions, CSRF, lock-out, password change.
#include "http/app.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

#include "../store/temp_dir.h"
#include "http/server.h"
#include "http_client.h"

namespace leerrecht::http {
namespace {

using leerrecht::testing::HttpReply;
using leerrecht::testing::HttpRequest;

class AppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("LEERRECHT_KEY_FILE");
    auto init = services::DataFolder::Init(dir_.Sub("data"), {}, clock_);
    ASSERT_TRUE(init.ok()) << init.status().message();
    password_ = init->one_time_password;
    auto folder = services::DataFolder::Open(dir_.Sub("data"), clock_);
    ASSERT_TRUE(folder.ok());
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

  HttpReply Login(const std::string& user, const std::string& password) {
    return HttpRequest(server_->port(), "POST", "/api/v1/login",
                       nlohmann::json{{"gebruiker", user}, {"wachtwoord", password}}.dump());
  }
  static std::string CookieFrom(const HttpReply& reply) {
    const std::string set = reply.Header("Set-Cookie");
    return set.substr(0, set.find(';'));
  }

  leerrecht::testing::TempDir dir_;
  FixedClock clock_{Date::Ymd(2025, 3, 14)};
  std::string password_;
  std::unique_ptr<services::DataFolder> folder_;
  std::unique_ptr<services::SessionService> sessions_;
  std::unique_ptr<Server> server_;
};

TEST_F(AppTest, LoginSetsAHardenedCookieAndMeAnswers) {
  const HttpReply login = Login("beheerder", password_);
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string set_cookie = login.Header("Set-Cookie");
  for (const char* attribute : {"HttpOnly", "Secure", "SameSite=Strict", "Path=/", "Max-Age="}) {
    EXPECT_NE(set_cookie.find(attribute), std::string::npos) << set_cookie;
  }
  const auto body = nlohmann::json::parse(login.body);
  EXPECT_EQ(body["gebruiker"], "beheerder");
  EXPECT_EQ(body["partij"], "eigen-organisatie");
  EXPECT_EQ(body["rollen"], nlohmann::json::array({"beheerder"}));
  EXPECT_EQ(body["wachtwoord_wijzigen"], true);

  const HttpReply me = HttpRequest(server_->port(), "GET", "/api/v1/me", "", {{"Cookie", CookieFrom(login)}});
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(nlohmann::json::parse(me.body)["gebruiker"], "beheerder");
  EXPECT_EQ(HttpRequest(server_->port(), "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(HttpRequest(server_->port(), "GET", "/api/v1/me", "", {{"Cookie", "leerrecht_sessie=vals"}}).status, 401);
}

TEST_F(AppTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  const HttpReply wrong = Login("beheerder", "fout-wachtwoord");
  const HttpReply unknown = Login("niemand", "fout-wachtwoord");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.body, unknown.body);
  EXPECT_TRUE(wrong.Header("Set-Cookie").empty());
}

TEST_F(AppTest, LockOutAfterRepeatedFailuresEvenWithTheRightPassword) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Login("beheerder", "fout").status, 401);
  const HttpReply locked = Login("beheerder", password_);
  EXPECT_EQ(locked.status, 429) << locked.body;
  EXPECT_NE(locked.body.find("tijdelijk geblokkeerd"), std::string::npos);
  clock_.Advance(std::chrono::minutes(16));
  EXPECT_EQ(Login("beheerder", password_).status, 200);
}

TEST_F(AppTest, GuessingManyNamesFromOneAddressIsSlowedDown) {
  // Four failures per name stay under the per-user lock-out; the address limit (20) still bites.
  int failures = 0;
  for (int name = 0; failures < 20; ++name) {
    for (int i = 0; i < 4 && failures < 20; ++i, ++failures) {
      EXPECT_EQ(Login("gebruiker-" + std::to_string(name), "fout").status, 401);
    }
  }
  const HttpReply blocked = Login("beheerder", password_);
  EXPECT_EQ(blocked.status, 429);
  EXPECT_NE(blocked.body.find("vanaf dit adres"), std::string::npos) << blocked.body;
  clock_.Advance(std::chrono::minutes(16));
  EXPECT_EQ(Login("beheerder", password_).status, 200);
}

TEST_F(AppTest, StateChangesNeedTheCsrfToken) {
  const HttpReply login = Login("beheerder", password_);
  const std::string cookie = CookieFrom(login);
  const std::string csrf = nlohmann::json::parse(login.body)["csrf_token"];
  EXPECT_EQ(HttpRequest(server_->port(), "POST", "/api/v1/logout", "", {{"Cookie", cookie}}).status, 403);
  EXPECT_EQ(HttpRequest(server_->port(), "POST", "/api/v1/logout", "", {{"Cookie", cookie}, {"X-CSRF-Token", "x"}})
                .status,
            403);
  EXPECT_EQ(HttpRequest(server_->port(), "GET", "/api/v1/me", "", {{"Cookie", cookie}}).status, 200);
  const HttpReply out =
      HttpRequest(server_->port(), "POST", "/api/v1/logout", "", {{"Cookie", cookie}, {"X-CSRF-Token", csrf}});
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.Header("Set-Cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(HttpRequest(server_->port(), "GET", "/api/v1/me", "", {{"Cookie", cookie}}).status, 401);
}

TEST_F(AppTest, SessionsExpireWhenIdle) {
  const std::string cookie = CookieFrom(Login("beheerder", password_));
  clock_.Advance(std::chrono::minutes(29));
  EXPECT_EQ(HttpRequest(server_->port(), "GET", "/api/v1/me", "", {{"Cookie", cookie}}).status, 200);
  clock_.Advance(std::chrono::minutes(31));
  EXPECT_EQ(HttpRequest(server_->port(), "GET", "/api/v1/me", "", {{"Cookie", cookie}}).status, 401);
}

TEST_F(AppTest, PasswordChangeReplacesTheOneTimePassword) {
  const HttpReply login = Login("beheerder", password_);
  const std::string cookie = CookieFrom(login);
  const std::string csrf = nlohmann::json::parse(login.body)["csrf_token"];
  const std::vector<std::pair<std::string, std::string>> auth = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  const HttpReply too_short = HttpRequest(server_->port(), "POST", "/api/v1/password",
                                          nlohmann::json{{"huidig", password_}, {"nieuw", "kort"}}.dump(), auth);
  EXPECT_EQ(too_short.status, 400);
  const HttpReply wrong_current = HttpRequest(
      server_->port(), "POST", "/api/v1/password",
      nlohmann::json{{"huidig", "niet-het-wachtwoord"}, {"nieuw", "een-lang-nieuw-wachtwoord"}}.dump(), auth);
  EXPECT_EQ(wrong_current.status, 403);
  const HttpReply changed = HttpRequest(
      server_->port(), "POST", "/api/v1/password",
      nlohmann::json{{"huidig", password_}, {"nieuw", "een-lang-nieuw-wachtwoord"}}.dump(), auth);
  EXPECT_EQ(changed.status, 204) << changed.body;
  EXPECT_EQ(Login("beheerder", password_).status, 401);
  const HttpReply again = Login("beheerder", "een-lang-nieuw-wachtwoord");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(nlohmann::json::parse(again.body)["wachtwoord_wijzigen"], false);
}

TEST_F(AppTest, MalformedJsonIsA400AndTheServerLivesOn) {
  EXPECT_EQ(HttpRequest(server_->port(), "POST", "/api/v1/login", "{ kapot").status, 400);
  EXPECT_EQ(HttpRequest(server_->port(), "POST", "/api/v1/login", "[1,2]").status, 400);
  EXPECT_EQ(HttpRequest(server_->port(), "GET", "/healthz").status, 200);
}

// The OpenAPI document and the router must describe the same API, route for route.
TEST_F(AppTest, OpenApiDocumentMatchesEveryRoute) {
  const HttpReply served = HttpRequest(server_->port(), "GET", "/api/v1/openapi.json");
  ASSERT_EQ(served.status, 200);
  const auto doc = nlohmann::json::parse(served.body);
  EXPECT_EQ(doc["openapi"].get<std::string>().rfind("3.", 0), 0u);
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, methods] : doc["paths"].items()) {
    for (const auto& [method, operation] : methods.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.emplace(upper, "/api/v1" + path);
      EXPECT_TRUE(operation.contains("responses")) << method << " " << path;
    }
  }
  std::set<std::pair<std::string, std::string>> routed;
  for (const auto& [method, path] : BuildRouter(*folder_, *sessions_).Routes()) {
    if (path.rfind("/api/v1/", 0) == 0) routed.emplace(method, path);
  }
  EXPECT_EQ(documented, routed);
}

TEST_F(AppTest, LoginsAndFailuresAreInTheProcessingLog) {
  ASSERT_EQ(Login("beheerder", password_).status, 200);
  auto tx = folder_->db().BeginRead();
  auto rows = (*tx)->Query("SELECT COUNT(*) FROM processing_log WHERE activity = 'medewerker.inloggen'");
  ASSERT_TRUE(rows.ok());
  EXPECT_GE(rows->at(0).Int(0), 1);
}

}  // namespace
}  // namespace leerrecht::http
