// Runs every golden case under tests/conformance/ through the same code path as the command.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "services/classify_request.h"

namespace leerrecht {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string name;  // file stem without ".request"
  fs::path request;
  fs::path expected;
};

// Keeps CTest names and failure output readable instead of a byte dump of the struct.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<Case> CasesIn(const std::string& folder) {
  std::vector<Case> cases;
  const fs::path dir = fs::path(LEERRECHT_CONFORMANCE_DIR) / folder;
  const std::string suffix = ".request.json";
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string file = entry.path().filename().string();
    if (file.size() <= suffix.size() || file.compare(file.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    const std::string name = file.substr(0, file.size() - suffix.size());
    cases.push_back({name, entry.path(), dir / (name + ".expected.json")});
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

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

TEST(ConformanceSuite, HasCasesForEveryClassificationRequirement) {
  const auto cases = CasesIn("classify");
  for (const char* id : {"C-05", "C-06", "C-07", "C-08", "C-09", "P-09"}) {
    const bool found = std::any_of(cases.begin(), cases.end(), [&](const Case& c) { return c.name.rfind(id, 0) == 0; });
    EXPECT_TRUE(found) << "no conformance case for " << id;
  }
}

}  // namespace
}  // namespace leerrecht
