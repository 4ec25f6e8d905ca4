// `leerrecht compare --left FILE --right FILE [--format json|csv|xlsx] [--out FILE]`: DESIGN.md §10, §12 (contract).
#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/io.h"
#include "services/compare.h"
#include "services/compare_xlsx.h"

namespace leerrecht::cli {

namespace {

namespace fs = std::filesystem;

constexpr InputFile::Limits kListLimits{services::kMaxCompareListBytes, "bestand te groot (meer dan 2 GiB)",
                                        /*sequential=*/false};


// A one-line progress display on standard error, only when that is a terminal and the lists are
// large enough to take a noticeable time (DESIGN.md §10: none when piped).
class Progress {
 public:
  static constexpr std::uint64_t kMinimumBytes = 16u << 20;

  explicit Progress(std::uint64_t total) : total_(total) {
    if (total < kMinimumBytes || ::isatty(STDERR_FILENO) == 0) return;
    thread_ = std::thread([this] { Run(); });
  }
  ~Progress() { Stop(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  std::atomic<std::uint64_t>* counter() { return &done_; }
  void Phase(const char* text) { phase_.store(text); }
  void Stop() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
    std::fputs("\r\033[K", stderr);
  }

 private:
  void Run() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(100), [this] { return stop_; })) {
      const char* phase = phase_.load();
      if (phase != nullptr) {
        std::fprintf(stderr, "\r\033[Kleerrecht compare: %s", phase);
      } else {
        const auto percent = static_cast<int>(100 * std::min(done_.load(), total_) / total_);
        std::fprintf(stderr, "\r\033[Kleerrecht compare: lijsten lezen %3d%%", percent);
      }
      std::fflush(stderr);
    }
  }

  std::uint64_t total_;
  std::atomic<std::uint64_t> done_{0};
  std::atomic<const char*> phase_{nullptr};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

// Writes the report in the chunks the renderer hands out, so that a report of a million BSNs is
// never held in memory as a whole.
Status WriteReport(int fd, const std::string& format, const services::CompareReport& report, const std::string& what) {
  int error = 0;
  auto sink = [fd, &error](std::string_view chunk) {
    while (error == 0 && !chunk.empty()) {
      const ssize_t n = ::write(fd, chunk.data(), chunk.size());
      if (n < 0) {
        if (errno != EINTR) error = errno;
        continue;
      }
      chunk.remove_prefix(static_cast<std::size_t>(n));
    }
  };
  if (format == "csv") {
    services::WriteCompareReportCsv(report, sink);
  } else {
    services::WriteCompareReportJson(report, sink);
  }
  if (error != 0) return Status::Io("kan " + what + " niet schrijven (" + std::strerror(error) + ")");
  return Status::Ok();
}

// The report holds BSNs: readable by its owner only, under its name only when complete.
Status WriteReportFile(const std::string& path, const std::string& format, const services::CompareReport& report) {
  return WritePrivateFile(path, [&](int fd, const std::string& temporary) {
    if (format == "xlsx") return services::WriteCompareXlsx(report, temporary);
    return WriteReport(fd, format, report, path);
  });
}

struct CompareOptions {
  std::string left;
  std::string right;
  std::string format = "json";
  std::string out;
};

bool SameFile(const std::string& a, const std::string& b) {
  std::error_code error;
  return fs::equivalent(a, b, error) && !error;
}

Status RunCompare(const CompareOptions& options) {
  if (options.format == "xlsx" && options.out.empty()) return Status::InvalidInput("--format xlsx vraagt --out FILE");
  if (options.left == "-" && options.right == "-") {
    return Status::InvalidInput("standaardinvoer (-) kan maar voor een van de twee lijsten");
  }
  if (!options.out.empty() && (SameFile(options.out, options.left) || SameFile(options.out, options.right))) {
    return Status::InvalidInput("--out mag geen van de twee lijsten zijn: " + options.out);
  }
  auto left = InputFile::Open(options.left, kListLimits);
  if (!left.ok()) return left.status();
  auto right = InputFile::Open(options.right, kListLimits);
  if (!right.ok()) return right.status();

  Progress progress(left->text().size() + right->text().size());
  services::CompareOptions compare_options;
  compare_options.bytes_done = progress.counter();
  auto report = services::CompareLists({left->text(), options.left}, {right->text(), options.right}, compare_options);
  if (!report.ok()) return report.status();

  progress.Phase("rapport schrijven");
  Status status = options.out.empty() ? WriteReport(STDOUT_FILENO, options.format, *report, "de uitvoer")
                                      : WriteReportFile(options.out, options.format, *report);
  progress.Stop();
  return status;
}

}  // namespace

void RegisterCompare(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "compare",
      "Vergelijk twee lijsten thuiszitters (bijv. RBL en SWV) op BSN: in beide, alleen links of rechts, verschillen "
      "in categorie en velden, ongeldige en dubbele rijen");
  auto options = std::make_shared<CompareOptions>();
  cmd->add_option("--left", options->left, "CSV-lijst links, bijv. die van het RBL (- = standaardinvoer)")->required();
  cmd->add_option("--right", options->right, "CSV-lijst rechts, bijv. die van het SWV (- = standaardinvoer)")
      ->required();
  cmd->add_option("--format", options->format, "Uitvoer: json (standaard), csv of xlsx")
      ->check(CLI::IsMember({"json", "csv", "xlsx"}));
  cmd->add_option("--out", options->out, "Schrijf het rapport naar dit bestand (verplicht bij xlsx)");
  cmd->footer(
      "Invoer: CSV met kopregel; kolom bsn verplicht, categorie, startdatum, school en andere kolommen optioneel.\n"
      "Scheidingsteken ; , of tab (uit de kopregel), UTF-8 met of zonder BOM, of Windows-1252.\n"
      "Uitvoer: JSON {left, right, matched, only_left, only_right, category_mismatch, field_differences,\n"
      "invalid, duplicates, notes, counts}. Ongeldige rijen staan in het rapport en stoppen de vergelijking niet.\n"
      "Exit 0 met een rapport, 2 als een lijst onbruikbaar is. Zie docs/commands/compare.md.");
  cmd->callback([&exit_code, options] {
    const Status status = RunCompare(*options);
    if (!status.ok()) PrintError(status.message());
    exit_code = ExitCodeFor(status);
  });
}

}  // namespace leerrecht::cli
