// The web pages through the real server on a loopback port: log in with the form, the dashboard,
// the dossier with its regime badge, sharing with the SWV field by field, the received data as
// the SWV sees them, the quarterly counts, the DUO import with its report, the agreements with
// their exchange tables, break-glass and the FG's overview, and what users of other parties and
// roles get.
#include <gtest/gtest.h>

#include "../http/test_region.h"
#include "crypto/totp.h"
#include "services/matrix_config.h"
#include "web/page_support.h"

namespace leerrecht::web {
namespace {

using leerrecht::testing::HttpReply;
using leerrecht::testing::HttpRequest;
using leerrecht::testing::kCovenant;
using leerrecht::testing::kRbl;
using leerrecht::testing::kShareChoices;
using leerrecht::testing::kSwv;
using leerrecht::testing::kTestPassword;
using leerrecht::testing::Login;

constexpr const char* kForm = "application/x-www-form-urlencoded";

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class PagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(leerrecht::testing::SetUpPagesRegion(region_, noor_));
    // The controller, who alone sets a new authorisation matrix.
    ASSERT_NO_FATAL_FAILURE(region_.AddUser(kRbl, "vv", "V. Verantwoordelijk", {"verwerkingsverantwoordelijke"}));
  }

  // Short names for what every test does many times; a browser logs in through the form.
  Login LogIn(const std::string& username) { return region_.FormLogin(username); }
  HttpReply Get(const std::string& path, const Login& b) { return region_.Get(path, b); }
  HttpReply Post(const std::string& path, const Login& b, const std::string& form, bool with_csrf = true) {
    return region_.PostForm(path, b, form, with_csrf);
  }

  // A compare list as the comparison form uploads it (multipart/form-data, like the DUO import).
  HttpReply UploadList(const Login& b, const std::string& csv, const std::string& csrf) {
    const std::string boundary = "----LeerrechtVergelijkGrens9QX";
    std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf + "\r\n";
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"swv-lijst.csv\"" +
            "\r\nContent-Type: text/csv\r\n\r\n" + csv + "\r\n--" + boundary + "--\r\n";
    return HttpRequest(region_.port(), "POST", "/vergelijken", body,
                       {{"Cookie", b.cookie}, {"Content-Type", "multipart/form-data; boundary=" + boundary}});
  }

  std::string CasePath() const { return "/zaken/" + std::to_string(noor_.case_id); }


  leerrecht::testing::TestRegion region_;
  leerrecht::testing::NoorsCase noor_;
};

TEST_F(PagesTest, WithoutASessionEveryPageLeadsToTheLoginForm) {
  for (const std::string path :
       {"/", "/overzicht", "/zaken/1", "/ontvangen", "/rapportages/kwartaal", "/import", "/overeenkomsten", "/break-glass",
        "/vergelijken", "/autorisatiematrix", "/aanwijzingen", "/tweede-factor"}) {
    auto reply = HttpRequest(region_.port(), "GET", path);
    EXPECT_EQ(reply.status, 303) << path;
    EXPECT_EQ(reply.Header("Location"), "/inloggen") << path;
  }
  auto login = HttpRequest(region_.port(), "GET", "/inloggen");
  EXPECT_EQ(login.status, 200);
  EXPECT_TRUE(Contains(login.body, "<html lang=\"nl\">"));
  EXPECT_TRUE(Contains(login.body, "href=\"#inhoud\""));  // the skip link
  EXPECT_TRUE(Contains(login.body, "<label class=\"utrecht-form-label\" for=\"gebruiker\">Gebruikersnaam</label>"));
  EXPECT_EQ(login.Header("Cache-Control"), "no-store");
  EXPECT_TRUE(Contains(login.Header("Content-Security-Policy"), "default-src 'self'"));
}

TEST_F(PagesTest, AWrongPasswordShowsTheErrorSummaryAndSetsNoCookie) {
  auto reply = HttpRequest(region_.port(), "POST", "/inloggen", "gebruiker=lpa&wachtwoord=fout",
                           {{"Content-Type", kForm}});
  EXPECT_EQ(reply.status, 401);
  EXPECT_TRUE(reply.Header("Set-Cookie").empty());
  EXPECT_TRUE(Contains(reply.body, "Er is een probleem"));
  EXPECT_TRUE(Contains(reply.body, "<a class=\"utrecht-link\" href=\"#gebruiker\">Gebruikersnaam of wachtwoord onjuist.</a>"));
  EXPECT_TRUE(Contains(reply.body, "<title>Fout: Inloggen — Leerrecht</title>"));
  EXPECT_TRUE(Contains(reply.body, "value=\"lpa\""));  // what was typed stays

  auto empty = HttpRequest(region_.port(), "POST", "/inloggen", "gebruiker=&wachtwoord=", {{"Content-Type", kForm}});
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(Contains(empty.body, "href=\"#wachtwoord\">Vul uw wachtwoord in.</a>"));
}

TEST_F(PagesTest, ALoginFormFromAnotherSiteIsRefused) {
  auto reply = HttpRequest(region_.port(), "POST", "/inloggen", "gebruiker=lpa&wachtwoord=" + std::string(kTestPassword),
                           {{"Content-Type", kForm}, {"Origin", "https://aanvaller.example"}});
  EXPECT_EQ(reply.status, 403);
  EXPECT_TRUE(reply.Header("Set-Cookie").empty());
}

TEST_F(PagesTest, TheDashboardListsTheCaseloadWithRegimeBadges) {
  const Login lpa = LogIn("lpa");
  auto page = Get("/overzicht", lpa);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(Contains(page.body, "Ingelogd als <strong>K. Jansen</strong>"));
  // The name is escaped: the apostrophe cannot end an attribute.
  EXPECT_TRUE(Contains(page.body, "<a class=\"utrecht-link\" href=\"" + CasePath() + "\">Noor &#39;t Hart</a>"));
  EXPECT_TRUE(Contains(page.body, "langdurig-verzuim"));
  EXPECT_TRUE(Contains(page.body, ">AVG</span>"));
  EXPECT_TRUE(Contains(page.body, "aria-current=\"page\">Overzicht</a>"));
}

TEST_F(PagesTest, TheDossierShowsRegimePhaseAndNotes) {
  const Login lpa = LogIn("lpa");
  auto page = Get(CasePath(), lpa);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "<h1 class=\"utrecht-heading-1\">Noor &#39;t Hart</h1>"));
  EXPECT_TRUE(Contains(page.body, "Regime B — Wpg vanaf handhaving (sinds 01-01-2025)"));
  EXPECT_TRUE(Contains(page.body, "MAS-fase"));
  EXPECT_TRUE(Contains(page.body, "Nog geen notities."));

  // A note through the form, without JavaScript: a redirect back to the dossier.
  auto added = Post(CasePath() + "/notities", lpa, "tekst=Gesprek+met+moeder+%3Cgepland%3E");
  EXPECT_EQ(added.status, 303) << added.body;
  EXPECT_TRUE(Contains(Get(CasePath(), lpa).body, "Gesprek met moeder &lt;gepland&gt;"));

  // With htmx only the notes block comes back.
  auto fragment = HttpRequest(region_.port(), "POST", CasePath() + "/notities", "csrf=" + lpa.csrf + "&tekst=Tweede",
                              {{"Cookie", lpa.cookie}, {"Content-Type", kForm}, {"HX-Request", "true"}});
  EXPECT_EQ(fragment.status, 200);
  EXPECT_EQ(fragment.body.find("<!DOCTYPE"), std::string::npos);
  EXPECT_TRUE(Contains(fragment.body, "<div id=\"notities\">"));
  EXPECT_TRUE(Contains(fragment.body, "Notitie toegevoegd."));
}

