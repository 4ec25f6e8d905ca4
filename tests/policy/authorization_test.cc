#include "policy/authorization.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "test_support.h"

namespace leerrecht::policy {
namespace {

using testing::ReadSourceFile;

constexpr const char* kShippedPath = "config/authorization-matrix.toml";

std::string Problems(const AuthorizationLoad& load) {
  std::string all;
  for (const auto& p : load.problems) all += std::to_string(p.line) + ": " + p.message + "\n";
  return all;
}

AuthorizationMatrix LoadOrDie(const std::string& text) {
  auto load = AuthorizationMatrix::Load(text, "test.toml");
  if (!load.matrix) throw std::runtime_error("matrix invalid:\n" + Problems(load));
  return *load.matrix;
}

const AuthorizationMatrix& Shipped() {
  static const AuthorizationMatrix matrix = LoadOrDie(ReadSourceFile(kShippedPath));
  return matrix;
}

bool HasProblem(const AuthorizationLoad& load, int line, std::string_view start) {
  return std::any_of(load.problems.begin(), load.problems.end(),
                     [&](const Diagnostic& d) { return d.line == line && d.message.rfind(start, 0) == 0; });
}

// Facts for a request; the flags read like the conditions they feed.
struct Facts {
  bool party = false;
  bool caseload = false;
  bool designated = false;
  bool meeting = false;
  std::optional<RegimeTag> regime;
  bool glass = false;
};

AccessFacts Make(std::string role, const Facts& f) {
  AccessFacts facts;
  facts.role = std::move(role);
  facts.same_party = f.party;
  facts.own_caseload = f.caseload;
  facts.designated = f.designated;
  facts.case_meeting_participant = f.meeting;
  facts.item_regime = f.regime;
  facts.break_glass_active = f.glass;
  return facts;
}

constexpr auto kAvg = RegimeTag::kAvg;
constexpr auto kWpg = RegimeTag::kWpg;

bool Allowed(std::string role, Action action, Resource resource, const Facts& f) {
  return Shipped().Decide(action, resource, Make(std::move(role), f)).allowed;
}

// The most favourable facts short of the doors (break-glass, case meeting): own party, own caseload, designated.
constexpr Facts kOwnAvg{true, true, true, false, RegimeTag::kAvg, false};
constexpr Facts kOwnWpg{true, true, true, false, RegimeTag::kWpg, false};

TEST(AuthorizationMatrixTest, ShippedMatrixLoadsWithoutProblems) {
  const std::string text = ReadSourceFile(kShippedPath);
  ASSERT_FALSE(text.empty()) << "missing " << kShippedPath;
  const auto load = AuthorizationMatrix::Load(text, kShippedPath);
  ASSERT_TRUE(load.matrix.has_value()) << Problems(load);
  EXPECT_TRUE(load.problems.empty());
  const AuthorizationMatrix& m = *load.matrix;
  EXPECT_EQ(m.version(), 1);
  EXPECT_FALSE(m.approved_by().empty());
  EXPECT_EQ(m.approved_on(), Date::Ymd(2025, 1, 1));
  EXPECT_EQ(m.wpg_roles(), (std::vector<std::string>{"leerplichtambtenaar", "boa"}));
  std::set<std::string> roles;
  for (const AuthorizationRule& r : m.rules()) {
    roles.insert(r.role);
    EXPECT_FALSE(r.note.empty()) << "rule at line " << r.line << " has no note";
  }
  for (const char* role : {"beheerder", "leerplichtambtenaar", "boa", "swv-consulent", "zorgcoordinator", "jeugdhulp",
                           "rmc", "fg", "auditor"}) {
    EXPECT_TRUE(roles.count(role)) << role << " has no rule";
  }
}

TEST(AuthorizationMatrixTest, ShippedMatrixGivesPoliceDataOnlyToLeerplicht) {
  for (const AuthorizationRule& r : Shipped().rules()) {
    if (!r.GrantsPoliceData()) continue;
    const bool leerplicht = r.role == "leerplichtambtenaar" || r.role == "boa";
    EXPECT_TRUE(leerplicht) << "line " << r.line << ": " << r.role;
  }
}

TEST(AuthorizationMatrixTest, DeniesByDefault) {
  // A role the matrix does not know, even with every fact true.
  const Facts all{true, true, true, true, kAvg, true};
  auto d = Shipped().Decide(Action::kLezen, Resource::kJongere, Make("stagiair", all));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.rule_line, 0);
  EXPECT_EQ(d.reason, "geen regel in autorisatiematrix v1 staat rol stagiair toe: lezen jongere");
  EXPECT_TRUE(d.missing.empty());
  // No role at all.
  EXPECT_FALSE(Shipped().Decide(Action::kLezen, Resource::kJongere, Make("", all)).allowed);
  // A known role, an action without a rule.
  d = Shipped().Decide(Action::kVerwijderen, Resource::kDossier, Make("leerplichtambtenaar", all));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "geen regel in autorisatiematrix v1 staat rol leerplichtambtenaar toe: verwijderen dossier");
  EXPECT_FALSE(Shipped().Decide(Action::kExporteren, Resource::kDossier, Make("leerplichtambtenaar", all)).allowed);
}

