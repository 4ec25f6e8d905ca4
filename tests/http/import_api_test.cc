// The DUO upload and the youth's meldingen over loopback, on a router of their own (login + import routes).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>

#include "../store/temp_dir.h"
#include "crypto/password.h"
#include "http/auth.h"
#include "http/import_routes.h"
#include "http/server.h"
#include "http_client.h"
#include "services/matrix_config.h"
#include "services/matrix_store.h"
#include "store/repositories/party_repository.h"
#include "store/repositories/user_repository.h"

namespace leerrecht::http {
namespace {

using leerrecht::testing::HttpReply;
using leerrecht::testing::HttpRequest;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kPassword = "een-lang-testwachtwoord";
constexpr const char* kOwnParty = "eigen-organisatie";
constexpr const char* kOtherParty = "rbl-andere";
constexpr const char* kHeader =
    "meldingsnummer;bsn;achternaam;voornamen;geboortedatum;brin;verzuimsoort;begindatum;lesuren;toelichting;"
    "melddatum\n";

std::string Row(const std::string& number, const std::string& bsn, const std::string& kind = "16-uur-onder-18") {
  return number + ";" + bsn + ";Zwartkruis;Lina;2011-05-04;12AB;" + kind + ";2025-02-10;18;Vaak te laat;2025-02-24\n";
}

// One request with a body of any content type (the shared client always says JSON).
HttpReply Send(std::uint16_t port, const std::string& method, const std::string& path, const std::string& body,
               const std::string& content_type, const Headers& headers) {
  HttpReply reply;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return reply;
  }
  std::string request = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
  for (const auto& [k, v] : headers) request += k + ": " + v + "\r\n";
  request += "Content-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  request += body;
  std::size_t sent = 0;
  while (sent < request.size()) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer 413 and close before the whole body is sent
    sent += static_cast<std::size_t>(n);
  }
  std::string raw;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) raw.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  const auto head_end = raw.find("\r\n\r\n");
  if (raw.size() < 12 || head_end == std::string::npos) return reply;
  reply.status = std::stoi(raw.substr(9, 3));
  reply.body = raw.substr(head_end + 4);
  return reply;
}

struct Login {
  std::string cookie;
  std::string csrf;
  [[nodiscard]] Headers Get() const { return {{"Cookie", cookie}}; }
  [[nodiscard]] Headers Post() const { return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}; }
};

class ImportApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("LEERRECHT_KEY_FILE");
    ASSERT_TRUE(services::DataFolder::Init(dir_.Sub("data"), {}, clock_).ok());
    auto folder = services::DataFolder::Open(dir_.Sub("data"), clock_);
    ASSERT_TRUE(folder.ok()) << folder.status().message();
    folder_ = std::move(*folder);
    auto hash = crypto::HashPassword(kPassword);
    ASSERT_TRUE(hash.ok());
    hash_ = *hash;
    {
      auto tx = folder_->db().BeginWrite();
      store::PartyRepository parties(clock_);
      ASSERT_TRUE(parties.Create(**tx, kOtherParty, "RBL Andere Regio", "leerplicht").ok());
      ASSERT_TRUE((*tx)->Commit().ok());
    }
    AddUser(kOwnParty, "lpa", {"leerplichtambtenaar"});
    AddUser(kOwnParty, "boa", {"boa"});
    AddUser(kOwnParty, "fg", {"fg"});
    AddUser(kOtherParty, "ander", {"leerplichtambtenaar"});

    auto matrices = services::MatrixStore::Open(*folder_, services::DefaultMatrix(), clock_);
    ASSERT_TRUE(matrices.ok());
    matrices_ = std::move(*matrices);
    sessions_ = std::make_unique<services::SessionService>(*folder_, clock_);
    // The lead wires these routes into BuildRouter; here they get a router of their own.
    Router router;
    AddAuthRoutes(router, *sessions_);
    AddImportRoutes(router, *sessions_, *folder_, *matrices_, clock_);
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    auto server = Server::Start(options, std::move(router));
    ASSERT_TRUE(server.ok()) << server.status().message();
    server_ = std::move(*server);
  }
  void TearDown() override {
    server_.reset();
    sessions_.reset();
  }

  void AddUser(const std::string& party, const std::string& username, std::vector<std::string> roles) {
    auto tx = folder_->db().BeginWrite();
    store::UserRepository users(folder_->keys(), folder_->log(), clock_);
    store::AccessContext ctx;
    ctx.party = party;
    ctx.actor = "system";
    ctx.purpose = "test";
    ctx.legal_basis = "test";
    auto id = users.Create(**tx, ctx, store::NewUser{username, username, hash_, false, std::move(roles)});
    ASSERT_TRUE(id.ok()) << id.status().message();
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  Login As(const std::string& username) {
    auto reply = HttpRequest(server_->port(), "POST", "/api/v1/login",
                             nlohmann::json{{"gebruiker", username}, {"wachtwoord", kPassword}}.dump());
    EXPECT_EQ(reply.status, 200) << username << ": " << reply.body;
    Login login;
    const std::string set = reply.Header("Set-Cookie");
    login.cookie = set.substr(0, set.find(';'));
    if (reply.status == 200) login.csrf = nlohmann::json::parse(reply.body)["csrf_token"];
    return login;
  }

  HttpReply Upload(const Login& who, const std::string& csv, const std::string& type = "text/csv; charset=utf-8") {
    return Send(server_->port(), "POST", "/api/v1/verzuimmeldingen/import", csv, type, who.Post());
  }

  std::int64_t LogCount() {
    auto tx = folder_->db().BeginRead();
    return (*tx)->Query("SELECT COUNT(*) FROM processing_log")->at(0).Int(0);
  }
  std::int64_t YouthId() {
    auto tx = folder_->db().BeginRead();
    auto rows = (*tx)->Query("SELECT id FROM youths ORDER BY id LIMIT 1");
    return rows->empty() ? 0 : rows->front().Int(0);
  }

  leerrecht::testing::TempDir dir_;
  FixedClock clock_{Date::Ymd(2025, 3, 14)};
  std::string hash_;
  std::unique_ptr<services::DataFolder> folder_;
  std::unique_ptr<services::MatrixStore> matrices_;
  std::unique_ptr<services::SessionService> sessions_;
  std::unique_ptr<Server> server_;
};

