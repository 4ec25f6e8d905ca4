// Processing log: durable entries appended per second (batched transactions) and entries verified per second.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>

#include "audit/processing_log.h"
#include "services/data_folder.h"

namespace {

using namespace leerrecht;

struct Folder {
  Folder() {
    ::unsetenv("LEERRECHT_KEY_FILE");
    dir = std::filesystem::temp_directory_path() / ("leerrecht-log-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    if (!services::DataFolder::Init(dir.string(), {}, clock).ok()) std::abort();
    auto opened = services::DataFolder::Open(dir.string(), clock);
    if (!opened.ok()) std::abort();
    folder = std::move(*opened);
  }
  ~Folder() {
    folder.reset();
    std::filesystem::remove_all(dir);
  }
  SystemClock clock;
  std::filesystem::path dir;
  std::unique_ptr<services::DataFolder> folder;
};

audit::LogEntry SampleEntry(const crypto::KeyRing& keys, int i) {
  audit::LogEntry e;
  e.activity = "dossier.lezen";
  e.processing_activity_id = "leerrecht:verzuimregistratie";
  e.actor = "user:" + std::to_string(i % 50);
  e.party = "rbl-midden-gelre";
  e.subject = keys.SubjectPseudonym("bsn:" + std::to_string(i));
  e.fields = {"bsn", "naam", "adres", "verzuim_startdatum"};
  e.purpose = "thuiszitters-in-beeld";
  e.legal_basis = "Leerplichtwet 1969 art. 16";
  e.trace = audit::TraceContext::New();
  return e;
}

// Entries per committed transaction (each commit is fsynced: synchronous=FULL).
void BM_AppendDurable(benchmark::State& state) {
  Folder f;
  const int batch = static_cast<int>(state.range(0));
  std::vector<audit::LogEntry> entries;
  for (int i = 0; i < batch; ++i) entries.push_back(SampleEntry(f.folder->keys(), i));
  std::int64_t total = 0;
  for (auto _ : state) {
    auto tx = f.folder->db().BeginWrite();
    for (const auto& e : entries) {
      if (!f.folder->log().Append(**tx, e).ok()) std::abort();
    }
    if (!(*tx)->Commit().ok()) std::abort();
    total += batch;
  }
  state.counters["entries/s"] = benchmark::Counter(static_cast<double>(total), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_AppendDurable)->Arg(1)->Arg(100)->Arg(1000)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_Verify(benchmark::State& state) {
  Folder f;
  const int count = static_cast<int>(state.range(0));
  {
    auto tx = f.folder->db().BeginWrite();
    for (int i = 0; i < count; ++i) {
      if (!f.folder->log().Append(**tx, SampleEntry(f.folder->keys(), i)).ok()) std::abort();
    }
    if (!(*tx)->Commit().ok()) std::abort();
  }
  std::int64_t verified = 0;
  for (auto _ : state) {
    auto report = audit::Verify(f.folder->db(), f.folder->keys());
    if (!report.ok() || !report->intact) std::abort();
    verified += report->entries;
  }
  state.counters["entries/s"] = benchmark::Counter(static_cast<double>(verified), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Verify)->Arg(200000)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
