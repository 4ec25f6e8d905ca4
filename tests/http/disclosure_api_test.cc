// The seed covenant's story over HTTP: register, share a langdurig-verzuim thuiszitter with the SWV
// (exactly the Bijlage 1 fields arrive), the Halt referral refused, a correction reaching the SWV,
// onward disclosure refused, and Regime A (SPEC R-11).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>

#include "crypto/totp.h"
#include "test_region.h"

namespace leerrecht::http {
namespace {

using leerrecht::testing::Created;
using leerrecht::testing::HttpReply;
using leerrecht::testing::kArt20;
using leerrecht::testing::kArt20Toml;
using leerrecht::testing::kCovenant;
using leerrecht::testing::kRbl;
using leerrecht::testing::kSwv;
using leerrecht::testing::Login;

class DisclosureApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The agreements in force: the shipped covenant; the RBL under the regime of the subclass.
    ASSERT_NO_FATAL_FAILURE(region_.InitMiddenGelre(Regime()));
    ASSERT_NO_FATAL_FAILURE(BeforeServer());
    // Each party's management designates its people under the covenant (SPEC W-09, W-10).
    ASSERT_NO_FATAL_FAILURE(region_.StartWithCovenantStaff());
    lpa_ = As("lpa");
    swv_ = As("consulent");
  }

  virtual const char* Regime() const = 0;
  // Runs before the server loads the folder's agreements.
  virtual void BeforeServer() {}

  // Short names for what every test does many times.
  Login As(const std::string& username) { return region_.ApiLogin(username); }
  HttpReply Call(const std::string& method, const std::string& path, const Login& who,
                 const nlohmann::json& body = nullptr) {
    return region_.Call(method, path, who, body);
  }

  // Noor: langdurig verzuim, registered with everything Bijlage 1 names.
  // Noor as a youth of the RBL, with no further data.
  std::int64_t AddNoor(const std::string& gemeente = "Ede") {
    youth_ = Created(Call("POST", "/api/v1/jongeren", lpa_,
                          {{"bsn", "123456782"}, {"naam", "Noor Visser"}, {"geboortedatum", "2011-04-02"},
                           {"gemeente", gemeente}, {"schoolsoort", "vo"}}));
    return youth_;
  }

  // Noor's langdurig-verzuim case opened on a DUO melding imported first: under Regime A it is
  // police data from the melding on (SPEC R-03).
  std::int64_t OpenNoorOnMelding() {
    AddNoor();
    const std::int64_t melding = region_.ImportDuoMelding(kRbl, youth_);
    EXPECT_NE(melding, 0);
    return Created(Call("POST", "/api/v1/zaken", lpa_,
                        {{"jongere", youth_}, {"categorie", "langdurig-verzuim"}, {"melding", melding}}));
  }

  std::int64_t RegisterNoor(std::optional<std::int64_t> melding = std::nullopt, const std::string& gemeente = "Ede") {
    AddNoor(gemeente);
    for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{
             {"adres", "Kerkstraat 1, 6711 AA Ede"},
             {"ouder_naam", "A. Visser"},
             {"ouder_adres", "Kerkstraat 1, 6711 AA Ede"},
             {"school_laatst_bekend", "De Meerwaarde (12AB)"},
             {"verzuim_reden", "onderwijs sluit niet aan"},
             {"telefoon", "0612345678"}}) {
      EXPECT_EQ(Call("POST", "/api/v1/jongeren/" + std::to_string(youth_) + "/gegevens", lpa_,
                     {{"veld", field}, {"waarde", value}})
                    .status,
                200);
    }
    nlohmann::json body = {{"jongere", youth_}, {"categorie", "langdurig-verzuim"}};
    if (melding) body["melding"] = *melding;
    return Created(Call("POST", "/api/v1/zaken", lpa_, body));
  }

  static nlohmann::json Draft(bool confirm) {
    nlohmann::json d = {{"ontvanger", kSwv},
                        {"overeenkomst", kCovenant},
                        {"doel", "thuiszitters-in-beeld"},
                        {"velden", {"bsn", "naw", "school_laatst_bekend", "verzuim_startdatum", "verzuim_reden",
                                    "betrokkenheid", "halt_verwijzing"}}};
    if (confirm) {
      d["kwaliteit_gecontroleerd"] = true;
      d["anonimisering_overwogen"] = true;
    }
    return d;
  }

  std::int64_t LogCount(const std::string& where) { return region_.LogCount(where); }

  // Sets up and confirms a TOTP second factor for the logged-in user; his session then counts as
  // signed in with it.
  void EnableSecondFactor(const Login& who) {
    const HttpReply started = Call("POST", "/api/v1/tweede-factor", who);
    ASSERT_EQ(started.status, 200) << started.body;
    const std::string secret = nlohmann::json::parse(started.body)["geheim"];
    const std::string code =
        crypto::TotpCode(*crypto::Base32Decode(secret), crypto::TotpStep(region_.clock().Now()));
    ASSERT_EQ(Call("POST", "/api/v1/tweede-factor/bevestigen", who, {{"code", code}}).status, 204);
  }

  leerrecht::testing::TestRegion region_;
  Login lpa_;
  Login swv_;
  std::int64_t youth_ = 0;
};

class RegimeBTest : public DisclosureApiTest {
  const char* Regime() const override { return "vanaf-handhaving"; }
};

const std::set<std::string> kBijlage1Langdurig = {"bsn",          "naam",       "adres", "ouder_naam", "ouder_adres",
                                                  "school_laatst_bekend", "verzuim_startdatum", "verzuim_reden",
                                                  "betrokkenheid"};

TEST_F(RegimeBTest, C_07_share_a_langdurig_thuiszitter_exactly_the_bijlage_1_fields_arrive) {
  const std::int64_t case_id = RegisterNoor();
  const std::string base = "/api/v1/zaken/" + std::to_string(case_id) + "/verstrekkingen";

  // The sender sees the decision field by field before sending.
  const HttpReply preview = Call("POST", base + "/beslissing", lpa_, Draft(false));
  ASSERT_EQ(preview.status, 200) << preview.body;
  const auto decision = nlohmann::json::parse(preview.body)["beslissing"];
  EXPECT_EQ(decision["decision"], "partial");
  EXPECT_EQ(std::set<std::string>(decision["granted"].begin(), decision["granted"].end()), kBijlage1Langdurig);
  ASSERT_EQ(decision["refused"].size(), 1u);
  EXPECT_EQ(decision["refused"][0]["field"], "halt_verwijzing");
  EXPECT_EQ(decision["refused"][0]["reason"], "wpg-excluded");
  EXPECT_FALSE(decision["refused"][0]["explanation"].get<std::string>().empty());
  EXPECT_EQ(nlohmann::json::parse(preview.body)["route"], "convenant");

  // Without the quality check and the anonymisation consideration nothing is sent.
  const HttpReply unconfirmed = Call("POST", base, lpa_, Draft(false));
  EXPECT_EQ(unconfirmed.status, 400);
  EXPECT_NE(unconfirmed.body.find("kwaliteitscontrole"), std::string::npos);

  const std::int64_t refused_halt_before = LogCount("activity = 'verstrekking' AND fields LIKE '%halt%'");
  const HttpReply sent = Call("POST", base, lpa_, Draft(true));
  ASSERT_EQ(sent.status, 201) << sent.body;
  const auto sent_body = nlohmann::json::parse(sent.body);
  EXPECT_EQ(std::set<std::string>(sent_body["verstrekt"].begin(), sent_body["verstrekt"].end()), kBijlage1Langdurig);
  const std::string disclosure = std::to_string(sent_body["id"].get<std::int64_t>());
  EXPECT_EQ(LogCount("activity = 'verstrekking' AND party_id = 'rbl-midden-gelre' AND recipient = 'swv-passend-wijs'"),
            1);
  EXPECT_EQ(LogCount("activity = 'ontvangst' AND party_id = 'swv-passend-wijs'"), 1);
  EXPECT_EQ(LogCount("activity = 'verstrekking' AND fields LIKE '%halt%'"), refused_halt_before);

  // The documentation record (SPEC W-30): recipient, date, description, purpose.
  const auto list = nlohmann::json::parse(Call("GET", base, lpa_).body)["verstrekkingen"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["documentatie"]["recipient"], kSwv);
  EXPECT_EQ(list[0]["documentatie"]["date"], "2025-03-14");
  EXPECT_EQ(list[0]["documentatie"]["purpose"], "thuiszitters-in-beeld");

  // The SWV receives exactly the granted fields, with provenance; never the telephone number.
  const auto inbox = nlohmann::json::parse(Call("GET", "/api/v1/ontvangen", swv_).body)["ontvangen"];
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_FALSE(inbox[0].contains("gegevens"));
  const HttpReply received = Call("GET", "/api/v1/ontvangen/" + disclosure + "?kennisgenomen=ja", swv_);
  ASSERT_EQ(received.status, 200) << received.body;
  const auto body = nlohmann::json::parse(received.body);
  std::set<std::string> fields;
  for (const auto& item : body["gegevens"]) fields.insert(item["veld"].get<std::string>());
  EXPECT_EQ(fields, kBijlage1Langdurig);
  EXPECT_EQ(received.body.find("0612345678"), std::string::npos);
  EXPECT_NE(body["herkomst"].get<std::string>().find(kRbl), std::string::npos);
  // Another party's users see nothing of it.
  EXPECT_EQ(Call("GET", "/api/v1/ontvangen/" + disclosure, lpa_).status, 403);

  // SPEC W-27/C-37: the RBL corrects the address; the SWV is told at once and its copy changes.
  const HttpReply corrected = Call("POST", "/api/v1/jongeren/" + std::to_string(youth_) + "/gegevens", lpa_,
                                   {{"veld", "adres"}, {"waarde", "Dorpsstraat 9, 6712 BB Ede"}});
  ASSERT_EQ(corrected.status, 200) << corrected.body;
  const auto notified = nlohmann::json::parse(corrected.body)["ontvangers_geinformeerd"];
  ASSERT_EQ(notified.size(), 1u);
  EXPECT_EQ(notified[0]["ontvanger"], kSwv);
  const auto notices = nlohmann::json::parse(Call("GET", "/api/v1/correcties", swv_).body)["correcties"];
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0]["veld"], "adres");
  const auto after = nlohmann::json::parse(Call("GET", "/api/v1/ontvangen/" + disclosure + "?kennisgenomen=ja", swv_).body);
  bool seen_correction = false;
  for (const auto& item : after["gegevens"]) {
    if (item["veld"] == "adres") {
      EXPECT_EQ(item["waarde"], "Dorpsstraat 9, 6712 BB Ede");
      EXPECT_FALSE(item["gecorrigeerd"].is_null());
      seen_correction = true;
    }
  }
  EXPECT_TRUE(seen_correction);
  // A field that was never disclosed changes without notices.
  const HttpReply phone = Call("POST", "/api/v1/jongeren/" + std::to_string(youth_) + "/gegevens", lpa_,
                               {{"veld", "telefoon"}, {"waarde", "0687654321"}});
  EXPECT_TRUE(nlohmann::json::parse(phone.body)["ontvangers_geinformeerd"].empty());

  // SPEC W-22: the SWV may not pass the data on.
  const HttpReply onward = Call("POST", "/api/v1/ontvangen/" + disclosure + "/doorsturen", swv_,
                                {{"ontvanger", "swv-de-verbinding"}, {"overeenkomst", kCovenant},
                                 {"doel", "thuiszitters-in-beeld"}});
  EXPECT_EQ(onward.status, 403) << onward.body;
  EXPECT_EQ(nlohmann::json::parse(onward.body)["beslissing"]["refused"][0]["reason"], "no-onward-disclosure");
  EXPECT_EQ(LogCount("activity = 'verstrekking.geweigerd' AND party_id = 'swv-passend-wijs'"), 1);
}

