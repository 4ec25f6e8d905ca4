#include "test_region.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <utility>

#include "crypto/password.h"
#include "http/app.h"
#include "services/matrix_config.h"
#include "store/repositories/notification_repository.h"
#include "store/repositories/party_repository.h"
#include "store/repositories/user_repository.h"

namespace leerrecht::testing {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The cookie's "name=value", without its attributes.
std::string CookieOf(const HttpReply& reply) {
  const std::string set = reply.Header("Set-Cookie");
  return set.substr(0, set.find(';'));
}

Headers SessionHeaders(const Login& who, bool with_csrf) {
  Headers headers;
  if (!who.cookie.empty()) headers.emplace_back("Cookie", who.cookie);
  if (with_csrf && !who.csrf.empty()) headers.emplace_back("X-CSRF-Token", who.csrf);
  return headers;
}

}  // namespace

store::AccessContext SystemContext(const std::string& party) {
  store::AccessContext ctx;
  ctx.party = party;
  ctx.actor = "system";
  ctx.purpose = "test";
  ctx.legal_basis = "test";
  return ctx;
}

std::string CsrfOf(const std::string& html) {
  const std::string marker = "name=\"csrf\" value=\"";
  const std::size_t at = html.find(marker);
  if (at == std::string::npos) return "";
  const std::size_t start = at + marker.size();
  return html.substr(start, html.find('"', start) - start);
}

std::int64_t Created(const HttpReply& reply) {
  EXPECT_EQ(reply.status, 201) << reply.body;
  return reply.status == 201 ? nlohmann::json::parse(reply.body)["id"].get<std::int64_t>() : 0;
}

TestRegion::TestRegion(Date today) : clock_(today) {}

void TestRegion::Init(const services::InitOptions& options, bool with_covenant) {
  // The key comes from the folder itself, not from a developer's environment.
  ::unsetenv("LEERRECHT_KEY_FILE");
  const std::string data = dir_.Sub("data");
  auto init = services::DataFolder::Init(data, options, clock_);
  ASSERT_TRUE(init.ok()) << init.status().message();
  if (with_covenant) {
    const std::string config = std::string(LEERRECHT_SOURCE_DIR) + "/config";
    std::filesystem::create_directories(data + "/agreements");
    std::filesystem::copy_file(config + "/agreements/" + kCovenant + ".toml",
                               data + "/agreements/" + kCovenant + ".toml");
    std::filesystem::copy_file(config + "/demo/swv-regions.toml", data + "/swv-regions.toml");
  }
  auto folder = services::DataFolder::Open(data, clock_);
  ASSERT_TRUE(folder.ok()) << folder.status().message();
  folder_ = std::move(*folder);
  // Hashed once: Argon2id takes about 0.1 s, and every user gets the same password.
  auto hash = crypto::HashPassword(kTestPassword);
  ASSERT_TRUE(hash.ok());
  hash_ = *hash;
  sessions_ = std::make_unique<services::SessionService>(*folder_, clock_);
}

void TestRegion::InitMiddenGelre(const std::string& regime) {
  services::InitOptions options;
  options.party_id = kRbl;
  options.party_name = "MGR RBL Midden-Gelre";
  ASSERT_NO_FATAL_FAILURE(Init(options, /*with_covenant=*/true));
  ASSERT_NO_FATAL_FAILURE(SetRegime(kRbl, regime));
  ASSERT_NO_FATAL_FAILURE(AddParty(kSwv, "Samenwerkingsverband Passend Wijs", "swv"));
}

void TestRegion::AddParty(const std::string& id, const std::string& name, const std::string& role,
                          const std::optional<std::string>& regime, Date since) {
  auto tx = folder_->db().BeginWrite();
  ASSERT_TRUE(tx.ok()) << tx.status().message();
  store::PartyRepository parties(clock_);
  ASSERT_TRUE(parties.Create(**tx, id, name, role).ok());
  if (regime) {
    ASSERT_TRUE(parties.SetRegime(**tx, id, *regime, since).ok());
  }
  ASSERT_TRUE((*tx)->Commit().ok());
}

void TestRegion::SetRegime(const std::string& party, const std::string& regime, Date since) {
  auto tx = folder_->db().BeginWrite();
  ASSERT_TRUE(tx.ok()) << tx.status().message();
  store::PartyRepository parties(clock_);
  ASSERT_TRUE(parties.SetRegime(**tx, party, regime, since).ok());
  ASSERT_TRUE((*tx)->Commit().ok());
}