TEST(AuthorizationMatrixTest, AllowedDecisionCitesTheRule) {
  const auto d = Shipped().Decide(Action::kLezen, Resource::kDossier, Make("leerplichtambtenaar", kOwnWpg));
  ASSERT_TRUE(d.allowed) << d.reason;
  EXPECT_GT(d.rule_line, 0);
  EXPECT_NE(d.reason.find("regel " + std::to_string(d.rule_line)), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find("autorisatiematrix v1"), std::string::npos) << d.reason;
}

// Denied while a rule came close: the decision names what was missing (SPEC W-09: "niet aangewezen").
TEST(AuthorizationMatrixTest, DenialNamesTheMissingCondition) {
  Facts not_designated = kOwnAvg;
  not_designated.designated = false;
  const auto d =
      Shipped().Decide(Action::kVerstrekken, Resource::kVerstrekking, Make("leerplichtambtenaar", not_designated));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.missing, std::vector<Condition>{Condition::kAangewezen});
  EXPECT_EQ(d.reason.rfind("geen regel in autorisatiematrix v1 staat rol leerplichtambtenaar toe: verstrekken "
                           "verstrekking; regel ",
                           0),
            0u)
      << d.reason;
  EXPECT_NE(d.reason.find("vereist ook: aangewezen"), std::string::npos) << d.reason;
}

struct Row {
  const char* role;
  Action action;
  Resource resource;
  Facts facts;
  bool allowed;
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << r.role << " " << ActionId(r.action) << " " << ResourceId(r.resource);
}

class AuthorizationShippedTable : public ::testing::TestWithParam<Row> {};

TEST_P(AuthorizationShippedTable, DecidesAsExpected) {
  const Row& row = GetParam();
  const auto d = Shipped().Decide(row.action, row.resource, Make(row.role, row.facts));
  EXPECT_EQ(d.allowed, row.allowed) << row << ": " << d.reason;
}

using A = Action;
using R = Resource;
constexpr Facts kParty{true, false, false, false, std::nullopt, false};
constexpr Facts kOtherParty{false, false, false, false, std::nullopt, false};
constexpr Facts kMeetingAvg{false, false, false, true, RegimeTag::kAvg, false};
constexpr Facts kMeetingWpg{false, false, false, true, RegimeTag::kWpg, false};
constexpr Facts kGlassAvg{true, false, false, false, RegimeTag::kAvg, true};
constexpr Facts kGlassWpg{true, false, false, false, RegimeTag::kWpg, true};
constexpr Facts kOtherCaseloadAvg{true, false, true, false, RegimeTag::kAvg, false};
constexpr Facts kPartyAvg{true, false, false, false, RegimeTag::kAvg, false};

