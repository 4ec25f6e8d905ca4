// Drives the real `leerrecht` binary: exit codes, output and error lines as a user sees them.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

namespace {

namespace fs = std::filesystem;

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

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("leerrecht-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
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
};

const std::string kConformance = std::string(LEERRECHT_SOURCE_DIR) + "/tests/conformance/classify/";

TEST_F(CliTest, VersionAndHelp) {
  auto v = Exec("--version");
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out.rfind("leerrecht ", 0), 0u) << v.out;
  auto help = Exec("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("classify"), std::string::npos);
  EXPECT_NE(help.out.find("demo"), std::string::npos);
  for (const char* sub : {"classify", "demo", "serve", "agreement", "agreement check", "agreement show", "policy",
                          "policy decide", "init", "log", "log verify", "log export", "backup", "restore"}) {
    auto r = Exec(std::string(sub) + " --help");
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_NE(r.out.find("--help"), std::string::npos) << sub;
  }
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Exec("").exit_code, 2);
  EXPECT_EQ(Exec("frobnicate").exit_code, 2);
  EXPECT_EQ(Exec("classify").exit_code, 2);  // --request is required
  EXPECT_EQ(Exec("classify --request x --bogus").exit_code, 2);
}

TEST_F(CliTest, ClassifyPrintsTheContractAnswer) {
  auto r = Exec("classify --request " + kConformance + "example-02-absoluut.request.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out),
            nlohmann::json::parse(Slurp(kConformance + "example-02-absoluut.expected.json")));
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST_F(CliTest, ClassifyReadsStandardInput) {
  auto r = Exec("classify --request -", Slurp(kConformance + "example-01-relatief.request.json"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["categorieen"], nlohmann::json::parse(R"(["relatief-verzuim"])"));
}

TEST_F(CliTest, ClassifyExplainAddsToelichting) {
  auto r = Exec("classify --explain --request " + kConformance + "C-05-daan-absoluut-verzuim.request.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto out = nlohmann::json::parse(r.out);
  EXPECT_EQ(out["toelichting"]["leerplichtig_vanaf"], "2021-03-01");
}

// One line on stderr naming the field, exit 2, nothing on stdout.
void ExpectInvalid(const RunResult& r, const std::string& field) {
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_NE(r.err.find(field), std::string::npos) << r.err;
}

TEST_F(CliTest, ClassifyInvalidInputNamesTheField) {
  ExpectInvalid(Exec("classify --request " +
                     Write("a.json", R"({"date":"2025-13-01","geboortedatum":"2012-05-02"})").string()),
                "date: ongeldige datum");
  auto bsn = Exec("classify --request " +
                  Write("b.json", R"({"date":"2025-03-01","geboortedatum":"2012-05-02","bsn":"123456789"})").string());
  ExpectInvalid(bsn, "bsn: BSN ongeldig (elfproef)");
  EXPECT_EQ(bsn.err.find("123456789"), std::string::npos) << "BSN must not be echoed";
  ExpectInvalid(Exec("classify --request " +
                     Write("c.json", R"({"date":"2025-03-01","geboortedatum":"2012-05-02",
                       "vrijstellingen":[{"artikel":"99","datum_toekenning":"2024-01-01"}]})")
                         .string()),
                "vrijstellingen[0].artikel: onbekend artikel");
  ExpectInvalid(Exec("classify --request " + Write("d.json", "{ not json").string()), "ongeldige JSON op regel 1");
  ExpectInvalid(Exec("classify --request " + (dir_ / "missing.json").string()), "kan bestand niet lezen");
  ExpectInvalid(Exec("classify --request " + Write("e.json", "").string()), "ongeldige JSON");
}

TEST_F(CliTest, ClassifyWarnsAboutUnknownKeysButAnswers) {
  auto r = Exec("classify --request " +
                Write("w.json", R"({"date":"2025-03-01","geboortedatum":"2012-05-02","vrijstelingen":[]})").string());
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.err.find("onbekend veld genegeerd: vrijstelingen"), std::string::npos) << r.err;
  EXPECT_FALSE(nlohmann::json::parse(r.out).empty());
}

const std::string kAgreements = std::string(LEERRECHT_SOURCE_DIR) + "/config/agreements/";
const std::string kCovenant = kAgreements + "thuiszitters-midden-gelre.toml";
const std::string kDecideDir = std::string(LEERRECHT_SOURCE_DIR) + "/tests/conformance/decide/voorbeeld-convenant/";
const std::string kExampleAgreement =
    std::string(LEERRECHT_SOURCE_DIR) + "/tests/conformance/agreements/voorbeeld-convenant.toml";

TEST_F(CliTest, AgreementCheckPassesTheShippedFiles) {
  auto r = Exec("agreement check " + kCovenant + " " + kAgreements + "wpg-art20-mas.toml");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("thuiszitters-midden-gelre.toml: in orde"), std::string::npos) << r.out;
}

