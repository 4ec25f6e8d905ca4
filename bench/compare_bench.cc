// List comparison at scale (DESIGN.md §13: 1M × 1M CSV rows in ≤ 0.3 s wall), with `sqlite3`
// joining the same files as the peer. A timed program rather than Google Benchmark: the figure
// that counts is the wall time of the real command, measured from outside. Prints, asserts nothing.
//
//   compare_bench [--rows 1000000] [--runs 5] [--dir DIR] [--bin PATH] [--no-sqlite] [--keep]
//
// The two lists look like an RBL's and an SWV's: `;`-separated as Dutch Excel writes them, 90%
// of the BSNs on both, about 5% of those with another start date, 2% another category, 1%
// another school, 0.1% rows failing the elfproef and 0.05% duplicate rows on each side, rows in
// unrelated orders.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "services/compare.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Options {
  std::size_t rows = 1'000'000;
  int runs = 5;
  std::string dir;
  std::string bin = LEERRECHT_BIN;
  bool sqlite = true;
  bool keep = false;
};

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "compare_bench: %s\n", message.c_str());
  std::exit(1);
}

Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Fail(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--rows") {
      o.rows = std::stoul(value());
    } else if (arg == "--runs") {
      o.runs = std::max(1, std::stoi(value()));
    } else if (arg == "--dir") {
      o.dir = value();
    } else if (arg == "--bin") {
      o.bin = value();
    } else if (arg == "--no-sqlite") {
      o.sqlite = false;
    } else if (arg == "--keep") {
      o.keep = true;
    } else {
      Fail("unknown option " + std::string(arg));
    }
  }
  return o;
}

// Distinct valid BSNs: distinct 8-digit prefixes, each with the check digit that passes the elfproef.
std::vector<std::uint32_t> MakeBsns(std::size_t count) {
  std::vector<std::uint32_t> out;
  out.reserve(count);
  for (std::uint32_t prefix = 10'000'000; out.size() < count; prefix += 7) {
    int sum = 0;
    std::uint32_t p = prefix;
    for (int weight = 2; weight <= 9; ++weight) {
      sum += static_cast<int>(p % 10) * weight;
      p /= 10;
    }
    const int check = sum % 11;
    if (check == 10) continue;
    out.push_back(prefix * 10 + static_cast<std::uint32_t>(check));
  }
  return out;
}

struct Row {
  std::uint32_t bsn;
  bool broken;  // elfproef fails
  int category;
  int start;  // days after 2024-01-01
  int school;
};

std::string DateText(int days) {
  // Civil date from days since 2024-01-01 (2024 is a leap year): good enough for 2024-2026.
  static constexpr int kMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int year = 2024;
  for (;;) {
    const int length = (year % 4 == 0) ? 366 : 365;
    if (days < length) break;
    days -= length;
    ++year;
  }
  int month = 0;
  for (;; ++month) {
    const int length = kMonth[month] + ((month == 1 && year % 4 == 0) ? 1 : 0);
    if (days < length) break;
    days -= length;
  }
  char text[40];  // room for any int, so GCC's -Wformat-truncation has nothing to report
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month + 1, days + 1);
  return text;
}

void WriteList(const fs::path& path, const std::vector<Row>& rows) {
  static constexpr const char* kCategories[] = {"langdurig", "absoluut", "vrijstelling-5a"};
  std::string text = "bsn;categorie;startdatum;school\n";
  text.reserve(rows.size() * 48);
  char line[128];
  for (const Row& r : rows) {
    std::uint32_t bsn = r.bsn;
    if (r.broken) bsn = bsn / 10 * 10 + (bsn % 10 + 1) % 10;  // breaks the elfproef
    const int n = std::snprintf(line, sizeof line, "%09u;%s;%s;Basisschool De Regenboog %d\n", bsn,
                                kCategories[r.category], DateText(r.start).c_str(), r.school);
    text.append(line, static_cast<std::size_t>(n));
  }
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr || std::fwrite(text.data(), 1, text.size(), out) != text.size() || std::fclose(out) != 0) {
    Fail("cannot write " + path.string());
  }
}