constexpr Row kRows[] = {
    // Leerplichtambtenaar: own cases in both regimes, nothing beyond.
    {"leerplichtambtenaar", A::kLezen, R::kDossier, kOwnAvg, true},
    {"leerplichtambtenaar", A::kLezen, R::kDossier, kOwnWpg, true},
    {"leerplichtambtenaar", A::kWijzigen, R::kDossier, kOwnWpg, true},
    {"leerplichtambtenaar", A::kAanmaken, R::kNotitie, kOwnWpg, true},
    {"leerplichtambtenaar", A::kLezen, R::kDossier, kOtherCaseloadAvg, false},
    {"leerplichtambtenaar", A::kLezen, R::kDossier, kGlassWpg, true},
    {"leerplichtambtenaar", A::kWijzigen, R::kDossier, kGlassAvg, false},
    {"leerplichtambtenaar", A::kVerwijderen, R::kNotitie, kOwnAvg, true},
    {"leerplichtambtenaar", A::kVerwijderen, R::kNotitie, kOwnWpg, false},
    {"leerplichtambtenaar", A::kVerstrekken, R::kVerstrekking, kOwnWpg, true},
    {"leerplichtambtenaar", A::kLezen, R::kJongere, kParty, true},
    {"leerplichtambtenaar", A::kLezen, R::kJongere, kOtherParty, false},
    {"leerplichtambtenaar", A::kLezen, R::kLogboek, kParty, false},
    {"leerplichtambtenaar", A::kBeheren, R::kGebruiker, kParty, false},
    {"leerplichtambtenaar", A::kBeheren, R::kMatrix, kParty, false},
    // Boa: the WPG part of his own cases only.
    {"boa", A::kLezen, R::kDossier, kOwnWpg, true},
    {"boa", A::kWijzigen, R::kNotitie, kOwnWpg, true},
    {"boa", A::kLezen, R::kDossier, kOwnAvg, false},
    {"boa", A::kVerstrekken, R::kVerstrekking, kOwnWpg, false},
    {"boa", A::kLezen, R::kJongere, kOwnAvg, true},
    // SWV consultant: AVG only, own party.
    {"swv-consulent", A::kLezen, R::kOntvangenGegevens, kParty, true},
    {"swv-consulent", A::kLezen, R::kOntvangenGegevens, kOtherParty, false},
    {"swv-consulent", A::kLezen, R::kDossier, kOwnAvg, true},
    {"swv-consulent", A::kAanmaken, R::kDossier, kOwnAvg, true},
    {"swv-consulent", A::kLezen, R::kDossier, kOwnWpg, false},
    {"swv-consulent", A::kVerstrekken, R::kVerstrekking, kOwnAvg, true},
    {"swv-consulent", A::kVerstrekken, R::kVerstrekking, kOwnWpg, false},
    {"swv-consulent", A::kExporteren, R::kRapportage, kParty, true},
    {"swv-consulent", A::kExporteren, R::kDossier, kOwnAvg, false},
    // Case-meeting partners: only with the flag, only AVG.
    {"zorgcoordinator", A::kLezen, R::kDossier, kMeetingAvg, true},
    {"zorgcoordinator", A::kLezen, R::kDossier, kMeetingWpg, false},
    {"zorgcoordinator", A::kLezen, R::kDossier, kOwnAvg, false},
    {"zorgcoordinator", A::kWijzigen, R::kDossier, kMeetingAvg, false},
    {"jeugdhulp", A::kLezen, R::kDossier, kMeetingAvg, true},
    {"jeugdhulp", A::kLezen, R::kJongere, kMeetingAvg, true},
    {"jeugdhulp", A::kLezen, R::kJongere, kParty, false},
    {"jeugdhulp", A::kLezen, R::kNotitie, kMeetingAvg, false},
    // RMC: the door in the fence (SPEC R-07).
    {"rmc", A::kLezen, R::kJongere, kParty, true},
    {"rmc", A::kLezen, R::kDossier, kPartyAvg, false},
    {"rmc", A::kLezen, R::kDossier, kGlassAvg, true},
    {"rmc", A::kLezen, R::kDossier, kGlassWpg, false},
    {"rmc", A::kAanmaken, R::kBreakGlass, kParty, true},
    {"rmc", A::kWijzigen, R::kDossier, kGlassAvg, false},
    // FG and auditor: oversight without case content.
    {"fg", A::kLezen, R::kLogboek, kParty, true},
    {"fg", A::kLezen, R::kVerstrekkingenregister, kParty, true},
    {"fg", A::kLezen, R::kBreakGlass, kParty, true},
    {"fg", A::kLezen, R::kLogboek, kOtherParty, false},
    {"fg", A::kLezen, R::kDossier, kOwnAvg, false},
    {"fg", A::kExporteren, R::kLogboek, kParty, false},
    {"auditor", A::kLezen, R::kLogboek, kParty, true},
    {"auditor", A::kExporteren, R::kLogboek, kParty, true},
    {"auditor", A::kLezen, R::kDossier, kOwnAvg, false},
    {"auditor", A::kWijzigen, R::kLogboek, kParty, false},
    // Beheerder: administration, not content and not the matrix itself.
    {"beheerder", A::kBeheren, R::kGebruiker, kParty, true},
    {"beheerder", A::kBeheren, R::kAanwijzing, kParty, true},
    {"beheerder", A::kBeheren, R::kAgreement, kParty, true},
    {"beheerder", A::kLezen, R::kMatrix, kParty, true},
    {"beheerder", A::kBeheren, R::kMatrix, kParty, false},
    {"beheerder", A::kBeheren, R::kGebruiker, kOtherParty, false},
    {"beheerder", A::kLezen, R::kDossier, kOwnAvg, false},
    {"beheerder", A::kLezen, R::kLogboek, kParty, false},
    // The controller approves the matrix.
    {"verwerkingsverantwoordelijke", A::kBeheren, R::kMatrix, kParty, true},
    {"verwerkingsverantwoordelijke", A::kLezen, R::kDossier, kOwnWpg, false},
};

