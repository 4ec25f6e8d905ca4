// `leerrecht import duo --data DIR --party ID FILE [--report FILE]`: DESIGN.md §10 (contract), docs/commands/import.md.
#include <CLI/CLI.hpp>
#include <fcntl.h>
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
  auto input = InputFile::Open(options.file, {services::kMaxDuoFileBytes, "het bestand is te groot", true});
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
    const std::string text = services::DuoImportReportToJson(*report) + "\n";
    if (Status s = WritePrivateFile(options.report,
                                    [&](int fd, const std::string&) { return WriteAll(fd, text, options.report); });
        !s.ok()) {
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