TEST_F(PagesTest, AFormWithoutTheCsrfTokenChangesNothing) {
  const Login lpa = LogIn("lpa");
  auto reply = Post(CasePath() + "/notities", lpa, "tekst=zonder+token", /*with_csrf=*/false);
  EXPECT_EQ(reply.status, 403);
  EXPECT_FALSE(Contains(Get(CasePath(), lpa).body, "zonder token"));
  auto foreign = HttpRequest(region_.port(), "POST", CasePath() + "/notities", "csrf=" + lpa.csrf + "&tekst=x",
                             {{"Cookie", lpa.cookie}, {"Content-Type", kForm}, {"Origin", "https://aanvaller.example"}});
  EXPECT_EQ(foreign.status, 403);
}

TEST_F(PagesTest, SharingShowsTheDecisionFieldByFieldThenSendsAfterConfirmation) {
  const Login lpa = LogIn("lpa");
  auto form = Get(CasePath() + "/delen", lpa);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(Contains(form.body, "<option value=\"swv-passend-wijs\">"));
  EXPECT_TRUE(Contains(form.body, "id=\"veld-halt_verwijzing\""));

  auto preview = Post(CasePath() + "/delen", lpa, std::string(kShareChoices) + "&actie=beoordelen");
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_TRUE(Contains(preview.body, "Beslissing: een deel van de gegevens wordt verstrekt"));
  EXPECT_TRUE(Contains(preview.body, "wordt verstrekt</span>"));
  EXPECT_TRUE(Contains(preview.body, "(wpg-excluded)"));  // halt_verwijzing: police data under a convenant
  EXPECT_TRUE(Contains(preview.body, "name=\"kwaliteit\""));
  EXPECT_TRUE(Contains(preview.body, "<option value=\"swv-passend-wijs\" selected>"));  // the choice is kept

  // Sending without the two confirmations: the error summary, nothing sent.
  auto unconfirmed = Post(CasePath() + "/delen", lpa, std::string(kShareChoices) + "&actie=verzenden");
  EXPECT_EQ(unconfirmed.status, 400);
  EXPECT_TRUE(Contains(unconfirmed.body, "href=\"#kwaliteit\""));
  EXPECT_TRUE(Contains(unconfirmed.body, "href=\"#anonimisering\""));

  auto sent = Post(CasePath() + "/delen", lpa,
                   std::string(kShareChoices) + "&kwaliteit=ja&anonimisering=ja&actie=verzenden");
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_TRUE(Contains(sent.body, "is verzonden aan Samenwerkingsverband Passend Wijs"));
  EXPECT_TRUE(Contains(Get(CasePath(), lpa).body, "aan Samenwerkingsverband Passend Wijs"));

  // The SWV consultant finds it under received data.
  const Login swv = LogIn("consulent");
  auto list = Get("/ontvangen", swv);
  ASSERT_EQ(list.status, 200);
  const std::string marker = "<a class=\"utrecht-link\" href=\"/ontvangen/";
  const std::size_t at = list.body.find(marker);
  ASSERT_NE(at, std::string::npos) << list.body;
  const std::size_t start = at + marker.size();
  const std::string id = list.body.substr(start, list.body.find('"', start) - start);
  auto item = Get("/ontvangen/" + id + "?kennisgenomen=ja", swv);
  ASSERT_EQ(item.status, 200) << item.body;
  EXPECT_TRUE(Contains(item.body, "Noor &#39;t Hart"));
  EXPECT_TRUE(Contains(item.body, "De Meerwaarde (12AB)"));
  EXPECT_FALSE(Contains(item.body, "halt"));

  // SPEC C-35: the law obliges the SWV to pass the data on; it records that, and the RBL's FG sees it.
  EXPECT_TRUE(Contains(item.body, "action=\"/ontvangen/" + id + "/doorverstrekking\""));
  auto blank = Post("/ontvangen/" + id + "/doorverstrekking", swv, "ontvanger=Inspectie&wettelijke_verplichting=+");
  EXPECT_EQ(blank.status, 400);
  EXPECT_TRUE(Contains(blank.body, "href=\"#wettelijke_verplichting\""));
  EXPECT_TRUE(Contains(blank.body, "value=\"Inspectie\""));  // what was typed stays
  auto reported = Post("/ontvangen/" + id + "/doorverstrekking", swv,
                       "ontvanger=Inspectie+van+het+Onderwijs&wettelijke_verplichting=artikel+11+WOT");
  ASSERT_EQ(reported.status, 303) << reported.body;
  EXPECT_TRUE(Contains(Get(reported.Header("Location"), swv).body, "De doorverstrekking is vastgelegd"));
  const auto reg = Get("/verstrekkingenregister?jaar=2025&kwartaal=1", LogIn("fg"));
  EXPECT_TRUE(Contains(reg.body, "Doorverstrekt op grond van een wettelijke verplichting"));
  EXPECT_TRUE(Contains(reg.body, "aan Inspectie van het Onderwijs op grond van artikel 11 WOT"));
}

TEST_F(PagesTest, UsersOfOtherPartiesDoNotSeeTheCase) {
  for (const char* who : {"x-lpa", "consulent"}) {
    const Login other = LogIn(who);
    auto dossier = Get(CasePath(), other);
    EXPECT_EQ(dossier.status, 404) << who;
    EXPECT_FALSE(Contains(dossier.body, "Hart")) << who;
    EXPECT_EQ(Get(CasePath() + "/delen", other).status, 404) << who;
    EXPECT_FALSE(Contains(Get("/overzicht", other).body, "Hart")) << who;
    auto share = Post(CasePath() + "/delen", other, std::string(kShareChoices) + "&actie=beoordelen");
    EXPECT_EQ(share.status, 404) << who;
  }
}

TEST_F(PagesTest, AColleagueOutsideTheCaseloadGetsOnlyTheInBeeldView) {
  const Login colleague = LogIn("lpa2");
  auto page = Get(CasePath(), colleague);
  EXPECT_TRUE(page.status == 200 || page.status == 403) << page.status;
  EXPECT_FALSE(Contains(page.body, "123456782"));
  EXPECT_FALSE(Contains(page.body, "Hart"));
}

