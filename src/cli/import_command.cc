// `leerrecht import duo --data DIR --party ID FILE [--report FILE]`: DESIGN.md §10 (contract), docs/commands/import.md.
#include <CLI/CLI.hpp>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/io.h"
#include "services/data_folder.h"
#include "services/duo_import.h"
#include "services/matrix_config.h"
#include "services/matrix_store.h"

namespace leerrecht::cli {

namespace {

std::string ErrnoText() { return std::strerror(errno); }

Status ReadFailed(const std::string& path, const std::string& why) {
  return Status::Io("kan bestand niet lezen: " + path + " (" + why + ")");
}

// The file's bytes: mapped when it is a regular file, so a million rows are not copied; read
// otherwise (standard input, a pipe).
class InputFile {
 public:
  InputFile() = default;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  InputFile(InputFile&& other) noexcept { *this = std::move(other); }
  InputFile& operator=(InputFile&& other) noexcept {
    std::swap(map_, other.map_);
    std::swap(size_, other.size_);
    std::swap(buffer_, other.buffer_);
    return *this;
  }
  ~InputFile() {
    if (map_ != nullptr) ::munmap(map_, size_);
  }

  static Result<InputFile> Open(const std::string& path) {
    InputFile file;
    if (path == "-") {
      if (Status s = file.ReadAll(STDIN_FILENO, path); !s.ok()) return s;
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
      if (size > services::kMaxDuoFileBytes) return Status::InvalidInput(path + ": het bestand is te groot");
      if (size == 0) return file;
      void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (map != MAP_FAILED) {
        // Read front to back once: let the kernel read ahead.
        ::madvise(map, size, MADV_SEQUENTIAL);
        file.map_ = map;
        file.size_ = size;
        return file;
      }
    }
    if (Status s = file.ReadAll(fd, path); !s.ok()) return s;
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
      if (buffer_.size() > services::kMaxDuoFileBytes) return Status::InvalidInput(path + ": het bestand is te groot");
    }
  }

  void* map_ = nullptr;
  std::size_t size_ = 0;
  std::string buffer_;
};

// A one-line progress bar on standard error, only when that is a terminal (DESIGN.md §10: none
// when piped). Redrawn at most ten times a second.
class ProgressBar {
 public:
  ProgressBar() : active_(::isatty(STDERR_FILENO) != 0) {}
  ~ProgressBar() { Clear(); }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void Update(const services::DuoImportProgress& p) {
    if (!active_ || p.bytes_total == 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    drawn_ = true;
    constexpr int kWidth = 30;
    const auto done = std::min(p.bytes_done, p.bytes_total);
    const int filled = static_cast<int>(static_cast<double>(done) / static_cast<double>(p.bytes_total) * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kWidth - filled), '.');
    const int percent = static_cast<int>(100.0 * static_cast<double>(done) / static_cast<double>(p.bytes_total));
    std::fprintf(stderr, "\r\033[Kleerrecht import duo: [%s] %3d%%  %llu regels", bar.c_str(), percent,
                 static_cast<unsigned long long>(p.rows));
    std::fflush(stderr);
  }
  void Clear() {
    if (!drawn_) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
  }

 private:
  bool active_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// The report appears under its name only when complete, readable by its owner only.
Status WriteReportFile(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Io("kan " + path + " niet schrijven (" + ErrnoText() + ")");
  Status status;
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      status = Status::Io("kan " + path + " niet schrijven (" + ErrnoText() + ")");
      break;
    }
    written += static_cast<std::size_t>(n);
  }
  if (status.ok() && ::fsync(fd) != 0) status = Status::Io("kan " + path + " niet schrijven (" + ErrnoText() + ")");
  if (::close(fd) != 0 && status.ok()) status = Status::Io("kan " + path + " niet schrijven (" + ErrnoText() + ")");
  if (status.ok() && ::rename(temporary.c_str(), path.c_str()) != 0) {
    status = Status::Io("kan " + path + " niet schrijven (" + ErrnoText() + ")");
  }
  if (!status.ok()) ::unlink(temporary.c_str());
  return status;
}

struct ImportOptions {
  std::string data;
  std::string party;
  std::string file;
  std::string report;
};

constexpr std::size_t kListedRejections = 20;

