// Drives the real `leerrecht compare`: exit codes, the three report formats and what reaches stderr.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

const fs::path kCases = fs::path(LEERRECHT_SOURCE_DIR) / "tests" / "conformance" / "compare";

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class CompareCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("leerrecht-compare-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    rbl_ = (kCases / "C-17-spec-example" / "left.csv").string();
    swv_ = (kCases / "C-17-spec-example" / "right.csv").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Write(const std::string& name, const std::string& content) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

  RunResult Exec(const std::string& args, const std::string& stdin_text = "") {
    const fs::path in = Write("stdin", stdin_text);
    const std::string cmd = std::string(LEERRECHT_BIN) + " " + args + " < " + in.string() + " > " +
                            (dir_ / "out").string() + " 2> " + (dir_ / "err").string();
    const int status = std::system(cmd.c_str());
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Slurp(dir_ / "out");
    r.err = Slurp(dir_ / "err");
    return r;
  }

  fs::path dir_;
  std::string rbl_;
  std::string swv_;
};

TEST_F(CompareCliTest, C_17_spec_example_prints_the_report_as_json) {
  auto r = Exec("compare --left " + rbl_ + " --right " + swv_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "") << "nothing on stderr when it is not a terminal";
  const auto out = nlohmann::json::parse(r.out);
  EXPECT_EQ(out, nlohmann::json::parse(Slurp(kCases / "C-17-spec-example" / "expected.json")));
}

TEST_F(CompareCliTest, HelpNamesTheOptions) {
  auto r = Exec("compare --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* option : {"--left", "--right", "--format", "--out", "docs/commands/compare.md"}) {
    EXPECT_NE(r.out.find(option), std::string::npos) << option;
  }
  auto top = Exec("--help");
  EXPECT_NE(top.out.find("compare"), std::string::npos);
}

TEST_F(CompareCliTest, CsvFormatOnStdoutAndToAFile) {
  auto r = Exec("compare --left " + rbl_ + " --right " + swv_ + " --format csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "group;bsn;field;left;right;note\n"
            "matched;123456782;;;;\n"
            "only_left;232262536;;;;verwacht: absoluut verzuim alleen bij RBL bekend\n"
            "field_differences;123456782;startdatum;2025-01-06;2025-01-13;rechts 7 dagen later\n");
  const fs::path report = dir_ / "verschillen.csv";
  auto to_file = Exec("compare --left " + rbl_ + " --right " + swv_ + " --format csv --out " + report.string());
  ASSERT_EQ(to_file.exit_code, 0) << to_file.err;
  EXPECT_EQ(to_file.out, "");
  EXPECT_EQ(Slurp(report), r.out);
  struct stat st {};
  ASSERT_EQ(::stat(report.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the report holds BSNs";
  for (const auto& entry : fs::directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << "temporary file left behind";
  }
}

TEST_F(CompareCliTest, JsonToAFileEqualsStdout) {
  const fs::path report = dir_ / "rapport.json";
  auto r = Exec("compare --left " + rbl_ + " --right " + swv_ + " --out " + report.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto stdout_run = Exec("compare --left " + rbl_ + " --right " + swv_);
  EXPECT_EQ(Slurp(report), stdout_run.out);
}

TEST_F(CompareCliTest, XlsxNeedsOutAndWritesAWorkbook) {
  auto no_out = Exec("compare --left " + rbl_ + " --right " + swv_ + " --format xlsx");
  EXPECT_EQ(no_out.exit_code, 2);
  EXPECT_EQ(no_out.err, "leerrecht: --format xlsx vraagt --out FILE\n");
  EXPECT_EQ(no_out.out, "");

  const fs::path book = dir_ / "verschillen.xlsx";
  auto r = Exec("compare --left " + rbl_ + " --right " + swv_ + " --format xlsx --out " + book.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string bytes = Slurp(book);
  ASSERT_GE(bytes.size(), 4u);
  EXPECT_EQ(bytes.substr(0, 2), "PK") << "an xlsx file is a zip archive";
  // Zip entry names are stored uncompressed: one worksheet per group plus the summary.
  for (int sheet = 1; sheet <= 8; ++sheet) {
    const std::string entry = "xl/worksheets/sheet" + std::to_string(sheet) + ".xml";
    EXPECT_NE(bytes.find(entry), std::string::npos) << entry;
  }
  EXPECT_EQ(bytes.find("xl/worksheets/sheet9.xml"), std::string::npos);
}

TEST_F(CompareCliTest, ListFromStandardInput) {
  auto r = Exec("compare --left - --right " + swv_, Slurp(rbl_));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["only_left"], nlohmann::json::parse(R"(["232262536"])"));
  auto both = Exec("compare --left - --right -");
  EXPECT_EQ(both.exit_code, 2);
}

TEST_F(CompareCliTest, InvalidRowsAreReportedNotFatalAndStayOffStderr) {
  const auto left = Write("rbl.csv", "bsn;categorie\n123456789;langdurig\n123456782;langdurig\n;absoluut\n");
  auto r = Exec("compare --left " + left.string() + " --right " + swv_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto out = nlohmann::json::parse(r.out);
  EXPECT_EQ(out["invalid"].size(), 2u);
  EXPECT_EQ(out["invalid"][0]["line"], 2);
  EXPECT_EQ(out["invalid"][0]["error"], "BSN ongeldig (elfproef)");
}

TEST_F(CompareCliTest, UnusableListsExitTwoWithOneLineNamingTheFile) {
  const auto no_bsn = Write("geen-bsn.csv", "burgerservicenummer;categorie\n123456782;langdurig\n");
  auto r = Exec("compare --left " + rbl_ + " --right " + no_bsn.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "leerrecht: " + no_bsn.string() + ": geen kolom 'bsn' in de kopregel (regel 1)\n");
  EXPECT_EQ(r.err.find("123456782"), std::string::npos) << "no BSN on stderr";

  const auto empty = Write("leeg.csv", "");
  auto e = Exec("compare --left " + empty.string() + " --right " + swv_);
  EXPECT_EQ(e.exit_code, 2);
  EXPECT_EQ(e.err, "leerrecht: " + empty.string() + ": bestand is leeg\n");

  const std::string missing = (dir_ / "bestaat-niet.csv").string();
  auto m = Exec("compare --left " + rbl_ + " --right " + missing);
  EXPECT_EQ(m.exit_code, 2);
  EXPECT_EQ(m.err, "leerrecht: kan bestand niet lezen: " + missing + " (No such file or directory)\n");

  auto d = Exec("compare --left " + dir_.string() + " --right " + swv_);
  EXPECT_EQ(d.exit_code, 2);
  EXPECT_NE(d.err.find("is een map"), std::string::npos) << d.err;
}

TEST_F(CompareCliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Exec("compare --left " + rbl_).exit_code, 2);
  EXPECT_EQ(Exec("compare --left " + rbl_ + " --right " + swv_ + " --format pdf").exit_code, 2);
  auto same = Exec("compare --left " + rbl_ + " --right " + swv_ + " --out " + rbl_);
  EXPECT_EQ(same.exit_code, 2);
  EXPECT_NE(same.err.find("--out mag geen van de twee lijsten zijn"), std::string::npos) << same.err;
}

TEST_F(CompareCliTest, UnwritableOutExitsTwoAndLeavesNothing) {
  const std::string target = (dir_ / "geen-map" / "rapport.json").string();
  auto r = Exec("compare --left " + rbl_ + " --right " + swv_ + " --out " + target);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("kan " + target + " niet schrijven"), std::string::npos) << r.err;
}

}  // namespace