TEST_F(PagesTest, QuarterlyCountsWithChartAndCsv) {
  const Login lpa = LogIn("lpa");
  auto page = Get("/rapportages/kwartaal?jaar=2025&kwartaal=1", lpa);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "<svg"));
  EXPECT_TRUE(Contains(page.body, "2024 Q2"));  // the chart covers the four quarters up to this one
  EXPECT_TRUE(Contains(page.body, "langdurig-verzuim"));
  auto csv = Get("/rapportages/kwartaal.csv?jaar=2025&kwartaal=1", lpa);
  if (csv.status == 200) {
    EXPECT_EQ(csv.Header("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_TRUE(Contains(csv.Header("Content-Disposition"), "thuiszitters-2025-Q1.csv"));
  } else {
    EXPECT_EQ(csv.status, 403);  // the role may lack the right to export
  }
  EXPECT_EQ(Get("/rapportages/kwartaal?jaar=abc&kwartaal=9", lpa).status, 400);
}

TEST_F(PagesTest, LogoutEndsTheSession) {
  const Login lpa = LogIn("lpa");
  auto out = Post("/uitloggen", lpa, "");
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(out.Header("Location"), "/inloggen?uitgelogd=ja");
  EXPECT_EQ(Get("/overzicht", lpa).status, 303);
}

// A DUO export as the import API's tests write it: header, then one row per melding.
constexpr const char* kDuoHeader =
    "meldingsnummer;bsn;achternaam;voornamen;geboortedatum;brin;verzuimsoort;begindatum;lesuren;toelichting;"
    "melddatum\n";
std::string DuoRow(const std::string& number, const std::string& bsn, const std::string& kind = "16-uur-onder-18") {
  return number + ";" + bsn + ";Zwartkruis;Lina;2011-05-04;12AB;" + kind + ";2025-02-10;18;Vaak te laat;2025-02-24\n";
}

// The import form as a browser posts it: multipart/form-data with the token and the file.
HttpReply Upload(std::uint16_t port, const Login& b, const std::string& csv, const std::string& csrf,
                 const std::string& filename = "duo.csv") {
  const std::string boundary = "----LeerrechtTestGrens7MA4YWxkTrZu0gW";
  std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf + "\r\n";
  body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"" + filename +
          "\"\r\nContent-Type: text/csv\r\n\r\n" + csv + "\r\n";
  body += "--" + boundary + "--\r\n";
  return HttpRequest(port, "POST", "/import", body,
                     {{"Cookie", b.cookie}, {"Content-Type", "multipart/form-data; boundary=" + boundary}});
}

TEST_F(PagesTest, TheDuoImportShowsTheReportWithRejectedRowsByLine) {
  const Login lpa = LogIn("lpa");
  auto form = Get("/import", lpa);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(Contains(form.body, "enctype=\"multipart/form-data\""));
  EXPECT_TRUE(Contains(form.body, "<label class=\"utrecht-form-label\" for=\"bestand\">"));
  EXPECT_TRUE(Contains(form.body, "aria-current=\"page\">DUO-import</a>"));
  // The progress display the script shows while the file is sent and read (issue 7).
  EXPECT_TRUE(Contains(form.body, "data-voortgang=\"import-voortgang\""));
  EXPECT_TRUE(Contains(form.body, "<div id=\"import-voortgang\" class=\"leerrecht-voortgang\" role=\"status\" hidden>"));
  EXPECT_TRUE(Contains(form.body, "<progress id=\"import-balk\">"));

  const std::string csv = std::string(kDuoHeader) + DuoRow("A-1", "111222333") + DuoRow("A-2", "123456789") +
                          DuoRow("A-3", "232262536", "ziekte");
  auto report = Upload(region_.port(), lpa, csv, lpa.csrf, "maart<1>.csv");
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_TRUE(Contains(report.body, "Rapport van maart&lt;1&gt;.csv"));
  EXPECT_TRUE(Contains(report.body, "3 regels"));
  EXPECT_TRUE(Contains(report.body, ">Ingelezen</th><td class=\"utrecht-table__cell utrecht-table__cell--numeric-data\">1<"));
  EXPECT_TRUE(Contains(report.body, ">Afgewezen</th><td class=\"utrecht-table__cell utrecht-table__cell--numeric-data\">2<"));
  EXPECT_TRUE(Contains(report.body, "<caption class=\"utrecht-table__caption\">Afgewezen regels</caption>"));
  EXPECT_TRUE(Contains(report.body, "utrecht-table__cell--numeric-data\">3</td>"));  // line 3: the invalid BSN
  EXPECT_TRUE(Contains(report.body, "utrecht-table__cell--numeric-data\">4</td>"));  // line 4: ziekteverzuim
  for (const char* bsn : {"111222333", "123456789", "232262536"}) EXPECT_FALSE(Contains(report.body, bsn)) << bsn;

  // The same file again: nothing new.
  auto again = Upload(region_.port(), lpa, csv, lpa.csrf);
  ASSERT_EQ(again.status, 200);
  EXPECT_TRUE(Contains(again.body, ">Al aanwezig</th><td class=\"utrecht-table__cell utrecht-table__cell--numeric-data\">1<"));

  // No file, or a file that is no DUO export: the error summary at the field, nothing imported.
  auto empty = Upload(region_.port(), lpa, "", lpa.csrf);
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(Contains(empty.body, "href=\"#bestand\">Kies het CSV-bestand"));
  EXPECT_TRUE(Contains(empty.body, "aria-invalid=\"true\""));
  auto wrong = Upload(region_.port(), lpa, "naam;adres\nJan;Dorpsstraat 1\n", lpa.csrf);
  EXPECT_EQ(wrong.status, 400);
  EXPECT_TRUE(Contains(wrong.body, "href=\"#bestand\">Het bestand is niet ingelezen: "));
  EXPECT_FALSE(Contains(wrong.body, "Dorpsstraat"));
}

TEST_F(PagesTest, TheDuoImportNeedsTheTokenAndTheRight) {
  auto count_youths = [this] {
    auto tx = region_.folder().db().BeginRead();
    return (*tx)->Query("SELECT COUNT(*) FROM youths")->at(0).Int(0);
  };
  const std::int64_t before = count_youths();
  const std::string csv = std::string(kDuoHeader) + DuoRow("B-1", "111222333");
  const Login lpa = LogIn("lpa");
  // Without the form's token (a cross-site form): refused, nothing read.
  EXPECT_EQ(Upload(region_.port(), lpa, csv, "verkeerd").status, 403);
  // An SWV consultant is no leerplicht party: refused by the service, as by the API.
  const Login swv = LogIn("consulent");
  auto refused = Upload(region_.port(), swv, csv, swv.csrf);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_FALSE(Contains(refused.body, "Rapport"));
  EXPECT_EQ(count_youths(), before);
}

TEST_F(PagesTest, TheAgreementsPageShowsTheOwnPartysExchangeTable) {
  const Login lpa = LogIn("lpa");
  auto list = Get("/overeenkomsten", lpa);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_TRUE(Contains(list.body, "aria-current=\"page\">Overeenkomsten</a>"));
  EXPECT_TRUE(Contains(list.body, "href=\"/overeenkomsten/" + std::string(kCovenant) + "\""));
  EXPECT_TRUE(Contains(list.body, "convenant (AVG)"));

  auto detail = Get("/overeenkomsten/" + std::string(kCovenant), lpa);
  ASSERT_EQ(detail.status, 200) << detail.body;
  EXPECT_TRUE(Contains(detail.body, ">Langdurig verzuim</h3>"));
  EXPECT_TRUE(Contains(detail.body, "Om vast te stellen of er nog sprake is van zorgplicht."));  // a reason, verbatim
  EXPECT_TRUE(Contains(detail.body, "Samenwerkingsverband Passend Wijs"));
  EXPECT_TRUE(Contains(detail.body, "<strong>uw organisatie</strong>"));
  EXPECT_TRUE(Contains(detail.body, ">L2</td>"));  // the document's row reference

  // The SWV is a party too and sees the same table.
  EXPECT_EQ(Get("/overeenkomsten/" + std::string(kCovenant), LogIn("consulent")).status, 200);

  // A party outside the covenant sees neither the agreement nor its table.
  const Login other = LogIn("x-lpa");
  auto none = Get("/overeenkomsten", other);
  ASSERT_EQ(none.status, 200);
  EXPECT_FALSE(Contains(none.body, kCovenant));
  EXPECT_TRUE(Contains(none.body, "Uw organisatie is bij geen overeenkomst partij."));
  auto foreign = Get("/overeenkomsten/" + std::string(kCovenant), other);
  EXPECT_EQ(foreign.status, 404);
  EXPECT_FALSE(Contains(foreign.body, "zorgplicht"));
  EXPECT_EQ(Get("/overeenkomsten/bestaat-niet", lpa).status, 404);
}

TEST_F(PagesTest, BreakGlassIsRecordedAndOnTheFgsOverview) {
  const std::string form = "zaak=" + std::to_string(noor_.case_id) +
                           "&reden=Waarneming+tijdens+ziekte+K.+Jansen&grondslag=Leerplichtwet+art.+16&reikwijdte=avg";
  // The error summary when reason and ground are missing; what was typed stays.
  const Login colleague = LogIn("lpa2");
  auto missing = Post("/break-glass", colleague, "zaak=" + std::to_string(noor_.case_id) + "&reden=&grondslag=");
  EXPECT_EQ(missing.status, 400);
  EXPECT_TRUE(Contains(missing.body, "href=\"#reden\">Schrijf waarom u toegang nodig hebt.</a>"));
  EXPECT_TRUE(Contains(missing.body, "href=\"#grondslag\">"));
  EXPECT_TRUE(Contains(missing.body, "value=\"" + std::to_string(noor_.case_id) + "\""));

  // A leerplichtambtenaar standing in for a colleague: in effect at once.
  auto requested = Post("/break-glass", colleague, form);
  ASSERT_EQ(requested.status, 303) << requested.body;
  EXPECT_EQ(requested.Header("Location"), "/break-glass?aangevraagd=ja");
  auto own = Get("/break-glass?aangevraagd=ja", colleague);
  ASSERT_EQ(own.status, 200);
  EXPECT_TRUE(Contains(own.body, "Uw aanvraag is vastgelegd."));
  EXPECT_TRUE(Contains(own.body, ">actief"));
  EXPECT_TRUE(Contains(Get(CasePath(), colleague).body, "U bekijkt deze zaak met break-glass-toegang."));

  // The FG of the party sees it with reason and ground, and offers no approval (not his to give).
  const Login fg = LogIn("fg");
  auto overview = Get("/break-glass", fg);
  ASSERT_EQ(overview.status, 200) << overview.body;
  EXPECT_TRUE(Contains(overview.body, "aria-current=\"page\">Break-glass</a>"));
  EXPECT_TRUE(Contains(overview.body, "Waarneming tijdens ziekte K. Jansen"));
  EXPECT_TRUE(Contains(overview.body, "Grondslag: Leerplichtwet art. 16"));
  EXPECT_TRUE(Contains(overview.body, "M. Bakker (leerplichtambtenaar)"));
  EXPECT_FALSE(Contains(overview.body, "/goedkeuren"));

  // An RMC request waits; the team leader approves it.
  const Login rmc = LogIn("rmc");
  ASSERT_EQ(Post("/break-glass", rmc, form).status, 303);
  const Login lead = LogIn("teamleider");
  auto waiting = Get("/break-glass", lead);
  ASSERT_EQ(waiting.status, 200) << waiting.body;
  EXPECT_TRUE(Contains(waiting.body, "wacht op goedkeuring"));
  const std::string marker = "action=\"/break-glass/";
  const std::size_t at = waiting.body.find(marker);
  ASSERT_NE(at, std::string::npos) << waiting.body;
  const std::size_t start = at + marker.size();
  const std::string id = waiting.body.substr(start, waiting.body.find('/', start) - start);

  // Users of another party: no requests of this party, and no approving them.
  const Login other_fg = LogIn("x-fg");
  auto foreign = Get("/break-glass", other_fg);
  ASSERT_EQ(foreign.status, 200);
  EXPECT_FALSE(Contains(foreign.body, "Waarneming"));
  EXPECT_TRUE(Contains(foreign.body, "Geen aanvragen."));
  const Login other_lpa = LogIn("x-lpa");
  const int foreign_decision = Post("/break-glass/" + id + "/goedkeuren", other_lpa, "").status;
  EXPECT_TRUE(foreign_decision == 403 || foreign_decision == 404) << foreign_decision;
  EXPECT_EQ(Post("/break-glass", other_lpa, form).status, 404);  // another party's case
  // The requester himself may not approve his own request.
  const int self = Post("/break-glass/" + id + "/goedkeuren", rmc, "").status;
  EXPECT_TRUE(self == 403 || self == 404) << self;

  auto approved = Post("/break-glass/" + id + "/goedkeuren", lead, "");
  ASSERT_EQ(approved.status, 303) << approved.body;
  auto after = Get("/break-glass?beoordeeld=ja", lead);
  EXPECT_TRUE(Contains(after.body, "Uw beoordeling is vastgelegd."));
  EXPECT_FALSE(Contains(after.body, "wacht op goedkeuring"));
}

// The text between `from` (after its first occurrence) and the next `to`; "" when absent.
std::string Between(const std::string& text, const std::string& from, const std::string& to, std::size_t start = 0) {
  const std::size_t at = text.find(from, start);
  if (at == std::string::npos) return "";
  const std::size_t begin = at + from.size();
  const std::size_t end = text.find(to, begin);
  return end == std::string::npos ? "" : text.substr(begin, end - begin);
}

// SPEC through the pages: refused without a basis (in the error summary), the legal
// adviser records one, then the disclosure shows what to hand over; another party sees none of it.
TEST_F(PagesTest, R_08_exceptional_disclosure_through_the_pages) {
  const Login lpa = LogIn("lpa");
  const auto empty = Get("/uitzonderlijke-verstrekkingen", lpa);
  ASSERT_EQ(empty.status, 200) << empty.body;
  EXPECT_TRUE(Contains(empty.body, "Er is geen aparte grondslag vastgelegd"));
  EXPECT_TRUE(Contains(empty.body, "Verstrekken uit een zaak"));
  EXPECT_FALSE(Contains(empty.body, "Aparte grondslag vastleggen"));  // not the LPA's to record
  const std::string zaak = "zaak=" + std::to_string(noor_.case_id);
  auto refused = Post("/uitzonderlijke-verstrekkingen", lpa, zaak + "&ontvanger=OOV-team+gemeente&velden=naam");
  EXPECT_EQ(refused.status, 403);
  EXPECT_TRUE(Contains(refused.body, "href=\"#grondslag_id\">geen doelbinding onder AVG")) << refused.body;

  ASSERT_NE(region_.AddUser(kRbl, "jurist", "J. Adviseur", {"juridisch-adviseur"}), 0);
  const Login jurist = LogIn("jurist");
  auto incomplete = Post("/uitzonderlijke-verstrekkingen/grondslagen", jurist, "ontvanger=OOV-team+gemeente");
  EXPECT_EQ(incomplete.status, 400);
  EXPECT_TRUE(Contains(incomplete.body, "href=\"#verenigbaarheid\""));
  EXPECT_TRUE(Contains(incomplete.body, "value=\"OOV-team gemeente\""));  // what was typed stays
  auto recorded = Post("/uitzonderlijke-verstrekkingen/grondslagen", jurist,
                       "ontvanger=OOV-team+gemeente&ontvanger_id=oov-team-gemeente&doel=veiligheidsoverleg+jeugd"
                       "&grondslag=Gemeentewet+art.+172&verenigbaarheid=samenhang+met+de+zorg+voor+de+jongere"
                       "&velden=naam&velden=adres");
  ASSERT_EQ(recorded.status, 303) << recorded.body;
  const auto listed = Get("/uitzonderlijke-verstrekkingen", lpa);
  // The first basis in force, after the select's "none" option.
  const std::string option =
      Between(listed.body, "</option>\n<option value=\"", "\"", listed.body.find("id=\"grondslag_id\""));
  ASSERT_FALSE(option.empty()) << listed.body;
  auto sent = Post("/uitzonderlijke-verstrekkingen", lpa, zaak + "&grondslag_id=" + option + "&velden=naam&velden=adres");
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_TRUE(Contains(sent.body, "aan OOV-team gemeente"));
  EXPECT_TRUE(Contains(sent.body, "Noor &#39;t Hart"));
  EXPECT_TRUE(Contains(sent.body, "Kerkstraat 1, 6811 AA Arnhem"));

  const auto foreign = Get("/uitzonderlijke-verstrekkingen", LogIn("x-fg"));
  EXPECT_FALSE(Contains(foreign.body, "OOV-team"));
}

bool InMenu(const std::string& page, const std::string& href) {
  return Contains(page, "<a class=\"utrecht-nav-list__link utrecht-link\" href=\"" + href + "\"");
}

TEST_F(PagesTest, TheMenuShowsWhatTheRolesMayUse) {
  const std::string lpa = Get("/overzicht", LogIn("lpa")).body;
  EXPECT_TRUE(InMenu(lpa, "/vergelijken"));
  EXPECT_TRUE(InMenu(lpa, "/import"));
  EXPECT_TRUE(InMenu(lpa, "/break-glass"));
  EXPECT_FALSE(InMenu(lpa, "/autorisatiematrix"));
  EXPECT_FALSE(InMenu(lpa, "/aanwijzingen"));

  const std::string beheer = Get("/overzicht", LogIn("rbl-beheer")).body;
  EXPECT_TRUE(InMenu(beheer, "/aanwijzingen"));
  EXPECT_TRUE(InMenu(beheer, "/autorisatiematrix"));
  EXPECT_FALSE(InMenu(beheer, "/vergelijken"));
  EXPECT_FALSE(InMenu(beheer, "/import"));
  EXPECT_FALSE(InMenu(beheer, "/break-glass"));

  const std::string fg = Get("/overzicht", LogIn("fg")).body;
  EXPECT_TRUE(InMenu(fg, "/autorisatiematrix"));
  EXPECT_TRUE(InMenu(fg, "/break-glass"));
  EXPECT_FALSE(InMenu(fg, "/aanwijzingen"));
  EXPECT_FALSE(InMenu(fg, "/vergelijken"));

  const std::string swv = Get("/overzicht", LogIn("consulent")).body;
  EXPECT_TRUE(InMenu(swv, "/vergelijken"));
  EXPECT_TRUE(InMenu(swv, "/ontvangen"));
  EXPECT_FALSE(InMenu(swv, "/import"));
  // Every user reaches his own second-factor page from the header.
  EXPECT_TRUE(Contains(swv, "href=\"/tweede-factor\""));
}

// SPEC W-30, C-36: the FG finds a disclosure made through the share page in the register of its
// party, without content; the menu offers the register to the FG and the controller only.
TEST_F(PagesTest, W_30_C_36_the_register_of_disclosures_shows_the_fg_what_left_and_why) {
  const Login lpa = LogIn("lpa");
  ASSERT_EQ(Post(CasePath() + "/delen", lpa,
                 std::string(kShareChoices) + "&kwaliteit=ja&anonimisering=ja&actie=verzenden")
                .status,
            201);
  EXPECT_FALSE(InMenu(Get("/overzicht", lpa).body, "/verstrekkingenregister"));
  EXPECT_EQ(Get("/verstrekkingenregister", lpa).status, 403);

  const Login fg = LogIn("fg");
  EXPECT_TRUE(InMenu(Get("/overzicht", fg).body, "/verstrekkingenregister"));
  EXPECT_TRUE(InMenu(Get("/overzicht", LogIn("vv")).body, "/verstrekkingenregister"));
  const auto page = Get("/verstrekkingenregister?jaar=2025&kwartaal=1", fg);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "aria-current=\"page\">Verstrekkingenregister</a>"));
  EXPECT_TRUE(Contains(page.body, "Verstrekkingen 2025 Q1 (1)"));
  EXPECT_TRUE(Contains(page.body, "convenant thuiszitters-midden-gelre v1"));
  EXPECT_TRUE(Contains(page.body, "thuiszitters-in-beeld"));
  EXPECT_TRUE(Contains(page.body, "langdurig-verzuim: 1"));
  EXPECT_TRUE(Contains(page.body, "(zaak " + std::to_string(noor_.case_id) + ")"));
  EXPECT_FALSE(Contains(page.body, "Halt"));  // refused, so not in the description of what left
  EXPECT_FALSE(Contains(page.body, "123456782"));
  EXPECT_TRUE(Contains(page.body, "formaat=csv"));
  EXPECT_TRUE(Contains(Get("/verstrekkingenregister?jaar=2025&kwartaal=2", fg).body,
                       "Geen verstrekkingen in dit kwartaal."));
}