void GenerateLists(const Options& o, const fs::path& left, const fs::path& right) {
  std::mt19937_64 random(20250331);
  const std::size_t duplicates = o.rows / 2000;
  const std::size_t base = o.rows - duplicates;
  const std::size_t shared = base * 9 / 10;
  const std::size_t only = base - shared;
  const std::vector<std::uint32_t> bsns = MakeBsns(shared + 2 * only);
  std::uniform_int_distribution<int> start(0, 600);
  std::uniform_int_distribution<int> school(1, 400);
  std::uniform_int_distribution<int> per_mille(0, 9999);
  auto category = [&] {
    const int p = per_mille(random);
    return p < 6000 ? 0 : (p < 9000 ? 1 : 2);
  };
  std::vector<Row> l;
  std::vector<Row> r;
  l.reserve(o.rows + o.rows / 1000);
  r.reserve(o.rows + o.rows / 1000);
  for (std::size_t i = 0; i < shared; ++i) {
    Row row{bsns[i], false, category(), start(random), school(random)};
    l.push_back(row);
    const int p = per_mille(random);
    if (p < 500) row.start += 1 + p % 30;                 // 5%: another start date
    if (p >= 500 && p < 700) row.category = (row.category + 1) % 3;  // 2%: another category
    if (p >= 700 && p < 800) row.school = row.school % 400 + 1;      // 1%: another school
    r.push_back(row);
  }
  for (std::size_t i = 0; i < only; ++i) {
    l.push_back({bsns[shared + i], false, category(), start(random), school(random)});
    r.push_back({bsns[shared + only + i], false, category(), start(random), school(random)});
  }
  for (auto* list : {&l, &r}) {
    for (std::size_t i = 0; i < list->size(); i += 1000) (*list)[i].broken = true;     // 0.1% invalid
    for (std::size_t k = 0; k < duplicates; ++k) list->push_back((*list)[(7 + k * 1999) % base]);  // 0.05%
    std::shuffle(list->begin(), list->end(), random);
  }
  WriteList(left, l);
  WriteList(right, r);
}

std::string ReadWhole(const fs::path& path) {
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (in == nullptr) Fail("cannot read " + path.string());
  std::string text(fs::file_size(path), '\0');
  if (std::fread(text.data(), 1, text.size(), in) != text.size()) Fail("cannot read " + path.string());
  std::fclose(in);
  return text;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

struct ProcessTime {
  double wall = 0;
  double cpu = 0;  // user + system, all threads: what the machine's load does not stretch
};

// Runs argv with stdout (and stdin) on /dev/null and times it, or fails on a non-zero exit.
ProcessTime TimeProcess(const std::vector<std::string>& args, const std::string& stdin_path = "/dev/null") {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const auto start = Clock::now();
  pid_t pid = 0;
  if (posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) Fail("cannot start " + args[0]);
  int status = 0;
  struct rusage usage {};
  if (::wait4(pid, &status, 0, &usage) < 0) Fail("wait4");
  const double seconds = Seconds(Clock::now() - start);
  posix_spawn_file_actions_destroy(&actions);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) Fail(args[0] + " failed");
  auto tv = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return {seconds, tv(usage.ru_utime) + tv(usage.ru_stime)};
}

struct Figures {
  double best = 0;
  double median = 0;
};