TEST_F(CliTest, AgreementCheckNamesFileAndLineAndExitsOne) {
  const std::string broken = std::string(LEERRECHT_SOURCE_DIR) + "/tests/policy/broken/unknown-key.toml";
  auto r = Exec("agreement check " + kCovenant + " " + broken);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(broken + ":9: onbekende sleutel valid_untill"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(broken + ":16: onbekende sleutel parties.naam"), std::string::npos) << r.out;
  auto missing = Exec("agreement check " + (dir_ / "nope.toml").string());
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("kan bestand niet lezen"), std::string::npos);
}

TEST_F(CliTest, AgreementShowPrintsTheExchangeTable) {
  auto r = Exec("agreement show " + kCovenant);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Langdurig verzuim"), std::string::npos);
  EXPECT_NE(r.out.find("L5  verzuim_reden"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Om te weten of de jongere in beeld is en die de (juiste) ondersteuning ontvangt."),
            std::string::npos);
  EXPECT_NE(r.out.find("naw (= naam, adres, ouder_naam, ouder_adres)"), std::string::npos);
}

// SPEC W-25: the decision's field profiles per MAS phase, as the privacy officer reads them.
TEST_F(CliTest, W_25_AgreementShowListsTheFieldProfilesPerPhase) {
  auto r = Exec("agreement show " + kAgreements + "wpg-art20-mas.toml");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Veldprofielen per MAS-fase"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("halt-pv-feit: Halt/PV-feit\n      fasen: halt, proces-verbaal, om"), std::string::npos) << r.out;
}

TEST_F(CliTest, PolicyDecideAnswersTheExample) {
  auto r = Exec("policy decide --agreement " + kExampleAgreement + " --request " + kDecideDir + "example-01.request.json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto out = nlohmann::json::parse(r.out);
  EXPECT_EQ(out["decision"], "partial");
  EXPECT_EQ(out["granted"], nlohmann::json::parse(R"(["bsn", "naam", "adres", "ouder_naam", "ouder_adres"])"));
  EXPECT_EQ(out["refused"][1]["reason"], "wpg-excluded");
}

TEST_F(CliTest, PolicyDecideRejectsBadInputWithExitTwo) {
  const std::string good = kDecideDir + "example-01.request.json";
  auto malformed = Exec("policy decide --agreement " + kExampleAgreement + " --request " +
                        Write("m.json", "{\"date\": ").string());
  ExpectInvalid(malformed, "ongeldige JSON");
  std::string text = Slurp(good);
  text.replace(text.find("\"telefoon\""), 10, "\"telefoonnummer\"");
  ExpectInvalid(Exec("policy decide --agreement " + kExampleAgreement + " --request " + Write("u.json", text).string()),
                "fields[2]: onbekend veld \"telefoonnummer\"");
  std::string category = Slurp(good);
  category.replace(category.find("langdurig-verzuim"), 17, "thuiszitter");
  ExpectInvalid(
      Exec("policy decide --agreement " + kExampleAgreement + " --request " + Write("c.json", category).string()),
      "subject.category: onbekende categorie");
  ExpectInvalid(Exec("policy decide --agreement " + (dir_ / "none.toml").string() + " --request " + good),
                "kan bestand niet lezen");
  const std::string broken = std::string(LEERRECHT_SOURCE_DIR) + "/tests/policy/broken/unknown-key.toml";
  ExpectInvalid(Exec("policy decide --agreement " + broken + " --request " + good), broken + ":9: onbekende sleutel");
}

TEST_F(CliTest, InitVerifyBackupRestoreCycle) {
  const std::string data = (dir_ / "data").string();
  auto init = Exec("init --data " + data);
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_NE(init.out.find("Eenmalig wachtwoord: "), std::string::npos);
  EXPECT_NE(init.out.find("Eerste beheerder: beheerder"), std::string::npos);
  auto again = Exec("init --data " + data);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("init overschrijft niets"), std::string::npos) << again.err;

  auto verify = Exec("log verify --data " + data);
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find("log intact"), std::string::npos);
  EXPECT_EQ(Exec("log verify --data " + (dir_ / "nergens").string()).exit_code, 2);

  const std::string backup = (dir_ / "kopie.db").string();
  auto b = Exec("backup --data " + data + " --to " + backup);
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(Exec("backup --data " + data + " --to " + backup).exit_code, 1);  // never overwrites
  auto refused = Exec("restore --from " + backup + " --data " + data);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("--replace"), std::string::npos);
  auto restored = Exec("restore --from " + backup + " --data " + data + " --replace");
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_EQ(Exec("log verify --data " + data).exit_code, 0);
  auto exported = Exec("log export --data " + data + " --format ldv");
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
}