INSTANTIATE_TEST_SUITE_P(Rows, AuthorizationShippedTable, ::testing::ValuesIn(kRows),
                         [](const ::testing::TestParamInfo<Row>& info) {
                           std::string name = std::to_string(info.index) + "_" + info.param.role + "_" +
                                              std::string(ActionId(info.param.action)) + "_" +
                                              std::string(ResourceId(info.param.resource));
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(AuthorizationMatrixTest, WpgDossierIsOpenOnlyToLeerplicht) {
  EXPECT_TRUE(Allowed("leerplichtambtenaar", A::kLezen, R::kDossier, kOwnWpg));
  EXPECT_TRUE(Allowed("boa", A::kLezen, R::kDossier, kOwnWpg));
  Facts not_own = kOwnWpg;
  not_own.caseload = false;
  EXPECT_FALSE(Allowed("leerplichtambtenaar", A::kLezen, R::kDossier, not_own));
  EXPECT_FALSE(Allowed("boa", A::kLezen, R::kDossier, not_own));
  EXPECT_FALSE(Allowed("swv-consulent", A::kLezen, R::kDossier, kOwnWpg));
  // RMC: denied without break-glass; with it, AVG items only (SPEC R-07).
  EXPECT_FALSE(Allowed("rmc", A::kLezen, R::kDossier, kOwnAvg));
  EXPECT_FALSE(Allowed("rmc", A::kLezen, R::kDossier, kOwnWpg));
  EXPECT_TRUE(Allowed("rmc", A::kLezen, R::kDossier, kGlassAvg));
  EXPECT_FALSE(Allowed("rmc", A::kLezen, R::kDossier, kGlassWpg));
  // Not an item with a tag: the regime conditions do not hold.
  Facts untagged = kGlassAvg;
  untagged.regime = std::nullopt;
  EXPECT_FALSE(Allowed("rmc", A::kLezen, R::kDossier, untagged));
}

TEST(AuthorizationMatrixTest, CaseMeetingParticipantOnlyWithTheFlag) {
  for (const char* role : {"zorgcoordinator", "jeugdhulp"}) {
    EXPECT_TRUE(Allowed(role, A::kLezen, R::kDossier, kMeetingAvg)) << role;
    Facts without = kMeetingAvg;
    without.meeting = false;
    without.party = true;
    EXPECT_FALSE(Allowed(role, A::kLezen, R::kDossier, without)) << role;
    EXPECT_FALSE(Allowed(role, A::kLezen, R::kDossier, kMeetingWpg)) << role;
  }
}

TEST(AuthorizationMatrixTest, BeheerderCannotReadADossier) {
  const Facts all{true, true, true, true, kAvg, true};
  Facts all_wpg = all;
  all_wpg.regime = kWpg;
  for (const Facts& f : {all, all_wpg}) {
    for (Action a : AllActions()) {
      EXPECT_FALSE(Allowed("beheerder", a, R::kDossier, f)) << ActionId(a);
      EXPECT_FALSE(Allowed("beheerder", a, R::kNotitie, f)) << ActionId(a);
    }
  }
}

// FG and auditor see the register, the log and break-glass events, never case content (DESIGN.md §9).
TEST(AuthorizationMatrixTest, OversightRolesSeeNoCaseContent) {
  const Facts all{true, true, true, true, kAvg, true};
  for (const char* role : {"fg", "auditor"}) {
    for (Action a : AllActions()) {
      for (Resource r : {R::kDossier, R::kNotitie, R::kJongere, R::kOntvangenGegevens, R::kVerzuimmelding}) {
        EXPECT_FALSE(Allowed(role, a, r, all)) << role << " " << ActionId(a) << " " << ResourceId(r);
      }
    }
  }
}

TEST(AuthorizationMatrixTest, RowsRenderForTheAdminScreen) {
  const auto rows = Shipped().Rows();
  ASSERT_EQ(rows.size(), Shipped().rules().size());
  EXPECT_EQ(rows[0].role, "leerplichtambtenaar");
  EXPECT_EQ(rows[0].action, "lezen");
  EXPECT_EQ(rows[0].resource, "dossier");
  EXPECT_EQ(rows[0].conditions, "eigen-partij, eigen-caseload");
  EXPECT_FALSE(rows[0].note.empty());
  EXPECT_EQ(ConditionsText({}), "zonder voorwaarden");
}

TEST(AuthorizationMatrixTest, IdsRoundTrip) {
  for (Action a : AllActions()) EXPECT_EQ(ParseAction(ActionId(a)), a);
  for (Resource r : AllResources()) EXPECT_EQ(ParseResource(ResourceId(r)), r);
  for (Condition c : AllConditions()) EXPECT_EQ(ParseCondition(ConditionId(c)), c);
  EXPECT_EQ(AllActions().size(), 7u);
  EXPECT_EQ(AllResources().size(), 16u);
  EXPECT_EQ(AllConditions().size(), 7u);
  EXPECT_FALSE(ParseAction("lees"));
  EXPECT_FALSE(ParseResource("Dossier"));
  EXPECT_FALSE(ParseCondition("regime-Wpg"));
}

// --- Changing the matrix (SPEC R-06) ---------------------------------------------------------

std::string WithVersion(std::string text, int version) {
  const std::string from = "version = 1\n";
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("no version line");
  return text.replace(at, from.size(), "version = " + std::to_string(version) + "\n");
}

std::string Rule(const std::string& role, const std::string& action, const std::string& resource,
                 const std::string& conditions) {
  return "\n[[rules]]\nrole = \"" + role + "\"\naction = \"" + action + "\"\nresource = \"" + resource +
         "\"\nconditions = [" + conditions + "]\n";
}

TEST(AuthorizationChangeTest, BeheerderCannotGrantHimselfPoliceData) {
  // SPEC R-06 test: "A functional administrator adds 'read WPG' to his own role → refused".
  // The rule needs break-glass to pass the load check at all; it is still police data.
  const auto proposed = LoadOrDie(WithVersion(ReadSourceFile(kShippedPath), 2) +
                                  Rule("beheerder", "lezen", "dossier", R"("regime-wpg", "break-glass-actief")"));
  const auto violations = CheckChange(Shipped(), proposed, "beheerder");
  ASSERT_FALSE(violations.empty());
  EXPECT_TRUE(std::any_of(violations.begin(), violations.end(), [](const std::string& v) {
    return v.rfind("scheiding van functies", 0) == 0 && v.find("rol beheerder: lezen dossier") != std::string::npos;
  })) << violations.front();
}

TEST(AuthorizationChangeTest, NoRegimeConditionCountsAsPoliceData) {
  const auto proposed = LoadOrDie(WithVersion(ReadSourceFile(kShippedPath), 2) +
                                  Rule("beheerder", "lezen", "notitie", R"("break-glass-actief")"));
  const auto violations = CheckChange(Shipped(), proposed, "beheerder");
  EXPECT_TRUE(std::any_of(violations.begin(), violations.end(),
                          [](const std::string& v) { return v.rfind("scheiding van functies", 0) == 0; }));
}

TEST(AuthorizationChangeTest, ControllerMayApprove) {
  const auto proposed = LoadOrDie(WithVersion(ReadSourceFile(kShippedPath), 2) +
                                  Rule("beheerder", "lezen", "dossier", R"("regime-wpg", "break-glass-actief")"));
  EXPECT_EQ(CheckChange(Shipped(), proposed, kControllerRole), std::vector<std::string>{});
}

// SPEC R-06 test: the controller approves "teamleider leerplicht: read WPG" → the new version takes effect.
TEST(AuthorizationChangeTest, ControllerAddsATeamLeaderWithPoliceData) {
  std::string text = WithVersion(ReadSourceFile(kShippedPath), 2);
  const std::string from = "wpg_roles = [\"leerplichtambtenaar\", \"boa\"]\n";
  // The shipped matrix declares the role already (it approves break-glass requests).
  text.replace(text.find(from), from.size(),
               "wpg_roles = [\"leerplichtambtenaar\", \"boa\", \"teamleider-leerplicht\"]\n");
  text += Rule("teamleider-leerplicht", "lezen", "dossier", R"("eigen-partij", "regime-wpg")");
  const auto proposed = LoadOrDie(text);
  EXPECT_EQ(proposed.version(), 2);
  EXPECT_EQ(CheckChange(Shipped(), proposed, kControllerRole), std::vector<std::string>{});
  EXPECT_TRUE(proposed.Decide(A::kLezen, R::kDossier, Make("teamleider-leerplicht", kOwnWpg)).allowed);
  // The same change from a beheerder: not his to approve.
  const auto by_admin = CheckChange(Shipped(), proposed, "beheerder");
  EXPECT_TRUE(std::any_of(by_admin.begin(), by_admin.end(), [](const std::string& v) {
    return v.rfind("alleen de verwerkingsverantwoordelijke mag een rol aan wpg_roles", 0) == 0;
  }));
}

TEST(AuthorizationChangeTest, OnlyTheControllerApprovesAMatrixWithPoliceData) {
  const auto proposed = LoadOrDie(WithVersion(ReadSourceFile(kShippedPath), 2));
  const auto violations = CheckChange(Shipped(), proposed, "beheerder");
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].rfind("alleen de verwerkingsverantwoordelijke mag een autorisatiematrix vaststellen", 0), 0u)
      << violations[0];
}