TEST_F(RegimeBTest, W_09_an_undesignated_sender_cannot_share) {
  const std::int64_t case_id = RegisterNoor();
  // End the RBL's designation of its leerplichtambtenaren.
  const Login admin = As("rbl-beheer");
  const auto list = nlohmann::json::parse(
      Call("GET", std::string("/api/v1/aanwijzingen?overeenkomst=") + kCovenant, admin).body)["aanwijzingen"];
  ASSERT_EQ(list.size(), 1u);
  ASSERT_EQ(Call("POST", "/api/v1/aanwijzingen/" + std::to_string(list[0]["id"].get<std::int64_t>()) + "/beeindigen",
                 admin)
                .status,
            204);
  const HttpReply refused =
      Call("POST", "/api/v1/zaken/" + std::to_string(case_id) + "/verstrekkingen", lpa_, Draft(true));
  EXPECT_EQ(refused.status, 403) << refused.body;
}

// SPEC C-03: Noor lives in Zevenaar and goes to a VO school: only SWV De Verbinding may receive her
// record; a municipality missing from the region table blocks the exchange.
TEST_F(RegimeBTest, C_03_routing_to_the_responsible_swv_only) {
  const std::int64_t case_id = RegisterNoor(std::nullopt, "Zevenaar");
  const HttpReply wrong =
      Call("POST", "/api/v1/zaken/" + std::to_string(case_id) + "/verstrekkingen/beslissing", lpa_, Draft(false));
  EXPECT_EQ(wrong.status, 403) << wrong.body;
  EXPECT_NE(wrong.body.find("swv-de-verbinding"), std::string::npos) << wrong.body;

  const std::int64_t other = Created(Call("POST", "/api/v1/jongeren", lpa_,
                                          {{"bsn", "232262536"}, {"naam", "Daan"}, {"geboortedatum", "2012-01-01"},
                                           {"gemeente", "Utrecht"}, {"schoolsoort", "vo"}}));
  const std::int64_t daan = Created(Call("POST", "/api/v1/zaken", lpa_, {{"jongere", other}, {"categorie", "absoluut-verzuim"}}));
  const HttpReply gap =
      Call("POST", "/api/v1/zaken/" + std::to_string(daan) + "/verstrekkingen/beslissing", lpa_, Draft(false));
  EXPECT_EQ(gap.status, 403);
  EXPECT_NE(gap.body.find("geen verantwoordelijk SWV"), std::string::npos) << gap.body;
}

// SPEC C-18: counts per SWV and noemer for a quarter, with the 3-month buckets, new and ended,
// and no personal data in the export.
TEST_F(RegimeBTest, C_18_quarterly_counts_per_swv_without_personal_data) {
  RegisterNoor();  // langdurig, Ede (Passend Wijs), opened 2025-03-14
  const std::int64_t other = Created(Call("POST", "/api/v1/jongeren", lpa_,
                                          {{"bsn", "232262536"}, {"naam", "Daan Smit"}, {"geboortedatum", "2012-01-01"},
                                           {"gemeente", "Zevenaar"}, {"schoolsoort", "vo"}}));
  Created(Call("POST", "/api/v1/zaken", lpa_, {{"jongere", other}, {"categorie", "absoluut-verzuim"}}));
  const HttpReply reply = Call("GET", "/api/v1/rapportages/kwartaal?jaar=2025&kwartaal=1", lpa_);
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto body = nlohmann::json::parse(reply.body);
  EXPECT_EQ(body["peildatum"], "2025-03-31");
  std::map<std::string, nlohmann::json> by_swv;
  for (const auto& s : body["per_swv"]) by_swv[s["swv"].is_null() ? "" : s["swv"].get<std::string>()] = s;
  ASSERT_TRUE(by_swv.contains("swv-passend-wijs"));
  EXPECT_EQ(by_swv["swv-passend-wijs"]["noemers"]["langdurig-verzuim"]["op_peildatum"], 1);
  EXPECT_EQ(by_swv["swv-passend-wijs"]["noemers"]["langdurig-verzuim"]["tot_en_met_3_maanden"], 1);
  EXPECT_EQ(by_swv["swv-passend-wijs"]["noemers"]["langdurig-verzuim"]["nieuw"], 1);
  EXPECT_EQ(by_swv["swv-de-verbinding"]["noemers"]["absoluut-verzuim"]["op_peildatum"], 1);
  EXPECT_EQ(by_swv["swv-de-liemers"]["totaal"], 0);
  // Q2: both still open on 30 June, now older than three months? Opened 14 March: 3.5 months.
  const auto q2 = nlohmann::json::parse(Call("GET", "/api/v1/rapportages/kwartaal?jaar=2025&kwartaal=2", lpa_).body);
  for (const auto& s : q2["per_swv"]) {
    if (s["swv"] == "swv-passend-wijs") {
      EXPECT_EQ(s["noemers"]["langdurig-verzuim"]["langer_dan_3_maanden"], 1);
      EXPECT_EQ(s["noemers"]["langdurig-verzuim"]["nieuw"], 0);
    }
  }
  const HttpReply csv = Call("GET", "/api/v1/rapportages/kwartaal?jaar=2025&kwartaal=1&formaat=csv", lpa_);
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("swv-passend-wijs;langdurig-verzuim;1;1;0;1;0"), std::string::npos) << csv.body;
  for (const char* personal : {"123456782", "232262536", "Noor", "Daan", "2011-04-02", "Ede", "Zevenaar"}) {
    EXPECT_EQ(csv.body.find(personal), std::string::npos) << personal;
  }
  EXPECT_EQ(Call("GET", "/api/v1/rapportages/kwartaal?jaar=2025&kwartaal=5", lpa_).status, 400);
}

// SPEC: the door in the fence to public order and safety. Without a separate, compatible
// basis the legal adviser recorded there is no purpose limitation under the AVG: refused and logged.
// With one, only the fields it covers go, on record; police data never go this way.
TEST_F(RegimeBTest, R_08_exceptional_disclosure_only_on_a_separate_compatible_basis) {
  const std::int64_t case_id = RegisterNoor();  // AVG: Regime B, no enforcement yet
  const std::string path = "/api/v1/zaken/" + std::to_string(case_id) + "/uitzonderlijke-verstrekkingen";
  const HttpReply no_basis = Call("POST", path, lpa_, {{"ontvanger", "OOV-team gemeente"}, {"velden", {"naam", "adres"}}});
  EXPECT_EQ(no_basis.status, 403);
  EXPECT_NE(no_basis.body.find("geen doelbinding onder AVG"), std::string::npos) << no_basis.body;
  EXPECT_EQ(LogCount("activity = 'uitzonderlijke-verstrekking.geweigerd' AND outcome = 'refused'"), 1);

  ASSERT_NE(region_.AddUser(kRbl, "jurist", "J. Adviseur", {"juridisch-adviseur"}), 0);
  const Login jurist = As("jurist");
  nlohmann::json basis = {{"ontvanger_id", "oov-team-gemeente"},
                          {"ontvanger", "OOV-team gemeente"},
                          {"doel", "veiligheidsoverleg jeugd"},
                          {"grondslag", "AVG art. 6 lid 1 sub e; Gemeentewet art. 172"},
                          {"verenigbaarheid", "zorg voor de veiligheid van de jongere hangt nauw samen met het doel"},
                          {"velden", {"naam", "adres", "halt_verwijzing"}}};
  EXPECT_EQ(Call("POST", "/api/v1/aparte-grondslagen", lpa_, basis).status, 403);  // not the LPA's to record
  EXPECT_EQ(Call("POST", "/api/v1/aparte-grondslagen", jurist, basis).status, 400);  // police data
  basis["velden"] = {"naam", "gezondheid"};
  EXPECT_EQ(Call("POST", "/api/v1/aparte-grondslagen", jurist, basis).status, 400);  // special category
  basis["velden"] = {"naam", "adres"};
  const HttpReply recorded = Call("POST", "/api/v1/aparte-grondslagen", jurist, basis);
  ASSERT_EQ(recorded.status, 201) << recorded.body;
  const std::int64_t basis_id = nlohmann::json::parse(recorded.body)["id"];
  EXPECT_EQ(nlohmann::json::parse(Call("GET", "/api/v1/aparte-grondslagen", lpa_).body)["grondslagen"].size(), 1u);
  EXPECT_EQ(Call("GET", "/api/v1/aparte-grondslagen", swv_).status, 403);

  const HttpReply sent = Call("POST", path, lpa_, {{"grondslag", basis_id}, {"velden", {"naam", "adres", "telefoon"}}});
  ASSERT_EQ(sent.status, 201) << sent.body;
  const auto out = nlohmann::json::parse(sent.body);
  ASSERT_EQ(out["verstrekt"].size(), 2u);
  EXPECT_EQ(out["verstrekt"][0]["waarde"], "Noor Visser");
  EXPECT_EQ(out["geweigerd"][0]["veld"], "telefoon");
  EXPECT_EQ(LogCount("activity = 'verstrekking' AND recipient = 'oov-team-gemeente' AND legal_basis LIKE "
                     "'AVG art. 6 lid 1 sub e; Gemeentewet art. 172 (aparte grondslag %'"),
            1);
  const auto list = nlohmann::json::parse(
      Call("GET", "/api/v1/zaken/" + std::to_string(case_id) + "/verstrekkingen", lpa_).body)["verstrekkingen"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["documentatie"]["compatibility"], basis["verenigbaarheid"]);

  // Police data never go this way: after the Halt referral the case is WPG.
  ASSERT_EQ(Call("POST", "/api/v1/zaken/" + std::to_string(case_id) + "/fase", lpa_, {{"fase", "halt"}}).status, 200);
  const HttpReply police = Call("POST", path, lpa_, {{"grondslag", basis_id}, {"velden", {"naam"}}});
  EXPECT_EQ(police.status, 403);
  EXPECT_NE(police.body.find("art. 20 Wpg-besluit"), std::string::npos) << police.body;

  // An ended basis opens nothing.
  const std::int64_t other_case = Created(Call("POST", "/api/v1/zaken", lpa_, {{"jongere", youth_}, {"categorie", "absoluut-verzuim"}}));
  ASSERT_EQ(Call("POST", "/api/v1/aparte-grondslagen/" + std::to_string(basis_id) + "/beeindigen", jurist).status, 200);
  const HttpReply ended = Call("POST", "/api/v1/zaken/" + std::to_string(other_case) + "/uitzonderlijke-verstrekkingen",
                               lpa_, {{"grondslag", basis_id}, {"velden", {"naam"}}});
  EXPECT_EQ(ended.status, 403);
  EXPECT_NE(ended.body.find("geen doelbinding onder AVG"), std::string::npos) << ended.body;
}

