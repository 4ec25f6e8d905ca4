// The processing-log viewer per youth (SPEC C-37 (a), W-12, W-30) and the dashboard's notifications and
// deadlines (W-27, W-10, R-07) through the real server on a loopback port. The fixture is the one of
// pages_test.cc: an RBL with a thuiszitter case, an SWV, another RBL and their users.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "../http/http_client.h"
#include "../store/temp_dir.h"
#include "crypto/password.h"
#include "http/app.h"
#include "http/server.h"
#include "services/matrix_config.h"
#include "store/repositories/notification_repository.h"
#include "store/repositories/party_repository.h"
#include "store/repositories/user_repository.h"

namespace leerrecht::web {
namespace {

using leerrecht::testing::HttpReply;
using leerrecht::testing::HttpRequest;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kPassword = "een-lang-testwachtwoord";
constexpr const char* kRbl = "rbl-midden-gelre";
constexpr const char* kSwv = "swv-passend-wijs";
constexpr const char* kOtherRbl = "rbl-andere";
constexpr const char* kCovenant = "thuiszitters-midden-gelre";
constexpr const char* kForm = "application/x-www-form-urlencoded";

// A browser session: the cookie and the CSRF token the pages put in their forms.
struct Browser {
  std::string cookie;
  std::string csrf;
};

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The value of the first hidden csrf field of a page.
std::string CsrfOf(const std::string& html) {
  const std::string marker = "name=\"csrf\" value=\"";
  const std::size_t at = html.find(marker);
  if (at == std::string::npos) return "";
  const std::size_t start = at + marker.size();
  return html.substr(start, html.find('"', start) - start);
}

store::AccessContext SystemContext(const std::string& party) {
  store::AccessContext ctx;
  ctx.party = party;
  ctx.actor = "system";
  ctx.purpose = "test";
  ctx.legal_basis = "test";
  return ctx;
}

class LogPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("LEERRECHT_KEY_FILE");
    services::InitOptions init_options;
    init_options.party_id = kRbl;
    init_options.party_name = "MGR RBL Midden-Gelre";
    auto init = services::DataFolder::Init(dir_.Sub("data"), init_options, clock_);
    ASSERT_TRUE(init.ok()) << init.status().message();
    std::filesystem::create_directories(dir_.Sub("data") + "/agreements");
    std::filesystem::copy_file(std::string(LEERRECHT_SOURCE_DIR) + "/config/agreements/" + kCovenant + ".toml",
                               dir_.Sub("data") + "/agreements/" + kCovenant + ".toml");
    std::filesystem::copy_file(std::string(LEERRECHT_SOURCE_DIR) + "/config/demo/swv-regions.toml",
                               dir_.Sub("data") + "/swv-regions.toml");
    auto folder = services::DataFolder::Open(dir_.Sub("data"), clock_);
    ASSERT_TRUE(folder.ok()) << folder.status().message();
    folder_ = std::move(*folder);
    auto hash = crypto::HashPassword(kPassword);
    ASSERT_TRUE(hash.ok());
    hash_ = *hash;
    {
      auto tx = folder_->db().BeginWrite();
      store::PartyRepository parties(clock_);
      ASSERT_TRUE(parties.SetRegime(**tx, kRbl, "vanaf-handhaving", Date::Ymd(2025, 1, 1)).ok());
      ASSERT_TRUE(parties.Create(**tx, kSwv, "Samenwerkingsverband Passend Wijs", "swv").ok());
      ASSERT_TRUE(parties.Create(**tx, kOtherRbl, "RBL Andere Regio", "leerplicht").ok());
      ASSERT_TRUE(parties.SetRegime(**tx, kOtherRbl, "vanaf-handhaving", Date::Ymd(2025, 1, 1)).ok());
      ASSERT_TRUE((*tx)->Commit().ok());
    }
    AddUser(kRbl, "lpa", "K. Jansen", {"leerplichtambtenaar"});
    AddUser(kRbl, "lpa2", "M. Bakker", {"leerplichtambtenaar"});
    AddUser(kRbl, "rbl-beheer", "Beheer RBL", {"beheerder"});
    AddUser(kSwv, "consulent", "C. de Boer", {"swv-consulent"});
    AddUser(kSwv, "swv-beheer", "Beheer SWV", {"beheerder"});
    AddUser(kOtherRbl, "x-lpa", "Andere LPA", {"leerplichtambtenaar"});
    AddUser(kRbl, "fg", "F. Gerritsen", {"fg"});
    AddUser(kRbl, "rmc", "R. Mulder", {"rmc"});
    AddUser(kRbl, "teamleider", "T. Leider", {"teamleider-leerplicht"});
    AddUser(kOtherRbl, "x-fg", "Andere FG", {"fg"});

