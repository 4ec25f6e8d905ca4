// The processing-log viewer per youth (SPEC C-37 (a), W-12, W-30) and the dashboard's notifications and
// deadlines (W-27, W-10, R-07) through the real server on a loopback port. The fixture is the one of
// pages_test.cc: an RBL with a thuiszitter case, an SWV, another RBL and their users.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../http/test_region.h"

namespace leerrecht::web {
namespace {

using leerrecht::testing::HttpReply;
using leerrecht::testing::kRbl;
using leerrecht::testing::kShareChoices;
using leerrecht::testing::Login;

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class LogPagesTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(leerrecht::testing::SetUpPagesRegion(region_, noor_)); }

  // Short names for what every test does many times; a browser logs in through the form, the
  // API is called with a fresh login each time.
  Login LogIn(const std::string& username) { return region_.FormLogin(username); }
  HttpReply Get(const std::string& path, const Login& b) { return region_.Get(path, b); }
  HttpReply Post(const std::string& path, const Login& b, const std::string& form) {
    return region_.PostForm(path, b, form);
  }
  HttpReply Api(const std::string& method, const std::string& path, const std::string& username,
                const nlohmann::json& body) {
    return region_.Call(method, path, region_.ApiLogin(username), body);
  }

  std::string CasePath() const { return "/zaken/" + std::to_string(noor_.case_id); }


  // Shares the case with the SWV through the share page, as the pages test does.
  void ShareWithSwv() {
    const Login lpa = LogIn("lpa");
    auto sent =
        Post(CasePath() + "/delen", lpa, std::string(kShareChoices) + "&kwaliteit=ja&anonimisering=ja&actie=verzenden");
    ASSERT_EQ(sent.status, 201) << sent.body;
  }

  std::string LogPath() const { return CasePath() + "/logboek"; }

  std::int64_t CountLog(const std::string& activity, const std::string& outcome) {
    auto tx = region_.folder().db().BeginRead();
    auto rows = (*tx)->Query("SELECT COUNT(*) FROM processing_log WHERE activity = ? AND outcome = ? AND party_id = ?",
                             {activity, outcome, std::string(kRbl)});
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows->at(0).Int(0) : -1;
  }

  leerrecht::testing::TestRegion region_;
  leerrecht::testing::NoorsCase noor_;
};

TEST_F(LogPagesTest, W_30_TheLogPageIsLinkedFromTheDossierAndShowsWhoToWhomNewestFirst) {
  ShareWithSwv();
  const Login lpa = LogIn("lpa");
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
  const Login fg = LogIn("fg");
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
  const std::string path = "/api/v1/jongeren/" + std::to_string(noor_.youth_id) + "/logboek";
  auto first = Api("GET", path + "?per_pagina=2", "fg", nlohmann::json::object());
  ASSERT_EQ(first.status, 200) << first.body;
  const auto one = nlohmann::json::parse(first.body);
  EXPECT_EQ(one["jongere"], noor_.youth_id);
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
  const Login swv = LogIn("consulent");
  auto before = Get("/overzicht", swv);
  ASSERT_EQ(before.status, 200);
  EXPECT_TRUE(Contains(before.body, "Nieuwe verstrekking van MGR RBL Midden-Gelre"));
  EXPECT_FALSE(Contains(before.body, "gecorrigeerd in verstrekking"));

  // The RBL corrects the address it disclosed: the SWV is notified at once (SPEC W-27).
  auto corrected = Api("POST", "/api/v1/jongeren/" + std::to_string(noor_.youth_id) + "/gegevens", "lpa",
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
  const std::string form = "zaak=" + std::to_string(noor_.case_id) +
                           "&reden=Traject+RMC+na+verhuizing&grondslag=AVG+art.+6+lid+1+sub+e&reikwijdte=avg";
  ASSERT_EQ(Post("/break-glass", LogIn("rmc"), form).status, 303);
  auto fg = Get("/overzicht", LogIn("fg"));
  ASSERT_EQ(fg.status, 200);
  EXPECT_TRUE(Contains(
      fg.body, "Break-glass-aanvraag van R. Mulder voor zaak " + std::to_string(noor_.case_id) + " wacht op goedkeuring"));
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
  region_.clock().Advance(std::chrono::hours(24 * 350));
  auto due = Get("/overzicht", LogIn("rbl-beheer"));
  ASSERT_EQ(due.status, 200);
  EXPECT_TRUE(Contains(due.body, "Aanwijzing herbevestigen van de rol leerplichtambtenaar"));
  EXPECT_TRUE(Contains(due.body, "<strong>14-03-2026</strong>"));
  EXPECT_TRUE(Contains(due.body, "href=\"/aanwijzingen\""));
  EXPECT_FALSE(Contains(due.body, "rol swv-consulent"));  // another party's designation
  region_.clock().Advance(std::chrono::hours(24 * 16));
  auto expired = Get("/overzicht", LogIn("rbl-beheer"));
  EXPECT_TRUE(Contains(expired.body, "Aanwijzing verlopen van de rol leerplichtambtenaar"));
  EXPECT_TRUE(Contains(expired.body, ">verlopen</span>"));
}

}  // namespace
}  // namespace leerrecht::web