// SPEC C-15: a youth is eligible for covenant exchange as soon as he meets the thuiszitter
// definition, ad hoc at case level and in the quarter's list; relative absence is not a trigger.
TEST_F(RegimeBTest, C_15_a_thuiszitter_is_exchanged_at_once_ad_hoc_and_in_the_quarter_list) {
  const std::int64_t case_id = RegisterNoor();  // langdurig verzuim from today, 2025-03-14
  const HttpReply ad_hoc = Call("POST", "/api/v1/zaken/" + std::to_string(case_id) + "/verstrekkingen", lpa_, Draft(true));
  ASSERT_EQ(ad_hoc.status, 201) << ad_hoc.body;
  const std::string list_path = std::string("/api/v1/convenantlijsten/") + kSwv + "?jaar=2025&kwartaal=1&formaat=csv";
  const HttpReply list = Call("GET", list_path, lpa_);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_NE(list.body.find("123456782"), std::string::npos) << list.body;

  // Relative absence (with its DUO melding) is no thuiszitter: nothing may go, and it is on no list.
  const std::int64_t daan = Created(Call("POST", "/api/v1/jongeren", lpa_,
                                         {{"bsn", "232262536"}, {"naam", "Daan Smit"}, {"geboortedatum", "2012-01-01"},
                                          {"gemeente", "Ede"}, {"schoolsoort", "vo"}}));
  const std::int64_t melding = region_.ImportDuoMelding(kRbl, daan);
  ASSERT_NE(melding, 0);
  const std::int64_t relative = Created(
      Call("POST", "/api/v1/zaken", lpa_, {{"jongere", daan}, {"categorie", "relatief-verzuim"}, {"melding", melding}}));
  ASSERT_NE(relative, 0);
  const HttpReply preview =
      Call("POST", "/api/v1/zaken/" + std::to_string(relative) + "/verstrekkingen/beslissing", lpa_, Draft(false));
  ASSERT_EQ(preview.status, 200) << preview.body;
  const auto decision = nlohmann::json::parse(preview.body)["beslissing"];
  EXPECT_EQ(decision["decision"], "refused");
  EXPECT_EQ(decision["refused"][0]["reason"], "subject-not-in-scope");
  EXPECT_EQ(Call("GET", list_path, lpa_).body.find("232262536"), std::string::npos);
}

// SPEC C-39/C-40: Noor is back in school on 2025-05-12; the case closes with trigger a, the SWV
// gets the end notice, no later exchange is allowed, and the SWV's copy goes after 30 September.
TEST_F(RegimeBTest, C_39_end_of_processing_notifies_the_swv_and_C_40_its_copy_goes_next_quarter) {
  const std::int64_t case_id = RegisterNoor();
  const std::string base = "/api/v1/zaken/" + std::to_string(case_id);
  ASSERT_EQ(Call("POST", base + "/verstrekkingen", lpa_, Draft(true)).status, 201);
  region_.clock().Advance(std::chrono::hours(24 * 59));  // 2025-05-12
  lpa_ = As("lpa");
  swv_ = As("consulent");
  EXPECT_EQ(Call("POST", base + "/beeindigen", lpa_, {{"reden", "vakantie"}}).status, 400);
  const HttpReply ended = Call("POST", base + "/beeindigen", lpa_, {{"reden", "terug-naar-onderwijs"}});
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(nlohmann::json::parse(ended.body)["ontvangers_geinformeerd"], nlohmann::json::array({kSwv}));
  EXPECT_EQ(Call("POST", base + "/beeindigen", lpa_, {{"reden", "overleden"}}).status, 409);
  const auto notices = nlohmann::json::parse(Call("GET", "/api/v1/correcties", swv_).body)["correcties"];
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0]["soort"], "beeindiging");
  EXPECT_EQ(notices[0]["reden"], "terug-naar-onderwijs");
  EXPECT_EQ(notices[0]["verwijderen_na"], "2025-09-30");
  const auto closed = nlohmann::json::parse(Call("GET", base, lpa_).body);
  EXPECT_EQ(closed["fase"], "afgesloten");
  EXPECT_EQ(closed["gesloten"], "2025-05-12");
  // No exchange after the end.
  const auto after = nlohmann::json::parse(Call("POST", base + "/verstrekkingen/beslissing", lpa_, Draft(false)).body);
  EXPECT_EQ(after["beslissing"]["decision"], "refused");
  EXPECT_EQ(after["beslissing"]["refused"][0]["reason"], "processing-ended");
  // Kept for reconciliation until the end of the following quarter, then deleted (and logged).
  region_.clock().Advance(std::chrono::hours(24 * 141));  // 2025-09-30
  swv_ = As("consulent");
  EXPECT_EQ(nlohmann::json::parse(Call("GET", "/api/v1/ontvangen", swv_).body)["ontvangen"].size(), 1u);
  region_.clock().Advance(std::chrono::hours(24));  // 2025-10-01
  swv_ = As("consulent");
  EXPECT_TRUE(nlohmann::json::parse(Call("GET", "/api/v1/ontvangen", swv_).body)["ontvangen"].empty());
  EXPECT_EQ(LogCount("activity = 'ontvangen.verwijderen' AND party_id = 'swv-passend-wijs'"), 1);
  auto tx = region_.folder().db().BeginRead();
  auto rows = (*tx)->Query("SELECT COUNT(*) FROM received_data");
  EXPECT_EQ(rows->front().Int(0), 0);
}

