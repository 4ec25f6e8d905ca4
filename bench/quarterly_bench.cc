// Quarterly thuiszitter counts (SPEC C-18) over a million cases, next to the sqlite3 CLI running the same GROUP BY.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "policy/swv_regions.h"
#include "services/data_folder.h"
#include "services/quarterly_report.h"

namespace {

using namespace leerrecht;
using Steady = std::chrono::steady_clock;

double Seconds(Steady::time_point from) { return std::chrono::duration<double>(Steady::now() - from).count(); }

// The population in SQL, generated inside the database: a million cases over 800,000 youths in
// six municipalities (some outside the region table) and four school types; 60% of the cases are
// thuiszitter categories, opened over 2024-2025, a third of them closed. BSN and name blobs are
// placeholders: counting never decrypts them. A case copies its youth's routing columns, as
// CaseRepository::Create does.
constexpr const char* kYouths =
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
    "INSERT INTO youths (id, party_id, bsn_enc, bsn_index, name_enc, birth_date, municipality, created_at, "
    "school_type) "
    "SELECT i, 'eigen-organisatie', x'00', 'b' || i, x'00', '2011-01-01', "
    "CASE i % 6 WHEN 0 THEN 'Ede' WHEN 1 THEN 'Arnhem' WHEN 2 THEN 'Zevenaar' WHEN 3 THEN 'Duiven' "
    "WHEN 4 THEN 'Utrecht' ELSE 'Ede' END, '2024-01-01', "
    "CASE i % 4 WHEN 0 THEN 'po' WHEN 1 THEN 'vo' WHEN 2 THEN 'vo' ELSE NULL END FROM n";
constexpr const char* kCases =
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) "
    "INSERT INTO cases (party_id, youth_id, category, mas_phase, regime_tag, opened_on, closed_on, "
    "youth_municipality, youth_school_type) "
    "SELECT 'eigen-organisatie', y.id, "
    "CASE i % 10 WHEN 0 THEN 'absoluut-verzuim' WHEN 1 THEN 'vrijstelling-5a' WHEN 2 THEN 'langdurig-verzuim' "
    "WHEN 3 THEN 'langdurig-verzuim' WHEN 4 THEN 'langdurig-verzuim' WHEN 5 THEN 'langdurig-verzuim' "
    "WHEN 6 THEN 'relatief-verzuim' WHEN 7 THEN 'luxe-verzuim' WHEN 8 THEN 'overig-verzuim' "
    "ELSE 'beginnend-verzuim' END, 'onderzoek', 'AVG', "
    "date('2024-01-01', '+' || (i % 700) || ' days'), "
    "CASE WHEN i % 3 = 0 THEN date('2024-01-01', '+' || (i % 700 + 30 + i % 200) || ' days') ELSE NULL END, "
    "y.municipality, COALESCE(y.school_type, '') FROM n JOIN youths y ON y.id = 1 + (i % ?2)";

// The same counts as one GROUP BY over the same index, with the parameters written in, for the
// sqlite3 CLI.
constexpr const char* kPeerQuery =
    "SELECT c.youth_municipality, c.youth_school_type, c.category, "
    "SUM(CASE WHEN c.closed_on IS NULL OR c.closed_on > '2025-03-31' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN (c.closed_on IS NULL OR c.closed_on > '2025-03-31') AND c.opened_on > '2024-12-31' THEN 1 ELSE 0 "
    "END), "
    "SUM(CASE WHEN c.opened_on >= '2025-01-01' THEN 1 ELSE 0 END), "
    "SUM(CASE WHEN c.closed_on >= '2025-01-01' AND c.closed_on <= '2025-03-31' THEN 1 ELSE 0 END) "
    "FROM cases c "
    "WHERE c.party_id = 'eigen-organisatie' AND c.category IN ('absoluut-verzuim', 'langdurig-verzuim', "
    "'vrijstelling-5a') AND c.opened_on <= '2025-03-31' AND (c.closed_on IS NULL OR c.closed_on >= '2025-01-01') "
    "GROUP BY 1, 2, 3;";

