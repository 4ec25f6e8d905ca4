#include "policy/agreement_loader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "test_support.h"

namespace leerrecht::policy {
namespace {

namespace fs = std::filesystem;
using testing::LoadShipped;
using testing::ReadSourceFile;

// Each file in tests/policy/broken/ lists the problems it must produce, one per line:
// "# expect: LINE: start of message". Every expected problem must be reported at that line,
// and nothing else may be reported.
class BrokenAgreementTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BrokenAgreementTest, ReportsEveryProblemAtItsLine) {
  const std::string path = "tests/policy/broken/" + GetParam();
  const std::string text = ReadSourceFile(path);
  std::vector<std::pair<int, std::string>> expected;
  const std::string marker = "# expect: ";
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(marker, 0) != 0) continue;
    const auto colon = line.find(": ", marker.size());
    ASSERT_NE(colon, std::string::npos) << line;
    expected.emplace_back(std::stoi(line.substr(marker.size(), colon - marker.size())), line.substr(colon + 2));
  }
  ASSERT_FALSE(expected.empty()) << "no expectations in " << path;
  const auto load = LoadAgreement(text, path);
  EXPECT_FALSE(load.agreement.has_value());
  std::string reported;
  for (const auto& p : load.problems) reported += std::to_string(p.line) + ": " + p.message + "\n";
  ASSERT_EQ(load.problems.size(), expected.size()) << reported;
  for (const auto& [line, prefix] : expected) {
    const bool found = std::any_of(load.problems.begin(), load.problems.end(), [&](const Diagnostic& d) {
      return d.line == line && d.message.rfind(prefix, 0) == 0;
    });
    EXPECT_TRUE(found) << "expected at line " << line << ": " << prefix << "\nreported:\n" << reported;
  }
}