TEST_F(PagesTest, ComparingAReceivedListShowsTheNoticeFirstThenTheThreeGroups) {
  const Login lpa = LogIn("lpa");
  auto form = Get("/vergelijken", lpa);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(Contains(form.body, "aria-current=\"page\">Lijsten vergelijken</a>"));
  EXPECT_TRUE(Contains(form.body, "<label class=\"utrecht-form-label\" for=\"bestand\">"));
  EXPECT_FALSE(Contains(form.body, "Vertrouwelijk"));  // no received data on the empty form

  // The SWV's list: Noor a week later and at another school, and a youth the RBL does not know.
  const std::string csv =
      "bsn,categorie,startdatum,school\n"
      "123456782,langdurig-verzuim,2099-01-01,Andere School\n"
      "232262536,langdurig-verzuim,2025-02-01,De Meerwaarde (12AB)\n";
  auto report = UploadList(lpa, csv, lpa.csrf);
  ASSERT_EQ(report.status, 200) << report.body;
  const std::size_t notice = report.body.find(">Vertrouwelijk</h2>");
  const std::size_t result = report.body.find("Verslag: eigen register tegen het bestand swv-lijst.csv");
  ASSERT_NE(notice, std::string::npos) << report.body;
  ASSERT_NE(result, std::string::npos) << report.body;
  EXPECT_LT(notice, result);  // the confidentiality notice comes before any received data
  EXPECT_EQ(Between(report.body, "Regels ontvangen lijst</th><td class=\"utrecht-table__cell utrecht-table__cell--numeric-data\">", "<"), "2");
  EXPECT_EQ(Between(report.body, "In beide</th><td class=\"utrecht-table__cell utrecht-table__cell--numeric-data\">", "<"), "1");
  // Noor is in both, with her differences field by field.
  const std::string differences = Between(report.body, "Verschillen bij jongeren die in beide lijsten staan", "</table>");
  EXPECT_TRUE(Contains(differences, "<th scope=\"row\" class=\"utrecht-table__cell\">123456782</th>")) << differences;
  EXPECT_TRUE(Contains(differences, "Andere School"));
  EXPECT_TRUE(Contains(differences, "dagen later"));
  const std::string only_right = Between(report.body, "<ul class=\"utrecht-unordered-list\" aria-label=\"Alleen in ontvangen lijst\">", "</ul>");
  EXPECT_TRUE(Contains(only_right, "BSN 232262536")) << report.body;
  EXPECT_FALSE(Contains(report.body, "aria-label=\"Alleen in het eigen register\">"));  // the register has only Noor

  // No file, or a file that is no list: the error summary at the field.
  auto empty = UploadList(lpa, "", lpa.csrf);
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(Contains(empty.body, "href=\"#bestand\">Kies het CSV-bestand"));
  auto wrong = UploadList(lpa, "naam;adres\nJan;Dorpsstraat 1\n", lpa.csrf);
  EXPECT_EQ(wrong.status, 400) << wrong.body;
  EXPECT_TRUE(Contains(wrong.body, "href=\"#bestand\">De lijst is niet vergeleken: "));
  EXPECT_FALSE(Contains(wrong.body, "Vertrouwelijk"));
}