TEST(AuthorizationChangeTest, ANonPoliceMatrixNeedsNoController) {
  const std::string head =
      "schema = \"leerrecht.authorization/1\"\nversion = 1\napproved_by = \"vv\"\napproved_on = 2025-01-01\n";
  const auto v1 = LoadOrDie(head + Rule("fg", "lezen", "logboek", R"("eigen-partij")"));
  const auto v2 = LoadOrDie(WithVersion(head, 2) + Rule("fg", "lezen", "logboek", R"("eigen-partij")") +
                            Rule("auditor", "lezen", "logboek", R"("eigen-partij")"));
  EXPECT_EQ(CheckChange(v1, v2, "beheerder"), std::vector<std::string>{});
}

TEST(AuthorizationChangeTest, VersionMustIncrease) {
  const auto same = LoadOrDie(ReadSourceFile(kShippedPath));
  const auto violations = CheckChange(Shipped(), same, kControllerRole);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_NE(violations[0].find("moet hoger zijn dan de huidige versie 1"), std::string::npos) << violations[0];
}

TEST(AuthorizationChangeTest, NarrowingOwnAccessIsNoSelfGrant) {
  // Current v1 lets a LPA read his own dossiers; a LPA-proposed v2 that only narrows his own rule
  // is no self-grant (the controller check still applies because LPAs hold police data).
  const std::string head =
      "schema = \"leerrecht.authorization/1\"\nversion = 1\napproved_by = \"vv\"\napproved_on = 2025-01-01\n";
  const auto v1 = LoadOrDie(head + Rule("leerplichtambtenaar", "lezen", "dossier", R"("eigen-partij")"));
  const auto v2 = LoadOrDie(WithVersion(head, 2) +
                            Rule("leerplichtambtenaar", "lezen", "dossier", R"("eigen-partij", "eigen-caseload")"));
  for (const std::string& v : CheckChange(v1, v2, "leerplichtambtenaar")) {
    EXPECT_NE(v.rfind("scheiding van functies", 0), 0u) << v;
  }
  // Widening it is.
  const auto v3 = LoadOrDie(WithVersion(head, 3) + Rule("leerplichtambtenaar", "lezen", "dossier", ""));
  const auto widened = CheckChange(v1, v3, "leerplichtambtenaar");
  EXPECT_TRUE(std::any_of(widened.begin(), widened.end(),
                          [](const std::string& v) { return v.rfind("scheiding van functies", 0) == 0; }));
}