    sessions_ = std::make_unique<services::SessionService>(*folder_, clock_);
    http::ServerOptions options;
    options.port = 0;
    options.threads = 2;
    auto server =
        http::Server::Start(options, http::BuildRouter(*folder_, *sessions_, services::DefaultMatrix(), clock_));
    ASSERT_TRUE(server.ok()) << server.status().message();
    server_ = std::move(*server);

    // Designations under the covenant (SPEC W-09, W-10) and one thuiszitter case, through the API.
    ASSERT_EQ(
        Api("POST", "/api/v1/aanwijzingen", "rbl-beheer", {{"overeenkomst", kCovenant}, {"rol", "leerplichtambtenaar"}})
            .status,
        201);
    ASSERT_EQ(Api("POST", "/api/v1/aanwijzingen", "swv-beheer", {{"overeenkomst", kCovenant}, {"rol", "swv-consulent"}})
                  .status,
              201);
    auto youth = Api("POST", "/api/v1/jongeren", "lpa",
                     {{"bsn", "123456782"},
                      {"naam", "Noor 't Hart"},
                      {"geboortedatum", "2011-04-02"},
                      {"gemeente", "Arnhem"},
                      {"schoolsoort", "vo"}});
    ASSERT_EQ(youth.status, 201) << youth.body;
    youth_id_ = nlohmann::json::parse(youth.body)["id"].get<std::int64_t>();
    for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{
             {"adres", "Kerkstraat 1, 6811 AA Arnhem"}, {"school_laatst_bekend", "De Meerwaarde (12AB)"}}) {
      ASSERT_EQ(Api("POST", "/api/v1/jongeren/" + std::to_string(youth_id_) + "/gegevens", "lpa",
                    {{"veld", field}, {"waarde", value}})
                    .status,
                200);
    }
    // The case rests on a DUO melding: without one no personal note may be written (SPEC P-07).
    std::int64_t melding = 0;
    {
      auto tx = folder_->db().BeginWrite();
      store::YouthRepository youths(folder_->keys(), folder_->log());
      store::NotificationRepository notifications(folder_->keys(), youths, folder_->log(), clock_);
      store::AbsenceNotification n;
      n.notification_number = "DUO-2025-0001";
      n.youth_id = youth_id_;
      n.brin = "12AB";
      n.kind = "langdurig-relatief-verzuim";
      n.start_date = Date::Ymd(2025, 1, 6);
      n.reported_on = Date::Ymd(2025, 2, 10);
      auto imported = notifications.Import(**tx, SystemContext(kRbl), n);
      ASSERT_TRUE(imported.ok()) << imported.status().message();
      melding = imported->id;
      ASSERT_TRUE((*tx)->Commit().ok());
    }
    auto created = Api("POST", "/api/v1/zaken", "lpa",
                       {{"jongere", youth_id_}, {"categorie", "langdurig-verzuim"}, {"melding", melding}});
    ASSERT_EQ(created.status, 201) << created.body;
    case_id_ = nlohmann::json::parse(created.body)["id"].get<std::int64_t>();
  }
  void TearDown() override {
    server_.reset();
    sessions_.reset();
  }

  void AddUser(const std::string& party, const std::string& username, const std::string& name,
               std::vector<std::string> roles) {
    auto tx = folder_->db().BeginWrite();
    store::UserRepository users(folder_->keys(), folder_->log(), clock_);
    ASSERT_TRUE(
        users.Create(**tx, SystemContext(party), store::NewUser{username, name, hash_, false, std::move(roles)}).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  HttpReply Api(const std::string& method, const std::string& path, const std::string& username,
                const nlohmann::json& body) {
    auto login = HttpRequest(server_->port(), "POST", "/api/v1/login",
                             nlohmann::json{{"gebruiker", username}, {"wachtwoord", kPassword}}.dump());
    const std::string set = login.Header("Set-Cookie");
    const std::string csrf = nlohmann::json::parse(login.body)["csrf_token"];
    return HttpRequest(server_->port(), method, path, body.dump(),
                       {{"Cookie", set.substr(0, set.find(';'))}, {"X-CSRF-Token", csrf}});
  }

  // Logs in through the login form, as a browser does.
  Browser LogIn(const std::string& username) {
    auto reply =
        HttpRequest(server_->port(), "POST", "/inloggen",
                    "gebruiker=" + username + "&wachtwoord=" + std::string(kPassword), {{"Content-Type", kForm}});
    EXPECT_EQ(reply.status, 303) << reply.body;
    EXPECT_EQ(reply.Header("Location"), "/overzicht");
    const std::string set = reply.Header("Set-Cookie");
    Browser b{set.substr(0, set.find(';')), ""};
    b.csrf = CsrfOf(Get("/overzicht", b).body);
    EXPECT_FALSE(b.csrf.empty());
    return b;
  }

  HttpReply Get(const std::string& path, const Browser& b) {
    return HttpRequest(server_->port(), "GET", path, "", {{"Cookie", b.cookie}});
  }
  HttpReply Post(const std::string& path, const Browser& b, const std::string& form, bool with_csrf = true) {
    return HttpRequest(server_->port(), "POST", path, with_csrf ? "csrf=" + b.csrf + "&" + form : form,
                       {{"Cookie", b.cookie}, {"Content-Type", kForm}});
  }

  std::string CasePath() const { return "/zaken/" + std::to_string(case_id_); }

  static constexpr const char* kShareChoices =
      "ontvanger=swv-passend-wijs&overeenkomst=thuiszitters-midden-gelre&doel=thuiszitters-in-beeld"
      "&velden=bsn&velden=naam&velden=adres&velden=school_laatst_bekend&velden=halt_verwijzing";

  leerrecht::testing::TempDir dir_;
  FixedClock clock_{Date::Ymd(2025, 3, 14)};
  std::string hash_;
  std::unique_ptr<services::DataFolder> folder_;
  std::unique_ptr<services::SessionService> sessions_;
  std::unique_ptr<http::Server> server_;
  std::int64_t youth_id_ = 0;
  std::int64_t case_id_ = 0;
  // Shares the case with the SWV through the share page, as the pages test does.
  void ShareWithSwv() {
    const Browser lpa = LogIn("lpa");
    auto sent =
        Post(CasePath() + "/delen", lpa, std::string(kShareChoices) + "&kwaliteit=ja&anonimisering=ja&actie=verzenden");
    ASSERT_EQ(sent.status, 201) << sent.body;
  }

  std::string LogPath() const { return CasePath() + "/logboek"; }

  std::int64_t CountLog(const std::string& activity, const std::string& outcome) {
    auto tx = folder_->db().BeginRead();
    auto rows = (*tx)->Query("SELECT COUNT(*) FROM processing_log WHERE activity = ? AND outcome = ? AND party_id = ?",
                             {activity, outcome, std::string(kRbl)});
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows->at(0).Int(0) : -1;
  }
};

TEST_F(LogPagesTest, W_30_TheLogPageIsLinkedFromTheDossierAndShowsWhoToWhomNewestFirst) {
  ShareWithSwv();
  const Browser lpa = LogIn("lpa");
  auto dossier = Get(CasePath(), lpa);
  ASSERT_EQ(dossier.status, 200);
  EXPECT_TRUE(Contains(dossier.body, "href=\"" + LogPath() + "\""));

  auto page = Get(LogPath(), lpa);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "<h1 class=\"utrecht-heading-1\">Verwerkingslogboek</h1>"));
  EXPECT_TRUE(Contains(page.body, "<th scope=\"col\" class=\"utrecht-table__header-cell\">Ontvanger</th>"));
  EXPECT_TRUE(Contains(page.body, "K. Jansen"));
  // The disclosure names its recipient (SPEC W-30), and the log shows field names, never values.
  const std::size_t disclosure = page.body.find("<td class=\"utrecht-table__cell\">verstrekking</td>");
  ASSERT_NE(disclosure, std::string::npos) << page.body;
  EXPECT_NE(page.body.find("Samenwerkingsverband Passend Wijs", disclosure), std::string::npos);
  EXPECT_FALSE(Contains(page.body, "Kerkstraat"));
  EXPECT_FALSE(Contains(page.body, "123456782"));
  // Newest first: the disclosure comes before the case was opened.
  const std::size_t opened = page.body.find("<td class=\"utrecht-table__cell\">zaak.aanmaken</td>");
  ASSERT_NE(opened, std::string::npos);
  EXPECT_LT(disclosure, opened);
  // The view itself is a read of the youth's data: logged, and shown on the next view.
  EXPECT_EQ(CountLog("logboek.lezen", "ok"), 1);
  EXPECT_TRUE(Contains(Get(LogPath(), lpa).body, "<td class=\"utrecht-table__cell\">logboek.lezen</td>"));
  EXPECT_EQ(CountLog("logboek.lezen", "ok"), 2);
}