TEST_F(PagesTest, ComparingIsRefusedWithoutTheTokenOrTheRight) {
  const std::string csv = "bsn,categorie,startdatum,school\n232262536,langdurig-verzuim,2025-02-01,X\n";
  const Login lpa = LogIn("lpa");
  auto forged = UploadList(lpa, csv, "verkeerd");
  EXPECT_EQ(forged.status, 403);
  EXPECT_FALSE(Contains(forged.body, "232262536"));
  // A beheerder reads no youths: the page says so, and the service refuses the upload itself.
  const Login beheer = LogIn("rbl-beheer");
  EXPECT_EQ(Get("/vergelijken", beheer).status, 403);
  auto refused = UploadList(beheer, csv, beheer.csrf);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_FALSE(Contains(refused.body, "232262536"));
  // The leerplichtambtenaar reads received data only in his own cases (as the API: 403).
  EXPECT_EQ(Get("/vergelijken/ontvangen", lpa).status, 403);
}

TEST_F(PagesTest, TheSwvComparesItsRegisterWithWhatItReceivedAndChecksItsCovenantList) {
  const Login lpa = LogIn("lpa");
  ASSERT_EQ(Post(CasePath() + "/delen", lpa, std::string(kShareChoices) + "&kwaliteit=ja&anonimisering=ja&actie=verzenden")
                .status,
            201);
  const Login swv = LogIn("consulent");
  auto report = Get("/vergelijken/ontvangen?van=" + std::string(kRbl), swv);
  ASSERT_EQ(report.status, 200) << report.body;
  const std::size_t notice = report.body.find(">Vertrouwelijk</h2>");
  ASSERT_NE(notice, std::string::npos);
  EXPECT_LT(notice, report.body.find("Verslag: eigen register tegen de gegevens ontvangen van MGR RBL Midden-Gelre"));
  // The SWV has no cases of its own: Noor is only in what it received.
  const std::string only_right = Between(report.body, "aria-label=\"Alleen in ontvangen gegevens\">", "</ul>");
  EXPECT_TRUE(Contains(only_right, "BSN 123456782")) << report.body;
  EXPECT_TRUE(Contains(report.body,
                       "href=\"/api/v1/vergelijkingen/ontvangen?formaat=csv&amp;kennisgenomen=ja&amp;van=rbl-midden-gelre\""));

  // SPEC C-16 at the RBL: its list for the SWV holds Noor, as its register counts her.
  auto covenant = Get("/vergelijken/convenantlijst?swv=" + std::string(kSwv) + "&jaar=2025&kwartaal=1", lpa);
  ASSERT_EQ(covenant.status, 200) << covenant.body;
  EXPECT_TRUE(Contains(covenant.body, "Convenantlijst voor Samenwerkingsverband Passend Wijs, peildatum"));
  EXPECT_TRUE(Contains(covenant.body, "De lijst is volledig: 1 thuiszitters"));
  // ... and the engine allows it to the SWV under the covenant (the list is a disclosure too).
  EXPECT_TRUE(Contains(covenant.body, "het convenant staat de verstrekking aan Samenwerkingsverband Passend Wijs toe"))
      << covenant.body;
  auto unknown = Get("/vergelijken/convenantlijst?swv=swv-onbekend&jaar=2025&kwartaal=1", lpa);
  EXPECT_EQ(unknown.status, 404);
}