// --- Broken matrices: every problem at its line ----------------------------------------------

TEST(AuthorizationLoadTest, UnknownKeyActionAndWpgForSwv) {
  const std::string text =
      "schema = \"leerrecht.authorization/1\"\n"  // 1
      "version = 1\n"                              // 2
      "approved_by = \"vv\"\n"                     // 3
      "approved_on = 2025-01-01\n"                 // 4
      "goedgekeurd = true\n"                       // 5: unknown key
      "\n"                                         // 6
      "[[rules]]\n"                                // 7
      "role = \"leerplichtambtenaar\"\n"           // 8
      "action = \"inzien\"\n"                      // 9: unknown action
      "resource = \"dossier\"\n"                   // 10
      "conditions = [\"eigen-partij\"]\n"          // 11
      "\n"                                         // 12
      "[[rules]]\n"                                // 13: opens WPG for swv-consulent
      "role = \"swv-consulent\"\n"                 // 14
      "action = \"lezen\"\n"                       // 15
      "resource = \"dossier\"\n"                   // 16
      "conditions = [\"eigen-partij\", \"regime-wpg\"]\n"  // 17
      "opmerking = \"x\"\n";                       // 18: unknown key in a rule
  const auto load = AuthorizationMatrix::Load(text, "broken.toml");
  EXPECT_FALSE(load.matrix.has_value());
  const std::string all = Problems(load);
  EXPECT_EQ(load.problems.size(), 4u) << all;
  EXPECT_TRUE(HasProblem(load, 5, "onbekende sleutel goedgekeurd")) << all;
  EXPECT_TRUE(HasProblem(load, 9, "onbekende actie \"inzien\" (bekend: lezen, aanmaken,")) << all;
  EXPECT_TRUE(HasProblem(load, 13, "regel opent politiegegevens (WPG) voor rol swv-consulent: lezen dossier")) << all;
  EXPECT_TRUE(HasProblem(load, 18, "onbekende sleutel rules.opmerking")) << all;
}