std::int64_t TestRegion::AddUser(const std::string& party, const std::string& username, const std::string& name,
                                 std::vector<std::string> roles) {
  auto tx = folder_->db().BeginWrite();
  EXPECT_TRUE(tx.ok()) << tx.status().message();
  if (!tx.ok()) return 0;
  store::UserRepository users(folder_->keys(), folder_->log(), clock_);
  auto id = users.Create(**tx, SystemContext(party),
                         store::NewUser{username, name, hash_, /*must_change_password=*/false, std::move(roles)});
  EXPECT_TRUE(id.ok()) << username << ": " << id.status().message();
  if (!id.ok()) return 0;
  EXPECT_TRUE((*tx)->Commit().ok());
  return *id;
}

std::int64_t TestRegion::ImportDuoMelding(const std::string& party, std::int64_t youth_id) {
  auto tx = folder_->db().BeginWrite();
  EXPECT_TRUE(tx.ok()) << tx.status().message();
  if (!tx.ok()) return 0;
  store::YouthRepository youths(folder_->keys(), folder_->log());
  store::NotificationRepository notifications(folder_->keys(), youths, folder_->log(), clock_);
  store::AbsenceNotification n;
  n.notification_number = "DUO-2025-0001";
  n.youth_id = youth_id;
  n.brin = "12AB";
  n.kind = "langdurig-relatief-verzuim";
  n.start_date = Date::Ymd(2025, 1, 6);
  n.reported_on = Date::Ymd(2025, 2, 10);
  auto imported = notifications.Import(**tx, SystemContext(party), n);
  EXPECT_TRUE(imported.ok()) << imported.status().message();
  if (!imported.ok()) return 0;
  const bool committed = (*tx)->Commit().ok();
  EXPECT_TRUE(committed);
  return committed ? imported->id : 0;
}

void TestRegion::StartServer() {
  ASSERT_NO_FATAL_FAILURE(StartServer(http::BuildRouter(*folder_, *sessions_, services::DefaultMatrix(), clock_)));
}

void TestRegion::StartServer(http::Router router) {
  http::ServerOptions options;
  options.port = 0;
  options.threads = 2;
  auto server = http::Server::Start(options, std::move(router));
  ASSERT_TRUE(server.ok()) << server.status().message();
  server_ = std::move(*server);
}

void TestRegion::StopServer() { server_.reset(); }

void TestRegion::Designate(const std::string& manager_username, const std::string& role,
                           const std::string& agreement) {
  const HttpReply reply =
      Call("POST", "/api/v1/aanwijzingen", ApiLogin(manager_username), {{"overeenkomst", agreement}, {"rol", role}});
  ASSERT_EQ(reply.status, 201) << manager_username << ", " << role << ": " << reply.body;
}

void TestRegion::StartWithCovenantStaff() {
  ASSERT_NO_FATAL_FAILURE(AddUser(kRbl, "lpa", "K. Jansen", {"leerplichtambtenaar"}));
  ASSERT_NO_FATAL_FAILURE(AddUser(kRbl, "rbl-beheer", "Beheer RBL", {"beheerder"}));
  ASSERT_NO_FATAL_FAILURE(AddUser(kSwv, "consulent", "C. de Boer", {"swv-consulent"}));
  ASSERT_NO_FATAL_FAILURE(AddUser(kSwv, "swv-beheer", "Beheer SWV", {"beheerder"}));
  ASSERT_NO_FATAL_FAILURE(StartServer());
  ASSERT_NO_FATAL_FAILURE(Designate("rbl-beheer", "leerplichtambtenaar"));
  ASSERT_NO_FATAL_FAILURE(Designate("swv-beheer", "swv-consulent"));
}

Login TestRegion::ApiLogin(const std::string& username) {
  const HttpReply reply = HttpRequest(port(), "POST", "/api/v1/login",
                                      nlohmann::json{{"gebruiker", username}, {"wachtwoord", kTestPassword}}.dump());
  EXPECT_EQ(reply.status, 200) << username << ": " << reply.body;
  Login login{CookieOf(reply), ""};
  if (reply.status == 200) login.csrf = nlohmann::json::parse(reply.body)["csrf_token"];
  return login;
}

