// HTTP dossier reads under load (DESIGN.md §13): the real server in-process, wrk with 64 connections,
// and Debian's nginx serving the same response bytes as the ceiling. Prints figures, asserts nothing.
//
//   http_bench [--path /api/v1/zaken/{id}] [--duration 10] [--connections 64] [--wrk-threads 2]
//              [--server-threads 0] [--handler-threads 64] [--warmup 2] [--access-log FILE] [--no-nginx]
//
// Each dossier read is authenticated with a session cookie and writes a processing-log entry, so
// the figure includes the durable log write. wrk, the server and nginx share the machine's cores.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/bsn.h"
#include "core/clock.h"
#include "crypto/password.h"
#include "http/app.h"
#include "http/server.h"
#include "services/data_folder.h"
#include "services/session_service.h"
#include "store/repositories/case_repository.h"
#include "store/repositories/party_repository.h"
#include "store/repositories/user_repository.h"
#include "store/repositories/youth_repository.h"

extern char** environ;

namespace {

using namespace leerrecht;
using namespace std::chrono_literals;

constexpr std::string_view kDefaultPath = "/api/v1/zaken/{id}";
constexpr std::string_view kStandInPath = "/api/v1/me";
constexpr const char* kParty = "eigen-organisatie";  // DataFolder::Init's first party, a leerplicht party
constexpr const char* kUser = "lpa-bench";
constexpr const char* kPassword = "benchmark-wachtwoord-1";
constexpr int kCases = 200;  // so the database is not a single row

struct Options {
  std::string path{kDefaultPath};
  int duration = 10;
  int connections = 64;
  int wrk_threads = 2;
  unsigned server_threads = 0;
  unsigned handler_threads = 64;
  int warmup = 2;
  std::string access_log;
  bool nginx = true;
};

// Thrown rather than exit(), so temporary folders and nginx are cleaned up on the way out.
struct BenchError {
  std::string message;
};

[[noreturn]] void Fail(const std::string& message) { throw BenchError{message}; }

Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Fail(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--path") {
      o.path = value();
    } else if (arg == "--duration") {
      o.duration = std::atoi(value().c_str());
    } else if (arg == "--connections") {
      o.connections = std::atoi(value().c_str());
    } else if (arg == "--wrk-threads") {
      o.wrk_threads = std::atoi(value().c_str());
    } else if (arg == "--handler-threads") {
      o.handler_threads = static_cast<unsigned>(std::atoi(value().c_str()));
    } else if (arg == "--server-threads") {
      o.server_threads = static_cast<unsigned>(std::atoi(value().c_str()));
    } else if (arg == "--warmup") {
      o.warmup = std::atoi(value().c_str());
    } else if (arg == "--access-log") {
      o.access_log = value();
    } else if (arg == "--no-nginx") {
      o.nginx = false;
    } else {
      Fail("unknown option " + std::string(arg) + " (see the comment at the top of bench/http_bench.cc)");
    }
  }
  if (o.duration < 1 || o.connections < 1 || o.wrk_threads < 1 || o.warmup < 0) Fail("bad numbers in the options");
  return o;
}

// ---- a blocking HTTP/1.1 client for the set-up requests ----------------------------------------

struct Reply {
  int status = 0;
  std::string content_type;
  std::string set_cookie;
  std::string body;
};

std::string LowerAscii(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

Reply Call(std::uint16_t port, const std::string& method, const std::string& path, const std::string& cookie,
           const std::string& body = "") {
  Reply reply;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd >= 0) ::close(fd);
    return reply;
  }
  std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!cookie.empty()) request += "Cookie: " + cookie + "\r\n";
  if (!body.empty()) {
    request += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  }
  request += "\r\n" + body;
  for (std::string_view rest = request; !rest.empty();) {
    const ssize_t n = ::send(fd, rest.data(), rest.size(), MSG_NOSIGNAL);
    if (n <= 0) break;
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  std::string raw;
  char buf[8192];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) raw.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  const std::size_t head_end = raw.find("\r\n\r\n");
  if (raw.size() < 12 || head_end == std::string::npos) return reply;
  reply.status = std::atoi(raw.c_str() + 9);
  for (std::size_t pos = raw.find("\r\n") + 2; pos < head_end;) {
    const std::size_t end = raw.find("\r\n", pos);
    const std::string line = raw.substr(pos, end - pos);
    const std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      const std::string name = LowerAscii(line.substr(0, colon));
      if (name == "content-type") reply.content_type = value;
      if (name == "set-cookie") reply.set_cookie = value.substr(0, value.find(';'));
    }
    pos = end + 2;
  }
  reply.body = raw.substr(head_end + 4);  // Connection: close, so everything after the head
  return reply;
}

