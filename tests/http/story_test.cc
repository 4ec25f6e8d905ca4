// Issue 6's acceptance story over HTTP, end to end on the real server: the RBL imports a DUO file,
// classifies and opens the case, keeps preventive work at school level (SPEC P-06, P-07), shares a
// langdurig-verzuim thuiszitter with the responsible SWV, is refused a Halt referral (logged),
// compares its list with the SWV's both ways (C-16, C-17), corrects a disclosed address (the SWV
// is notified) and produces the quarterly counts as JSON and as a workbook (C-18).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include "test_region.h"

namespace leerrecht::http {
namespace {

using leerrecht::testing::Created;
using leerrecht::testing::HttpReply;
using leerrecht::testing::kCovenant;
using leerrecht::testing::kRbl;
using leerrecht::testing::kSwv;
using leerrecht::testing::Login;

constexpr const char* kNoor = "123456782";
constexpr const char* kDaan = "232262536";
constexpr const char* kSem = "111222333";
constexpr const char* kLotte = "999999990";

// The DUO file of the story (docs/formats/duo-import.md): Noor's langdurig relatief verzuim, Daan's
// 16 hours, and a row with a BSN that fails the elfproef (rejected with its line, the rest imports).
constexpr const char* kDuoFile =
    "meldingsnummer;bsn;onderwijsnummer;achternaam;voorvoegsel;voornamen;geboortedatum;gemeente;brin;vestiging;"
    "verzuimsoort;begindatum;einddatum;lesuren;vermoedelijke_reden;toelichting;melddatum\n"
    "VZL-2025-000201;123456782;;Visser;;Noor;2011-04-02;Ede;12AB;01;langdurig-relatief-verzuim;2025-01-06;;;"
    "wacht-op-plaatsing;;2025-02-10\n"
    "VZL-2025-000202;232262536;;Smit;;Daan;2012-01-01;Ede;12AB;01;16-uur-onder-18;2025-02-03;;18;;;2025-02-24\n"
    "VZL-2025-000203;123456789;;Jansen;;Piet;2011-06-01;Ede;12AB;01;16-uur-onder-18;2025-02-03;;18;;;2025-02-24\n";

std::string Unzip(const std::string& file, const std::string& member) {
  const std::string command = "unzip -p '" + file + "' '" + member + "' 2>/dev/null";
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    ::pclose(pipe);
  }
  return out;
}

// The value of a numeric cell ("F9") in sheet XML, or "" when the cell is missing.
std::string CellValue(const std::string& sheet, const std::string& ref) {
  const std::size_t at = sheet.find("<c r=\"" + ref + "\"");
  if (at == std::string::npos) return "";
  const std::size_t end = sheet.find("</c>", at);
  const std::size_t v = sheet.find("<v>", at);
  if (v == std::string::npos || end == std::string::npos || v > end) return "";
  return sheet.substr(v + 3, sheet.find("</v>", v) - v - 3);
}

class StoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(region_.InitMiddenGelre());
    ASSERT_NO_FATAL_FAILURE(region_.StartWithCovenantStaff());
    lpa_ = As("lpa");
    swv_ = As("consulent");
  }

  // Short names for what the story does many times.
  Login As(const std::string& username) { return region_.ApiLogin(username); }
  HttpReply Call(const std::string& method, const std::string& path, const Login& who,
                 const nlohmann::json& body = nullptr) {
    return region_.Call(method, path, who, body);
  }
  HttpReply PostCsv(const std::string& path, const Login& who, const std::string& csv) {
    return region_.Send("POST", path, who, csv, "text/csv; charset=utf-8");
  }

  std::int64_t Youth(const Login& who, const std::string& bsn, const std::string& name, const std::string& gemeente) {
    return Created(Call("POST", "/api/v1/jongeren", who,
                        {{"bsn", bsn}, {"naam", name}, {"geboortedatum", "2011-04-02"}, {"gemeente", gemeente},
                         {"schoolsoort", "vo"}}));
  }

  // The party's youth with this BSN, found over the API (ids are the party's own, in order).
  std::int64_t FindYouth(const Login& who, const std::string& bsn) {
    for (std::int64_t id = 1; id <= 20; ++id) {
      const HttpReply r = Call("GET", "/api/v1/jongeren/" + std::to_string(id), who);
      if (r.status == 200 && nlohmann::json::parse(r.body)["bsn"] == bsn) return id;
    }
    return 0;
  }

  std::int64_t LogCount(const std::string& where) { return region_.LogCount(where); }

  leerrecht::testing::TestRegion region_;
  Login lpa_;
  Login swv_;
};