TEST_F(CliTest, RestoreRefusesABackupMadeWithAnotherKey) {
  const std::string a = (dir_ / "a").string();
  const std::string b = (dir_ / "b").string();
  ASSERT_EQ(Exec("init --data " + a).exit_code, 0);
  ASSERT_EQ(Exec("init --data " + b).exit_code, 0);
  const std::string backup = (dir_ / "a.db").string();
  ASSERT_EQ(Exec("backup --data " + a + " --to " + backup).exit_code, 0);
  auto r = Exec("restore --from " + backup + " --data " + b + " --replace");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("verkeerde sleutel"), std::string::npos) << r.err;
  EXPECT_EQ(Exec("log verify --data " + b).exit_code, 0);  // b untouched
}

// Sends one HTTP request over loopback and returns the raw response.
std::string HttpCall(int port, const std::string& method, const std::string& path, const std::string& body,
                     const std::string& cookie) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return "";
  }
  std::string req = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
  if (!cookie.empty()) req += "Cookie: " + cookie + "\r\n";
  if (method == "POST") req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  (void)!::write(fd, req.data(), req.size());
  std::string resp;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) resp.append(buf, static_cast<size_t>(n));
  ::close(fd);
  return resp;
}

std::string HttpGet(int port, const std::string& path, const std::string& cookie = "") {
  return HttpCall(port, "GET", path, "", cookie);
}
std::string HttpPost(int port, const std::string& path, const std::string& body) {
  return HttpCall(port, "POST", path, body, "");
}