// ---- child processes --------------------------------------------------------------------------

// posix_spawn rather than fork: the server's threads are running, and only exec is safe after fork.
pid_t Spawn(const std::vector<std::string>& args, const std::string& output_file) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool CanConnect(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = fd >= 0 && ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
  if (fd >= 0) ::close(fd);
  return ok;
}

// A port the kernel just handed out and took back; nginx binds it a moment later.
std::uint16_t FreeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    Fail("no free loopback port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

// ---- wrk --------------------------------------------------------------------------------------

// User plus system CPU seconds of this process (the server's threads; wrk is another process).
double ProcessCpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct Figures {
  double requests_per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  long long requests = 0;
  long long non_2xx = 0;
  long long socket_errors = 0;
};

// wrk prints durations as "850.00us", "1.23ms", "1.02s" or "2.00m".
double ToMilliseconds(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  const double value = std::strtod(std::string(text).c_str(), nullptr);
  if (text.ends_with("us")) return value / 1000;
  if (text.ends_with("ms")) return value;
  if (text.ends_with("m")) return value * 60'000;
  if (text.ends_with("h")) return value * 3'600'000;
  if (text.ends_with("s")) return value * 1000;
  return value;
}

std::optional<Figures> ParseWrk(const std::string& output) {
  Figures f;
  bool have_rate = false;
  std::size_t pos = 0;
  while (pos < output.size()) {
    std::size_t end = output.find('\n', pos);
    if (end == std::string::npos) end = output.size();
    std::string_view line(output.data() + pos, end - pos);
    pos = end + 1;
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    auto after = [&](std::string_view prefix) {
      std::string_view rest = line.substr(prefix.size());
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      return rest;
    };
    if (line.starts_with("50%")) f.p50_ms = ToMilliseconds(after("50%"));
    if (line.starts_with("99%")) f.p99_ms = ToMilliseconds(after("99%"));
    if (line.starts_with("Requests/sec:")) {
      f.requests_per_second = std::strtod(std::string(after("Requests/sec:")).c_str(), nullptr);
      have_rate = true;
    }
    if (line.find(" requests in ") != std::string_view::npos) f.requests = std::atoll(std::string(line).c_str());
    if (line.starts_with("Non-2xx or 3xx responses:")) {
      f.non_2xx = std::atoll(std::string(after("Non-2xx or 3xx responses:")).c_str());
    }
    if (line.starts_with("Socket errors:")) {
      // "Socket errors: connect 0, read 0, write 0, timeout 12"
      for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] >= '0' && line[i] <= '9' && (i == 0 || line[i - 1] == ' ')) {
          f.socket_errors += std::atoll(std::string(line.substr(i)).c_str());
        }
      }
    }
  }
  if (!have_rate) return std::nullopt;
  return f;
}

Figures RunWrk(const Options& o, int seconds, const std::string& url, const std::string& cookie,
               const std::string& scratch_dir, bool print_raw) {
  const std::string out = scratch_dir + "/wrk.out";
  const pid_t pid = Spawn({"wrk", "-t" + std::to_string(o.wrk_threads), "-c" + std::to_string(o.connections),
                           "-d" + std::to_string(seconds) + "s", "--latency", "-H", "Cookie: " + cookie, url},
                          out);
  if (pid < 0) Fail("cannot start wrk; install it with scripts/install-bench-deps");
  int status = 0;
  ::waitpid(pid, &status, 0);
  const std::string text = ReadFile(out);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    Fail("wrk failed (is it installed? scripts/install-bench-deps):\n" + text);
  }
  if (print_raw && std::getenv("LEERRECHT_BENCH_VERBOSE") != nullptr) std::fputs(text.c_str(), stdout);
  auto figures = ParseWrk(text);
  if (!figures) Fail("could not read wrk's output:\n" + text);
  return *figures;
}

// ---- nginx ------------------------------------------------------------------------------------