TEST_F(PagesTest, TheMatrixIsReadableForTheFgAndOnlyTheControllerSetsANewVersion) {
  const Login fg = LogIn("fg");
  auto page = Get("/autorisatiematrix", fg);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "aria-current=\"page\">Autorisatiematrix</a>"));
  EXPECT_TRUE(Contains(page.body, "Versie 1, vastgesteld door"));
  EXPECT_TRUE(Contains(page.body, "<h2 id=\"rol-leerplichtambtenaar\" class=\"utrecht-heading-2\">leerplichtambtenaar</h2>"));
  EXPECT_TRUE(Contains(page.body, "De FG adviseert over de autorisaties."));  // a rule's note, verbatim
  EXPECT_FALSE(Contains(page.body, "action=\"/autorisatiematrix\""));    // the FG advises; he does not set it

  // A leerplichtambtenaar may not read the matrix: refused by the service.
  EXPECT_EQ(Get("/autorisatiematrix", LogIn("lpa")).status, 403);

  std::string next = services::DefaultMatrixText();
  const std::size_t version = next.find("\nversion = 1\n");
  ASSERT_NE(version, std::string::npos);
  next.replace(version, 13, "\nversion = 2\n");
  const std::string form = "toml=" + UrlEncode(next);

  // The beheerder reads it but may not set it; nothing changes.
  const Login beheer = LogIn("rbl-beheer");
  EXPECT_FALSE(Contains(Get("/autorisatiematrix", beheer).body, "action=\"/autorisatiematrix\""));
  EXPECT_EQ(Post("/autorisatiematrix", beheer, form).status, 403);

  const Login controller = LogIn("vv");
  auto own = Get("/autorisatiematrix", controller);
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_TRUE(Contains(own.body, "<label class=\"utrecht-form-label\" for=\"toml\">"));
  EXPECT_EQ(Post("/autorisatiematrix", controller, form, /*with_csrf=*/false).status, 403);
  EXPECT_TRUE(Contains(Get("/autorisatiematrix", fg).body, "Versie 1, vastgesteld door"));
  auto invalid = Post("/autorisatiematrix", controller, "toml=versie+%3D+%3F");
  EXPECT_EQ(invalid.status, 400);
  EXPECT_TRUE(Contains(invalid.body, "href=\"#toml\">De matrix is niet vastgesteld: "));

  auto applied = Post("/autorisatiematrix", controller, form);
  ASSERT_EQ(applied.status, 303) << applied.body;
  EXPECT_EQ(applied.Header("Location"), "/autorisatiematrix?vastgesteld=2");
  EXPECT_TRUE(Contains(Get("/autorisatiematrix", fg).body, "Versie 2, vastgesteld door"));
}

