// Reading DUO verzuimmeldingen from CSV (docs/formats/duo-import.md): pure, a buffer in and checked rows out.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bsn.h"
#include "core/date.h"
#include "core/status.h"

namespace leerrecht::services {

// Offsets and line numbers are 32-bit; a larger file is refused as a whole.
inline constexpr std::size_t kMaxDuoFileBytes = (std::size_t{1} << 31) - 1;
// SPEC C-28: the explanation is a short text.
inline constexpr std::size_t kMaxExplanationChars = 200;

enum class DuoColumn : std::uint8_t {
  kMeldingsnummer,
  kBsn,
  kOnderwijsnummer,
  kAchternaam,
  kVoorvoegsel,
  kVoornamen,
  kGeboortedatum,
  kGemeente,
  kBrin,
  kVestiging,
  kVerzuimsoort,
  kBegindatum,
  kEinddatum,
  kLesuren,
  kVermoedelijkeReden,
  kToelichting,
  kMelddatum,
  kOnderwijssoort,  // optional: routes the youth to the responsible SWV (SPEC C-03)
};
inline constexpr std::size_t kDuoColumnCount = 18;
std::string_view DuoColumnName(DuoColumn column);  // "meldingsnummer", "vermoedelijke_reden", ...

enum class DuoKind : std::uint8_t {
  k16UurOnder18,
  k16UurVanaf18,
  kLangdurigRelatief,
  kLuxe,
  kOverig,
  kRmc,
};
// The code stored as the notification's kind ("16-uur-onder-18", ...).
std::string_view DuoKindCode(DuoKind kind);
// The case category (DESIGN.md §4) a stored kind points to, or nullopt when it has none (18+, RMC)
// or the kind is not one of ours.
std::optional<std::string_view> CaseCategoryForDuoKind(std::string_view stored_kind);

// Why a row was rejected, most specific first (the report's `code`).
enum class DuoRowProblem : std::uint8_t {
  kFormat,           // "opmaak": CSV structure, truncated row
  kEncoding,         // "tekencodering": not UTF-8
  kSickLeave,        // "ziekteverzuim": SPEC P-12
  kSpecialCategory,  // "bijzonder-persoonsgegeven": SPEC C-28
  kNoBsn,            // "geen-bsn": only an onderwijsnummer (SPEC C-26)
  kInvalid,          // "ongeldig"
  kConflict,         // "conflict": decided by the importer, never by the reader
};
std::string_view DuoRowProblemCode(DuoRowProblem problem);

// One valid row. The strings are reused from row to row, so reading allocates only while they
// grow to the longest value seen.
struct DuoRecord {
  std::uint32_t line = 0;
  std::string notification_number;
  std::optional<Bsn> bsn;  // always set for a valid row
  std::string name;        // "voornamen voorvoegsel achternaam"
  Date birth_date;
  std::string municipality;
  std::string brin;      // "12AB"
  std::string location;  // "00", or "" when none
  DuoKind kind = DuoKind::kOverig;
  Date start_date;
  std::optional<Date> end_date;
  std::optional<double> hours;
  std::string_view suspected_reason;  // a code of the reason table (static storage), "" when none
  std::string explanation;
  Date reported_on;
  std::string_view school_type;  // "po", "so", "vo", "vso", "mbo" (static storage), "" when not given
};

struct DuoRowError {
  std::uint32_t line = 0;
  DuoRowProblem problem = DuoRowProblem::kInvalid;
  std::string message;  // Dutch; column names and fixed texts only, never a value from the file
};

struct DuoWarning {
  std::uint32_t line = 0;
  std::string text;
};

// Reads one file row by row, so a million rows never sit in memory at once. The reader keeps
// views into `text`, which must outlive it.
class DuoCsvReader {
 public:
  // Reads the header. A file that cannot be used at all (empty, UTF-16, required columns missing,
  // a column twice, too large) is kInvalidInput with a one-line Dutch message. `today` is the
  // day of import: no birth or report date may lie after it.
  static Result<DuoCsvReader> Open(std::string_view text, Date today);

  // The next data row: true with `record` filled and `error.message` empty, or with `error` filled
  // for a rejected row; false at the end. Blank rows are skipped.
  bool Next(DuoRecord& record, DuoRowError& error);

  [[nodiscard]] char separator() const { return separator_; }
  // Header warnings (unknown columns), then any found while reading.
  [[nodiscard]] const std::vector<DuoWarning>& warnings() const { return warnings_; }
  // Bytes read so far, for a progress display.
  [[nodiscard]] std::size_t position() const { return pos_; }
  [[nodiscard]] std::size_t size() const { return text_.size(); }

 private:
  DuoCsvReader(std::string_view text, Date today) : text_(text), today_(today) {}
  enum class Scan { kRow, kBlank, kEnd };
  Scan ScanRecord(DuoRowError& error);
  void Validate(DuoRecord& record, DuoRowError& error);

  std::string_view text_;
  Date today_;
  char separator_ = ';';
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t header_fields_ = 0;
  // For each header position, the column it holds (kDuoColumnCount: ignored).
  std::vector<std::uint8_t> position_column_;
  std::array<bool, kDuoColumnCount> present_{};
  bool encoding_warned_ = false;
  std::vector<DuoWarning> warnings_;
  // The current row: a view per column, into the file or into `unquoted_` for fields with "".
  std::array<std::string_view, kDuoColumnCount> fields_{};
  std::uint32_t row_line_ = 0;
  std::string unquoted_;
};

// The whole file at once, for tests, the fuzzer and small uploads.
struct DuoParse {
  char separator = ';';
  std::vector<DuoRecord> records;
  std::vector<DuoRowError> errors;
  std::vector<DuoWarning> warnings;
};
Result<DuoParse> ParseDuoCsv(std::string_view text, Date today);

}  // namespace leerrecht::services