TEST_F(LogPagesTest, C_37_TheFgReadsTheLogButOtherPartiesAndColleaguesOutsideTheCaseDoNot) {
  const Browser fg = LogIn("fg");
  auto page = Get(LogPath(), fg);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "zaak.aanmaken"));

  // Another party's case does not exist for its users, its FG included.
  for (const char* who : {"x-lpa", "x-fg", "consulent"}) {
    auto other = Get(LogPath(), LogIn(who));
    EXPECT_EQ(other.status, 404) << who;
    EXPECT_FALSE(Contains(other.body, "zaak.aanmaken")) << who;
  }
  // A colleague of the same party without the case (and without the right) is refused, and the
  // refusal is logged about the youth.
  const std::int64_t before = CountLog("logboek.lezen.geweigerd", "refused");
  for (const char* who : {"lpa2", "rbl-beheer", "rmc"}) {
    auto refused = Get(LogPath(), LogIn(who));
    EXPECT_EQ(refused.status, 403) << who;
    EXPECT_FALSE(Contains(refused.body, "zaak.aanmaken")) << who;
  }
  EXPECT_EQ(CountLog("logboek.lezen.geweigerd", "refused"), before + 3);
}

TEST_F(LogPagesTest, TheApiPagesTheLogAndChecksThePageSize) {
  const std::string path = "/api/v1/jongeren/" + std::to_string(youth_id_) + "/logboek";
  auto first = Api("GET", path + "?per_pagina=2", "fg", nlohmann::json::object());
  ASSERT_EQ(first.status, 200) << first.body;
  const auto one = nlohmann::json::parse(first.body);
  EXPECT_EQ(one["jongere"], youth_id_);
  EXPECT_EQ(one["pagina"], 1);
  EXPECT_EQ(one["per_pagina"], 2);
  ASSERT_EQ(one["vermeldingen"].size(), 2u);
  EXPECT_GT(one["totaal"].get<std::int64_t>(), 2);
  auto second = Api("GET", path + "?pagina=2&per_pagina=2", "fg", nlohmann::json::object());
  ASSERT_EQ(second.status, 200) << second.body;
  const auto two = nlohmann::json::parse(second.body);
  // Newest first across pages. The first read put its own entry on top, so page 2 now starts
  // with the second entry the first read showed.
  ASSERT_EQ(two["vermeldingen"].size(), 2u);
  EXPECT_EQ(two["vermeldingen"][0]["volgnummer"], one["vermeldingen"][1]["volgnummer"]);
  EXPECT_LT(two["vermeldingen"][1]["volgnummer"].get<std::int64_t>(),
            one["vermeldingen"][1]["volgnummer"].get<std::int64_t>());
  EXPECT_EQ(two["totaal"].get<std::int64_t>(), one["totaal"].get<std::int64_t>() + 1);
  EXPECT_GT(one["vermeldingen"][0]["volgnummer"].get<std::int64_t>(),
            one["vermeldingen"][1]["volgnummer"].get<std::int64_t>());

  for (const std::string bad : {"?per_pagina=0", "?per_pagina=201", "?pagina=0", "?pagina=x"}) {
    EXPECT_EQ(Api("GET", path + bad, "fg", nlohmann::json::object()).status, 400) << bad;
  }
  EXPECT_EQ(Api("GET", path, "x-fg", nlohmann::json::object()).status, 404);
  EXPECT_EQ(Api("GET", path, "lpa2", nlohmann::json::object()).status, 403);
  EXPECT_EQ(Api("GET", path, "lpa", nlohmann::json::object()).status, 200);
}