TEST(AuthorizationLoadTest, MoreProblemsAtTheirLines) {
  const std::string text =
      "schema = \"leerrecht.authorization/2\"\n"                         // 1: wrong schema
      "version = 0\n"                                                     // 2: version < 1
      "approved_on = \"1 januari\"\n"                                     // 3: not a date; approved_by missing (1)
      "\n"                                                                // 4
      "[[rules]]\n"                                                       // 5
      "role = \"leerplichtambtenar\"\n"                                   // 6: unknown role
      "action = \"lezen\"\n"                                              // 7
      "resource = \"dossiers\"\n"                                         // 8: unknown resource
      "conditions = [\"eigen-partij\", \"eigen-team\"]\n"                 // 9: unknown condition
      "\n"                                                                // 10
      "[[rules]]\n"                                                       // 11
      "role = \"jeugdhulp\"\n"                                            // 12
      "action = \"lezen\"\n"                                              // 13
      "resource = \"jongere\"\n"                                          // 14
      "conditions = [\"regime-avg\", \"regime-wpg\"]\n"                   // 15: contradictory
      "\n"                                                                // 16
      "[[rules]]\n"                                                       // 17: verstrekken without aangewezen
      "role = \"leerplichtambtenaar\"\n"                                  // 18
      "action = \"verstrekken\"\n"                                        // 19
      "resource = \"verstrekking\"\n"                                     // 20
      "conditions = [\"eigen-partij\"]\n"                                 // 21
      "\n"                                                                // 22
      "[[rules]]\n"                                                       // 23: bulk export of WPG
      "role = \"leerplichtambtenaar\"\n"                                  // 24
      "action = \"exporteren\"\n"                                         // 25
      "resource = \"dossier\"\n"                                          // 26
      "conditions = [\"eigen-partij\"]\n"                                 // 27
      "\n"                                                                // 28
      "[[rules]]\n"                                                       // 29: duplicate of 17
      "role = \"leerplichtambtenaar\"\n"                                  // 30
      "action = \"verstrekken\"\n"                                        // 31
      "resource = \"verstrekking\"\n"                                     // 32
      "conditions = [\"eigen-partij\"]\n"                                 // 33
      "\n"                                                                // 34
      "[[rules]]\n"                                                       // 35: no conditions key
      "role = \"fg\"\n"                                                   // 36
      "action = \"lezen\"\n"                                              // 37
      "resource = \"logboek\"\n";                                         // 38
  const auto load = AuthorizationMatrix::Load(text, "broken.toml");
  EXPECT_FALSE(load.matrix.has_value());
  const std::string all = Problems(load);
  EXPECT_TRUE(HasProblem(load, 1, "schema moet \"leerrecht.authorization/1\" zijn")) << all;
  EXPECT_TRUE(HasProblem(load, 1, "verplichte sleutel approved_by ontbreekt")) << all;
  EXPECT_TRUE(HasProblem(load, 2, "version moet 1 of hoger zijn")) << all;
  EXPECT_TRUE(HasProblem(load, 3, "approved_on moet een datum zijn")) << all;
  EXPECT_TRUE(HasProblem(load, 6, "onbekende rol \"leerplichtambtenar\"")) << all;
  EXPECT_TRUE(HasProblem(load, 8, "onbekende resource \"dossiers\"")) << all;
  EXPECT_TRUE(HasProblem(load, 9, "onbekende voorwaarde \"eigen-team\"")) << all;
  EXPECT_TRUE(HasProblem(load, 15, "regime-avg en regime-wpg sluiten elkaar uit")) << all;
  EXPECT_TRUE(HasProblem(load, 17, "verstrekken vereist de voorwaarde aangewezen (SPEC W-09)")) << all;
  EXPECT_TRUE(HasProblem(load, 23, "bulkexport van politiegegevens is geblokkeerd")) << all;
  EXPECT_TRUE(HasProblem(load, 29, "dubbele regel: rol leerplichtambtenaar: verstrekken verstrekking (eigen-partij) "
                                   "staat al op regel 17"))
      << all;
  EXPECT_TRUE(HasProblem(load, 35, "verplichte sleutel rules.conditions ontbreekt")) << all;
  EXPECT_EQ(load.problems.size(), 13u) << all;  // 29 also fails W-09, like 17
  EXPECT_TRUE(std::is_sorted(load.problems.begin(), load.problems.end(),
                             [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; }));
}

TEST(AuthorizationLoadTest, SwvMayNotTakeTheArt20Route) {
  const std::string text =
      "schema = \"leerrecht.authorization/1\"\nversion = 1\napproved_by = \"vv\"\napproved_on = 2025-01-01\n"  // 1-4
      "[[rules]]\n"                                                                                           // 5
      "role = \"swv-consulent\"\naction = \"verstrekken\"\nresource = \"verstrekking\"\n"
      "conditions = [\"eigen-partij\", \"aangewezen\"]\n";
  const auto load = AuthorizationMatrix::Load(text, "broken.toml");
  ASSERT_EQ(load.problems.size(), 1u) << Problems(load);
  EXPECT_TRUE(HasProblem(load, 5, "de route art. 20 Wpg is alleen voor leerplicht")) << Problems(load);
}

TEST(AuthorizationLoadTest, DoorsKeepAWpgRuleLoadable) {
  // Break-glass and case-meeting rules are the documented doors (DESIGN.md §9, SPEC R-12).
  const std::string text =
      "schema = \"leerrecht.authorization/1\"\nversion = 1\napproved_by = \"vv\"\napproved_on = \"2025-01-01\"\n" +
      Rule("rmc", "lezen", "dossier", R"("break-glass-actief")") +
      Rule("zorgcoordinator", "lezen", "notitie", R"("casusoverleg-deelnemer", "regime-wpg")") +
      Rule("fg", "lezen", "matrix", "");
  const auto load = AuthorizationMatrix::Load(text, "ok.toml");
  ASSERT_TRUE(load.matrix.has_value()) << Problems(load);
  EXPECT_EQ(load.matrix->rules().size(), 3u);
  EXPECT_TRUE(load.matrix->Decide(A::kLezen, R::kMatrix, Make("fg", kOtherParty)).allowed);
}