template <typename Fn>
Figures Repeat(int runs, Fn&& run) {
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) times.push_back(run());
  std::sort(times.begin(), times.end());
  return {times.front(), times[times.size() / 2]};
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = ParseOptions(argc, argv);
  const fs::path dir = o.dir.empty() ? fs::temp_directory_path() / ("leerrecht-compare-bench-" + std::to_string(::getpid()))
                                     : fs::path(o.dir);
  fs::create_directories(dir);
  const fs::path left = dir / "rbl.csv";
  const fs::path right = dir / "swv.csv";

  const auto generated = Clock::now();
  GenerateLists(o, left, right);
  std::printf("compare_bench: %zu × %zu rows (%.1f MB + %.1f MB), generated in %.1f s\n", o.rows, o.rows,
              static_cast<double>(fs::file_size(left)) / 1e6, static_cast<double>(fs::file_size(right)) / 1e6,
              Seconds(Clock::now() - generated));
  double load[3] = {0, 0, 0};
  if (::getloadavg(load, 3) > 0) std::printf("  load average before the runs: %.2f\n", load[0]);

  // The library with the lists in memory: parsing both, comparing, rendering JSON.
  const std::string left_text = ReadWhole(left);
  const std::string right_text = ReadWhole(right);
  std::size_t json_bytes = 0;
  leerrecht::services::CompareReport last;
  std::FILE* devnull = std::fopen("/dev/null", "wb");
  if (devnull == nullptr) Fail("cannot open /dev/null");
  const Figures library = Repeat(o.runs, [&] {
    const auto start = Clock::now();
    auto report = leerrecht::services::CompareLists({left_text, "rbl.csv"}, {right_text, "swv.csv"});
    if (!report.ok()) Fail(report.status().message());
    json_bytes = 0;
    leerrecht::services::WriteCompareReportJson(*report, [&](std::string_view chunk) {
      json_bytes += chunk.size();
      std::fwrite(chunk.data(), 1, chunk.size(), devnull);
    });
    const double seconds = Seconds(Clock::now() - start);
    last = std::move(*report);
    return seconds;
  });
  std::fclose(devnull);
  std::printf("  report: matched %zu, only_left %zu, only_right %zu, category_mismatch %zu, field_differences %zu, "
              "invalid %zu, duplicates %zu; JSON %.1f MB\n",
              last.matched.size(), last.only_left.size(), last.only_right.size(), last.category_mismatch.size(),
              last.field_differences.size(), last.invalid.size(), last.duplicates.size(),
              static_cast<double>(json_bytes) / 1e6);
  std::printf("  library (CompareLists + JSON to /dev/null, lists in memory): %.3f s best, %.3f s median of %d\n", library.best,
              library.median, o.runs);

  // The real command, from outside: process start, mapping the files, parsing, JSON to /dev/null.
  std::vector<double> cpu;
  const Figures command = Repeat(o.runs, [&] {
    const ProcessTime t = TimeProcess({o.bin, "compare", "--left", left.string(), "--right", right.string()});
    cpu.push_back(t.cpu);
    return t.wall;
  });
  std::sort(cpu.begin(), cpu.end());
  std::printf("  leerrecht compare (wall, JSON to /dev/null):      %.3f s best, %.3f s median of %d"
              " (CPU %.3f s median, both threads)\n",
              command.best, command.median, o.runs, cpu[cpu.size() / 2]);
  std::printf("  DESIGN.md §13 target ≤ 0.300 s wall: %s\n", command.median <= 0.3 ? "met" : "NOT met");

  if (o.sqlite) {
    // The peer: import both files and join them both ways (a full outer join as LEFT JOIN UNION).
    const fs::path script = dir / "join.sql";
    std::FILE* sql = std::fopen(script.c_str(), "w");
    if (sql == nullptr) Fail("cannot write " + script.string());
    std::fprintf(sql,
                 ".mode csv\n.separator ;\n.import %s l\n.import %s r\n.output /dev/null\n"
                 "SELECT l.bsn, r.bsn, l.categorie, r.categorie, l.startdatum, r.startdatum, l.school, r.school\n"
                 "  FROM l LEFT JOIN r ON r.bsn = l.bsn\n"
                 "UNION ALL\n"
                 "SELECT l.bsn, r.bsn, l.categorie, r.categorie, l.startdatum, r.startdatum, l.school, r.school\n"
                 "  FROM r LEFT JOIN l ON l.bsn = r.bsn WHERE l.bsn IS NULL;\n",
                 left.c_str(), right.c_str());
    std::fclose(sql);
    const double peer = TimeProcess({"sqlite3", ":memory:"}, script.string()).wall;
    std::printf("  sqlite3 (.import both + LEFT JOIN UNION, wall):   %.3f s (one run)\n", peer);
    std::printf("  ratio sqlite3 / leerrecht compare (median):       %.0f×\n", peer / command.median);
  }
  if (!o.keep && o.dir.empty()) fs::remove_all(dir);
  return 0;
}