TEST_F(LogPagesTest, W_27_TheRecipientsDashboardShowsTheCorrectionOfReceivedData) {
  ShareWithSwv();
  const Browser swv = LogIn("consulent");
  auto before = Get("/overzicht", swv);
  ASSERT_EQ(before.status, 200);
  EXPECT_TRUE(Contains(before.body, "Nieuwe verstrekking van MGR RBL Midden-Gelre"));
  EXPECT_FALSE(Contains(before.body, "gecorrigeerd in verstrekking"));

  // The RBL corrects the address it disclosed: the SWV is notified at once (SPEC W-27).
  auto corrected = Api("POST", "/api/v1/jongeren/" + std::to_string(youth_id_) + "/gegevens", "lpa",
                       {{"veld", "adres"}, {"waarde", "Molenweg 2, 6812 BB Arnhem"}});
  ASSERT_EQ(corrected.status, 200) << corrected.body;
  auto after = Get("/overzicht", swv);
  ASSERT_EQ(after.status, 200);
  const std::size_t notice = after.body.find("gecorrigeerd in verstrekking");
  ASSERT_NE(notice, std::string::npos) << after.body;
  EXPECT_TRUE(Contains(after.body, "MGR RBL Midden-Gelre heeft "));
  // It links to where the correction is read, and carries no value itself.
  EXPECT_NE(after.body.find("href=\"/ontvangen/", notice), std::string::npos);
  EXPECT_FALSE(Contains(after.body, "Molenweg"));
  // The sender's own dashboard does not show the recipient's notice.
  EXPECT_FALSE(Contains(Get("/overzicht", LogIn("lpa")).body, "gecorrigeerd in verstrekking"));
}