TEST(AuthorizationLoadTest, SyntaxErrorAndWrongTypes) {
  auto load = AuthorizationMatrix::Load("schema = \"leerrecht.authorization/1\"\nversion = \n", "bad.toml");
  EXPECT_FALSE(load.matrix.has_value());
  ASSERT_EQ(load.problems.size(), 1u);
  EXPECT_EQ(load.problems[0].line, 2);
  EXPECT_EQ(load.problems[0].message.rfind("TOML-fout: ", 0), 0u);

  load = AuthorizationMatrix::Load(
      "schema = \"leerrecht.authorization/1\"\nversion = \"1\"\napproved_by = \"vv\"\napproved_on = 2025-01-01\n"
      "rules = 3\n",
      "bad.toml");
  EXPECT_TRUE(HasProblem(load, 2, "version moet een geheel getal zijn")) << Problems(load);
  EXPECT_TRUE(HasProblem(load, 5, "rules moet een lijst van tabellen zijn")) << Problems(load);

  load = AuthorizationMatrix::Load(
      "schema = \"leerrecht.authorization/1\"\nversion = 1\napproved_by = \"vv\"\napproved_on = 2025-01-01\n"
      "wpg_roles = [\"leerplichtambtenaar\", \"stagiair\"]\n"
      "[[rules]]\nrole = \"fg\"\naction = \"lezen\"\nresource = \"logboek\"\nconditions = \"eigen-partij\"\n",
      "bad.toml");
  EXPECT_TRUE(HasProblem(load, 5, "wpg_roles: onbekende rol \"stagiair\"")) << Problems(load);
  EXPECT_TRUE(HasProblem(load, 10, "rules.conditions moet een lijst van teksten zijn")) << Problems(load);
  EXPECT_EQ(load.problems.size(), 2u) << Problems(load);
}

TEST(AuthorizationLoadTest, EmptyTextReportsMissingKeys) {
  const auto load = AuthorizationMatrix::Load("", "empty.toml");
  EXPECT_FALSE(load.matrix.has_value());
  EXPECT_EQ(load.problems.size(), 5u) << Problems(load);  // schema, version, approved_by, approved_on, rules
}

}  // namespace
}  // namespace leerrecht::policy

namespace leerrecht::policy {
namespace {

constexpr const char* kMinimalHead = R"(schema = "leerrecht.authorization/1"
version = 1
approved_by = "vv"
approved_on = 2025-01-01
)";
constexpr const char* kOneRule = R"(
[[rules]]
role = "fg"
action = "lezen"
resource = "logboek"
conditions = ["eigen-partij"]
)";

TEST(AuthorizationBreakGlassTest, R_07_shipped_matrix_makes_the_rmc_wait_and_caps_the_duration) {
  const auto load = AuthorizationMatrix::Load(testing::ReadSourceFile("config/authorization-matrix.toml"), "m");
  ASSERT_TRUE(load.matrix.has_value());
  EXPECT_TRUE(load.matrix->BreakGlassNeedsApproval("rmc"));
  EXPECT_FALSE(load.matrix->BreakGlassNeedsApproval("leerplichtambtenaar"));
  EXPECT_EQ(load.matrix->break_glass_max_days(), 30);
}

TEST(AuthorizationBreakGlassTest, Defaults_without_the_table) {
  const auto load = AuthorizationMatrix::Load(std::string(kMinimalHead) + kOneRule, "m");
  ASSERT_TRUE(load.matrix.has_value());
  EXPECT_FALSE(load.matrix->BreakGlassNeedsApproval("rmc"));
  EXPECT_EQ(load.matrix->break_glass_max_days(), 30);
}

TEST(AuthorizationBreakGlassTest, Bad_table_values_are_reported_with_their_line) {
  const std::string text = std::string(kMinimalHead) +
                           "[break_glass]\n"            // line 5
                           "approval_roles = [\"rmx\"]\n"  // line 6
                           "max_days = 400\n"            // line 7
                           "wachttijd = 3\n"             // line 8
                           + kOneRule;
  const auto load = AuthorizationMatrix::Load(text, "m");
  EXPECT_FALSE(load.matrix.has_value());
  EXPECT_TRUE(HasProblem(load, 6, "break_glass.approval_roles: onbekende rol")) << Problems(load);
  EXPECT_TRUE(HasProblem(load, 7, "break_glass.max_days moet")) << Problems(load);
  EXPECT_TRUE(HasProblem(load, 8, "onbekende sleutel break_glass.wachttijd")) << Problems(load);
}

}  // namespace
}  // namespace leerrecht::policy
