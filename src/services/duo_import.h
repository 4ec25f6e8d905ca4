// Bringing DUO verzuimmeldingen into a party's registration (docs/formats/duo-import.md): rights, batches, report.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "services/actor.h"
#include "services/data_folder.h"
#include "services/duo_csv.h"
#include "services/matrix_store.h"
#include "store/repositories/notification_repository.h"

namespace leerrecht::services {

struct DuoRejectedRow {
  std::uint32_t line = 0;
  DuoRowProblem problem = DuoRowProblem::kInvalid;
  std::string reason;  // Dutch; never a value from the file
};

// The outcome of one file (the JSON of docs/formats/duo-import.md, "The report").
struct DuoImportReport {
  std::string party;
  char separator = ';';
  std::uint64_t rows = 0;  // = imported + already_present + rejected
  std::uint64_t imported = 0;
  std::uint64_t already_present = 0;
  std::uint64_t rejected = 0;
  std::uint64_t new_youths = 0;
  std::vector<DuoRejectedRow> rejected_rows;  // by line
  std::vector<DuoWarning> warnings;           // by line
};

// "1.000 regels: 900 ingelezen, 50 al aanwezig, 50 afgewezen (zie rapport)".
std::string DuoImportSummary(const DuoImportReport& report);
std::string DuoImportReportToJson(const DuoImportReport& report);

struct DuoImportProgress {
  std::uint64_t rows = 0;  // data rows read so far
  std::size_t bytes_done = 0;
  std::size_t bytes_total = 0;
};
using DuoProgressFn = std::function<void(const DuoImportProgress&)>;

struct DuoImportOptions {
  // Rows per transaction: a crash loses at most one batch, and a batch holds the writer lock
  // only briefly, so the server stays responsive during an upload.
  std::size_t batch_rows = 10000;
};

class DuoImporter {
 public:
  DuoImporter(DataFolder& folder, const MatrixStore& matrices, const Clock& clock, DuoImportOptions options = {})
      : folder_(folder), matrices_(matrices), clock_(clock), options_(options) {}

  // For a user: needs `aanmaken` on `verzuimmelding` and `jongere` of the own party (kRefused,
  // logged, otherwise) and a party with role leerplicht. A file that cannot be used at all is
  // kInvalidInput and changes nothing; rejected rows are in the report. A storage error stops the
  // run: the batches committed before it stay, and the message says so.
  Result<DuoImportReport> Import(const Actor& actor, std::string_view csv, const DuoProgressFn& progress = {});
  // For `leerrecht import duo --party ID`: the operator of the data folder acts as the system on
  // behalf of the party, which must exist (kNotFound) and have role leerplicht (kRefused).
  Result<DuoImportReport> ImportAsSystem(const std::string& party, std::string_view csv,
                                         const DuoProgressFn& progress = {});

  // The youth's meldingen, oldest first: `lezen` on `verzuimmelding` (a refusal is logged);
  // kNotFound for a youth of another party.
  Result<std::vector<store::AbsenceNotification>> ListForYouth(const Actor& actor, std::int64_t youth_id);

 private:
  Result<std::string> LeerplichtRole(const std::string& party);
  Result<DuoImportReport> Run(const store::AccessContext& ctx, std::string_view csv, const DuoProgressFn& progress);

  DataFolder& folder_;
  const MatrixStore& matrices_;
  const Clock& clock_;
  DuoImportOptions options_;
};

}  // namespace leerrecht::services