TEST_F(PagesTest, DesignationsAreRecordedReconfirmedAndEnded) {
  const Login beheer = LogIn("rbl-beheer");
  auto page = Get("/aanwijzingen", beheer);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "aria-current=\"page\">Aanwijzingen</a>"));
  EXPECT_TRUE(Contains(page.body, "iedereen met de rol leerplichtambtenaar"));
  EXPECT_FALSE(Contains(page.body, "swv-consulent<br>"));  // the SWV's own designation is not the RBL's
  const std::string user_value = Between(page.body, "<option value=\"gebruiker:", "\"", page.body.find("M. Bakker (lpa2)") - 40);
  ASSERT_FALSE(user_value.empty()) << page.body;

  // Missing choices: the error summary.
  auto missing = Post("/aanwijzingen", beheer, "overeenkomst=" + std::string(kCovenant) + "&wie=");
  EXPECT_EQ(missing.status, 400);
  EXPECT_TRUE(Contains(missing.body, "href=\"#wie\">Kies een medewerker of een rol.</a>"));
  // Without the form's token nothing is recorded.
  EXPECT_EQ(Post("/aanwijzingen", beheer, "overeenkomst=" + std::string(kCovenant) + "&wie=gebruiker:" + user_value,
                 /*with_csrf=*/false)
                .status,
            403);
  EXPECT_FALSE(Contains(Get("/aanwijzingen", beheer).body, "M. Bakker (lpa2)<br>"));

  // A designation decided almost a year ago: due for reconfirmation on 01-04-2025, highlighted.
  auto recorded = Post("/aanwijzingen", beheer,
                       "overeenkomst=" + std::string(kCovenant) + "&wie=gebruiker:" + user_value + "&datum=2024-04-01");
  ASSERT_EQ(recorded.status, 303) << recorded.body;
  EXPECT_EQ(recorded.Header("Location"), "/aanwijzingen?gedaan=vastgelegd");
  auto listed = Get("/aanwijzingen?gedaan=vastgelegd", beheer);
  EXPECT_TRUE(Contains(listed.body, "De aanwijzing is vastgelegd."));
  const std::string row = Between(listed.body, "M. Bakker (lpa2)<br>", "</tr>");
  ASSERT_FALSE(row.empty()) << listed.body;
  EXPECT_TRUE(Contains(row, "<td class=\"utrecht-table__cell\">01-04-2024</td>"));
  EXPECT_TRUE(Contains(row, "01-04-2025 <span class=\"utrecht-status-badge utrecht-status-badge--warning\">binnenkort herbevestigen"));
  const std::string id = Between(row, "action=\"/aanwijzingen/", "/");
  ASSERT_FALSE(id.empty());

  // Another role may not reconfirm: refused by the service, the date stays.
  const Login lpa = LogIn("lpa");
  EXPECT_EQ(Get("/aanwijzingen", lpa).status, 403);
  EXPECT_EQ(Post("/aanwijzingen/" + id + "/herbevestigen", lpa, "").status, 403);
  EXPECT_EQ(Post("/aanwijzingen/" + id + "/herbevestigen", beheer, "", /*with_csrf=*/false).status, 403);
  EXPECT_TRUE(Contains(Between(Get("/aanwijzingen", beheer).body, "M. Bakker (lpa2)<br>", "</tr>"), "01-04-2025"));

  // Reconfirmed today: the next deadline is a year from today, no longer highlighted.
  auto reconfirmed = Post("/aanwijzingen/" + id + "/herbevestigen", beheer, "");
  ASSERT_EQ(reconfirmed.status, 303) << reconfirmed.body;
  const std::string after = Between(Get("/aanwijzingen", beheer).body, "M. Bakker (lpa2)<br>", "</tr>");
  EXPECT_TRUE(Contains(after, "<td class=\"utrecht-table__cell\">14-03-2025</td>")) << after;  // last reconfirmed
  EXPECT_TRUE(Contains(after, "<td class=\"utrecht-table__cell\">14-03-2026</td>")) << after;
  EXPECT_FALSE(Contains(after, "binnenkort herbevestigen"));

  // Ended: no longer in effect, no more buttons.
  ASSERT_EQ(Post("/aanwijzingen/" + id + "/beeindigen", beheer, "").status, 303);
  const std::string ended = Between(Get("/aanwijzingen", beheer).body, "M. Bakker (lpa2)<br>", "</tr>");
  EXPECT_TRUE(Contains(ended, "beëindigd op 14-03-2025")) << ended;
  EXPECT_FALSE(Contains(ended, "/herbevestigen"));

  // A leerplichtambtenaar of a party without agreements is refused too, not shown an empty page.
  EXPECT_EQ(Get("/aanwijzingen", LogIn("x-lpa")).status, 403);

  // The SWV's beheerder sees only his own party's designations.
  const std::string swv = Get("/aanwijzingen", LogIn("swv-beheer")).body;
  EXPECT_FALSE(Contains(swv, "M. Bakker"));
  EXPECT_TRUE(Contains(swv, "iedereen met de rol swv-consulent"));
}

TEST_F(PagesTest, TheSecondFactorIsSetUpConfirmedAndSwitchedOff) {
  const Login lpa = LogIn("lpa");
  auto page = Get("/tweede-factor", lpa);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Contains(page.body, "Staat uit"));
  EXPECT_EQ(Post("/tweede-factor/instellen", lpa, "", /*with_csrf=*/false).status, 403);

  auto started = Post("/tweede-factor/instellen", lpa, "");
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_EQ(started.Header("Cache-Control"), "no-store");
  const std::string secret = Between(started.body, "<code id=\"geheim\">", "<");
  ASSERT_FALSE(secret.empty()) << started.body;
  EXPECT_TRUE(Contains(started.body, "otpauth://totp/"));
  auto code_now = [&] {
    return crypto::TotpCode(*crypto::Base32Decode(secret), crypto::TotpStep(region_.clock().Now()));
  };

  const std::string right = code_now();
  const std::string wrong = right == "123456" ? "654321" : "123456";
  auto refused = Post("/tweede-factor/bevestigen", lpa, "code=" + wrong);
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(Contains(refused.body, "href=\"#code\">De code is niet geaccepteerd: "));
  EXPECT_EQ(Post("/tweede-factor/bevestigen", lpa, "code=" + right, /*with_csrf=*/false).status, 403);
  auto confirmed = Post("/tweede-factor/bevestigen", lpa, "code=" + right);
  ASSERT_EQ(confirmed.status, 303) << confirmed.body;
  EXPECT_TRUE(Contains(Get("/tweede-factor?gedaan=aan", lpa).body, "Staat aan"));

  // From now on the login form asks for the code.
  auto login = HttpRequest(region_.port(), "POST", "/inloggen", "gebruiker=lpa&wachtwoord=" + std::string(kTestPassword),
                           {{"Content-Type", kForm}});
  EXPECT_EQ(login.status, 401);
  EXPECT_TRUE(Contains(login.body, "for=\"code\">Code uit uw authenticator-app</label>"));

  // Switching off needs the password and a fresh code.
  region_.clock().Advance(std::chrono::seconds(30));
  auto bad = Post("/tweede-factor/uitschakelen", lpa, "wachtwoord=verkeerd-wachtwoord&code=" + code_now());
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_TRUE(Contains(Get("/tweede-factor", lpa).body, "Staat aan"));
  region_.clock().Advance(std::chrono::seconds(30));
  auto off = Post("/tweede-factor/uitschakelen", lpa, "wachtwoord=" + std::string(kTestPassword) + "&code=" + code_now());
  ASSERT_EQ(off.status, 303) << off.body;
  EXPECT_TRUE(Contains(Get("/tweede-factor?gedaan=uit", lpa).body, "De tweede factor staat uit."));
}

TEST_F(PagesTest, TheThemeIsServed) {
  auto css = HttpRequest(region_.port(), "GET", "/static/leerrecht.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.Header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_TRUE(Contains(css.body, ".leerrecht-theme"));
  EXPECT_EQ(HttpRequest(region_.port(), "GET", "/static/../CMakeLists.txt").status, 404);
  // The NL Design System's example theme (EUPL-1.2) carries the components' variables; Utrecht's
  // own tokens are the municipality's proprietary brand and are not shipped (docs/dependencies.md).
  auto theme = HttpRequest(region_.port(), "GET", "/static/nlds/voorbeeld-theme.css");
  EXPECT_EQ(theme.status, 200) << "web/node_modules ontbreekt? (make web-deps)";
  EXPECT_TRUE(Contains(theme.body, ".voorbeeld-theme"));
  EXPECT_EQ(HttpRequest(region_.port(), "GET", "/static/utrecht/design-tokens.css").status, 404);
  EXPECT_TRUE(Contains(Get("/inloggen", Login{}).body, "<body class=\"voorbeeld-theme utrecht-theme leerrecht-theme\">"));
  auto script = HttpRequest(region_.port(), "GET", "/static/leerrecht.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.Header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_TRUE(Contains(script.body, "data-voortgang"));
}

}  // namespace
}  // namespace leerrecht::web