TEST_F(StoryTest, Issue_6_the_covenant_story_end_to_end) {
  // Noor is known to the RBL already (school type for routing, SPEC C-03); the DUO file adds her
  // melding and brings Daan in as a new youth.
  const std::int64_t noor = Youth(lpa_, kNoor, "Noor Visser", "Ede");
  const HttpReply imported = PostCsv("/api/v1/verzuimmeldingen/import", lpa_, kDuoFile);
  ASSERT_EQ(imported.status, 200) << imported.body;
  const auto report = nlohmann::json::parse(imported.body);
  EXPECT_EQ(report["ingelezen"], 2) << report.dump();
  EXPECT_EQ(report["afgewezen"], 1) << report.dump();
  EXPECT_EQ(report["afgewezen_regels"][0]["regel"], 4) << report.dump();
  // Importing the same file again changes nothing.
  const auto again = nlohmann::json::parse(PostCsv("/api/v1/verzuimmeldingen/import", lpa_, kDuoFile).body);
  EXPECT_EQ(again["ingelezen"], 0) << again.dump();
  EXPECT_EQ(again["al_aanwezig"], 2) << again.dump();

  // Classify: the melding says langdurig verzuim; the case is opened on it.
  const auto meldingen = nlohmann::json::parse(
      Call("GET", "/api/v1/jongeren/" + std::to_string(noor) + "/verzuimmeldingen", lpa_).body)["verzuimmeldingen"];
  ASSERT_EQ(meldingen.size(), 1u);
  EXPECT_EQ(meldingen[0]["categorie"], "langdurig-verzuim");
  const std::int64_t noor_case =
      Created(Call("POST", "/api/v1/zaken", lpa_,
                   {{"jongere", noor}, {"categorie", meldingen[0]["categorie"]}, {"melding", meldingen[0]["id"]}}));
  const std::string base = "/api/v1/zaken/" + std::to_string(noor_case);

  // SPEC P-07: with the melding a person-level note is allowed; SPEC P-06: without one only the school.
  EXPECT_EQ(Call("POST", base + "/notities", lpa_, {{"tekst", "preventief gesprek 2025-03-14; afspraak met mentor"}})
                .status,
            201);
  const std::int64_t sem = Youth(lpa_, kSem, "Sem Bakker", "Ede");
  const std::int64_t no_melding = Created(Call("POST", "/api/v1/zaken", lpa_, {{"jongere", sem}, {"categorie", "langdurig-verzuim"}}));
  const HttpReply refused_note =
      Call("POST", "/api/v1/zaken/" + std::to_string(no_melding) + "/notities", lpa_, {{"tekst", "gesprek op school"}});
  EXPECT_EQ(refused_note.status, 403);
  EXPECT_NE(refused_note.body.find("verzuimmelding"), std::string::npos) << refused_note.body;
  EXPECT_EQ(Call("POST", "/api/v1/scholen/12ab/notities", lpa_,
                 {{"tekst", "Voorlichting groep 8, OBS De Linde, 2025-03-12, 25 leerlingen"}})
                .status,
            201);
  const HttpReply named = Call("POST", "/api/v1/scholen/12AB/notities", lpa_, {{"tekst", "advies ZAT over Noor Visser"}});
  EXPECT_EQ(named.status, 403);
  EXPECT_NE(named.body.find("geen persoonsnotities zonder DUO-melding"), std::string::npos) << named.body;
  const auto school_notes = nlohmann::json::parse(Call("GET", "/api/v1/scholen/12AB/notities", lpa_).body)["notities"];
  ASSERT_EQ(school_notes.size(), 1u);
  EXPECT_EQ(school_notes[0]["school"], "12AB");

  // Share Noor with the responsible SWV: exactly the Bijlage 1 fields, with reasons for the rest.
  for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{
           {"adres", "Kerkstraat 1, 6711 AA Ede"},
           {"ouder_naam", "A. Visser"},
           {"ouder_adres", "Kerkstraat 1, 6711 AA Ede"},
           {"school_laatst_bekend", "De Meerwaarde (12AB)"},
           {"verzuim_reden", "onderwijs sluit niet aan"}}) {
    ASSERT_EQ(Call("POST", "/api/v1/jongeren/" + std::to_string(noor) + "/gegevens", lpa_,
                   {{"veld", field}, {"waarde", value}})
                  .status,
              200);
  }
  nlohmann::json draft = {{"ontvanger", kSwv},
                          {"overeenkomst", kCovenant},
                          {"doel", "thuiszitters-in-beeld"},
                          {"velden", {"bsn", "naw", "school_laatst_bekend", "verzuim_startdatum", "verzuim_reden",
                                      "betrokkenheid"}},
                          {"kwaliteit_gecontroleerd", true},
                          {"anonimisering_overwogen", true}};
  const HttpReply sent = Call("POST", base + "/verstrekkingen", lpa_, draft);
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string disclosure = std::to_string(nlohmann::json::parse(sent.body)["id"].get<std::int64_t>());

  // A Halt referral may not go to the SWV: refused with its reason, and the refusal is logged.
  nlohmann::json halt = draft;
  halt["velden"] = {"halt_verwijzing"};
  const HttpReply halt_refused = Call("POST", base + "/verstrekkingen", lpa_, halt);
  EXPECT_EQ(halt_refused.status, 403) << halt_refused.body;
  EXPECT_EQ(LogCount("activity = 'verstrekking.geweigerd' AND outcome = 'refused' AND recipient = 'swv-passend-wijs'"), 1);
  const auto halt_preview = nlohmann::json::parse(Call("POST", base + "/verstrekkingen/beslissing", lpa_, halt).body);
  EXPECT_EQ(halt_preview["beslissing"]["refused"][0]["reason"], "wpg-excluded");

  // A week later the SWV registers Noor from the school's melding to it, and Lotte whom the RBL
  // does not know; the RBL finds Daan not enrolled anywhere: absoluut verzuim, its own finding.
  // (This DUO file has no onderwijssoort column, so the region table cannot route Daan: SPEC Q-29.)
  region_.clock().Advance(std::chrono::hours(24 * 7));  // 2025-03-21
  lpa_ = As("lpa");
  swv_ = As("consulent");
  // The SWV registers the thuiszitters schools report to it (SPEC C-20) over the API too.
  const std::int64_t swv_noor = Created(Call("POST", "/api/v1/jongeren", swv_,
                                             {{"bsn", kNoor}, {"naam", "Noor Visser"}, {"geboortedatum", "2011-04-02"},
                                              {"gemeente", "Ede"}}));
  Created(Call("POST", "/api/v1/zaken", swv_, {{"jongere", swv_noor}, {"categorie", "langdurig-verzuim"}}));
  const std::int64_t lotte = Created(Call("POST", "/api/v1/jongeren", swv_,
                                          {{"bsn", kLotte}, {"naam", "Lotte de Wit"}, {"geboortedatum", "2011-04-02"},
                                           {"gemeente", "Ede"}}));
  Created(Call("POST", "/api/v1/zaken", swv_, {{"jongere", lotte}, {"categorie", "langdurig-verzuim"}}));
  Created(Call("POST", "/api/v1/zaken", lpa_, {{"jongere", FindYouth(lpa_, kDaan)}, {"categorie", "absoluut-verzuim"}}));

  // SPEC C-17 at the SWV: its register against what the RBL disclosed (covenant data carry no
  // Wpg notice, so the report comes at once).
  const HttpReply at_swv = Call("GET", std::string("/api/v1/vergelijkingen/ontvangen?van=") + kRbl, swv_);
  ASSERT_EQ(at_swv.status, 200) << at_swv.body;
  const auto swv_report = nlohmann::json::parse(at_swv.body);
  EXPECT_EQ(swv_report["matched"], nlohmann::json::array({kNoor}));
  EXPECT_EQ(swv_report["only_left"], nlohmann::json::array({kLotte}));
  EXPECT_TRUE(swv_report["only_right"].empty());
  ASSERT_EQ(swv_report["field_differences"].size(), 2u) << swv_report.dump();
  std::map<std::string, nlohmann::json> differences;
  for (const auto& d : swv_report["field_differences"]) differences[d["field"].get<std::string>()] = d;
  EXPECT_EQ(differences["startdatum"]["days"], -7) << swv_report.dump();  // the RBL's case is a week older
  EXPECT_EQ(differences["school"]["right"], "De Meerwaarde (12AB)");
  // The leerplichtambtenaar reads received data only in his own cases: refused, and logged.
  EXPECT_EQ(Call("GET", "/api/v1/vergelijkingen/ontvangen", lpa_).status, 403);
  EXPECT_EQ(LogCount("activity = 'vergelijking.geweigerd' AND party_id = 'rbl-midden-gelre'"), 1);

  // SPEC C-16: the SWV's own quarterly list is complete, so it is released; the RBL compares it
  // with its register (C-17) — Daan only at the RBL, as expected for absoluut verzuim.
  const HttpReply swv_list =
      Call("GET", std::string("/api/v1/convenantlijsten/") + kSwv + "?jaar=2025&kwartaal=1&formaat=csv", swv_);
  ASSERT_EQ(swv_list.status, 200) << swv_list.body;
  EXPECT_NE(swv_list.body.find(kLotte), std::string::npos);
  const HttpReply at_rbl = PostCsv("/api/v1/vergelijkingen", lpa_, swv_list.body);
  ASSERT_EQ(at_rbl.status, 200) << at_rbl.body;
  const auto rbl_report = nlohmann::json::parse(at_rbl.body);
  EXPECT_EQ(rbl_report["matched"], nlohmann::json::array({kNoor}));
  EXPECT_EQ(std::set<std::string>(rbl_report["only_left"].begin(), rbl_report["only_left"].end()),
            (std::set<std::string>{kDaan, kSem}));
  EXPECT_EQ(rbl_report["only_right"], nlohmann::json::array({kLotte}));
  EXPECT_NE(at_rbl.body.find("verwacht: absoluut verzuim alleen bij RBL bekend"), std::string::npos);
  EXPECT_GE(LogCount("activity = 'vergelijking' AND party_id = 'rbl-midden-gelre'"), 4);
  const HttpReply rbl_list =
      Call("GET", std::string("/api/v1/convenantlijsten/") + kSwv + "?jaar=2025&kwartaal=1", lpa_);
  ASSERT_EQ(rbl_list.status, 200) << rbl_list.body;
  const auto rbl_check = nlohmann::json::parse(rbl_list.body);
  EXPECT_TRUE(rbl_check["volledig"].get<bool>());
  EXPECT_EQ(rbl_check["register"]["langdurig-verzuim"], 2);  // Noor and Sem; Daan is not routed
  EXPECT_EQ(rbl_check["register"]["totaal"], 2);
  EXPECT_EQ(rbl_check["regels"].size(), 2u);
  EXPECT_EQ(Call("GET", "/api/v1/convenantlijsten/swv-onbekend?jaar=2025&kwartaal=1", lpa_).status, 404);

  // SPEC W-27/C-37: the RBL corrects Noor's address; the SWV is told the same day.
  const HttpReply corrected = Call("POST", "/api/v1/jongeren/" + std::to_string(noor) + "/gegevens", lpa_,
                                   {{"veld", "adres"}, {"waarde", "Dorpsstraat 9, 6712 BB Ede"}});
  ASSERT_EQ(corrected.status, 200) << corrected.body;
  EXPECT_EQ(nlohmann::json::parse(corrected.body)["ontvangers_geinformeerd"][0]["ontvanger"], kSwv);
  const auto notices = nlohmann::json::parse(Call("GET", "/api/v1/correcties", swv_).body)["correcties"];
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0]["veld"], "adres");
  EXPECT_EQ(notices[0]["op"].get<std::string>().substr(0, 10), "2025-03-21");
  const auto copy =
      nlohmann::json::parse(Call("GET", "/api/v1/ontvangen/" + disclosure + "?kennisgenomen=ja", swv_).body);
  bool corrected_copy = false;
  for (const auto& item : copy["gegevens"]) {
    corrected_copy = corrected_copy || (item["veld"] == "adres" && item["waarde"] == "Dorpsstraat 9, 6712 BB Ede");
  }
  EXPECT_TRUE(corrected_copy);

  // SPEC C-18: the quarterly counts, as JSON and as a workbook without personal data.
  const auto counts = nlohmann::json::parse(Call("GET", "/api/v1/rapportages/kwartaal?jaar=2025&kwartaal=1", lpa_).body);
  std::map<std::string, nlohmann::json> by_swv;
  for (const auto& s : counts["per_swv"]) by_swv[s["swv"].is_null() ? "" : s["swv"].get<std::string>()] = s;
  EXPECT_EQ(by_swv[kSwv]["noemers"]["langdurig-verzuim"]["op_peildatum"], 2);
  EXPECT_EQ(by_swv[kSwv]["totaal"], 2);
  EXPECT_EQ(by_swv[""]["noemers"]["absoluut-verzuim"]["op_peildatum"], 1);  // Daan, unrouted
  const HttpReply workbook = Call("GET", "/api/v1/rapportages/kwartaal?jaar=2025&kwartaal=1&formaat=xlsx", lpa_);
  ASSERT_EQ(workbook.status, 200) << workbook.body;
  EXPECT_EQ(workbook.Header("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(workbook.Header("Content-Disposition"), "attachment; filename=\"thuiszitters-2025-Q1.xlsx\"");
  const std::string path = region_.dir().Sub("kwartaal.xlsx");
  std::ofstream(path, std::ios::binary) << workbook.body;
  const std::string sheet = Unzip(path, "xl/worksheets/sheet1.xml");
  const std::string strings = Unzip(path, "xl/sharedStrings.xml");
  ASSERT_FALSE(sheet.empty());
  EXPECT_NE(strings.find(kSwv), std::string::npos);
  // The sheet has the JSON's SWVs in the same order, three noemer rows each after the heading:
  // Passend Wijs's langdurig verzuim (2) sits in column F of its second row.
  std::size_t index = 0;
  while (index < counts["per_swv"].size() && counts["per_swv"][index]["swv"] != kSwv) ++index;
  ASSERT_LT(index, counts["per_swv"].size());
  EXPECT_EQ(CellValue(sheet, "F" + std::to_string(2 + index * 3 + 1)), "2") << sheet;
  for (const char* personal : {kNoor, kDaan, kSem, "Noor", "Daan", "Visser", "2011-04-02", "Ede", "12AB"}) {
    EXPECT_EQ(sheet.find(personal), std::string::npos) << personal;
    EXPECT_EQ(strings.find(personal), std::string::npos) << personal;
  }
  EXPECT_EQ(LogCount("activity = 'rapportage.exporteren'"), 1);
}

}  // namespace
}  // namespace leerrecht::http
