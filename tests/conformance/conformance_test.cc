// Runs every golden case under tests/conformance/ through the same code path as the command.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "services/classify_request.h"
#include "services/decide_request.h"

namespace leerrecht {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string name;  // file stem without ".request"
  fs::path request;
  fs::path expected;
  std::string agreement;  // decide cases: the agreement the folder names
};

// Keeps CTest names and failure output readable instead of a byte dump of the struct.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<Case> CasesInDir(const fs::path& dir) {
  std::vector<Case> cases;
  const std::string suffix = ".request.json";
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string file = entry.path().filename().string();
    if (file.size() <= suffix.size() || file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    const std::string name = file.substr(0, file.size() - suffix.size());
    cases.push_back({name, entry.path(), dir / (name + ".expected.json"), ""});
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

std::vector<Case> CasesIn(const std::string& folder) { return CasesInDir(fs::path(LEERRECHT_CONFORMANCE_DIR) / folder); }

std::string TestName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.name;
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return name;
}

class Classify : public ::testing::TestWithParam<Case> {};

TEST_P(Classify, Case) {
  const Case& c = GetParam();
  ASSERT_TRUE(fs::exists(c.expected)) << "missing " << c.expected;
  auto request = services::ParseClassifyRequest(ReadFile(c.request));
  ASSERT_TRUE(request.ok()) << request.status().message();
  EXPECT_TRUE(request->unknown_keys.empty()) << "case uses unknown key " << request->unknown_keys.front();
  const auto actual =
      nlohmann::json::parse(services::ClassificationToJson(domain::Classify(request->youth, request->date)));
  const auto expected = nlohmann::json::parse(ReadFile(c.expected));
  EXPECT_EQ(actual, expected) << "actual:   " << actual.dump() << "\nexpected: " << expected.dump();
}

INSTANTIATE_TEST_SUITE_P(Conformance, Classify, ::testing::ValuesIn(CasesIn("classify")), TestName);

// decide/<agreement>/NAME.request.json: <agreement> names a file in config/agreements/ or in
// tests/conformance/agreements/ (without .toml). The case name keeps the folder for clarity.
fs::path AgreementFor(const std::string& stem) {
  const fs::path shipped = fs::path(LEERRECHT_SOURCE_DIR) / "config" / "agreements" / (stem + ".toml");
  if (fs::exists(shipped)) return shipped;
  return fs::path(LEERRECHT_CONFORMANCE_DIR) / "agreements" / (stem + ".toml");
}

std::vector<Case> DecideCases() {
  std::vector<Case> cases;
  for (const auto& entry : fs::directory_iterator(fs::path(LEERRECHT_CONFORMANCE_DIR) / "decide")) {
    if (!entry.is_directory()) continue;
    for (Case c : CasesInDir(entry.path())) {
      c.agreement = entry.path().filename().string();
      cases.push_back(std::move(c));
    }
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

// Compares the contract keys. An expected refusal may carry "explanation_contains": a phrase
// the Dutch explanation must include (the wording SPEC quotes); "explanation" itself is free text.
void ExpectDecisionMatches(const nlohmann::json& actual, const nlohmann::json& expected) {
  for (const char* key : {"decision", "agreement", "granted", "notices"}) {
    if (expected.contains(key)) {
      EXPECT_EQ(actual[key], expected[key]) << key;
    }
  }
  EXPECT_EQ(actual.contains("documentation"), expected.contains("documentation")) << "documentation";
  if (expected.contains("documentation")) {
    EXPECT_EQ(actual["documentation"], expected["documentation"]);
  }
  ASSERT_EQ(actual["refused"].size(), expected["refused"].size()) << actual["refused"].dump(1);
  for (std::size_t i = 0; i < expected["refused"].size(); ++i) {
    const auto& a = actual["refused"][i];
    const auto& e = expected["refused"][i];
    EXPECT_EQ(a["field"], e["field"]) << "refused[" << i << "]";
    EXPECT_EQ(a["reason"], e["reason"]) << "refused[" << i << "] " << a["field"];
    EXPECT_FALSE(a["explanation"].get<std::string>().empty());
    if (e.contains("explanation_contains")) {
      EXPECT_NE(a["explanation"].get<std::string>().find(e["explanation_contains"].get<std::string>()),
                std::string::npos)
          << "explanation: " << a["explanation"] << "\nmust contain: " << e["explanation_contains"];
    }
  }
}

class Decide : public ::testing::TestWithParam<Case> {};

TEST_P(Decide, Case) {
  const Case& c = GetParam();
  ASSERT_TRUE(fs::exists(c.expected)) << "missing " << c.expected;
  auto agreement = cli::LoadAgreementFile(AgreementFor(c.agreement).string());
  ASSERT_TRUE(agreement.ok()) << agreement.status().message();
  auto request = services::ParseDisclosureRequest(ReadFile(c.request));
  ASSERT_TRUE(request.ok()) << request.status().message();
  const auto decision = policy::Decide(*agreement, *request);
  const auto actual = nlohmann::json::parse(services::DecisionToJson(*agreement, *request, decision));
  ExpectDecisionMatches(actual, nlohmann::json::parse(ReadFile(c.expected)));
  if (HasFailure()) ADD_FAILURE() << "actual: " << actual.dump(1);
}

INSTANTIATE_TEST_SUITE_P(Conformance, Decide, ::testing::ValuesIn(DecideCases()), TestName);

TEST(ConformanceSuite, HasCasesForEveryDecisionRequirement) {
  const auto cases = DecideCases();
  for (const char* id : {"C-01", "C-22", "C-23", "C-24", "C-30", "C-31", "C-32", "W-03", "W-04", "W-07", "W-09",
                         "W-10", "W-16", "W-17", "W-23", "W-29", "R-02", "R-03", "R-11"}) {
    const bool found = std::any_of(cases.begin(), cases.end(), [&](const Case& c) { return c.name.rfind(id, 0) == 0; });
    EXPECT_TRUE(found) << "no decide conformance case for " << id;
  }
}

TEST(ConformanceSuite, HasCasesForEveryClassificationRequirement) {
  const auto cases = CasesIn("classify");
  for (const char* id : {"C-05", "C-06", "C-07", "C-08", "C-09", "P-09"}) {
    const bool found = std::any_of(cases.begin(), cases.end(), [&](const Case& c) { return c.name.rfind(id, 0) == 0; });
    EXPECT_TRUE(found) << "no conformance case for " << id;
  }
}

}  // namespace
}  // namespace leerrecht