namespace leerrecht::web {
namespace {

// The art. 20 route's pages: the RBL's decision kArt20Toml is in force, both parties designated.
class OmExceptionPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(leerrecht::testing::SetUpPagesRegion(region_, noor_, /*with_art20=*/true));
    ASSERT_NO_FATAL_FAILURE(region_.Designate("rbl-beheer", "leerplichtambtenaar", leerrecht::testing::kArt20));
    ASSERT_NO_FATAL_FAILURE(region_.Designate("swv-beheer", "swv-consulent", leerrecht::testing::kArt20));
    const Login api = region_.ApiLogin("lpa");
    ASSERT_EQ(region_.Call("POST", "/api/v1/jongeren/" + std::to_string(noor_.youth_id) + "/gegevens", api,
                           {{"veld", "om_gegevens"}, {"waarde", "OM-informatie over vader"}})
                  .status,
              200);
  }
  Login LogIn(const std::string& username) { return region_.FormLogin(username); }
  HttpReply Get(const std::string& path, const Login& b) { return region_.Get(path, b); }
  HttpReply Post(const std::string& path, const Login& b, const std::string& form) {
    return region_.PostForm(path, b, form, true);
  }
  std::string SharePath() const { return "/zaken/" + std::to_string(noor_.case_id) + "/delen"; }
  static std::string ShareChoices() {
    return std::string("ontvanger=swv-passend-wijs&overeenkomst=") + leerrecht::testing::kArt20 +
           "&doel=aanpak-schoolverzuim&velden=om_gegevens&actie=beoordelen";
  }

  leerrecht::testing::TestRegion region_;
  leerrecht::testing::NoorsCase noor_;
};

// SPEC W-23, Q-08 in the browser's pages: refused for secrecy with a way to ask; the request with
// its error summary; the team leader approves; the FG sees it; another party sees nothing; then
// the share page gives the exception as the reason.
TEST_F(OmExceptionPagesTest, W_23_ask_approve_and_share_om_data_through_the_pages) {
  const Login lpa = LogIn("lpa");
  auto refused = Post(SharePath(), lpa, ShareChoices());
  ASSERT_EQ(refused.status, 200) << refused.body;
  EXPECT_TRUE(Contains(refused.body, "(om-secrecy)"));
  const std::string ask = "/om-uitzonderingen?zaak=" + std::to_string(noor_.case_id) +
                          "&amp;ontvanger=swv-passend-wijs&amp;overeenkomst=" + leerrecht::testing::kArt20;
  EXPECT_TRUE(Contains(refused.body, ask)) << refused.body;

  // The form, filled in from the share page's choices.
  auto form = Get("/om-uitzonderingen?zaak=" + std::to_string(noor_.case_id) +
                      "&ontvanger=swv-passend-wijs&overeenkomst=" + leerrecht::testing::kArt20 +
                      "&doel=aanpak-schoolverzuim",
                  lpa);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(Contains(form.body, "<option value=\"swv-passend-wijs\" selected>"));
  EXPECT_TRUE(Contains(form.body, "<option value=\"aanpak-schoolverzuim\" selected>"));
  EXPECT_FALSE(Contains(form.body, "<option value=\"thuiszitters-midden-gelre\""));  // a covenant carries no OM data

  const std::string base = "zaak=" + std::to_string(noor_.case_id) + "&ontvanger=swv-passend-wijs&overeenkomst=" +
                           leerrecht::testing::kArt20 + "&doel=aanpak-schoolverzuim";
  auto missing = Post("/om-uitzonderingen", lpa, base + "&toelichting=+");
  EXPECT_EQ(missing.status, 400);
  EXPECT_TRUE(Contains(missing.body, "href=\"#grond\""));
  EXPECT_TRUE(Contains(missing.body, "href=\"#toelichting\""));
  auto asked = Post("/om-uitzonderingen", lpa, base + "&grond=noodzaak-taak&toelichting=SWV+moet+vader+mijden");
  ASSERT_EQ(asked.status, 303) << asked.body;
  auto own = Get(asked.Header("Location"), lpa);
  EXPECT_TRUE(Contains(own.body, "wacht op goedkeuring"));
  EXPECT_FALSE(Contains(own.body, "/goedkeuren\""));  // not his to approve

  // The FG sees it, without approving; another party's FG sees nothing.
  const auto fg = Get("/om-uitzonderingen", LogIn("fg"));
  EXPECT_TRUE(Contains(fg.body, "SWV moet vader mijden"));
  EXPECT_FALSE(Contains(fg.body, "/goedkeuren\""));
  const auto foreign = Get("/om-uitzonderingen", LogIn("x-fg"));
  EXPECT_FALSE(Contains(foreign.body, "SWV moet vader mijden"));

  const Login lead = LogIn("teamleider");
  const auto waiting = Get("/om-uitzonderingen", lead);
  EXPECT_TRUE(Contains(waiting.body, "aria-current=\"page\">OM-geheimhouding</a>"));
  const std::string marker = "action=\"/om-uitzonderingen/";
  const std::size_t at = waiting.body.find(marker);
  ASSERT_NE(at, std::string::npos) << waiting.body;
  const std::size_t start = at + marker.size();
  const std::string id = waiting.body.substr(start, waiting.body.find('/', start) - start);
  ASSERT_EQ(Post("/om-uitzonderingen/" + id + "/goedkeuren", lpa, "").status, 403);
  ASSERT_EQ(Post("/om-uitzonderingen/" + id + "/goedkeuren", lead, "").status, 303);
  EXPECT_TRUE(Contains(Get("/om-uitzonderingen?beoordeeld=ja", lead).body, "beoordeeld door T. Leider"));

  auto granted = Post(SharePath(), lpa, ShareChoices());
  ASSERT_EQ(granted.status, 200) << granted.body;
  EXPECT_FALSE(Contains(granted.body, "(om-secrecy)"));
  EXPECT_TRUE(Contains(granted.body, "Uitzondering " + id + " op de geheimhouding van OM-gegevens"));
  EXPECT_TRUE(Contains(granted.body, "goedgekeurd door T. Leider"));
}

// SPEC W-25: the share form offers the decision's field profiles that fit the case's MAS phase; a
// profile button checks its fields and keeps the choice for sending.
TEST_F(OmExceptionPagesTest, W_25_the_share_form_offers_only_the_profiles_of_the_phase) {
  const Login lpa = LogIn("lpa");
  auto form = Get(SharePath(), lpa);
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(Contains(form.body, "Veldprofielen bij de MAS-fase „melding”"));
  const std::string identification = std::string("value=\"") + leerrecht::testing::kArt20 + "|identificatie\"";
  EXPECT_TRUE(Contains(form.body, identification)) << form.body;
  EXPECT_FALSE(Contains(form.body, "Halt/PV-feit"));

  auto chosen = Post(SharePath(), lpa,
                     std::string("ontvanger=swv-passend-wijs&doel=aanpak-schoolverzuim&profiel=") +
                         leerrecht::testing::kArt20 + "%7Cidentificatie");
  ASSERT_EQ(chosen.status, 200) << chosen.body;
  EXPECT_TRUE(Contains(chosen.body, "id=\"veld-naam\" name=\"velden\" value=\"naam\" checked"));
  EXPECT_TRUE(Contains(chosen.body, "id=\"veld-adres\" name=\"velden\" value=\"adres\" checked"));
  EXPECT_FALSE(Contains(chosen.body, "id=\"veld-bsn\" name=\"velden\" value=\"bsn\" checked"));
  EXPECT_TRUE(Contains(chosen.body, "name=\"gekozen_profiel\" value=\"identificatie\""));
  EXPECT_TRUE(Contains(chosen.body, "Beslissing:"));
  // A profile of another phase, posted by hand, is refused in the error summary.
  auto wrong = Post(SharePath(), lpa,
                    std::string("ontvanger=swv-passend-wijs&doel=aanpak-schoolverzuim&profiel=") +
                        leerrecht::testing::kArt20 + "%7Chalt-pv-feit");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_TRUE(Contains(wrong.body, "past niet bij de MAS-fase")) << wrong.body;
}

}  // namespace
}  // namespace leerrecht::web
