// Preventive work without a DUO melding, recorded at school level only (SPEC P-06, P-07, Q-39).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "services/actor.h"
#include "services/data_folder.h"
#include "services/matrix_store.h"
#include "store/repositories/note_repository.h"

namespace leerrecht::services {

// The refusal a user sees when a school-level note would be about a pupil (SPEC P-06).
inline constexpr std::string_view kNoPersonNotes =
    "geen persoonsnotities zonder DUO-melding: een notitie op schoolniveau noemt geen leerling (SPEC P-06); "
    "leg afspraken met een leerling vast in zijn zaak, die een verzuimmelding van school via DUO nodig heeft (P-07)";

// "12AB" for " 12ab ": a BRIN is two digits and two letters or digits; nothing otherwise.
std::optional<std::string> NormaliseBrin(std::string_view text);

// Whether free text holds a BSN-like number: nine digits in a row, also written in groups with
// spaces or dots ("123 456 782", "1234.56.782"), or eight digits that make a valid BSN with a
// leading zero (a spreadsheet's loss). Phone numbers (ten digits) and dates do not match.
bool HasBsnLikeNumber(std::string_view text);

class SchoolNoteService {
 public:
  SchoolNoteService(DataFolder& folder, const MatrixStore& matrices, const Clock& clock)
      : folder_(folder), matrices_(matrices), clock_(clock) {}

  // Saves a note against the school. kRefused with kNoPersonNotes when `selects_pupil` (the
  // request pointed at a pupil, a case or a BSN), or the text holds a BSN-like number or the full
  // name of a youth the party holds (the refusal is logged, about the school); kInvalidInput for a
  // bad BRIN or an empty text. Needs the matrix's consent to create notes.
  Result<std::int64_t> Add(const Actor& actor, const std::string& brin, const std::string& text,
                           bool selects_pupil = false);
  // The school's notes, oldest first.
  Result<std::vector<store::Note>> List(const Actor& actor, const std::string& brin);

 private:
  // Logs a refusal about the school (never about a pupil) in its own transaction.
  Status LogSchoolRefusal(const Actor& actor, const std::string& brin);
  // Logs and returns the kNoPersonNotes refusal.
  Status Refuse(const Actor& actor, const std::string& brin);
  Result<store::AccessContext> Context(store::Transaction& tx, const Actor& actor);

  DataFolder& folder_;
  const MatrixStore& matrices_;
  const Clock& clock_;
};

}  // namespace leerrecht::services
