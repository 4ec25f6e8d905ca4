// Drives the real `leerrecht import duo`: exit codes, the summary, the report file and running a file twice.
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

constexpr const char* kHeader =
    "meldingsnummer;bsn;achternaam;voorvoegsel;voornamen;geboortedatum;brin;verzuimsoort;begindatum;lesuren;"
    "melddatum\n";

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

std::string LastLine(const std::string& text) {
  std::string t = text;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  const auto at = t.rfind('\n');
  return at == std::string::npos ? t : t.substr(at + 1);
}

class ImportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("LEERRECHT_KEY_FILE");
    dir_ = fs::temp_directory_path() / ("leerrecht-import-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    data_ = (dir_ / "data").string();
    const RunResult init = Exec("init --data " + data_);
    ASSERT_EQ(init.exit_code, 0) << init.err;
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

  RunResult Import(const std::string& file, const std::string& extra = "") {
    return Exec("import duo --data " + data_ + " --party eigen-organisatie " + extra + " " + file);
  }

  fs::path dir_;
  std::string data_;
};

const std::string kGood = std::string(kHeader) + "VZL-1;111222333;Vries;de;Lina;2011-05-04;12AB;16-uur-onder-18;2025-02-10;18;2025-02-24\n" +
                          "VZL-2;123456782;Bakker;;Sem;2009-11-30;12AB;luxe-verzuim;2025-02-10;;2025-02-24\n";

TEST_F(ImportCliTest, ImportsThenRecognisesTheSameFile) {
  const fs::path file = Write("meldingen.csv", kGood);
  const RunResult first = Import(file.string());
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, "2 regels: 2 ingelezen, 0 al aanwezig, 0 afgewezen\n");
  EXPECT_TRUE(first.err.empty()) << first.err;  // no progress bar when stderr is not a terminal

  const RunResult again = Import(file.string());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "2 regels: 0 ingelezen, 2 al aanwezig, 0 afgewezen\n");

  const RunResult verify = Exec("log verify --data " + data_);
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

TEST_F(ImportCliTest, ReadsStandardInput) {
  const RunResult r = Exec("import duo --data " + data_ + " --party eigen-organisatie -", kGood);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(LastLine(r.out), "2 regels: 2 ingelezen, 0 al aanwezig, 0 afgewezen");
}

TEST_F(ImportCliTest, RejectedRowsExitOneAndAreListedWithoutBsn) {
  const fs::path file =
      Write("meldingen.csv", kGood + "VZL-3;123456789;Jansen;;Noor;2010-01-01;12AB;overig-verzuim;2025-02-10;;2025-02-24\n" +
                                 "VZL-4;232262536;Jansen;;Daan;2010-01-01;12AB;ziekte;2025-02-10;;2025-02-24\n");
  const RunResult r = Import(file.string());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("regel 4: bsn: BSN ongeldig (elfproef)\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("regel 5: ziekteverzuim is geoorloofd; geen rol leerplicht"), std::string::npos) << r.out;
  EXPECT_EQ(LastLine(r.out), "4 regels: 2 ingelezen, 0 al aanwezig, 2 afgewezen (zie rapport)");
  for (const char* bsn : {"111222333", "123456782", "123456789", "232262536"}) {
    EXPECT_EQ(r.out.find(bsn), std::string::npos) << bsn;
    EXPECT_EQ(r.err.find(bsn), std::string::npos) << bsn;
  }

  const fs::path report = dir_ / "rapport.json";
  const RunResult with_report = Import(file.string(), "--report " + report.string());
  EXPECT_EQ(with_report.exit_code, 1);
  EXPECT_EQ(with_report.out, "4 regels: 0 ingelezen, 2 al aanwezig, 2 afgewezen (zie rapport)\n");
  const auto j = nlohmann::json::parse(Slurp(report));
  EXPECT_EQ(j["schema"], "leerrecht.duo-import-rapport/1");
  EXPECT_EQ(j["al_aanwezig"], 2);
  EXPECT_EQ(j["afgewezen"], 2);
  EXPECT_EQ(j["afgewezen_regels"][0]["regel"], 4);
  EXPECT_EQ(j["afgewezen_regels"][1]["code"], "ziekteverzuim");
  struct stat st {};
  ASSERT_EQ(::stat(report.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(ImportCliTest, UnusableInputExitsTwoAndChangesNothing) {
  const RunResult header = Import(Write("fout.csv", "naam;adres\nJan;Dorpsstraat 1\n").string());
  EXPECT_EQ(header.exit_code, 2);
  EXPECT_TRUE(header.out.empty()) << header.out;
  EXPECT_EQ(std::count(header.err.begin(), header.err.end(), '\n'), 1) << header.err;
  EXPECT_NE(header.err.find("de kopregel mist verplichte kolommen"), std::string::npos) << header.err;

  EXPECT_EQ(Import(Write("leeg.csv", "").string()).exit_code, 2);
  EXPECT_EQ(Import((dir_ / "bestaat-niet.csv").string()).exit_code, 2);
  const RunResult party = Exec("import duo --data " + data_ + " --party onbekend " + Write("m.csv", kGood).string());
  EXPECT_EQ(party.exit_code, 2);
  EXPECT_NE(party.err.find("partij onbekend bestaat niet"), std::string::npos) << party.err;
  EXPECT_EQ(Exec("import duo --data " + (dir_ / "geen-map").string() + " --party eigen-organisatie " +
                 Write("m.csv", kGood).string())
                .exit_code,
            2);
  EXPECT_EQ(Exec("import duo --data " + data_ + " " + Write("m.csv", kGood).string()).exit_code, 2);  // --party
  EXPECT_EQ(Exec("import").exit_code, 2);

  // Nothing of the above reached the database.
  const RunResult first = Import(Write("m.csv", kGood).string());
  EXPECT_EQ(first.out, "2 regels: 2 ingelezen, 0 al aanwezig, 0 afgewezen\n");
}

TEST_F(ImportCliTest, Help) {
  for (const char* sub : {"import", "import duo"}) {
    const RunResult r = Exec(std::string(sub) + " --help");
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.out.find("--help"), std::string::npos) << sub;
  }
  EXPECT_NE(Exec("import duo --help").out.find("docs/commands/import.md"), std::string::npos);
}

}  // namespace