std::vector<std::string> BrokenFiles() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(std::string(LEERRECHT_SOURCE_DIR) + "/tests/policy/broken")) {
    if (e.path().extension() == ".toml") files.push_back(e.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

INSTANTIATE_TEST_SUITE_P(Files, BrokenAgreementTest, ::testing::ValuesIn(BrokenFiles()),
                         [](const auto& info) {
                           std::string name = info.param.substr(0, info.param.size() - 5);
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// The shipped examples and the demo region's own decision (config/demo/agreements).
TEST(AgreementLoaderTest, ShippedAgreementsAreValid) {
  std::size_t checked = 0;
  for (const char* dir : {"config/agreements", "config/demo/agreements"}) {
    for (const auto& e : fs::directory_iterator(std::string(LEERRECHT_SOURCE_DIR) + "/" + dir)) {
      if (e.path().extension() != ".toml") continue;
      const std::string rel = std::string(dir) + "/" + e.path().filename().string();
      const auto load = LoadAgreement(ReadSourceFile(rel), rel);
      std::string reported;
      for (const auto& p : load.problems) reported += std::to_string(p.line) + ": " + p.message + "\n";
      EXPECT_TRUE(load.agreement.has_value()) << rel << "\n" << reported;
      ++checked;
    }
  }
  EXPECT_GE(checked, 3u);
}

std::vector<std::string> FlowFields(const Agreement& a, domain::CaseCategory category) {
  for (const auto& flow : a.flows) {
    if (flow.category == category) {
      std::vector<std::string> out;
      for (const auto& entry : flow.fields) out.push_back(entry.ref + " " + entry.token);
      return out;
    }
  }
  return {};
}

TEST(SeedCovenantTest, C_01_exactly_the_four_parties) {
  const Agreement a = LoadShipped("thuiszitters-midden-gelre");
  std::vector<std::string> ids;
  for (const auto& p : a.parties) ids.push_back(p.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"rbl-midden-gelre", "swv-passend-wijs", "swv-de-verbinding",
                                           "swv-de-liemers"}));
  EXPECT_EQ(a.kind, AgreementKind::kConvenant);
  EXPECT_EQ(a.special_categories, SpecialCategories::kExcluded);
}

TEST(SeedCovenantTest, C_02_work_area_of_the_rbl) {
  const Agreement a = LoadShipped("thuiszitters-midden-gelre");
  EXPECT_EQ(a.FindParty("rbl-midden-gelre")->municipalities,
            (std::vector<std::string>{"Arnhem", "Duiven", "Overbetuwe", "Lingewaard", "Renkum", "Rheden", "Rozendaal",
                                      "Westervoort", "Zevenaar"}));
}

TEST(SeedCovenantTest, C_22_C_23_C_24_bijlage_1_field_for_field) {
  const Agreement a = LoadShipped("thuiszitters-midden-gelre");
  EXPECT_EQ(FlowFields(a, domain::CaseCategory::kAbsoluutVerzuim),
            (std::vector<std::string>{"A1 bsn", "A2 naw", "A3 verzuim_startdatum", "A4 school_laatst_bekend",
                                      "A5 betrokkenheid"}));
  EXPECT_EQ(FlowFields(a, domain::CaseCategory::kLangdurigVerzuim),
            (std::vector<std::string>{"L1 bsn", "L2 naw", "L3 school_laatst_bekend", "L4 verzuim_startdatum",
                                      "L5 verzuim_reden", "L6 betrokkenheid"}));
  EXPECT_EQ(FlowFields(a, domain::CaseCategory::kVrijstelling5a),
            (std::vector<std::string>{"V1 bsn", "V2 naw", "V3 school_laatst_bekend", "V4 vrijstelling_datum_toekenning",
                                      "V5 vrijstelling_duur"}));
}

TEST(SeedCovenantTest, C_25_every_field_carries_the_bijlage_1_reason_verbatim) {
  const Agreement a = LoadShipped("thuiszitters-midden-gelre");
  // The seed wraps lines mid-sentence: compare with white space folded.
  auto fold = [](const std::string& text) {
    std::string out;
    for (char c : text) {
      const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
      if (space && (out.empty() || out.back() == ' ')) continue;
      out.push_back(space ? ' ' : c);
    }
    return out;
  };
  const std::string seed = fold(ReadSourceFile("../shared/seeds/001_d9ee7413322f67db.txt"));
  for (const auto& flow : a.flows) {
    for (const auto& entry : flow.fields) {
      EXPECT_FALSE(entry.reason.empty()) << entry.ref;
      if (!seed.empty()) {
        EXPECT_NE(seed.find(fold(entry.reason)), std::string::npos) << entry.ref << ": " << entry.reason;
      }
    }
  }
  // The SPEC reference copy, for a checkout without ../shared.
  const FlowField* l5 = nullptr;
  for (const auto& flow : a.flows) {
    for (const auto& e : flow.fields) {
      if (e.ref == "L5") l5 = &e;
    }
  }
  ASSERT_NE(l5, nullptr);
  EXPECT_EQ(l5->reason, "Om te weten of de jongere in beeld is en die de (juiste) ondersteuning ontvangt.");
}

TEST(WpgDecisionTest, W_03_in_force_from_the_day_after_signing_until_the_day_before_the_anniversary) {
  const Agreement a = LoadShipped("wpg-art20-mas");
  ASSERT_EQ(a.signed_on, Date::Ymd(2025, 3, 10));
  EXPECT_FALSE(a.InForceOn(Date::Ymd(2025, 3, 10)));
  EXPECT_TRUE(a.InForceOn(Date::Ymd(2025, 3, 11)));
  EXPECT_TRUE(a.InForceOn(Date::Ymd(2027, 3, 9)));
  EXPECT_FALSE(a.InForceOn(Date::Ymd(2027, 3, 10)));
  EXPECT_FALSE(a.confidentiality_notice.empty());
  EXPECT_NE(a.confidentiality_notice.find("7"), std::string::npos);
}

TEST(WpgDecisionTest, W_18_Q_07_no_bsn_and_gezondheid_only_with_basis) {
  const Agreement a = LoadShipped("wpg-art20-mas");
  ASSERT_EQ(a.flows.size(), 1u);
  EXPECT_FALSE(a.flows[0].field_set.test(*FindField("bsn")));
  EXPECT_TRUE(a.flows[0].field_set.test(*FindField("halt_verwijzing")));
  EXPECT_TRUE(a.FindParty("ggd-voorbeeldrijk")->special_category_basis.test(*FindField("gezondheid")));
  EXPECT_FALSE(a.FindParty("obs-de-linde")->special_category_basis.any());
  // SPEC W-20: the school's default profile; a partner without one takes the flow's whitelist.
  ASSERT_TRUE(a.FindParty("obs-de-linde")->profile.has_value());
  FieldSet school;
  for (const char* f : {"naam", "geboortedatum", "leerplichtambtenaar"}) school.set(*FindField(f));
  EXPECT_EQ(*a.FindParty("obs-de-linde")->profile, school);
  EXPECT_FALSE(a.FindParty("ggd-voorbeeldrijk")->profile.has_value());
}

TEST(AgreementLoaderTest, W_04_revocation_ends_validity_on_its_day) {
  std::string text = ReadSourceFile("config/agreements/wpg-art20-mas.toml");
  text += "\n";  // revoked_on must be a top-level key: put it before the first table
  const auto pos = text.find("\n[[parties]]");
  ASSERT_NE(pos, std::string::npos);
  text.insert(pos, "\nrevoked_on = 2025-09-01\n");
  const auto load = LoadAgreement(text, "revoked.toml");
  ASSERT_TRUE(load.agreement.has_value()) << (load.problems.empty() ? "" : load.problems[0].message);
  EXPECT_TRUE(load.agreement->InForceOn(Date::Ymd(2025, 8, 31)));
  EXPECT_FALSE(load.agreement->InForceOn(Date::Ymd(2025, 9, 1)));
}

TEST(AgreementLoaderTest, DatesMayBeWrittenAsStrings) {
  const auto load = LoadAgreement(R"(schema = "leerrecht.agreement/1"
id = "x"
version = 1
kind = "convenant"
title = "X"
valid_from = "2025-01-01"
special_categories = "excluded"
[[parties]]
id = "a"
name = "A"
role = "leerplicht"
legal_basis = ["b"]
[[purposes]]
id = "p"
text = "t"
[[flows]]
category = "*"
from = ["a"]
to = ["a"]
purposes = ["p"]
fields = [ { field = "bsn", reason = "r" } ]
)",
                                  "x.toml");
  ASSERT_TRUE(load.agreement.has_value()) << load.problems.at(0).message;
  EXPECT_EQ(load.agreement->valid_from, Date::Ymd(2025, 1, 1));
  EXPECT_FALSE(load.agreement->flows[0].category.has_value());
  EXPECT_FALSE(load.agreement->has_designation);
}

}  // namespace
}  // namespace leerrecht::policy
