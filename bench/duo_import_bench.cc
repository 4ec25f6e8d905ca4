// DUO import: a million generated verzuimmeldingen into a fresh data folder, durably, next to `sqlite3 .import` of the same file.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/bsn.h"
#include "services/data_folder.h"
#include "services/duo_import.h"
#include "services/matrix_config.h"
#include "services/matrix_store.h"

namespace {

using namespace leerrecht;
using Steady = std::chrono::steady_clock;

double Seconds(Steady::time_point from) { return std::chrono::duration<double>(Steady::now() - from).count(); }

// User plus system CPU seconds of this process: on a shared machine the wall time says how busy
// the others were, this says what the import cost.
double CpuSeconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Row i is about youth i % youths: most youths have one melding, some two, as in a month of DUO
// meldingen for a region. Every row is valid, so every row is written.
std::string Generate(std::size_t rows, std::size_t youths) {
  static const char* const kKinds[] = {"16-uur-onder-18", "overig-verzuim", "langdurig-relatief-verzuim",
                                       "luxe-verzuim", "16-uur-vanaf-18"};
  static const char* const kReasons[] = {"", "onbekend-in-onderzoek", "thuissituatie", "wacht-op-plaatsing",
                                         "schoolweigering-welbevinden"};
  static const char* const kSurnames[] = {"Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos"};
  static const char* const kGiven[] = {"Lina", "Sem", "Noor", "Daan", "Emma", "Finn", "Julia", "Lucas"};
  std::string out =
      "meldingsnummer;bsn;onderwijsnummer;achternaam;voorvoegsel;voornamen;geboortedatum;gemeente;brin;vestiging;"
      "verzuimsoort;begindatum;einddatum;lesuren;vermoedelijke_reden;toelichting;melddatum\n";
  out.reserve(rows * 170);
  std::vector<std::string> bsns;
  bsns.reserve(youths);
  for (std::uint32_t candidate = 100000000; bsns.size() < youths; ++candidate) {
    const std::string digits = std::to_string(candidate);
    if (Bsn::PassesElfproef(digits)) bsns.push_back(digits);
  }
  char line[512];
  for (std::size_t i = 0; i < rows; ++i) {
    const std::size_t y = i % youths;
    const int day = static_cast<int>(i % 28) + 1;
    const char* kind = kKinds[i % 5];
    const bool hours = i % 5 == 0 || i % 5 == 4;
    const int n = std::snprintf(
        line, sizeof line, "VZL-2025-%07zu;%s;;%s;%s;%s;20%02zu-%02zu-%02zu;Gemeente %zu;%02zuAB;%02zu;%s;2025-02-%02d;%s;%s;%s;%s;2025-03-%02d\n",
        i, bsns[y].c_str(), kSurnames[y % 8], y % 3 == 0 ? "de" : "", kGiven[(y / 8) % 8], 8 + y % 10, 1 + y % 12,
        1 + y % 28, y % 9, 10 + y % 80, y % 3, kind, day, i % 4 == 0 ? "2025-02-28" : "", hours ? "17,5" : "",
        kReasons[i % 5], i % 3 == 0 ? "Vaak afwezig op maandag, gesprek met ouders gepland" : "", day);
    out.append(line, static_cast<std::size_t>(n));
  }
  return out;
}

// The peer: what SQLite itself needs to load the same file into one table, durably, with the
// same journal settings as Leerrecht (WAL, synchronous=FULL).
double SqliteImport(const std::filesystem::path& csv, const std::filesystem::path& dir) {
  const std::filesystem::path db = dir / "peer.db";
  const std::filesystem::path script = dir / "peer.sql";
  std::ofstream(script) << "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\n.mode csv\n.separator \";\"\n"
                        << ".import " << csv.string() << " meldingen\n";
  const std::string command = "sqlite3 -batch " + db.string() + " < " + script.string() + " > /dev/null";
  const auto start = Steady::now();
  const int rc = std::system(command.c_str());
  const double seconds = Seconds(start);
  return rc == 0 ? seconds : -1;
}

}  // namespace

int main() {
  ::unsetenv("LEERRECHT_KEY_FILE");
  const char* rows_env = std::getenv("LEERRECHT_BENCH_DUO_ROWS");
  const std::size_t rows = rows_env != nullptr ? std::strtoull(rows_env, nullptr, 10) : 1000000;
  const std::size_t youths = rows - rows / 5;
  const auto dir = std::filesystem::temp_directory_path() / ("leerrecht-duo-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto csv_path = dir / "meldingen.csv";
  {
    const std::string csv = Generate(rows, youths);
    std::ofstream(csv_path, std::ios::binary) << csv;
    std::printf("duo_import_bench: %zu rows, %zu youths, %.1f MB\n", rows, youths, static_cast<double>(csv.size()) / 1e6);
  }

  leerrecht::SystemClock clock;
  const std::string data = (dir / "data").string();
  if (!services::DataFolder::Init(data, {}, clock).ok()) return 1;
  auto folder = services::DataFolder::Open(data, clock);
  if (!folder.ok()) return 1;
  auto matrices = services::MatrixStore::Open(**folder, services::DefaultMatrix(), clock);
  if (!matrices.ok()) return 1;
  const std::int64_t log_before = (*folder)->log().head_seq();

  // Timed as the command runs it: map the file, import, close (the final checkpoint).
  const double cpu_start = CpuSeconds();
  const auto start = Steady::now();
  const int fd = ::open(csv_path.c_str(), O_RDONLY);
  struct stat st {};
  ::fstat(fd, &st);
  const auto size = static_cast<std::size_t>(st.st_size);
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  services::DuoImportOptions options;
  if (const char* batch = std::getenv("LEERRECHT_BENCH_DUO_BATCH")) options.batch_rows = std::strtoull(batch, nullptr, 10);
  services::DuoImporter importer(**folder, **matrices, clock, options);
  auto report = importer.ImportAsSystem("eigen-organisatie", std::string_view(static_cast<const char*>(map), size));
  if (!report.ok()) {
    std::fprintf(stderr, "import failed: %s\n", report.status().message().c_str());
    return 1;
  }
  const std::int64_t entries = (*folder)->log().head_seq() - log_before;
  if (!(*folder)->Close().ok()) return 1;
  const double seconds = Seconds(start);
  const double cpu = CpuSeconds() - cpu_start;
  ::munmap(map, size);
  ::close(fd);
  if (report->imported != rows) {
    std::fprintf(stderr, "expected %zu imported rows, got %s\n", rows, services::DuoImportSummary(*report).c_str());
    return 1;
  }
  const double rate = static_cast<double>(rows) / seconds;
  std::printf("leerrecht import duo: %.2f s  %.0f rows/s  (%lld log entries, %.0f entries/s; target >= 200000 rows/s)\n",
              seconds, rate, static_cast<long long>(entries), static_cast<double>(entries) / seconds);
  std::printf("  cpu %.2f s (%.0f rows per cpu-second); %s\n", cpu, static_cast<double>(rows) / cpu,
              services::DuoImportSummary(*report).c_str());

  const double peer = SqliteImport(csv_path, dir);
  if (peer > 0) {
    std::printf("sqlite3 .import (peer): %.2f s  %.0f rows/s\n", peer, static_cast<double>(rows) / peer);
    std::printf("ratio leerrecht/sqlite3: %.1fx the time\n", seconds / peer);
  } else {
    std::printf("sqlite3 .import (peer): not run (sqlite3 not found or failed)\n");
  }
  std::filesystem::remove_all(dir);
  return 0;
}