TEST_F(CliTest, DemoServesHealthzAndStopsOnSigterm) {
  int pipefd[2];
  ASSERT_EQ(::pipe(pipefd), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(pipefd[1], STDOUT_FILENO);
    ::close(pipefd[0]);
    const std::string demo_dir = (dir_ / "demo").string();
    ::execl(LEERRECHT_BIN, LEERRECHT_BIN, "demo", "--data", demo_dir.c_str(), "--listen", "127.0.0.1:0",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(pipefd[1]);
  // First line: "Leerrecht X draait op http://127.0.0.1:PORT/".
  std::string line;
  char c;
  while (::read(pipefd[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  const auto at = line.find("http://127.0.0.1:");
  ASSERT_NE(at, std::string::npos) << line;
  const int port = std::atoi(line.c_str() + at + std::string("http://127.0.0.1:").size());
  ASSERT_GT(port, 0);

  // Then the demo accounts of the fictitious region, ending with "Stop met Ctrl+C.".
  std::string accounts;
  while (accounts.find("Stop met Ctrl+C.") == std::string::npos && ::read(pipefd[0], &c, 1) == 1) accounts.push_back(c);
  const auto lpa = accounts.find("k.jansen / ");
  ASSERT_NE(lpa, std::string::npos) << accounts;
  const std::string password = accounts.substr(lpa + 11, accounts.find(' ', lpa + 11) - lpa - 11);
  const std::string body = "{\"gebruiker\":\"k.jansen\",\"wachtwoord\":\"" + password + "\"}";
  const std::string login = HttpPost(port, "/api/v1/login", body);
  ASSERT_EQ(login.rfind("HTTP/1.1 200", 0), 0u) << login;
  const auto cookie_at = login.find("leerrecht_sessie=");
  ASSERT_NE(cookie_at, std::string::npos);
  const std::string cookie = login.substr(cookie_at, login.find(';', cookie_at) - cookie_at);
  const std::string cases = HttpGet(port, "/api/v1/zaken", cookie);
  EXPECT_EQ(cases.rfind("HTTP/1.1 200", 0), 0u) << cases.substr(0, 300);
  EXPECT_NE(cases.find("langdurig-verzuim"), std::string::npos);

  const std::string health = HttpGet(port, "/healthz");
  EXPECT_EQ(HttpGet(port, "/readyz").rfind("HTTP/1.1 200", 0), 0u);
  const std::string version = HttpGet(port, "/api/v1/version");
  EXPECT_NE(version.find("\"name\":\"leerrecht\""), std::string::npos) << version;
  EXPECT_EQ(health.rfind("HTTP/1.1 200", 0), 0u) << health;
  // The web interface: "/" sends a visitor without a session to the login page, in Dutch.
  const std::string landing = HttpGet(port, "/");
  EXPECT_EQ(landing.rfind("HTTP/1.1 303", 0), 0u) << landing.substr(0, 300);
  EXPECT_NE(landing.find("/inloggen"), std::string::npos);
  const std::string login_page = HttpGet(port, "/inloggen");
  EXPECT_EQ(login_page.rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_NE(login_page.find("<html lang=\"nl\">"), std::string::npos);
  EXPECT_EQ(HttpGet(port, "/bestaat-niet").rfind("HTTP/1.1 404", 0), 0u);

  ::kill(pid, SIGTERM);
  int status = 0;
  bool exited = false;
  for (int i = 0; i < 100 && !exited; ++i) {
    exited = ::waitpid(pid, &status, WNOHANG) == pid;
    if (!exited) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (!exited) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    FAIL() << "demo did not stop within 5 s of SIGTERM";
  }
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  ::close(pipefd[0]);
  // The demo created its data folder, printed a login, and the graceful stop left a verifiable log.
  EXPECT_TRUE(std::filesystem::exists(dir_ / "demo" / "leerrecht.db"));
  EXPECT_EQ(Exec("log verify --data " + (dir_ / "demo").string()).exit_code, 0);
}

TEST_F(CliTest, ServeNeedsAnInitialisedFolder) {
  auto r = Exec("serve --data " + (dir_ / "leeg").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("leerrecht init"), std::string::npos) << r.err;
}

TEST_F(CliTest, DemoRejectsABadListenAddress) {
  auto r = Exec("demo --data " + (dir_ / "demo").string() + " --listen nonsense");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--listen"), std::string::npos) << r.err;
}

}  // namespace