// SPEC W-29, C-17: received data that came with a confidentiality notice (an Art. 20 Wpg
// disclosure, Art. 7 lid 2 Wpg) are compared only after the notice: without kennisgenomen=ja the
// answer is the notice alone, no BSN of the report.
TEST_F(RegimeBTest, W_29_W_28_received_comparison_shows_the_notice_before_the_report) {
  const std::int64_t case_id = RegisterNoor();
  ASSERT_EQ(Call("POST", "/api/v1/zaken/" + std::to_string(case_id) + "/verstrekkingen", lpa_, Draft(true)).status, 201);
  const std::string path = std::string("/api/v1/vergelijkingen/ontvangen?van=") + kRbl;
  // Covenant data carry no notice: the report at once.
  const auto plain = nlohmann::json::parse(Call("GET", path, swv_).body);
  EXPECT_EQ(plain["only_right"], nlohmann::json::array({"123456782"})) << plain.dump();
  // The copy as an Art. 20 disclosure would have stored it: with the decision's notice.
  {
    auto tx = region_.folder().db().BeginWrite();
    ASSERT_TRUE((*tx)->Execute("UPDATE received_data SET notice = ?", {std::string("Geheimhoudingsplicht art. 7 lid 2 Wpg.")}).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  const HttpReply first = Call("GET", path, swv_);
  ASSERT_EQ(first.status, 200) << first.body;
  const auto notice = nlohmann::json::parse(first.body);
  EXPECT_EQ(notice["vertrouwelijkheid"], nlohmann::json::array({"Geheimhoudingsplicht art. 7 lid 2 Wpg."}));
  EXPECT_TRUE(notice["rapport"].is_null());
  EXPECT_FALSE(notice.contains("matched"));
  EXPECT_EQ(first.body.find("123456782"), std::string::npos);
  EXPECT_EQ(Call("GET", path + "&formaat=csv", swv_).body.find("123456782"), std::string::npos);
  // The page too: the notice and the button to acknowledge it, no report.
  const HttpReply page = region_.Get(std::string("/vergelijken/ontvangen?van=") + kRbl, region_.FormLogin("consulent"));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Geheimhoudingsplicht art. 7 lid 2 Wpg."), std::string::npos);
  EXPECT_NE(page.body.find("Ik heb de vertrouwelijkheidsmelding gelezen; vergelijk"), std::string::npos);
  EXPECT_EQ(page.body.find("123456782"), std::string::npos);
  EXPECT_EQ(page.body.find("Verslag: eigen register"), std::string::npos);
  // Before the acknowledgement nothing was read: only the first, plain comparison's read is logged.
  EXPECT_EQ(LogCount("activity = 'ontvangen-gegevens.lezen'"), 1);
  EXPECT_EQ(LogCount("activity = 'geheimhoudingsplicht.kennisgenomen'"), 0);

  // SPEC W-28: police data are compared only in a session with a second factor; refused and logged.
  const HttpReply without = Call("GET", path + "&kennisgenomen=ja", swv_);
  EXPECT_EQ(without.status, 403) << without.body;
  EXPECT_NE(without.body.find("tweede factor"), std::string::npos) << without.body;
  EXPECT_EQ(without.body.find("123456782"), std::string::npos);
  EXPECT_EQ(LogCount("activity = 'ontvangen-gegevens.geweigerd' AND outcome = 'refused'"), 1);
  EXPECT_EQ(LogCount("activity = 'ontvangen-gegevens.lezen'"), 1);

  ASSERT_NO_FATAL_FAILURE(EnableSecondFactor(swv_));
  const auto report = nlohmann::json::parse(Call("GET", path + "&kennisgenomen=ja", swv_).body);
  EXPECT_EQ(report["only_right"], nlohmann::json::array({"123456782"})) << report.dump();
  // The acknowledgement is an event about the youth, logged before the read (W-29).
  EXPECT_EQ(LogCount("activity = 'geheimhoudingsplicht.kennisgenomen' AND seq < (SELECT MAX(seq) FROM processing_log "
                     "WHERE activity = 'ontvangen-gegevens.lezen')"),
            1);
  EXPECT_EQ(LogCount("activity = 'ontvangen-gegevens.lezen'"), 2);
}

// SPEC C-36, W-30: every covenant exchange is in the register of both parties' FG: a case
// disclosure and the released quarterly list, each with the parties, the time, the records per
// category, the fields, the purpose and the covenant version. The sender's own worker may not read
// the register (refused and logged); the FG exports it as CSV. Only a released list counts.
TEST_F(RegimeBTest, C_36_W_30_the_fg_sees_every_exchange_in_the_register) {
  ASSERT_NO_FATAL_FAILURE(region_.AddUser(kRbl, "fg-rbl", "F. Gegevens", {"fg"}));
  ASSERT_NO_FATAL_FAILURE(region_.AddUser(kSwv, "fg-swv", "F. Verbinding", {"fg"}));
  const std::int64_t case_id = RegisterNoor();
  ASSERT_EQ(Call("POST", "/api/v1/zaken/" + std::to_string(case_id) + "/verstrekkingen", lpa_, Draft(true)).status,
            201);
  const std::string list_path = std::string("/api/v1/convenantlijsten/") + kSwv + "?jaar=2025&kwartaal=1";
  const HttpReply list = Call("GET", list_path + "&formaat=csv", lpa_);
  ASSERT_EQ(list.status, 200) << list.body;

  const std::string path = "/api/v1/verstrekkingenregister?jaar=2025&kwartaal=1";
  const HttpReply reply = Call("GET", path, As("fg-rbl"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto entries = nlohmann::json::parse(reply.body)["verstrekkingen"];
  ASSERT_EQ(entries.size(), 2u) << entries.dump();
  const auto& one = entries[0];
  EXPECT_EQ(one["richting"], "uitgaand");
  EXPECT_EQ(one["verstrekker"], kRbl);
  EXPECT_EQ(one["ontvanger"], kSwv);
  EXPECT_EQ(one["overeenkomst"], kCovenant);
  EXPECT_EQ(one["versie"], 1);
  EXPECT_EQ(one["route"], "convenant");
  EXPECT_EQ(one["soort"], "verstrekking");
  EXPECT_EQ(one["aantal"], 1);
  EXPECT_EQ(one["categorieen"], nlohmann::json({{"langdurig-verzuim", 1}}));
  EXPECT_EQ(one["doel"], "thuiszitters-in-beeld");
  EXPECT_EQ(one["verzender"], "K. Jansen");
  EXPECT_EQ(one["zaak"], case_id);
  EXPECT_FALSE(one["ontvangen"].is_null());  // C-33: delivered in the sending transaction
  const std::vector<std::string> fields = one["velden"];
  EXPECT_NE(std::find(fields.begin(), fields.end(), "bsn"), fields.end());
  EXPECT_EQ(std::find(fields.begin(), fields.end(), "halt_verwijzing"), fields.end());  // refused, not sent
  const auto& quarterly = entries[1];
  EXPECT_EQ(quarterly["soort"], "kwartaallijst");
  EXPECT_EQ(quarterly["ontvanger"], kSwv);
  EXPECT_EQ(quarterly["aantal"], 1);
  EXPECT_EQ(quarterly["categorieen"], nlohmann::json({{"langdurig-verzuim", 1}}));
  EXPECT_EQ(quarterly["velden"], nlohmann::json({"bsn", "verzuim_startdatum", "school_laatst_bekend"}));
  EXPECT_EQ(quarterly["doel"], "kwartaalvergelijking");
  EXPECT_TRUE(quarterly["ontvangen"].is_null());  // the file goes by the parties' own channel
  EXPECT_EQ(reply.body.find("123456782"), std::string::npos);  // no content, no BSN
  EXPECT_EQ(reply.body.find("Noor"), std::string::npos);

  // The recipient's FG sees the same exchanges, incoming, without the sender's case or person.
  const auto incoming = nlohmann::json::parse(Call("GET", path, As("fg-swv")).body)["verstrekkingen"];
  ASSERT_EQ(incoming.size(), 2u) << incoming.dump();
  for (const auto& e : incoming) {
    EXPECT_EQ(e["richting"], "inkomend");
    EXPECT_FALSE(e.contains("zaak")) << e.dump();
    EXPECT_FALSE(e.contains("verzender")) << e.dump();
  }

  // The export; the leerplichtambtenaar may not read the register; another quarter is empty.
  const HttpReply csv = Call("GET", path + "&formaat=csv", As("fg-rbl"));
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 3) << csv.body;
  EXPECT_NE(csv.body.find(";kwartaallijst;1;langdurig-verzuim=1;bsn verzuim_startdatum school_laatst_bekend;"),
            std::string::npos)
      << csv.body;
  EXPECT_EQ(Call("GET", path, lpa_).status, 403);
  EXPECT_EQ(LogCount("activity = 'verstrekkingenregister.geweigerd' AND outcome = 'refused'"), 1);
  EXPECT_EQ(LogCount("activity = 'verstrekkingenregister.lezen'"), 3);
  EXPECT_TRUE(nlohmann::json::parse(Call("GET", "/api/v1/verstrekkingenregister?jaar=2025&kwartaal=2", As("fg-rbl")).body)
                  ["verstrekkingen"]
                      .empty());
  EXPECT_EQ(Call("GET", "/api/v1/verstrekkingenregister?jaar=2025&kwartaal=5", As("fg-rbl")).status, 400);
}

// SPEC C-34: each party's records stay in its own tenant. The SWV's consultant asking for the
// RBL's case gets the answer an unknown number gets, and the attempt is in his party's log, by
// case number only; an unknown number is not an attempt on anyone's data and is not logged.
TEST_F(RegimeBTest, C_34_another_partys_case_is_not_found_and_the_attempt_is_logged) {
  const std::string id = std::to_string(RegisterNoor());
  const HttpReply theirs = Call("GET", "/api/v1/zaken/" + id, swv_);
  const HttpReply unknown = Call("GET", "/api/v1/zaken/987654", swv_);
  EXPECT_EQ(theirs.status, 404);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(theirs.body, unknown.body);
  EXPECT_EQ(Call("POST", "/api/v1/zaken/" + id + "/verstrekkingen/beslissing", swv_, Draft(false)).status, 404);
  EXPECT_EQ(LogCount(std::string("activity = 'zaak.andere-partij' AND outcome = 'refused' AND party_id = '") + kSwv +
                     "' AND subject = 'zaak:" + id + "' AND subject_type = 'zaak'"),
            2);
  EXPECT_EQ(LogCount("activity = 'zaak.andere-partij' AND subject = 'zaak:987654'"), 0);
  EXPECT_EQ(Call("GET", "/api/v1/zaken/" + id, lpa_).status, 200);  // the owner still reads it
  EXPECT_EQ(LogCount("activity = 'zaak.andere-partij'"), 2);
}

// SPEC C-35: received covenant data go no further, unless a statutory obligation is recorded;
// then the originating party is told at once (a notice in its space, the same day), and both
// sides log it. A blank obligation is none.
TEST_F(RegimeBTest, C_35_onward_disclosure_only_under_a_recorded_statutory_obligation) {
  const std::int64_t case_id = RegisterNoor();
  const HttpReply sent =
      Call("POST", "/api/v1/zaken/" + std::to_string(case_id) + "/verstrekkingen", lpa_, Draft(true));
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string path =
      "/api/v1/ontvangen/" + std::to_string(nlohmann::json::parse(sent.body)["id"].get<std::int64_t>()) +
      "/doorsturen";
  const HttpReply blocked = Call("POST", path, swv_,
                                 {{"ontvanger", "swv-de-verbinding"}, {"overeenkomst", kCovenant},
                                  {"doel", "thuiszitters-in-beeld"}});
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(Call("POST", path, swv_, {{"ontvanger", "Inspectie van het Onderwijs"}, {"wettelijke_verplichting", " "}})
                .status,
            400);
  EXPECT_EQ(LogCount("activity = 'doorverstrekking.gemeld'"), 0);

  const HttpReply reported =
      Call("POST", path, swv_,
           {{"ontvanger", "Inspectie van het Onderwijs"},
            {"wettelijke_verplichting", "artikel 11 Wet op het onderwijstoezicht"}});
  ASSERT_EQ(reported.status, 201) << reported.body;
  EXPECT_EQ(nlohmann::json::parse(reported.body)["gemeld_aan"], kRbl);

  // The RBL's privacy officer knows the same day, with the recipient, the obligation and the fields.
  ASSERT_NO_FATAL_FAILURE(region_.AddUser(kRbl, "fg-rbl", "F. Gegevens", {"fg"}));
  const auto reg = nlohmann::json::parse(
      Call("GET", "/api/v1/verstrekkingenregister?jaar=2025&kwartaal=1", As("fg-rbl")).body);
  const auto onward = reg["doorverstrekkingen"];
  ASSERT_EQ(onward.size(), 1u) << reg.dump();
  EXPECT_EQ(onward[0]["doorverstrekt_door"], kSwv);
  EXPECT_EQ(onward[0]["gemeld_aan"], kRbl);
  EXPECT_NE(onward[0]["toelichting"].get<std::string>().find("aan Inspectie van het Onderwijs op grond van artikel 11"),
            std::string::npos);
  EXPECT_NE(onward[0]["velden"].get<std::string>().find("bsn"), std::string::npos);
  EXPECT_EQ(onward[0]["op"].get<std::string>().substr(0, 10), "2025-03-14");  // the day it went on
  // The FG's CSV export holds it too, as a row of its own.
  const HttpReply csv = Call("GET", "/api/v1/verstrekkingenregister?jaar=2025&kwartaal=1&formaat=csv", As("fg-rbl"));
  ASSERT_EQ(csv.status, 200) << csv.body;
  const std::size_t row = csv.body.find(";gemeld;2025-03-14");
  ASSERT_NE(row, std::string::npos) << csv.body;
  const std::string line = csv.body.substr(row, csv.body.find("\r\n", row) - row);
  EXPECT_NE(line.find(";doorverstrekking;"), std::string::npos) << line;
  EXPECT_NE(line.find("aan Inspectie van het Onderwijs op grond van artikel 11 Wet op het onderwijstoezicht"),
            std::string::npos)
      << line;
  // The SWV's consultant sees nothing of it as a correction of his own received data.
  EXPECT_TRUE(nlohmann::json::parse(Call("GET", "/api/v1/correcties", swv_).body)["correcties"].empty());
  EXPECT_EQ(LogCount(std::string("activity = 'doorverstrekking.gemeld' AND party_id = '") + kRbl + "'"), 1);
  EXPECT_EQ(LogCount(std::string("activity = 'ontvangen-gegevens.doorverstrekken' AND party_id = '") + kSwv +
                     "' AND recipient = 'Inspectie van het Onderwijs'"),
            1);
  // Only the party that received the data can report passing them on: another SWV's consultant
  // finds no such disclosure; the RBL's leerplichtambtenaar may not read received data at all.
  ASSERT_NO_FATAL_FAILURE(region_.AddParty("swv-de-verbinding", "Samenwerkingsverband De Verbinding", "swv"));
  ASSERT_NO_FATAL_FAILURE(region_.AddUser("swv-de-verbinding", "consulent-v", "V. Verbinding", {"swv-consulent"}));
  const nlohmann::json report = {{"ontvanger", "Inspectie van het Onderwijs"},
                                 {"wettelijke_verplichting", "artikel 11 WOT"}};
  EXPECT_EQ(Call("POST", path, As("consulent-v"), report).status, 404);
  EXPECT_EQ(Call("POST", path, lpa_, report).status, 403);
  EXPECT_EQ(LogCount("activity = 'doorverstrekking.gemeld'"), 1);
}

// SPEC C-36, W-30: the register is cut per quarter at Dutch midnight. A disclosure at 00:30 on
// 1 April (22:30 UTC on 31 March, summer time) is in Q2, not in Q1.
TEST_F(RegimeBTest, C_36_the_register_cuts_quarters_at_dutch_midnight) {
  const char* old_zone = std::getenv("TZ");
  const std::string restore = old_zone != nullptr ? old_zone : "";
  ::setenv("TZ", "Europe/Amsterdam", 1);
  ::tzset();
  ASSERT_NO_FATAL_FAILURE(region_.AddUser(kRbl, "fg-rbl", "F. Gegevens", {"fg"}));
  const std::int64_t case_id = RegisterNoor();
  region_.clock().Advance(std::chrono::minutes(418 * 60 + 30));  // 2025-03-31T22:30Z
  lpa_ = As("lpa");
  ASSERT_EQ(Call("POST", "/api/v1/zaken/" + std::to_string(case_id) + "/verstrekkingen", lpa_, Draft(true)).status, 201);
  const Login fg = As("fg-rbl");
  auto count = [&](int quarter) {
    const HttpReply reply =
        Call("GET", "/api/v1/verstrekkingenregister?jaar=2025&kwartaal=" + std::to_string(quarter), fg);
    EXPECT_EQ(reply.status, 200) << reply.body;
    return nlohmann::json::parse(reply.body)["verstrekkingen"].size();
  };
  const std::size_t q1 = count(1);
  const std::size_t q2 = count(2);
  if (old_zone != nullptr) {
    ::setenv("TZ", restore.c_str(), 1);
  } else {
    ::unsetenv("TZ");
  }
  ::tzset();
  EXPECT_EQ(q1, 0u);
  EXPECT_EQ(q2, 1u);
}

class RegimeATest : public DisclosureApiTest {
  const char* Regime() const override { return "vanaf-melding"; }
};

// SPEC R-11: under Regime A a case with a DUO melding is police data; the covenant does not carry
// it to the SWV (no art. 20 decision names the SWV here).
TEST_F(RegimeATest, R_11_covenant_exchange_refused_for_a_wpg_case) {
  const std::int64_t case_id = OpenNoorOnMelding();
  EXPECT_EQ(nlohmann::json::parse(Call("GET", "/api/v1/zaken/" + std::to_string(case_id), lpa_).body)["label"], "WPG");
  const HttpReply preview =
      Call("POST", "/api/v1/zaken/" + std::to_string(case_id) + "/verstrekkingen/beslissing", lpa_, Draft(false));
  ASSERT_EQ(preview.status, 200) << preview.body;
  const auto decision = nlohmann::json::parse(preview.body)["beslissing"];
  EXPECT_EQ(decision["decision"], "refused");
  for (const auto& r : decision["refused"]) EXPECT_EQ(r["reason"], "wpg-excluded") << r.dump();
  EXPECT_EQ(Call("POST", "/api/v1/zaken/" + std::to_string(case_id) + "/verstrekkingen", lpa_, Draft(true)).status, 403);
  EXPECT_EQ(LogCount("activity = 'verstrekking.geweigerd' AND outcome = 'refused'"), 1);
  EXPECT_EQ(LogCount("activity = 'ontvangst'"), 0);
}

// SPEC R-11, C-31 and the one gate: the quarterly covenant list is a disclosure to the SWV like
// any other. Under Regime A a thuiszitter whose case rests on a DUO melding is police data, so the
// complete list is still refused by the engine, with the R-11 reason, and no BSN leaves.
TEST_F(RegimeATest, R_11_the_quarterly_covenant_list_is_refused_for_a_wpg_case) {
  ASSERT_NE(OpenNoorOnMelding(), 0);
  const std::string path = std::string("/api/v1/convenantlijsten/") + kSwv + "?jaar=2025&kwartaal=1";
  const HttpReply list = Call("GET", path, lpa_);
  ASSERT_EQ(list.status, 403) << list.body;
  const auto body = nlohmann::json::parse(list.body);
  EXPECT_TRUE(body["volledig"].get<bool>());  // complete, and still refused
  EXPECT_EQ(body["ontvanger"], kSwv);
  EXPECT_EQ(body["overeenkomst"], kCovenant);
  ASSERT_FALSE(body["geweigerd"].empty());
  for (const auto& r : body["geweigerd"]) {
    EXPECT_EQ(r["reden"], "wpg-excluded") << r.dump();
    EXPECT_NE(r["toelichting"].get<std::string>().find("art. 20-beslissing"), std::string::npos) << r.dump();
  }
  EXPECT_FALSE(body.contains("regels"));
  const HttpReply csv = Call("GET", path + "&formaat=csv", lpa_);
  EXPECT_EQ(csv.status, 403);
  EXPECT_EQ(csv.body.find("123456782"), std::string::npos);
  EXPECT_EQ(LogCount("activity = 'convenantlijst.geweigerd' AND outcome = 'refused'"), 2);
}

// The same list under Regime B is AVG data and goes, decided under the covenant; once the party
// no longer designates its sender under the covenant, it is refused (SPEC W-09) and nothing leaves.
TEST_F(RegimeBTest, C_16_W_09_the_covenant_list_is_decided_by_the_engine) {
  AddNoor();
  ASSERT_NE(Created(Call("POST", "/api/v1/zaken", lpa_, {{"jongere", youth_}, {"categorie", "langdurig-verzuim"}})),
            0);
  const std::string path = std::string("/api/v1/convenantlijsten/") + kSwv + "?jaar=2025&kwartaal=1";
  const HttpReply list = Call("GET", path, lpa_);
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(nlohmann::json::parse(list.body)["ontvanger"], kSwv);
  EXPECT_NE(Call("GET", path + "&formaat=csv", lpa_).body.find("123456782"), std::string::npos);

  // The RBL's management ends the designation of its leerplichtambtenaren under the covenant.
  const Login manager = As("rbl-beheer");
  const auto designations = nlohmann::json::parse(
      Call("GET", std::string("/api/v1/aanwijzingen?overeenkomst=") + kCovenant, manager).body)["aanwijzingen"];
  ASSERT_EQ(designations.size(), 1u) << designations.dump();
  ASSERT_EQ(Call("POST", "/api/v1/aanwijzingen/" + std::to_string(designations[0]["id"].get<std::int64_t>()) +
                             "/beeindigen",
                 manager)
                .status,
            204);
  const HttpReply undesignated = Call("GET", path + "&formaat=csv", lpa_);
  ASSERT_EQ(undesignated.status, 403) << undesignated.body;
  EXPECT_EQ(undesignated.body.find("123456782"), std::string::npos);
  const auto refused = nlohmann::json::parse(undesignated.body)["geweigerd"];
  ASSERT_FALSE(refused.empty());
  EXPECT_EQ(refused[0]["reden"], "sender-not-designated");
}

// The RBL under Regime A with kArt20Toml naming the SWV as partner (SPEC R-11's second case), for
// the art. 20 route's own duties.
class Art20Test : public DisclosureApiTest {
 protected:
  const char* Regime() const override { return "vanaf-melding"; }
  void BeforeServer() override {
    std::ofstream(region_.dir().Sub("data") + "/agreements/" + kArt20 + ".toml") << kArt20Toml;
  }
  void SetUp() override {
    DisclosureApiTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(region_.Designate("rbl-beheer", "leerplichtambtenaar", kArt20));
    ASSERT_NO_FATAL_FAILURE(region_.Designate("swv-beheer", "swv-consulent", kArt20));
    // Police data reach only a recipient who signs in with a second factor (SPEC W-28).
    ASSERT_NO_FATAL_FAILURE(EnableSecondFactor(swv_));
    // Noor's case rests on a DUO melding: under Regime A police data, so the art. 20 route.
    AddNoor();
    for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{
             {"adres", "Kerkstraat 1, 6711 AA Ede"}, {"school_laatst_bekend", "De Meerwaarde (12AB)"}}) {
      ASSERT_EQ(Call("POST", "/api/v1/jongeren/" + std::to_string(youth_) + "/gegevens", lpa_,
                     {{"veld", field}, {"waarde", value}})
                    .status,
                200);
    }
    const std::int64_t melding = region_.ImportDuoMelding(kRbl, youth_);
    ASSERT_NE(melding, 0);
    case_ = Created(Call("POST", "/api/v1/zaken", lpa_,
                         {{"jongere", youth_}, {"categorie", "langdurig-verzuim"}, {"melding", melding}}));
    ASSERT_NE(case_, 0);
  }

  nlohmann::json Art20Draft() const {
    return {{"ontvanger", kSwv},
            {"overeenkomst", kArt20},
            {"doel", "aanpak-schoolverzuim"},
            {"velden", {"bsn", "naam", "geboortedatum", "adres", "school_laatst_bekend", "verzuim_startdatum"}}};
  }
  HttpReply Send(const nlohmann::json& body) {
    return Call("POST", "/api/v1/zaken/" + std::to_string(case_) + "/verstrekkingen", lpa_, body);
  }
  // Art20Draft with the quality check confirmed, anonymised: the shortest draft that is sent.
  nlohmann::json AnonymisedDraft() const {
    nlohmann::json body = Art20Draft();
    body["kwaliteit_gecontroleerd"] = true;
    body["anonimisering"] = "geanonimiseerd";
    return body;
  }
  // Sends it; the API path of the recipient's copy, "" when it was not sent.
  std::string SendAnonymised() {
    const HttpReply sent = Send(AnonymisedDraft());
    EXPECT_EQ(sent.status, 201) << sent.body;
    if (sent.status != 201) return "";
    return "/api/v1/ontvangen/" + std::to_string(nlohmann::json::parse(sent.body)["id"].get<std::int64_t>());
  }

  std::int64_t case_ = 0;
};

// SPEC W-21, W-26, Q-47: before an art. 20 disclosure the sender records the choice between an
// anonymised and an identifiable disclosure (with the weighing for identifiable data) and the
// quality check or why it was not feasible; an anonymised disclosure leaves the identifiers out,
// gives the age instead of the date of birth and carries a case pseudonym.
TEST_F(Art20Test, W_21_W_26_the_choice_the_weighing_and_the_quality_check_are_required_and_recorded) {
  nlohmann::json body = Art20Draft();
  body["kwaliteit_gecontroleerd"] = true;
  const HttpReply no_choice = Send(body);
  EXPECT_EQ(no_choice.status, 400);
  EXPECT_NE(no_choice.body.find("W-21"), std::string::npos) << no_choice.body;
  body["anonimisering"] = "identificeerbaar";
  const HttpReply no_weighing = Send(body);
  EXPECT_EQ(no_weighing.status, 400);
  EXPECT_NE(no_weighing.body.find("afweging"), std::string::npos) << no_weighing.body;
  body["anonimisering"] = "geanonimiseerd";
  body["kwaliteit_gecontroleerd"] = false;
  const HttpReply no_quality = Send(body);
  EXPECT_EQ(no_quality.status, 400);
  EXPECT_NE(no_quality.body.find("W-26"), std::string::npos) << no_quality.body;
  EXPECT_EQ(LogCount("activity = 'ontvangst'"), 0);  // nothing was sent

  // Anonymised, the quality check not feasible (the reason is recorded).
  body["kwaliteit_niet_uitvoerbaar"] = "BRP-koppeling storing";
  const HttpReply sent = Send(body);
  ASSERT_EQ(sent.status, 201) << sent.body;
  const auto out = nlohmann::json::parse(sent.body);
  const std::set<std::string> verstrekt(out["verstrekt"].begin(), out["verstrekt"].end());
  EXPECT_EQ(verstrekt, (std::set<std::string>{"geboortedatum", "school_laatst_bekend", "verzuim_startdatum"}));
  const std::set<std::string> left_out(out["geanonimiseerd_weggelaten"].begin(), out["geanonimiseerd_weggelaten"].end());
  EXPECT_EQ(left_out, (std::set<std::string>{"bsn", "naam", "adres"}));
  const std::string pseudonym = out["pseudoniem"];
  EXPECT_EQ(pseudonym.rfind("zaak-", 0), 0u) << pseudonym;

  // What the SWV receives: no identity, the age, the pseudonym.
  const std::string received_path = "/api/v1/ontvangen/" + std::to_string(out["id"].get<std::int64_t>());
  const HttpReply received = Call("GET", received_path + "?kennisgenomen=ja", swv_);
  ASSERT_EQ(received.status, 200) << received.body;
  EXPECT_EQ(received.body.find("123456782"), std::string::npos);
  EXPECT_EQ(received.body.find("Noor"), std::string::npos);
  EXPECT_EQ(received.body.find("Kerkstraat"), std::string::npos);
  EXPECT_EQ(received.body.find("2011-04-02"), std::string::npos);
  std::map<std::string, std::string> items;
  const auto received_json = nlohmann::json::parse(received.body);
  for (const auto& item : received_json["gegevens"]) items[item["veld"]] = item["waarde"];
  EXPECT_EQ(items["geboortedatum"], "13 jaar");  // born 2011-04-02, sent on 2025-03-21
  EXPECT_EQ(items["pseudoniem"], pseudonym);

  // The documentation record keeps the choice and the quality check.
  const auto list = nlohmann::json::parse(
      Call("GET", "/api/v1/zaken/" + std::to_string(case_) + "/verstrekkingen", lpa_).body)["verstrekkingen"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["documentatie"]["anonymisation"], "geanonimiseerd");
  EXPECT_EQ(list[0]["documentatie"]["quality_check"], "niet praktisch uitvoerbaar: BRP-koppeling storing");
  EXPECT_EQ(list[0]["documentatie"]["pseudonym"], pseudonym);

  // Identifiable, with the weighing: the identity goes, and the weighing is on record.
  body["anonimisering"] = "identificeerbaar";
  body["afweging"] = "school moet de jongere kunnen benaderen; ouders weigeren begeleiding";
  const HttpReply identifiable = Send(body);
  ASSERT_EQ(identifiable.status, 201) << identifiable.body;
  const auto sent2 = nlohmann::json::parse(identifiable.body);
  EXPECT_FALSE(sent2.contains("pseudoniem"));
  const std::set<std::string> verstrekt2(sent2["verstrekt"].begin(), sent2["verstrekt"].end());
  EXPECT_TRUE(verstrekt2.count("bsn") == 1 && verstrekt2.count("naam") == 1) << identifiable.body;
  const auto list2 = nlohmann::json::parse(
      Call("GET", "/api/v1/zaken/" + std::to_string(case_) + "/verstrekkingen", lpa_).body)["verstrekkingen"];
  ASSERT_EQ(list2.size(), 2u);
  bool weighed = false;
  for (const auto& d : list2) weighed = weighed || d["documentatie"].value("weighing", "") == body["afweging"];
  EXPECT_TRUE(weighed) << list2.dump();
}

// SPEC W-27's own example: the date of birth is corrected after it was disclosed. Every recipient
// is notified the same day; an anonymised copy gets the corrected age, never the date.
// SPEC W-29: the recipient of police data sees the notice first; the content comes only with the
// acknowledgement, which is logged as its own event, about the youth, before the read.
// SPEC W-20: the decision gives the SWV a default profile; a field the flow allows beyond it (the
// telephone number) leaves only with a written justification, which is kept in the documentation
// record. An anonymised disclosure leaves the number out, so it needs none.
TEST_F(Art20Test, W_20_a_field_beyond_the_recipients_profile_needs_a_written_justification) {
  ASSERT_EQ(Call("POST", "/api/v1/jongeren/" + std::to_string(youth_) + "/gegevens", lpa_,
                 {{"veld", "telefoon"}, {"waarde", "0612345678"}})
                .status,
            200);
  nlohmann::json body = Art20Draft();
  body["velden"].push_back("telefoon");
  const HttpReply preview =
      Call("POST", "/api/v1/zaken/" + std::to_string(case_) + "/verstrekkingen/beslissing", lpa_, body);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_EQ(nlohmann::json::parse(preview.body)["buiten_profiel"], nlohmann::json::array({"telefoon"}));

  body["kwaliteit_gecontroleerd"] = true;
  body["anonimisering"] = "identificeerbaar";
  body["afweging"] = "de school moet de ouders kunnen bellen";
  const HttpReply unjustified = Send(body);
  EXPECT_EQ(unjustified.status, 400);
  EXPECT_NE(unjustified.body.find("W-20"), std::string::npos) << unjustified.body;
  body["onderbouwing"] = {{"telefoon", "   "}};
  EXPECT_EQ(Send(body).status, 400);  // blank is no justification
  EXPECT_EQ(LogCount("activity = 'ontvangst'"), 0);

  body["onderbouwing"] = {{"telefoon", "consulent moet ouders bereiken die begeleiding weigeren"}};
  const HttpReply justified = Send(body);
  ASSERT_EQ(justified.status, 201) << justified.body;
  const std::vector<std::string> sent = nlohmann::json::parse(justified.body)["verstrekt"];
  EXPECT_NE(std::find(sent.begin(), sent.end(), "telefoon"), sent.end());
  const auto list = nlohmann::json::parse(
      Call("GET", "/api/v1/zaken/" + std::to_string(case_) + "/verstrekkingen", lpa_).body)["verstrekkingen"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["documentatie"]["justifications"]["telefoon"],
            "consulent moet ouders bereiken die begeleiding weigeren");

  // Anonymised, the number does not go: no justification asked.
  body.erase("onderbouwing");
  body["anonimisering"] = "geanonimiseerd";
  EXPECT_EQ(Send(body).status, 201);
}

// SPEC W-23, Q-08: data about a third party from the OM stay secret (art. 52 lid 1 Wjsg) until the
// LPA records an exception and a second officer approves it; the exception opens one disclosure to
// the named recipient, and the log shows the ground and the approver.
TEST_F(Art20Test, W_23_om_data_leave_only_with_an_exception_a_second_officer_approved) {
  const std::int64_t tl_id = region_.AddUser(kRbl, "tl", "T. Leider", {"teamleider-leerplicht"});
  ASSERT_NE(tl_id, 0);
  ASSERT_EQ(Call("POST", "/api/v1/jongeren/" + std::to_string(youth_) + "/gegevens", lpa_,
                 {{"veld", "om_gegevens"}, {"waarde", "OM-informatie over vader: lopende vervolging"}})
                .status,
            200);
  nlohmann::json body = AnonymisedDraft();
  body["velden"] = {"school_laatst_bekend", "om_gegevens"};
  const std::string preview_path = "/api/v1/zaken/" + std::to_string(case_) + "/verstrekkingen/beslissing";

  // Without an exception: refused for its secrecy, and the rest still goes.
  const auto before = nlohmann::json::parse(Call("POST", preview_path, lpa_, body).body);
  ASSERT_EQ(before["beslissing"]["refused"].size(), 1u) << before.dump();
  EXPECT_EQ(before["beslissing"]["refused"][0]["field"], "om_gegevens");
  EXPECT_EQ(before["beslissing"]["refused"][0]["reason"], "om-secrecy");
  EXPECT_NE(before["beslissing"]["refused"][0]["explanation"].get<std::string>().find("eheimhouding art. 52 Wjsg"),
            std::string::npos);
  EXPECT_TRUE(before["om_uitzondering"].is_null());
  const HttpReply first = Send(body);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(nlohmann::json::parse(first.body)["verstrekt"], nlohmann::json({"school_laatst_bekend"}));

  // The request: only on the art. 20 route, with a ground and its explanation.
  const nlohmann::json request = {{"zaak", case_},
                                  {"ontvanger", kSwv},
                                  {"overeenkomst", kArt20},
                                  {"doel", "aanpak-schoolverzuim"},
                                  {"grond", "noodzaak-taak"},
                                  {"toelichting", "het SWV moet weten dat vader niet benaderd kan worden"}};
  nlohmann::json covenant = request;
  covenant["overeenkomst"] = kCovenant;
  EXPECT_EQ(Call("POST", "/api/v1/om-uitzonderingen", lpa_, covenant).status, 400);
  nlohmann::json no_explanation = request;
  no_explanation["toelichting"] = " ";
  EXPECT_EQ(Call("POST", "/api/v1/om-uitzonderingen", lpa_, no_explanation).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/om-uitzonderingen", swv_, request).status, 403);  // not the SWV's to ask
  const HttpReply asked = Call("POST", "/api/v1/om-uitzonderingen", lpa_, request);
  ASSERT_EQ(asked.status, 201) << asked.body;
  const auto exception = nlohmann::json::parse(asked.body);
  EXPECT_EQ(exception["status"], "aangevraagd");
  const std::string id = std::to_string(exception["id"].get<std::int64_t>());

  // Asked is not approved: still secret.
  EXPECT_EQ(nlohmann::json::parse(Call("POST", preview_path, lpa_, body).body)["beslissing"]["refused"][0]["reason"],
            "om-secrecy");
  // Four eyes: the LPA cannot approve, nor can the other party; the team leader can, once.
  EXPECT_EQ(Call("POST", "/api/v1/om-uitzonderingen/" + id + "/goedkeuren", lpa_).status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/om-uitzonderingen/" + id + "/goedkeuren", swv_).status, 403);
  const Login tl = As("tl");
  const auto listed = nlohmann::json::parse(Call("GET", "/api/v1/om-uitzonderingen", tl).body)["uitzonderingen"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["toelichting"], request["toelichting"]);
  const HttpReply approved = Call("POST", "/api/v1/om-uitzonderingen/" + id + "/goedkeuren", tl);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(nlohmann::json::parse(approved.body)["beoordeeld_door"], "T. Leider");
  EXPECT_EQ(Call("POST", "/api/v1/om-uitzonderingen/" + id + "/afwijzen", tl).status, 409);

  // Approved: the sender sees the ground and the approver, and the OM data go.
  const auto after = nlohmann::json::parse(Call("POST", preview_path, lpa_, body).body);
  EXPECT_EQ(after["beslissing"]["decision"], "granted") << after.dump();
  EXPECT_NE(after["om_uitzondering"].get<std::string>().find("goedgekeurd door T. Leider"), std::string::npos);
  const HttpReply sent = Send(body);
  ASSERT_EQ(sent.status, 201) << sent.body;
  const auto sent_json = nlohmann::json::parse(sent.body);
  const std::set<std::string> verstrekt(sent_json["verstrekt"].begin(), sent_json["verstrekt"].end());
  EXPECT_EQ(verstrekt, (std::set<std::string>{"school_laatst_bekend", "om_gegevens"}));
  const std::string received_path = "/api/v1/ontvangen/" + std::to_string(sent_json["id"].get<std::int64_t>());
  EXPECT_NE(Call("GET", received_path + "?kennisgenomen=ja", swv_).body.find("lopende vervolging"), std::string::npos);

  // The log: the approval by the team leader with the ground, and the disclosure naming both.
  const std::string tl_actor = "user:" + std::to_string(tl_id);
  EXPECT_EQ(LogCount("activity = 'om-uitzondering.goedkeuren' AND actor = '" + tl_actor +
                     "' AND legal_basis LIKE 'art. 52 lid 1 Wjsg, uitzondering " + id + ": noodzakelijk%'"),
            1);
  EXPECT_EQ(LogCount("activity = 'verstrekking' AND fields LIKE '%om_gegevens%' AND legal_basis LIKE "
                     "'%art. 52 lid 1 Wjsg, uitzondering " + id + "%goedgekeurd door " + tl_actor + "%'"),
            1);
  // The documentation record keeps the exception.
  const auto list = nlohmann::json::parse(
      Call("GET", "/api/v1/zaken/" + std::to_string(case_) + "/verstrekkingen", lpa_).body)["verstrekkingen"];
  bool documented = false;
  for (const auto& d : list) {
    if (!d["documentatie"].contains("om_exception")) continue;
    documented = d["documentatie"]["om_exception"]["approved_by"] == tl_actor &&
                 d["documentatie"]["om_exception"]["ground"] == "noodzaak-taak";
  }
  EXPECT_TRUE(documented) << list.dump();

  // One disclosure per exception: used, the secrecy applies again.
  const auto used = nlohmann::json::parse(Call("GET", "/api/v1/om-uitzonderingen", lpa_).body)["uitzonderingen"];
  ASSERT_EQ(used.size(), 1u);
  EXPECT_EQ(used[0]["status"], "gebruikt");
  EXPECT_EQ(used[0]["gebruikt_voor_verstrekking"], sent_json["id"]);
  EXPECT_EQ(nlohmann::json::parse(Call("POST", preview_path, lpa_, body).body)["beslissing"]["refused"][0]["reason"],
            "om-secrecy");
  // The SWV has no part in the RBL's exceptions.
  EXPECT_EQ(Call("GET", "/api/v1/om-uitzonderingen", swv_).status, 403);
}

// SPEC W-25, Q-11: the decision's field profiles are offered only in the MAS phases they name; a
// profile used out of its phase is refused; each art. 20 disclosure records the phase.
TEST_F(Art20Test, W_25_field_profiles_follow_the_mas_phase) {
  const std::string case_path = "/api/v1/zaken/" + std::to_string(case_);
  auto offered = [&] {
    const HttpReply reply = Call("GET", case_path + "/veldprofielen", lpa_);
    EXPECT_EQ(reply.status, 200) << reply.body;
    std::set<std::string> ids;
    const auto body = nlohmann::json::parse(reply.body);
    for (const auto& p : body["profielen"]) ids.insert(p["id"].get<std::string>());
    return std::make_pair(body["fase"].get<std::string>(), ids);
  };
  EXPECT_EQ(offered(), std::make_pair(std::string("melding"), std::set<std::string>{"identificatie"}));
  EXPECT_EQ(LogCount("activity = 'zaak.fase.lezen'"), 1);
  EXPECT_EQ(Call("GET", case_path + "/veldprofielen", swv_).status, 404);  // not the SWV's case

  nlohmann::json body = AnonymisedDraft();
  body.erase("velden");
  body["profiel"] = "halt-pv-feit";
  const HttpReply early = Call("POST", case_path + "/verstrekkingen/beslissing", lpa_, body);
  EXPECT_EQ(early.status, 403);
  EXPECT_NE(early.body.find("past niet bij de MAS-fase"), std::string::npos) << early.body;
  body["profiel"] = "bestaat-niet";
  EXPECT_EQ(Call("POST", case_path + "/verstrekkingen/beslissing", lpa_, body).status, 400);

  // Enforcement (Halt referral): the Halt/PV profile comes into view, the identification one goes.
  ASSERT_EQ(Call("POST", case_path + "/fase", lpa_, {{"fase", "halt"}}).status, 200);
  EXPECT_EQ(offered(), std::make_pair(std::string("halt"), std::set<std::string>{"halt-pv-feit"}));
  body["profiel"] = "halt-pv-feit";
  const HttpReply preview = Call("POST", case_path + "/verstrekkingen/beslissing", lpa_, body);
  ASSERT_EQ(preview.status, 200) << preview.body;
  const auto decided = nlohmann::json::parse(preview.body);
  EXPECT_EQ(decided["fase"], "halt");
  EXPECT_EQ(decided["profiel"], "halt-pv-feit");
  EXPECT_EQ(decided["beslissing"]["granted"], nlohmann::json({"naam", "geboortedatum", "verzuim_startdatum"}));
  const HttpReply sent = Send(body);
  ASSERT_EQ(sent.status, 201) << sent.body;
  const auto list = nlohmann::json::parse(Call("GET", case_path + "/verstrekkingen", lpa_).body)["verstrekkingen"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["documentatie"]["mas_phase"], "halt");
  EXPECT_EQ(list[0]["documentatie"]["phase_profile"], "halt-pv-feit");
}

// SPEC Q-08's four eyes hold for one person with both roles: he cannot approve what he asked.
TEST_F(Art20Test, W_23_nobody_approves_his_own_exception) {
  const std::int64_t both = region_.AddUser(kRbl, "lpa-tl", "L. Dubbel", {"leerplichtambtenaar", "teamleider-leerplicht"});
  ASSERT_NE(both, 0);
  ASSERT_EQ(Call("POST", "/api/v1/zaken/" + std::to_string(case_) + "/behandelaars", lpa_, {{"gebruiker", both}}).status,
            204);
  const Login dubbel = As("lpa-tl");
  const HttpReply asked = Call("POST", "/api/v1/om-uitzonderingen", dubbel,
                               {{"zaak", case_},
                                {"ontvanger", kSwv},
                                {"overeenkomst", kArt20},
                                {"doel", "aanpak-schoolverzuim"},
                                {"grond", "wettelijk-voorschrift"},
                                {"toelichting", "art. 2:5 Jeugdwet"}});
  ASSERT_EQ(asked.status, 201) << asked.body;
  const std::string id = std::to_string(nlohmann::json::parse(asked.body)["id"].get<std::int64_t>());
  const HttpReply own = Call("POST", "/api/v1/om-uitzonderingen/" + id + "/goedkeuren", dubbel);
  EXPECT_EQ(own.status, 403);
  EXPECT_NE(own.body.find("vier ogen"), std::string::npos) << own.body;
  EXPECT_EQ(LogCount("activity = 'om-uitzondering.goedkeuren'"), 0);
  // A colleague who did not ask may.
  ASSERT_NE(region_.AddUser(kRbl, "jurist", "J. Adviseur", {"juridisch-adviseur"}), 0);
  EXPECT_EQ(Call("POST", "/api/v1/om-uitzonderingen/" + id + "/afwijzen", As("jurist")).status, 200);
  EXPECT_EQ(LogCount("activity = 'om-uitzondering.afwijzen'"), 1);
}

// SPEC W-28: a recipient who signs in without a second factor reads the notice of police data but
// not the content; the refusal is logged. The consultant with a second factor reads it.
TEST_F(Art20Test, W_28_police_data_open_only_after_a_login_with_a_second_factor) {
  ASSERT_NO_FATAL_FAILURE(region_.AddUser(kSwv, "consulent-2", "D. Zonder", {"swv-consulent"}));
  const std::string path = SendAnonymised();
  ASSERT_FALSE(path.empty());

  const Login without = As("consulent-2");
  const HttpReply notice = Call("GET", path, without);
  ASSERT_EQ(notice.status, 200) << notice.body;
  EXPECT_FALSE(nlohmann::json::parse(notice.body)["vertrouwelijkheid"].is_null());
  const HttpReply content = Call("GET", path + "?kennisgenomen=ja", without);
  EXPECT_EQ(content.status, 403);
  EXPECT_NE(content.body.find("tweede factor"), std::string::npos) << content.body;
  EXPECT_EQ(content.body.find("Meerwaarde"), std::string::npos);  // no content
  EXPECT_EQ(LogCount("activity = 'ontvangen-gegevens.geweigerd' AND outcome = 'refused'"), 1);
  EXPECT_EQ(LogCount("activity = 'ontvangen-gegevens.lezen'"), 0);

  EXPECT_EQ(Call("GET", path + "?kennisgenomen=ja", swv_).status, 200);
  EXPECT_EQ(LogCount("activity = 'ontvangen-gegevens.lezen'"), 1);
}

// SPEC W-26: before an art. 20 disclosure, an address last recorded or confirmed more than 12
// months ago is flagged; confirming it against the BRP (the same address again) renews its date,
// clears the warning, and is logged. The warning blocks nothing.
TEST_F(Art20Test, W_26_an_address_not_checked_for_a_year_is_flagged_until_confirmed) {
  const std::string path = "/api/v1/zaken/" + std::to_string(case_) + "/verstrekkingen/beslissing";
  EXPECT_TRUE(nlohmann::json::parse(Call("POST", path, lpa_, Art20Draft()).body)["waarschuwingen"].empty());
  {
    // As if the address was recorded on 2024-01-10, fourteen months before today.
    auto tx = region_.folder().db().BeginWrite();
    ASSERT_TRUE((*tx)->Execute("UPDATE youth_fields SET updated_at = ? WHERE field = 'adres'",
                               {std::string("2024-01-10T09:00:00Z")})
                    .ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  const auto stale = nlohmann::json::parse(Call("POST", path, lpa_, Art20Draft()).body);
  ASSERT_EQ(stale["waarschuwingen"].size(), 1u) << stale.dump();
  const std::string warning = stale["waarschuwingen"][0];
  EXPECT_NE(warning.find("adres niet recent geverifieerd"), std::string::npos) << warning;
  EXPECT_NE(warning.find("2024-01-10"), std::string::npos) << warning;
  // The share page shows it with the decision.
  const HttpReply page = region_.PostForm(
      "/zaken/" + std::to_string(case_) + "/delen", region_.FormLogin("lpa"),
      std::string("ontvanger=") + kSwv + "&overeenkomst=" + kArt20 + "&doel=aanpak-schoolverzuim&velden=naam&velden=adres");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("Let op: adres niet recent geverifieerd"), std::string::npos);

  ASSERT_EQ(Call("POST", "/api/v1/jongeren/" + std::to_string(youth_) + "/gegevens", lpa_,
                 {{"veld", "adres"}, {"waarde", "Kerkstraat 1, 6711 AA Ede"}})
                .status,
            200);
  EXPECT_EQ(LogCount("activity = 'jongere.bevestigen'"), 1);
  EXPECT_TRUE(nlohmann::json::parse(Call("POST", path, lpa_, Art20Draft()).body)["waarschuwingen"].empty());
}

TEST_F(Art20Test, W_29_the_acknowledgement_of_the_notice_is_logged_before_the_content) {
  const std::string path = SendAnonymised();
  ASSERT_FALSE(path.empty());

  const auto first = nlohmann::json::parse(Call("GET", path, swv_).body);
  EXPECT_NE(first["vertrouwelijkheid"].get<std::string>().find("art. 7"), std::string::npos) << first.dump();
  EXPECT_TRUE(first["gegevens"].is_null());
  EXPECT_FALSE(first.contains("kennisgenomen_op"));
  EXPECT_EQ(LogCount("activity = 'geheimhoudingsplicht.kennisgenomen'"), 0);
  EXPECT_EQ(LogCount("activity = 'ontvangen-gegevens.lezen'"), 0);

  const auto read = nlohmann::json::parse(Call("GET", path + "?kennisgenomen=ja", swv_).body);
  EXPECT_FALSE(read["gegevens"].empty());
  // The moment in the answer is the log entry's.
  EXPECT_EQ(LogCount("activity = 'geheimhoudingsplicht.kennisgenomen' AND logged_at = '" +
                     read["kennisgenomen_op"].get<std::string>() + "'"),
            1)
      << read.dump();
  EXPECT_EQ(LogCount(std::string("activity = 'geheimhoudingsplicht.kennisgenomen' AND party_id = '") + kSwv +
                     "' AND subject = (SELECT subject FROM processing_log WHERE activity = 'ontvangen-gegevens.lezen') "
                     "AND seq < (SELECT seq FROM processing_log WHERE activity = 'ontvangen-gegevens.lezen')"),
            1);
}

TEST_F(Art20Test, W_27_a_corrected_date_of_birth_reaches_every_copy_and_an_anonymised_one_as_an_age) {
  nlohmann::json body = AnonymisedDraft();
  const HttpReply anonymous = Send(body);
  ASSERT_EQ(anonymous.status, 201) << anonymous.body;
  body["anonimisering"] = "identificeerbaar";
  body["afweging"] = "de school moet de jongere kunnen benaderen";
  const HttpReply identifiable = Send(body);
  ASSERT_EQ(identifiable.status, 201) << identifiable.body;

  const HttpReply corrected = Call("POST", "/api/v1/jongeren/" + std::to_string(youth_) + "/gegevens", lpa_,
                                   {{"veld", "geboortedatum"}, {"waarde", "2010-09-01"}});
  ASSERT_EQ(corrected.status, 200) << corrected.body;
  EXPECT_EQ(nlohmann::json::parse(corrected.body)["ontvangers_geinformeerd"].size(), 2u) << corrected.body;
  auto copy_of = [&](const HttpReply& sent) {
    const std::string path = "/api/v1/ontvangen/" +
                             std::to_string(nlohmann::json::parse(sent.body)["id"].get<std::int64_t>()) +
                             "?kennisgenomen=ja";
    const auto received = nlohmann::json::parse(Call("GET", path, swv_).body);
    for (const auto& item : received["gegevens"]) {
      if (item["veld"] == "geboortedatum") return item["waarde"].get<std::string>();
    }
    return std::string("(geen)");
  };
  EXPECT_EQ(copy_of(anonymous), "14 jaar");  // born 2010-09-01, sent 2025-03-21
  EXPECT_EQ(copy_of(identifiable), "2010-09-01");
  const auto notices = nlohmann::json::parse(Call("GET", "/api/v1/correcties", swv_).body)["correcties"];
  EXPECT_EQ(notices.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(Call("GET", "/api/v1/jongeren/" + std::to_string(youth_), lpa_).body)["geboortedatum"],
            "2010-09-01");

  // The name too; the BSN is the registration's identity and is not changed this way.
  const HttpReply renamed = Call("POST", "/api/v1/jongeren/" + std::to_string(youth_) + "/gegevens", lpa_,
                                 {{"veld", "naam"}, {"waarde", "Noor Visser-de Wit"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(nlohmann::json::parse(renamed.body)["ontvangers_geinformeerd"].size(), 1u);  // not the anonymised one
  EXPECT_EQ(Call("POST", "/api/v1/jongeren/" + std::to_string(youth_) + "/gegevens", lpa_,
                 {{"veld", "bsn"}, {"waarde", "232262536"}})
                .status,
            400);
}

// The share page offers the same duties on the art. 20 route: the choice and the weighing replace
// the covenant's anonymisation checkbox, and an anonymised disclosure shows its pseudonym.
TEST_F(Art20Test, W_21_the_share_page_asks_for_the_choice_and_the_weighing) {
  const Login page_user = region_.FormLogin("lpa");
  const std::string path = "/zaken/" + std::to_string(case_) + "/delen";
  const std::string choices = std::string("ontvanger=") + kSwv + "&overeenkomst=" + kArt20 +
                              "&doel=aanpak-schoolverzuim&velden=bsn&velden=naam&velden=geboortedatum"
                              "&velden=school_laatst_bekend";
  const HttpReply preview = region_.PostForm(path, page_user, choices);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_NE(preview.body.find("Geanonimiseerd of identificeerbaar verstrekken"), std::string::npos);
  EXPECT_EQ(preview.body.find("Ik heb overwogen of minder of geanonimiseerde gegevens volstaan"), std::string::npos);

  const HttpReply no_choice = region_.PostForm(path, page_user, choices + "&kwaliteit=ja&actie=verzenden");
  EXPECT_EQ(no_choice.status, 400);
  EXPECT_NE(no_choice.body.find("Kies of u geanonimiseerd of identificeerbaar verstrekt."), std::string::npos);
  const HttpReply no_weighing =
      region_.PostForm(path, page_user, choices + "&kwaliteit=ja&verstrekkingswijze=identificeerbaar&actie=verzenden");
  EXPECT_EQ(no_weighing.status, 400);
  EXPECT_NE(no_weighing.body.find("Leg vast waarom het algemeen belang zwaarder weegt"), std::string::npos);
  EXPECT_EQ(LogCount("activity = 'ontvangst'"), 0);

  const HttpReply sent = region_.PostForm(
      path, page_user,
      choices + "&kwaliteit_niet_uitvoerbaar=BRP-koppeling+storing&verstrekkingswijze=geanonimiseerd&actie=verzenden");
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_NE(sent.body.find("Geanonimiseerd verstrekt"), std::string::npos);
  EXPECT_NE(sent.body.find("zaak-"), std::string::npos);
  EXPECT_EQ(sent.body.find("123456782"), std::string::npos);
}

// SPEC W-20 on the share page: a text area per field beyond the recipient's profile, an error
// summary entry while it is empty, and what was typed is kept.
TEST_F(Art20Test, W_20_the_share_page_asks_for_a_justification_per_field_beyond_the_profile) {
  const Login page_user = region_.FormLogin("lpa");
  const std::string path = "/zaken/" + std::to_string(case_) + "/delen";
  const std::string choices = std::string("ontvanger=") + kSwv + "&overeenkomst=" + kArt20 +
                              "&doel=aanpak-schoolverzuim&velden=naam&velden=adres&velden=telefoon";
  ASSERT_EQ(Call("POST", "/api/v1/jongeren/" + std::to_string(youth_) + "/gegevens", lpa_,
                 {{"veld", "telefoon"}, {"waarde", "0612345678"}})
                .status,
            200);
  const HttpReply preview = region_.PostForm(path, page_user, choices);
  ASSERT_EQ(preview.status, 200) << preview.body;
  EXPECT_NE(preview.body.find("Onderbouwing van de noodzaak"), std::string::npos);
  EXPECT_NE(preview.body.find("name=\"onderbouwing_telefoon\""), std::string::npos);
  EXPECT_EQ(preview.body.find("name=\"onderbouwing_adres\""), std::string::npos);  // in the profile
  // The agreement page shows the partner's profile; the covenant has none.
  const HttpReply decision_page = region_.Get(std::string("/overeenkomsten/") + kArt20, page_user);
  ASSERT_EQ(decision_page.status, 200);
  EXPECT_NE(decision_page.body.find("Standaardprofiel: "), std::string::npos);
  EXPECT_EQ(region_.Get(std::string("/overeenkomsten/") + kCovenant, page_user).body.find("Standaardprofiel"),
            std::string::npos);

  const std::string identifiable = choices + "&kwaliteit=ja&verstrekkingswijze=identificeerbaar&afweging=nodig";
  const HttpReply missing = region_.PostForm(path, page_user, identifiable + "&actie=verzenden");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("nodig is voor deze ontvanger."), std::string::npos);
  EXPECT_NE(missing.body.find("href=\"#onderbouwing_telefoon\""), std::string::npos);  // the error summary links it
  EXPECT_EQ(LogCount("activity = 'ontvangst'"), 0);

  const HttpReply sent = region_.PostForm(
      path, page_user, identifiable + "&onderbouwing_telefoon=ouders+bellen&actie=verzenden");
  ASSERT_EQ(sent.status, 201) << sent.body;
  EXPECT_EQ(LogCount("activity = 'ontvangst'"), 1);
}

// SPEC R-11, second half: under Regime A the quarterly list goes to the SWV once an art. 20
// decision in force names the SWV and covers the list (its purpose and fields). The rows of police
// data then go under that decision, each carrying its confidentiality notice (W-29), and the
// release is recorded under the decision, not the covenant: one instrument per disclosure.
class Art20ListTest : public Art20Test {
 protected:
  void BeforeServer() override {
    std::string toml = kArt20Toml;
    auto replace = [&toml](const std::string& from, const std::string& to) {
      const std::size_t at = toml.find(from);
      ASSERT_NE(at, std::string::npos) << from;
      toml.replace(at, from.size(), to);
    };
    ASSERT_NO_FATAL_FAILURE(replace("purposes = [\"aanpak-schoolverzuim\"]",
                                    "purposes = [\"aanpak-schoolverzuim\", \"kwartaalvergelijking\"]"));
    ASSERT_NO_FATAL_FAILURE(replace("[[flows]]",
                                    "[[purposes]]\nid = \"kwartaalvergelijking\"\n"
                                    "text = \"de vergelijking van de thuiszitterslijsten per kwartaal\"\n"
                                    "wpg_purpose = \"voorkomen-opsporen-strafbare-feiten\"\n\n[[flows]]"));
    std::ofstream(region_.dir().Sub("data") + "/agreements/" + kArt20 + ".toml") << toml;
  }
};

TEST_F(Art20ListTest, R_11_W_29_the_quarterly_list_goes_under_an_art20_decision_naming_the_swv) {
  // Daan's case rests on no DUO melding: AVG data even under Regime A, so his row goes under the
  // covenant, and the list leaves as two disclosures.
  const std::int64_t daan = Created(Call("POST", "/api/v1/jongeren", lpa_,
                                         {{"bsn", "234567806"}, {"naam", "Daan Bos"}, {"geboortedatum", "2011-06-01"},
                                          {"gemeente", "Ede"}, {"schoolsoort", "vo"}}));
  ASSERT_NE(Created(Call("POST", "/api/v1/zaken", lpa_, {{"jongere", daan}, {"categorie", "langdurig-verzuim"}})), 0);
  const std::string path = std::string("/api/v1/convenantlijsten/") + kSwv + "?jaar=2025&kwartaal=1";
  const HttpReply list = Call("GET", path, lpa_);
  ASSERT_EQ(list.status, 200) << list.body;
  const auto body = nlohmann::json::parse(list.body);
  EXPECT_EQ(body["ontvanger"], kSwv);
  EXPECT_EQ(body["art20_beslissing"], kArt20);
  const std::string notice = body["geheimhoudingsplicht"];
  EXPECT_NE(notice.find("art. 7 lid 2 Wpg"), std::string::npos) << notice;
  ASSERT_EQ(body["regels"].size(), 2u) << body.dump();
  for (const auto& row : body["regels"]) {
    if (row["bsn"] == "123456782") {
      EXPECT_EQ(row["geheimhoudingsplicht"], notice);
    } else {
      EXPECT_EQ(row["bsn"], "234567806");
      EXPECT_FALSE(row.contains("geheimhoudingsplicht")) << row.dump();
    }
  }
  ASSERT_TRUE(body.contains("verstrekking"));
  ASSERT_TRUE(body.contains("verstrekking_art20"));
  EXPECT_NE(body["verstrekking"], body["verstrekking_art20"]);

  const HttpReply csv = Call("GET", path + "&formaat=csv", lpa_);
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.body.rfind("bsn,categorie,startdatum,school,geheimhoudingsplicht\r\n", 0), 0u) << csv.body;
  EXPECT_NE(csv.body.find("123456782"), std::string::npos);
  EXPECT_NE(csv.body.find(notice), std::string::npos);
  EXPECT_NE(csv.body.find("234567806,langdurig-verzuim,2025-03-14,,\r\n"), std::string::npos) << csv.body;

  // The register of disclosures shows the release under the decision, with its notice.
  ASSERT_NO_FATAL_FAILURE(region_.AddUser(kRbl, "fg-rbl", "F. Gegevens", {"fg"}));
  const HttpReply reply = Call("GET", "/api/v1/verstrekkingenregister?jaar=2025&kwartaal=1", As("fg-rbl"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto entries = nlohmann::json::parse(reply.body)["verstrekkingen"];
  ASSERT_EQ(entries.size(), 4u) << entries.dump();  // the JSON and the CSV release, each one per instrument
  int under_decision = 0;
  for (const auto& e : entries) {
    EXPECT_EQ(e["soort"], "kwartaallijst") << e.dump();
    EXPECT_EQ(e["ontvanger"], kSwv) << e.dump();
    EXPECT_EQ(e["aantal"], 1) << e.dump();
    if (e["overeenkomst"] == kArt20) {
      ++under_decision;
      EXPECT_EQ(e["route"], "wpg-art20") << e.dump();
    } else {
      EXPECT_EQ(e["overeenkomst"], kCovenant) << e.dump();
    }
  }
  EXPECT_EQ(under_decision, 2);
  // Each youth's own log names the recipient of every release: two youths, two releases.
  EXPECT_EQ(LogCount(std::string("activity = 'verstrekking' AND purpose = 'kwartaalvergelijking' AND recipient = '") +
                     kSwv + "' AND fields = 'bsn,school_laatst_bekend,verzuim_startdatum'"),
            2);
  EXPECT_EQ(LogCount(std::string("activity = 'verstrekking' AND purpose = 'kwartaalvergelijking' AND recipient = '") +
                     kSwv + "' AND fields = 'bsn,verzuim_startdatum'"),
            2);

  // The page's check says which instrument carries the rows, and quotes the notice.
  const HttpReply page = region_.Get(std::string("/vergelijken/convenantlijst?swv=") + kSwv +
                                         "&jaar=2025&kwartaal=1",
                                     region_.FormLogin("lpa"));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("zijn politiegegevens (Regime A)"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("art. 7 lid 2 Wpg"), std::string::npos);
}

// An art. 20 decision that names the SWV but not the list's purpose does not carry it: the rows
// are refused under the decision (purpose limitation), and the refusal names the decision.
TEST_F(Art20Test, R_11_a_decision_without_the_list_purpose_does_not_carry_the_list) {
  const std::string path = std::string("/api/v1/convenantlijsten/") + kSwv + "?jaar=2025&kwartaal=1";
  const HttpReply list = Call("GET", path, lpa_);
  ASSERT_EQ(list.status, 403) << list.body;
  const auto body = nlohmann::json::parse(list.body);
  ASSERT_FALSE(body["geweigerd"].empty());
  for (const auto& r : body["geweigerd"]) {
    EXPECT_EQ(r["reden"], "purpose-not-covered") << r.dump();
    EXPECT_EQ(r["overeenkomst"], kArt20) << r.dump();
  }
  EXPECT_FALSE(body.contains("regels"));
  EXPECT_EQ(Call("GET", path + "&formaat=csv", lpa_).body.find("123456782"), std::string::npos);
}

}  // namespace
}  // namespace leerrecht::http
