// Runs every case folder under tests/conformance/compare/ through the comparison the command uses.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "services/compare.h"

namespace leerrecht {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string name;
  fs::path dir;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<Case> Cases() {
  std::vector<Case> cases;
  for (const auto& entry : fs::directory_iterator(LEERRECHT_COMPARE_CASES_DIR)) {
    if (entry.is_directory()) cases.push_back({entry.path().filename().string(), entry.path()});
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

std::string TestName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.name;
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return name;
}

class Compare : public ::testing::TestWithParam<Case> {};

TEST_P(Compare, Case) {
  const Case& c = GetParam();
  ASSERT_TRUE(fs::exists(c.dir / "left.csv") && fs::exists(c.dir / "right.csv")) << c.dir;
  const std::string left = ReadFile(c.dir / "left.csv");
  const std::string right = ReadFile(c.dir / "right.csv");
  auto report = services::CompareLists({left, "left.csv"}, {right, "right.csv"});
  if (fs::exists(c.dir / "expected_error.txt")) {
    std::string expected = ReadFile(c.dir / "expected_error.txt");
    while (!expected.empty() && (expected.back() == '\n' || expected.back() == '\r')) expected.pop_back();
    ASSERT_FALSE(report.ok()) << "expected the error: " << expected;
    EXPECT_EQ(report.status().message(), expected);
    return;
  }
  ASSERT_TRUE(fs::exists(c.dir / "expected.json")) << "missing expected.json or expected_error.txt in " << c.dir;
  ASSERT_TRUE(report.ok()) << report.status().message();
  const auto actual = nlohmann::json::parse(services::CompareReportToJson(*report));
  const auto expected = nlohmann::json::parse(ReadFile(c.dir / "expected.json"));
  EXPECT_EQ(actual, expected) << "actual:   " << actual.dump() << "\nexpected: " << expected.dump();
}

INSTANTIATE_TEST_SUITE_P(Conformance, Compare, ::testing::ValuesIn(Cases()), TestName);

}  // namespace
}  // namespace leerrecht