// User plus system CPU seconds of this process: on a shared machine the wall time says how busy
// the others were, this says what the count cost.
double CpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main() {
  ::unsetenv("LEERRECHT_KEY_FILE");
  const char* cases_env = std::getenv("LEERRECHT_BENCH_CASES");
  const std::int64_t cases = cases_env != nullptr ? std::strtoll(cases_env, nullptr, 10) : 1000000;
  const std::int64_t youths = std::max<std::int64_t>(1, cases - cases / 5);
  const int runs = 7;
  const auto dir = std::filesystem::temp_directory_path() / ("leerrecht-quarterly-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  SystemClock clock;
  const std::string data = (dir / "data").string();
  if (!services::DataFolder::Init(data, {}, clock).ok()) return 1;
  auto folder = services::DataFolder::Open(data, clock);
  if (!folder.ok()) return 1;

  std::ifstream regions_file(std::string(LEERRECHT_SOURCE_DIR) + "/config/demo/swv-regions.toml");
  std::ostringstream regions_text;
  regions_text << regions_file.rdbuf();
  policy::SwvRegionsLoad regions = policy::SwvRegions::Load(regions_text.str(), "swv-regions.toml");
  if (!regions.regions) {
    std::fprintf(stderr, "swv-regions.toml does not load\n");
    return 1;
  }

  const auto fill_start = Steady::now();
  {
    auto tx = (*folder)->db().BeginWrite();
    if (!tx.ok()) return 1;
    if (Status s = (*tx)->Execute(kYouths, {youths}); !s.ok()) {
      std::fprintf(stderr, "youths: %s\n", s.message().c_str());
      return 1;
    }
    if (Status s = (*tx)->Execute(kCases, {cases, youths}); !s.ok()) {
      std::fprintf(stderr, "cases: %s\n", s.message().c_str());
      return 1;
    }
    if (!(*tx)->Commit().ok()) return 1;
  }
  // The statistics the planner would have in a folder that has run for a while.
  {
    auto tx = (*folder)->db().BeginWrite();
    if (!tx.ok() || !(*tx)->Execute("ANALYZE").ok() || !(*tx)->Commit().ok()) return 1;
  }
  std::printf("quarterly_bench: %lld cases over %lld youths, generated in %.1f s\n", static_cast<long long>(cases),
              static_cast<long long>(youths), Seconds(fill_start));

  std::vector<double> times;
  std::vector<double> cpu;
  int total = 0;
  for (int run = 0; run < runs; ++run) {
    const double cpu_start = CpuSeconds();
    const auto start = Steady::now();
    auto report = services::CountQuarter((*folder)->db(), "eigen-organisatie", 2025, 1, &*regions.regions, "leerplicht");
    times.push_back(Seconds(start));
    cpu.push_back(CpuSeconds() - cpu_start);
    if (!report.ok()) {
      std::fprintf(stderr, "CountQuarter: %s\n", report.status().message().c_str());
      return 1;
    }
    total = 0;
    for (const auto& s : report->per_swv) total += s.Total();
  }
  const double median = Median(times);
  std::printf("leerrecht CountQuarter 2025-Q1: median %.3f s, best %.3f s over %d runs (%d thuiszitters on the "
              "peildatum; target <= 0.2 s)\n",
              median, *std::min_element(times.begin(), times.end()), runs, total);
  std::printf("  cpu: median %.3f s per count\n", Median(cpu));
  if (!(*folder)->Close().ok()) return 1;

  // The peer: the sqlite3 CLI, a fresh process per run, on the same database file.
  const auto script = dir / "peer.sql";
  std::ofstream(script) << kPeerQuery << "\n";
  const std::string command = "sqlite3 -batch " + (dir / "data" / services::kDatabaseFile).string() + " < " +
                              script.string() + " > /dev/null";
  std::vector<double> peer;
  for (int run = 0; run < runs; ++run) {
    const auto start = Steady::now();
    if (std::system(command.c_str()) != 0) {
      peer.clear();
      break;
    }
    peer.push_back(Seconds(start));
  }
  if (!peer.empty()) {
    std::printf("sqlite3 CLI, same GROUP BY (peer): median %.3f s, best %.3f s (process start included)\n",
                Median(peer), *std::min_element(peer.begin(), peer.end()));
    std::printf("ratio leerrecht/sqlite3: %.2fx the time\n", median / Median(peer));
  } else {
    std::printf("sqlite3 CLI (peer): not run (sqlite3 not found or failed)\n");
  }
  std::filesystem::remove_all(dir);
  return 0;
}