class Nginx {
 public:
  // Serves `body` with `content_type` for every path on 127.0.0.1:port, from files in `dir`.
  Nginx(const std::string& dir, const std::string& body, const std::string& content_type) : dir_(dir) {
    std::filesystem::create_directories(dir_ + "/www");
    std::filesystem::create_directories(dir_ + "/tmp");
    std::ofstream(dir_ + "/www/body", std::ios::binary) << body;
    // Workers run as nobody when the master is root: they must be able to read the body.
    ::chmod(dir_.c_str(), 0755);
    ::chmod((dir_ + "/www").c_str(), 0755);
    ::chmod((dir_ + "/www/body").c_str(), 0644);
    port_ = FreeLoopbackPort();
    const std::string conf = dir_ + "/nginx.conf";
    // The headers leerrecht sends (Cache-Control, nosniff) and none of the file headers it does
    // not (ETag, Last-Modified), so both answers are about the same size.
    std::ofstream(conf) << "worker_processes 2;\n"
                           "daemon off;\n"
                           "pid "
                        << dir_ << "/nginx.pid;\n"
                        << "error_log " << dir_ << "/error.log warn;\n"
                        << "events { worker_connections 1024; }\n"
                           "http {\n"
                           "  access_log off;\n"
                           "  server_tokens off;\n"
                           "  keepalive_requests 1000000;\n"
                           "  keepalive_timeout 60s;\n"
                           "  etag off;\n"
                           "  if_modified_since off;\n"
                           "  types {}\n"
                           "  default_type \""
                        << content_type << "\";\n"
                        << "  client_body_temp_path " << dir_ << "/tmp/body;\n"
                        << "  proxy_temp_path " << dir_ << "/tmp/proxy;\n"
                        << "  fastcgi_temp_path " << dir_ << "/tmp/fastcgi;\n"
                        << "  uwsgi_temp_path " << dir_ << "/tmp/uwsgi;\n"
                        << "  scgi_temp_path " << dir_ << "/tmp/scgi;\n"
                        << "  server {\n"
                           "    listen 127.0.0.1:"
                        << port_ << ";\n"
                        << "    root " << dir_ << "/www;\n"
                        << "    location / {\n"
                           "      add_header Cache-Control no-store;\n"
                           "      add_header X-Content-Type-Options nosniff;\n"
                           "      add_header Last-Modified \"\";\n"
                           "      try_files /body =404;\n"
                           "    }\n"
                           "  }\n"
                           "}\n";
    pid_ = Spawn({"/usr/sbin/nginx", "-c", conf, "-p", dir_ + "/", "-e", dir_ + "/error.log"}, dir_ + "/nginx.out");
    if (pid_ < 0) Fail("cannot start /usr/sbin/nginx; install it with scripts/install-bench-deps");
    for (int i = 0; i < 100 && !CanConnect(port_); ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        Fail("nginx stopped at once:\n" + ReadFile(dir_ + "/nginx.out") + ReadFile(dir_ + "/error.log"));
      }
      std::this_thread::sleep_for(50ms);
    }
    if (!CanConnect(port_)) Fail("nginx did not start listening on port " + std::to_string(port_));
  }
  ~Nginx() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);  // fast shutdown of master and workers
    int status = 0;
    for (int i = 0; i < 100; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(50ms);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
  }
  Nginx(const Nginx&) = delete;
  Nginx& operator=(const Nginx&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  std::string dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

// ---- the data folder --------------------------------------------------------------------------

// A BSN that passes the elfproef, different for each i.
Bsn BsnFor(int i) {
  for (int n = 10'000'000 + i * 13;; ++n) {
    std::string digits = std::to_string(n);
    int sum = 0;
    for (int k = 0; k < 8; ++k) sum += (9 - k) * (digits[k] - '0');
    const int last = sum % 11;
    if (last == 10) continue;
    digits += static_cast<char>('0' + last);
    if (auto bsn = Bsn::Parse(digits); bsn.ok()) return *bsn;
  }
}

std::int64_t LogEntries(services::DataFolder& folder) {
  auto tx = folder.db().BeginRead();
  if (!tx.ok()) Fail(tx.status().message());
  auto rows = (*tx)->Query("SELECT COUNT(*) FROM processing_log");
  if (!rows.ok()) Fail(rows.status().message());
  return rows->at(0).Int(0);
}

// The first party chooses its Wpg regime (else no case may be registered), then a leerplicht-
// ambtenaar and kCases youths with a case each in his caseload. Returns the first case's id.
std::int64_t Seed(services::DataFolder& folder, const Clock& clock) {
  store::AccessContext ctx;
  ctx.party = kParty;
  ctx.actor = "system";
  ctx.purpose = "thuiszitters-in-beeld";
  ctx.legal_basis = "Leerplichtwet 1969 art. 16";
  ctx.trace = audit::TraceContext::New();
  store::PartyRepository parties(clock);
  store::YouthRepository youths(folder.keys(), folder.log());
  store::CaseRepository cases(youths, folder.log());
  store::UserRepository users(folder.keys(), folder.log(), clock);

  auto hash = crypto::HashPassword(kPassword);  // before the write transaction: it takes 0.1 s
  if (!hash.ok()) Fail(hash.status().message());
  auto tx = folder.db().BeginWrite();
  if (!tx.ok()) Fail(tx.status().message());
  auto check = [](const Status& s, const char* what) {
    if (!s.ok()) Fail(std::string(what) + ": " + s.message());
  };
  check(parties.SetRegime(**tx, kParty, store::kRegimeVanafHandhaving, clock.Today()), "regime");
  store::NewUser lpa;
  lpa.username = kUser;
  lpa.display_name = "Leerplichtambtenaar (benchmark)";
  lpa.password_hash = *hash;
  lpa.must_change_password = false;
  lpa.roles = {"leerplichtambtenaar"};
  auto user_id = users.Create(**tx, ctx, lpa);
  check(user_id.status(), "user");
  std::int64_t first_case = 0;
  for (int i = 0; i < kCases; ++i) {
    auto youth = youths.Create(**tx, ctx, BsnFor(i), "Jongere " + std::to_string(i), Date::Ymd(2012, 5, 1), "Arnhem");
    check(youth.status(), "youth");
    store::CaseRecord record;
    record.youth_id = *youth;
    record.category = "langdurig-verzuim";
    record.mas_phase = "onderzoek";
    record.regime_tag = "AVG";
    record.opened_on = clock.Today().ToString();
    auto case_id = cases.Create(**tx, ctx, record);
    check(case_id.status(), "case");
    check(cases.AssignWorker(**tx, ctx, *case_id, *user_id, "leerplichtambtenaar", clock.Today()), "caseload");
    if (i == 0) first_case = *case_id;
  }
  check((*tx)->Commit(), "commit");
  return first_case;
}

// Removes a temporary folder on every way out of main() but Fail().
struct Cleanup {
  std::string dir;
  ~Cleanup() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

void PrintRow(const char* name, const Figures& f) {
  std::printf("  %-10s %10.0f %9.2f %9.2f %11lld %9lld %9lld\n", name, f.requests_per_second, f.p50_ms, f.p99_ms,
              f.requests, f.non_2xx, f.socket_errors);
}

int Run(const Options& options) {
  ::signal(SIGPIPE, SIG_IGN);
  ::unsetenv("LEERRECHT_KEY_FILE");

  char scratch_template[] = "/tmp/leerrecht-http-bench-XXXXXX";
  if (::mkdtemp(scratch_template) == nullptr) Fail("cannot make a temporary folder");
  const std::string scratch = scratch_template;
  const Cleanup cleanup{scratch};

  SystemClock clock;
  const std::string data = scratch + "/data";
  if (auto init = services::DataFolder::Init(data, {}, clock); !init.ok()) Fail(init.status().message());
  auto opened = services::DataFolder::Open(data, clock);
  if (!opened.ok()) Fail(opened.status().message());
  std::unique_ptr<services::DataFolder> folder = std::move(*opened);
  const std::int64_t case_id = Seed(*folder, clock);

  services::SessionService sessions(*folder, clock);
  http::ServerOptions server_options;
  server_options.address = "127.0.0.1";
  server_options.port = 0;
  server_options.threads = options.server_threads;
  server_options.handler_threads = options.handler_threads;
  std::FILE* access_log = nullptr;
  if (!options.access_log.empty()) {
    // The same line `leerrecht serve` writes to stderr, to measure what the access log costs.
    access_log = std::fopen(options.access_log.c_str(), "w");
    if (access_log == nullptr) Fail("cannot open " + options.access_log);
    server_options.access_log = [access_log](const http::AccessLogEntry& e) {
      std::fprintf(access_log, "http %.*s %.*s %d %lldus\n", static_cast<int>(e.method.size()), e.method.data(),
                   static_cast<int>(e.path.size()), e.path.data(), e.status,
                   static_cast<long long>(e.duration.count()));
    };
  }
  auto started = http::Server::Start(server_options, http::BuildRouter(*folder, sessions));
  if (!started.ok()) Fail(started.status().message());
  std::unique_ptr<http::Server> server = std::move(*started);
  const std::uint16_t port = server->port();

  const Reply login =
      Call(port, "POST", "/api/v1/login", "", nlohmann::json{{"gebruiker", kUser}, {"wachtwoord", kPassword}}.dump());
  if (login.status != 200 || login.set_cookie.empty()) {
    Fail("login failed: " + std::to_string(login.status) + " " + login.body);
  }
  const std::string cookie = login.set_cookie;

  std::string path = options.path;
  if (const auto at = path.find("{id}"); at != std::string::npos) path.replace(at, 4, std::to_string(case_id));
  Reply probe = Call(port, "GET", path, cookie);
  if (probe.status == 404 && options.path == kDefaultPath) {
    // Until the dossier route exists, the session read stands in, so the harness keeps working.
    std::printf("note: %s answered 404; measuring %s instead\n", path.c_str(), std::string(kStandInPath).c_str());
    path = kStandInPath;
    probe = Call(port, "GET", path, cookie);
  }
  if (probe.status != 200) Fail("GET " + path + " answered " + std::to_string(probe.status) + ": " + probe.body);

  const unsigned cores = std::thread::hardware_concurrency();
  std::printf("HTTP dossier read (DESIGN.md §13): GET %s with a session cookie\n", path.c_str());
  std::printf("  wrk -t%d -c%d -d%ds --latency; body %zu bytes (%s); %u cores shared by wrk, server and nginx\n",
              options.wrk_threads, options.connections, options.duration, probe.body.size(), probe.content_type.c_str(),
              cores);
  std::fflush(stdout);

  const std::string url = "http://127.0.0.1:" + std::to_string(port) + path;
  if (options.warmup > 0) (void)RunWrk(options, options.warmup, url, cookie, scratch, false);
  const std::int64_t entries_before = LogEntries(*folder);
  const double cpu_before = ProcessCpuSeconds();
  const Figures ours = RunWrk(options, options.duration, url, cookie, scratch, true);
  // The server's own CPU per request: unlike req/s, it does not depend on what else the machine runs.
  const double server_cpu = ProcessCpuSeconds() - cpu_before;
  const std::int64_t entries_written = LogEntries(*folder) - entries_before;
  server->Stop();
  if (access_log != nullptr) std::fclose(access_log);

  std::optional<Figures> ceiling;
  if (options.nginx) {
    // Apart from the scratch folder, which holds the data folder's key: nginx's workers run as
    // nobody and must be able to reach the files they serve.
    char nginx_template[] = "/tmp/leerrecht-http-bench-nginx-XXXXXX";
    if (::mkdtemp(nginx_template) == nullptr) Fail("cannot make a temporary folder for nginx");
    const Cleanup nginx_cleanup{nginx_template};
    Nginx nginx(nginx_template, probe.body, probe.content_type);
    const std::string nginx_url = "http://127.0.0.1:" + std::to_string(nginx.port()) + path;
    if (options.warmup > 0) (void)RunWrk(options, options.warmup, nginx_url, cookie, scratch, false);
    ceiling = RunWrk(options, options.duration, nginx_url, cookie, scratch, true);
  }

  std::printf("  %-10s %10s %9s %9s %11s %9s %9s\n", "server", "req/s", "p50 ms", "p99 ms", "requests", "non-2xx",
              "sock err");
  PrintRow("leerrecht", ours);
  if (ceiling) PrintRow("nginx", *ceiling);
  if (ceiling && ceiling->requests_per_second > 0 && ours.p99_ms > 0) {
    std::printf("  leerrecht/nginx: %.2f of the req/s; p50 %.1fx, p99 %.1fx nginx's\n",
                ours.requests_per_second / ceiling->requests_per_second, ours.p50_ms / ceiling->p50_ms,
                ours.p99_ms / ceiling->p99_ms);
  }
  std::printf("  processing-log entries written while measuring: %lld (%.2f per request)\n",
              static_cast<long long>(entries_written),
              ours.requests > 0 ? static_cast<double>(entries_written) / static_cast<double>(ours.requests) : 0.0);
  if (ours.requests > 0) {
    std::printf("  server CPU per request: %.0f us (user + system, all threads)\n",
                server_cpu * 1e6 / static_cast<double>(ours.requests));
  }
  std::printf("  targets: >= 20,000 req/s %s; p99 <= 10 ms %s\n",
              ours.requests_per_second >= 20'000 ? "met" : "NOT met", ours.p99_ms <= 10 ? "met" : "NOT met");
  if (ours.non_2xx > 0 || ours.socket_errors > 0) {
    std::printf("  warning: leerrecht gave %lld non-2xx answers and %lld socket errors\n", ours.non_2xx,
                ours.socket_errors);
  }
  server.reset();
  if (Status s = folder->Close(); !s.ok())
    std::fprintf(stderr, "http_bench: closing the folder: %s\n", s.message().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(ParseOptions(argc, argv));
  } catch (const BenchError& e) {
    std::fprintf(stderr, "http_bench: %s\n", e.message.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "http_bench: %s\n", e.what());
  }
  return 1;
}