// Exit codes of docs/commands/import.md: what fails before the first row leaves the folder as
// it was (2); a run that stopped may have committed batches, and is simply run again (1).
int ExitCodeForImport(const Status& status) {
  switch (status.code()) {
    case ErrorCode::kInvalidInput:
    case ErrorCode::kNotFound:
    case ErrorCode::kRefused: return kExitInvalid;
    case ErrorCode::kInternal: return kExitInternal;
    default: return kExitFailed;
  }
}

int RunImport(const ImportOptions& options) {
  auto input = InputFile::Open(options.file);
  if (!input.ok()) {
    PrintError(input.status().message());
    return kExitInvalid;
  }
  SystemClock clock;
  auto folder = services::DataFolder::Open(options.data, clock);
  if (!folder.ok()) {
    PrintError(folder.status().message());
    return ExitCodeFor(folder.status());
  }
  auto matrices = services::MatrixStore::Open(**folder, services::DefaultMatrix(), clock);
  if (!matrices.ok()) {
    PrintError(matrices.status().message());
    return ExitCodeFor(matrices.status());
  }
  services::DuoImporter importer(**folder, **matrices, clock);
  ProgressBar bar;
  auto report = importer.ImportAsSystem(options.party, input->text(),
                                        [&bar](const services::DuoImportProgress& p) { bar.Update(p); });
  bar.Clear();
  // The shutdown checkpoint signs what this run appended to the log.
  const Status closed = (*folder)->Close();
  if (!report.ok()) {
    PrintError(report.status().message());
    return ExitCodeForImport(report.status());
  }
  if (!closed.ok()) PrintError("waarschuwing: " + closed.message());
  if (!options.report.empty()) {
    if (Status s = WriteReportFile(options.report, services::DuoImportReportToJson(*report) + "\n"); !s.ok()) {
      PrintError(s.message() + " (de regels zijn wel ingelezen)");
      std::printf("%s\n", services::DuoImportSummary(*report).c_str());
      return kExitFailed;
    }
  } else {
    const auto& rows = report->rejected_rows;
    for (std::size_t i = 0; i < rows.size() && i < kListedRejections; ++i) {
      std::printf("regel %u: %s\n", rows[i].line, rows[i].reason.c_str());
    }
    if (rows.size() > kListedRejections) {
      std::printf("… en nog %zu afgewezen regels; --report FILE schrijft ze allemaal\n", rows.size() - kListedRejections);
    }
    for (const auto& w : report->warnings) std::printf("waarschuwing regel %u: %s\n", w.line, w.text.c_str());
  }
  std::printf("%s\n", services::DuoImportSummary(*report).c_str());
  return report->rejected == 0 ? kExitOk : kExitFailed;
}

}  // namespace

void RegisterImport(CLI::App& app, int& exit_code) {
  auto* group = app.add_subcommand("import", "Lees gegevens van buiten in");
  group->require_subcommand(1);
  auto* duo = group->add_subcommand("duo", "Lees DUO-verzuimmeldingen (CSV) in voor een partij");
  auto options = std::make_shared<ImportOptions>();
  duo->add_option("--data", options->data, "Gegevensmap")->required();
  duo->add_option("--party", options->party, "Id van de partij (leerplicht) die de meldingen ontvangt")->required();
  duo->add_option("FILE", options->file, "CSV-bestand met verzuimmeldingen (- = standaardinvoer)")->required();
  duo->add_option("--report", options->report, "Schrijf het volledige rapport (JSON) naar dit bestand");
  duo->footer(
      "Formaat: docs/formats/duo-import.md (kolommen meldingsnummer, bsn, achternaam, geboortedatum, brin,\n"
      "verzuimsoort, begindatum, melddatum verplicht; ; of , als scheidingsteken; UTF-8).\n"
      "Opnieuw inlezen is veilig: meldingen die er al zijn, worden overgeslagen.\n"
      "Exit 0 als alle regels zijn ingelezen of al aanwezig waren; 1 als er regels zijn afgewezen of het\n"
      "inlezen halverwege stopte (lees dan opnieuw in); 2 als er niets is ingelezen (onbruikbaar bestand,\n"
      "onbekende partij). Zie docs/commands/import.md.");
  duo->callback([&exit_code, options] { exit_code = RunImport(*options); });
}

}  // namespace leerrecht::cli