TEST_F(LogPagesTest, R_07_TheFgsDashboardShowsABreakGlassRequestAwaitingApproval) {
  const std::string form = "zaak=" + std::to_string(case_id_) +
                           "&reden=Traject+RMC+na+verhuizing&grondslag=AVG+art.+6+lid+1+sub+e&reikwijdte=avg";
  ASSERT_EQ(Post("/break-glass", LogIn("rmc"), form).status, 303);
  auto fg = Get("/overzicht", LogIn("fg"));
  ASSERT_EQ(fg.status, 200);
  EXPECT_TRUE(Contains(
      fg.body, "Break-glass-aanvraag van R. Mulder voor zaak " + std::to_string(case_id_) + " wacht op goedkeuring"));
  EXPECT_TRUE(Contains(fg.body, "href=\"/break-glass\""));
  EXPECT_TRUE(Contains(fg.body, "href=\"" + LogPath() + "\""));  // the FG's oversight of the case
  auto lead = Get("/overzicht", LogIn("teamleider"));
  EXPECT_TRUE(Contains(lead.body, "wacht op goedkeuring"));
  // The case's own handler is not the approver and is not told.
  EXPECT_FALSE(Contains(Get("/overzicht", LogIn("lpa")).body, "wacht op goedkeuring"));
}

TEST_F(LogPagesTest, W_10_TheAdminsDashboardShowsADesignationDueForReconfirmation) {
  // The fixture designated both roles on 2025-03-14; eleven months and a half later the
  // reconfirmation is due within a month, and after a year and a day it has expired.
  clock_.Advance(std::chrono::hours(24 * 350));
  auto due = Get("/overzicht", LogIn("rbl-beheer"));
  ASSERT_EQ(due.status, 200);
  EXPECT_TRUE(Contains(due.body, "Aanwijzing herbevestigen van de rol leerplichtambtenaar"));
  EXPECT_TRUE(Contains(due.body, "<strong>14-03-2026</strong>"));
  EXPECT_TRUE(Contains(due.body, "href=\"/aanwijzingen\""));
  EXPECT_FALSE(Contains(due.body, "rol swv-consulent"));  // another party's designation
  clock_.Advance(std::chrono::hours(24 * 16));
  auto expired = Get("/overzicht", LogIn("rbl-beheer"));
  EXPECT_TRUE(Contains(expired.body, "Aanwijzing verlopen van de rol leerplichtambtenaar"));
  EXPECT_TRUE(Contains(expired.body, ">verlopen</span>"));
}

}  // namespace
}  // namespace leerrecht::web
