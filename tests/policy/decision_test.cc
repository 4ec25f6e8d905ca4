#include "policy/decision.h"

#include <gtest/gtest.h>

#include "policy/explain.h"
#include "test_support.h"

namespace leerrecht::policy {
namespace {

using testing::LoadShipped;

const Agreement& Covenant() {
  static const Agreement a = LoadShipped("thuiszitters-midden-gelre");
  return a;
}
const Agreement& Art20() {
  static const Agreement a = LoadShipped("wpg-art20-mas");
  return a;
}

DisclosureRequest CovenantRequest(domain::CaseCategory category, std::initializer_list<const char*> fields) {
  DisclosureRequest r;
  r.date = Date::Ymd(2025, 3, 14);
  r.sender = {"rbl-midden-gelre", "lpa-1", "leerplichtambtenaar", true};
  r.recipient = {"swv-passend-wijs", "c-7", "swv-consulent", true};
  r.purpose = "thuiszitters-in-beeld";
  r.regime = WpgRegime::kVanafHandhaving;
  r.subject.category = category;
  r.subject.duo_melding = true;
  r.subject.phase = MasPhase::kOnderzoek;
  FieldSet seen;
  for (const char* f : fields) ExpandFieldToken(f, seen, [&](FieldId id) { r.fields.Add(id); });
  return r;
}

std::vector<std::string_view> Ids(const FieldList& list) {
  std::vector<std::string_view> out;
  for (FieldId f : list) out.push_back(Field(f).id);
  return out;
}

std::vector<std::pair<std::string_view, std::string_view>> Refusals(const Decision& d) {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  for (const auto& r : d.Refused()) out.emplace_back(Field(r.field).id, ReasonCode(r.reason));
  return out;
}

TEST(DecisionTest, C_23_C_31_langdurig_all_bijlage_1_fields_plus_halt) {
  const auto r = CovenantRequest(domain::CaseCategory::kLangdurigVerzuim,
                                 {"bsn", "naw", "school_laatst_bekend", "verzuim_startdatum", "verzuim_reden",
                                  "betrokkenheid", "halt_verwijzing"});
  const Decision d = Decide(Covenant(), r);
  EXPECT_EQ(d.outcome, Outcome::kPartial);
  EXPECT_EQ(Ids(d.granted), (std::vector<std::string_view>{"bsn", "naam", "adres", "ouder_naam", "ouder_adres",
                                                            "school_laatst_bekend", "verzuim_startdatum",
                                                            "verzuim_reden", "betrokkenheid"}));
  EXPECT_EQ(Refusals(d), (std::vector<std::pair<std::string_view, std::string_view>>{{"halt_verwijzing", "wpg-excluded"}}));
  EXPECT_NE(Explain(Covenant(), r, d, d.Refused()[0]).find("Wpg-gegevens worden niet uitgewisseld onder"),
            std::string::npos);
  EXPECT_FALSE(d.confidentiality_notice);
  const auto doc = Documentation(r, d);
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(doc->recipient, "swv-passend-wijs");
  EXPECT_EQ(doc->purpose, "thuiszitters-in-beeld");
  EXPECT_EQ(doc->category, "langdurig-verzuim");  // C-36: the categories the exchange log shows
}

TEST(DecisionTest, C_22_absoluut_verzuim_reason_is_not_in_the_table) {
  const Decision d =
      Decide(Covenant(), CovenantRequest(domain::CaseCategory::kAbsoluutVerzuim, {"bsn", "verzuim_reden"}));
  EXPECT_EQ(Refusals(d), (std::vector<std::pair<std::string_view, std::string_view>>{
                             {"verzuim_reden", "not-in-exchange-table"}}));
  EXPECT_EQ(d.outcome, Outcome::kPartial);
}

TEST(DecisionTest, R_02_R_11_regime_a_makes_every_field_police_data) {
  auto r = CovenantRequest(domain::CaseCategory::kLangdurigVerzuim, {"bsn", "naw"});
  r.regime = WpgRegime::kVanafMelding;
  const Decision d = Decide(Covenant(), r);
  EXPECT_EQ(d.outcome, Outcome::kRefused);
  ASSERT_EQ(d.refused_count, 5u);
  for (const auto& refusal : d.Refused()) EXPECT_EQ(refusal.reason, Reason::kWpgExcluded);
  EXPECT_NE(Explain(Covenant(), r, d, d.Refused()[0]).find("Regime A"), std::string::npos);
  EXPECT_FALSE(Documentation(r, d).has_value());
  // Without a DUO notification (and not absoluut) the same request is AVG data.
  r.subject.duo_melding = false;
  EXPECT_EQ(Decide(Covenant(), r).outcome, Outcome::kGranted);
  // Absoluut verzuim is police data from its detection under Regime A, melding or not.
  r.subject.category = domain::CaseCategory::kAbsoluutVerzuim;
  EXPECT_EQ(Decide(Covenant(), r).outcome, Outcome::kRefused);
}

TEST(DecisionTest, R_03_regime_b_file_moves_into_wpg_at_enforcement_but_core_fields_stay_avg) {
  auto r = CovenantRequest(domain::CaseCategory::kLangdurigVerzuim, {"bsn", "notities"});
  r.subject.phase = MasPhase::kProcesVerbaal;
  EXPECT_TRUE(IsPoliceData(*FindField("notities"), Covenant(), r));
  EXPECT_FALSE(IsPoliceData(*FindField("bsn"), Covenant(), r));
  EXPECT_EQ(Refusals(Decide(Covenant(), r)),
            (std::vector<std::pair<std::string_view, std::string_view>>{{"notities", "wpg-excluded"}}));
  r.subject.phase = MasPhase::kHulp;
  EXPECT_FALSE(IsPoliceData(*FindField("notities"), Covenant(), r));
  EXPECT_EQ(Refusals(Decide(Covenant(), r)),
            (std::vector<std::pair<std::string_view, std::string_view>>{{"notities", "not-in-exchange-table"}}));
}

TEST(DecisionTest, PoliceDataRulesApplyOnlyToALeerplichtSender) {
  auto r = CovenantRequest(domain::CaseCategory::kLangdurigVerzuim, {"bsn"});
  r.regime = WpgRegime::kVanafMelding;
  std::swap(r.sender, r.recipient);  // the SWV sends to the RBL: its data are never police data
  r.sender.role = "swv-consulent";
  r.recipient.role = "leerplichtambtenaar";
  EXPECT_FALSE(IsPoliceData(*FindField("bsn"), Covenant(), r));
}

TEST(DecisionTest, WholeRequestChecksComeInContractOrder) {
  auto r = CovenantRequest(domain::CaseCategory::kRelatiefVerzuim, {"bsn"});
  r.date = Date::Ymd(2023, 1, 1);
  r.recipient.party = "obs-de-linde";
  r.sender.designated = false;
  r.purpose = "onbekend";
  r.subject.received_from = "swv-de-liemers";
  auto first_reason = [&] { return Decide(Covenant(), r).request_refusal; };
  EXPECT_EQ(first_reason(), Reason::kAgreementNotInForce);
  r.date = Date::Ymd(2025, 3, 14);
  EXPECT_EQ(first_reason(), Reason::kPartyNotInAgreement);
  r.recipient.party = "swv-passend-wijs";
  EXPECT_EQ(first_reason(), Reason::kSenderNotDesignated);
  r.sender.designated = true;
  r.recipient.role = "directeur";  // not in [designation]
  EXPECT_EQ(first_reason(), Reason::kRecipientNotDesignated);
  r.recipient.role = "swv-consulent";
  EXPECT_EQ(first_reason(), Reason::kPurposeNotCovered);
  r.purpose = "thuiszitters-in-beeld";
  r.subject.processing_ended = "terug-naar-onderwijs";
  EXPECT_EQ(first_reason(), Reason::kProcessingEnded);
  r.subject.processing_ended.reset();
  EXPECT_EQ(first_reason(), Reason::kNoOnwardDisclosure);
  r.subject.received_from.reset();
  EXPECT_EQ(first_reason(), Reason::kSubjectNotInScope);  // no flow for relatief verzuim
  r.subject.category = domain::CaseCategory::kLangdurigVerzuim;
  EXPECT_EQ(first_reason(), std::nullopt);
}

TEST(DecisionTest, W_13_art20_covers_only_police_data) {
  DisclosureRequest r;
  r.date = Date::Ymd(2025, 6, 2);
  r.sender = {"leerplicht-voorbeeldrijk", "lpa-1", "leerplichtambtenaar", true};
  r.recipient = {"ggd-voorbeeldrijk", "ja-1", "jeugdarts", true};
  r.purpose = "hulp-verlenen";
  r.regime = WpgRegime::kVanafHandhaving;
  r.subject.category = domain::CaseCategory::kRelatiefVerzuim;
  r.subject.phase = MasPhase::kOnderzoek;
  r.fields.Add(*FindField("naam"));
  r.fields.Add(*FindField("halt_verwijzing"));
  r.fields.Add(*FindField("om_gegevens"));
  const Decision d = Decide(Art20(), r);
  EXPECT_EQ(Ids(d.granted), (std::vector<std::string_view>{"halt_verwijzing"}));
  EXPECT_EQ(Refusals(d), (std::vector<std::pair<std::string_view, std::string_view>>{
                             {"naam", "not-police-data"}, {"om_gegevens", "om-secrecy"}}));
  EXPECT_TRUE(d.confidentiality_notice);  // W-29
}

// SPEC W-23: an approved exception lifts the secrecy of OM data and is their ground under the
// decision, which lists no OM data; it opens nothing else (the request checks still hold).
TEST(DecisionTest, W_23_an_approved_exception_lifts_om_secrecy_and_nothing_else) {
  DisclosureRequest r;
  r.date = Date::Ymd(2025, 6, 2);
  r.sender = {"leerplicht-voorbeeldrijk", "lpa-1", "leerplichtambtenaar", true};
  r.recipient = {"ggd-voorbeeldrijk", "ja-1", "jeugdarts", true};
  r.purpose = "hulp-verlenen";
  r.regime = WpgRegime::kVanafHandhaving;
  r.subject.category = domain::CaseCategory::kRelatiefVerzuim;
  r.subject.phase = MasPhase::kOnderzoek;
  r.fields.Add(*FindField("naam"));
  r.fields.Add(*FindField("om_gegevens"));
  r.om_exception = true;
  const Decision d = Decide(Art20(), r);
  EXPECT_EQ(Ids(d.granted), (std::vector<std::string_view>{"om_gegevens"}));
  EXPECT_EQ(Refusals(d), (std::vector<std::pair<std::string_view, std::string_view>>{{"naam", "not-police-data"}}));
  EXPECT_TRUE(d.confidentiality_notice);
  r.recipient.designated = false;
  const Decision undesignated = Decide(Art20(), r);
  EXPECT_TRUE(undesignated.granted.empty());
  EXPECT_EQ(undesignated.request_refusal, Reason::kRecipientNotDesignated);
}

TEST(DecisionTest, W_22_special_category_needs_the_recipients_explicit_basis) {
  DisclosureRequest r;
  r.date = Date::Ymd(2025, 6, 2);
  r.sender = {"leerplicht-voorbeeldrijk", "lpa-1", "leerplichtambtenaar", true};
  r.recipient = {"ggd-voorbeeldrijk", "ja-1", "jeugdarts", true};
  r.purpose = "hulp-verlenen";
  r.regime = WpgRegime::kVanafMelding;
  r.subject.category = domain::CaseCategory::kRelatiefVerzuim;
  r.subject.duo_melding = true;
  r.fields.Add(*FindField("gezondheid"));
  EXPECT_EQ(Decide(Art20(), r).outcome, Outcome::kGranted);
  r.recipient = {"obs-de-linde", "zc-1", "zorgcoordinator", true};
  EXPECT_EQ(Refusals(Decide(Art20(), r)),
            (std::vector<std::pair<std::string_view, std::string_view>>{{"gezondheid", "special-category"}}));
}

TEST(DecisionTest, ReasonCodesAreTheContractStrings) {
  EXPECT_EQ(ReasonCode(Reason::kAgreementNotInForce), "agreement-not-in-force");
  EXPECT_EQ(ReasonCode(Reason::kSubjectNotInScope), "subject-not-in-scope");
  EXPECT_EQ(ReasonCode(Reason::kNotInExchangeTable), "not-in-exchange-table");
  EXPECT_EQ(ReasonCode(Reason::kPartySuspended), "party-suspended");
  EXPECT_EQ(ParseMasPhase("proces-verbaal"), MasPhase::kProcesVerbaal);
  EXPECT_FALSE(ParseMasPhase("handhaving").has_value());
  EXPECT_EQ(ParseWpgRegime("vanaf-melding"), WpgRegime::kVanafMelding);
}

}  // namespace
}  // namespace leerrecht::policy
