// `leerrecht compare --left FILE --right FILE [--format json|csv|xlsx] [--out FILE]`: DESIGN.md §10, §12 (contract).
#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <sys/mman.h>
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

std::string ErrnoText() { return std::strerror(errno); }

Status ReadFailed(const std::string& path, const std::string& why) {
  return Status::Io("kan bestand niet lezen: " + path + " (" + why + ")");
}

// A list's bytes: mapped when it is a regular file, so that a large list is not copied; read
// otherwise (standard input, a pipe).
class ListFile {
 public:
  ListFile() = default;
  ListFile(const ListFile&) = delete;
  ListFile& operator=(const ListFile&) = delete;
  ListFile(ListFile&& other) noexcept { *this = std::move(other); }
  ListFile& operator=(ListFile&& other) noexcept {
    std::swap(map_, other.map_);
    std::swap(size_, other.size_);
    std::swap(buffer_, other.buffer_);
    return *this;
  }
  ~ListFile() {
    if (map_ != nullptr) ::munmap(map_, size_);
  }

  static Result<ListFile> Open(const std::string& path) {
    ListFile file;
    if (path == "-") {
      auto status = file.ReadAll(STDIN_FILENO, path);
      if (!status.ok()) return status;
      return file;
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ReadFailed(path, ErrnoText());
    struct Closer {
      int fd;
      ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0) return ReadFailed(path, ErrnoText());
    if (S_ISDIR(st.st_mode)) return ReadFailed(path, "is een map");
    if (S_ISREG(st.st_mode)) {
      const auto size = static_cast<std::size_t>(st.st_size);
      if (size > services::kMaxCompareListBytes) {
        return Status::InvalidInput(path + ": bestand te groot (meer dan 2 GiB)");
      }
      if (size == 0) return file;
      // Not populated here: the two parse threads fault their file in side by side.
      void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (map != MAP_FAILED) {
        file.map_ = map;
        file.size_ = size;
        return file;
      }
    }
    auto status = file.ReadAll(fd, path);
    if (!status.ok()) return status;
    return file;
  }

  [[nodiscard]] std::string_view text() const {
    if (map_ != nullptr) return {static_cast<const char*>(map_), size_};
    return buffer_;
  }

 private:
  Status ReadAll(int fd, const std::string& path) {
    char chunk[1 << 16];
    for (;;) {
      const ssize_t n = ::read(fd, chunk, sizeof chunk);
      if (n == 0) return Status::Ok();
      if (n < 0) {
        if (errno == EINTR) continue;
        return ReadFailed(path, ErrnoText());
      }
      buffer_.append(chunk, static_cast<std::size_t>(n));
      if (buffer_.size() > services::kMaxCompareListBytes) {
        return Status::InvalidInput(path + ": bestand te groot (meer dan 2 GiB)");
      }
    }
  }

  void* map_ = nullptr;
  std::size_t size_ = 0;
  std::string buffer_;
};

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

// The report holds BSNs: the file is readable by its owner only, and appears under its name
// only when complete.
Status WriteReportFile(const std::string& path, const std::string& format, const services::CompareReport& report) {
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  auto failed = [&path] { return Status::Io("kan " + path + " niet schrijven (" + ErrnoText() + ")"); };
  Status status;
  if (format == "xlsx") {
    status = services::WriteCompareXlsx(report, temporary);
  } else {
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return failed();
    status = WriteReport(fd, format, report, path);
    if (status.ok() && ::fsync(fd) != 0) status = failed();
    if (::close(fd) != 0 && status.ok()) status = failed();
  }
  if (status.ok() && ::chmod(temporary.c_str(), 0600) != 0) status = failed();
  if (status.ok() && ::rename(temporary.c_str(), path.c_str()) != 0) status = failed();
  if (!status.ok()) ::unlink(temporary.c_str());
  return status;
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
  auto left = ListFile::Open(options.left);
  if (!left.ok()) return left.status();
  auto right = ListFile::Open(options.right);
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