TEST_F(ImportApiTest, UploadReturnsTheReportAndAgainChangesNothing) {
  const Login lpa = As("lpa");
  const std::string csv = kHeader + Row("A-1", "111222333") + Row("A-2", "123456782") + Row("A-3", "123456789") +
                          Row("A-4", "232262536", "ziekte");
  const HttpReply first = Upload(lpa, csv);
  ASSERT_EQ(first.status, 200) << first.body;
  const auto report = nlohmann::json::parse(first.body);
  EXPECT_EQ(report["regels"], 4);
  EXPECT_EQ(report["ingelezen"], 2);
  EXPECT_EQ(report["afgewezen"], 2);
  EXPECT_EQ(report["nieuwe_jongeren"], 2);
  EXPECT_EQ(report["afgewezen_regels"][0]["regel"], 4);
  EXPECT_EQ(report["afgewezen_regels"][0]["code"], "ongeldig");
  EXPECT_EQ(report["afgewezen_regels"][1]["regel"], 5);
  EXPECT_EQ(report["afgewezen_regels"][1]["code"], "ziekteverzuim");
  for (const char* bsn : {"111222333", "123456782", "123456789", "232262536"}) {
    EXPECT_EQ(first.body.find(bsn), std::string::npos) << bsn;
  }

  const std::int64_t log = LogCount();
  const HttpReply second = Upload(lpa, csv);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(nlohmann::json::parse(second.body)["al_aanwezig"], 2);
  EXPECT_EQ(nlohmann::json::parse(second.body)["ingelezen"], 0);
  EXPECT_EQ(LogCount(), log);
}

TEST_F(ImportApiTest, RequestsThatAreNotAnUpload) {
  const Login lpa = As("lpa");
  const std::string csv = kHeader + Row("A-1", "111222333");
  EXPECT_EQ(Upload(lpa, csv, "application/json").status, 415);
  const HttpReply wrong_header = Upload(lpa, "naam;adres\nJan;Dorpsstraat 1\n");
  EXPECT_EQ(wrong_header.status, 400);
  EXPECT_NE(nlohmann::json::parse(wrong_header.body)["fout"].get<std::string>().find("mist verplichte kolommen"),
            std::string::npos);
  EXPECT_EQ(Upload(lpa, "").status, 400);
  // No CSRF token, no session.
  EXPECT_EQ(Send(server_->port(), "POST", "/api/v1/verzuimmeldingen/import", csv, "text/csv", lpa.Get()).status, 403);
  EXPECT_EQ(Send(server_->port(), "POST", "/api/v1/verzuimmeldingen/import", csv, "text/csv", {}).status, 401);
  // Above the body limit (1 MiB): the command line is the way for large files.
  std::string large = kHeader;
  while (large.size() < (1u << 20) + 1000) large += Row("A-1", "111222333");
  EXPECT_EQ(Upload(lpa, large).status, 413);
  EXPECT_EQ(YouthId(), 0);
}

TEST_F(ImportApiTest, TheMatrixDecidesWhoImports) {
  const HttpReply boa = Upload(As("boa"), kHeader + Row("A-1", "111222333"));
  EXPECT_EQ(boa.status, 403) << boa.body;
  EXPECT_EQ(YouthId(), 0);
}

TEST_F(ImportApiTest, YouthsMeldingenForTheOwnPartyOnly) {
  const Login lpa = As("lpa");
  ASSERT_EQ(Upload(lpa, kHeader + Row("A-1", "111222333") + Row("A-2", "111222333", "overig-verzuim")).status, 200);
  const std::string path = "/api/v1/jongeren/" + std::to_string(YouthId()) + "/verzuimmeldingen";
  const HttpReply list = HttpRequest(server_->port(), "GET", path, "", lpa.Get());
  ASSERT_EQ(list.status, 200) << list.body;
  const auto j = nlohmann::json::parse(list.body);
  ASSERT_EQ(j["verzuimmeldingen"].size(), 2u);
  const auto& first = j["verzuimmeldingen"][0];
  EXPECT_EQ(first["meldingsnummer"], "A-1");
  EXPECT_EQ(first["verzuimsoort"], "16-uur-onder-18");
  EXPECT_EQ(first["categorie"], "relatief-verzuim");
  EXPECT_EQ(first["begindatum"], "2025-02-10");
  EXPECT_TRUE(first["einddatum"].is_null());
  EXPECT_EQ(first["lesuren"], 18.0);
  EXPECT_EQ(first["toelichting"], "Vaak te laat");
  EXPECT_EQ(first["melddatum"], "2025-02-24");
  EXPECT_EQ(HttpRequest(server_->port(), "GET", path, "", As("fg").Get()).status, 403);
  EXPECT_EQ(HttpRequest(server_->port(), "GET", path, "", As("ander").Get()).status, 404);
  EXPECT_EQ(HttpRequest(server_->port(), "GET", "/api/v1/jongeren/abc/verzuimmeldingen", "", lpa.Get()).status, 404);
}

}  // namespace
}  // namespace leerrecht::http