Login TestRegion::FormLogin(const std::string& username) {
  const HttpReply reply =
      HttpRequest(port(), "POST", "/inloggen", "gebruiker=" + username + "&wachtwoord=" + kTestPassword,
                  {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(reply.status, 303) << username << ": " << reply.body;
  EXPECT_EQ(reply.Header("Location"), "/overzicht");
  Login login{CookieOf(reply), ""};
  login.csrf = CsrfOf(Get("/overzicht", login).body);
  EXPECT_FALSE(login.csrf.empty()) << username;
  return login;
}

HttpReply TestRegion::Call(const std::string& method, const std::string& path, const Login& who,
                           const nlohmann::json& body) {
  return HttpRequest(port(), method, path, body.is_null() ? std::string() : body.dump(),
                     SessionHeaders(who, /*with_csrf=*/method != "GET"));
}

HttpReply TestRegion::Get(const std::string& path, const Login& who) {
  return HttpRequest(port(), "GET", path, "", SessionHeaders(who, /*with_csrf=*/false));
}

HttpReply TestRegion::PostForm(const std::string& path, const Login& who, const std::string& form, bool with_csrf) {
  Headers headers = SessionHeaders(who, /*with_csrf=*/false);
  headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  return HttpRequest(port(), "POST", path, with_csrf ? "csrf=" + who.csrf + "&" + form : form, headers);
}

HttpReply TestRegion::Send(const std::string& method, const std::string& path, const Login& who,
                           const std::string& body, const std::string& content_type) {
  Headers headers = SessionHeaders(who, /*with_csrf=*/true);
  headers.emplace_back("Content-Type", content_type);
  return HttpRequest(port(), method, path, body, headers);
}

std::int64_t TestRegion::LogCount(const std::string& where) {
  auto tx = folder_->db().BeginRead();
  if (!tx.ok()) return -1;
  auto rows = (*tx)->Query("SELECT COUNT(*) FROM processing_log WHERE " + where);
  return rows.ok() ? rows->front().Int(0) : -1;
}

void SetUpPagesRegion(TestRegion& region, NoorsCase& noor, bool with_art20) {
  ASSERT_NO_FATAL_FAILURE(region.InitMiddenGelre("vanaf-handhaving"));
  ASSERT_NO_FATAL_FAILURE(region.AddParty(kOtherRbl, "RBL Andere Regio", "leerplicht", "vanaf-handhaving"));
  struct Account {
    const char* party;
    const char* username;
    const char* name;
    const char* role;
  };
  for (const Account& u : {
           Account{kRbl, "lpa", "K. Jansen", "leerplichtambtenaar"},
           Account{kRbl, "lpa2", "M. Bakker", "leerplichtambtenaar"},
           Account{kRbl, "rbl-beheer", "Beheer RBL", "beheerder"},
           Account{kSwv, "consulent", "C. de Boer", "swv-consulent"},
           Account{kSwv, "swv-beheer", "Beheer SWV", "beheerder"},
           Account{kOtherRbl, "x-lpa", "Andere LPA", "leerplichtambtenaar"},
           Account{kRbl, "fg", "F. Gerritsen", "fg"},
           Account{kRbl, "rmc", "R. Mulder", "rmc"},
           Account{kRbl, "teamleider", "T. Leider", "teamleider-leerplicht"},
           Account{kOtherRbl, "x-fg", "Andere FG", "fg"},
       }) {
    ASSERT_NO_FATAL_FAILURE(region.AddUser(u.party, u.username, u.name, {u.role}));
  }
  if (with_art20) std::ofstream(region.dir().Sub("data") + "/agreements/" + kArt20 + ".toml") << kArt20Toml;
  ASSERT_NO_FATAL_FAILURE(region.StartServer());

  // Designations under the covenant (SPEC W-09, W-10) and one thuiszitter case, through the API.
  ASSERT_NO_FATAL_FAILURE(region.Designate("rbl-beheer", "leerplichtambtenaar"));
  ASSERT_NO_FATAL_FAILURE(region.Designate("swv-beheer", "swv-consulent"));
  const Login lpa = region.ApiLogin("lpa");
  const HttpReply youth = region.Call("POST", "/api/v1/jongeren", lpa,
                                      {{"bsn", "123456782"},
                                       {"naam", "Noor 't Hart"},
                                       {"geboortedatum", "2011-04-02"},
                                       {"gemeente", "Arnhem"},
                                       {"schoolsoort", "vo"}});
  ASSERT_EQ(youth.status, 201) << youth.body;
  noor.youth_id = nlohmann::json::parse(youth.body)["id"].get<std::int64_t>();
  for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{
           {"adres", "Kerkstraat 1, 6811 AA Arnhem"}, {"school_laatst_bekend", "De Meerwaarde (12AB)"}}) {
    const HttpReply set = region.Call("POST", "/api/v1/jongeren/" + std::to_string(noor.youth_id) + "/gegevens", lpa,
                                      {{"veld", field}, {"waarde", value}});
    ASSERT_EQ(set.status, 200) << field << ": " << set.body;
  }
  // The case rests on a DUO melding: without one no personal note may be written (SPEC P-07).
  const std::int64_t melding = region.ImportDuoMelding(kRbl, noor.youth_id);
  ASSERT_NE(melding, 0);
  const HttpReply created =
      region.Call("POST", "/api/v1/zaken", lpa,
                  {{"jongere", noor.youth_id}, {"categorie", "langdurig-verzuim"}, {"melding", melding}});
  ASSERT_EQ(created.status, 201) << created.body;
  noor.case_id = nlohmann::json::parse(created.body)["id"].get<std::int64_t>();
}

}  // namespace leerrecht::testing
