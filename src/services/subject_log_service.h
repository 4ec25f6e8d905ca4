// The processing log of one youth as his party holds it (SPEC C-37 inzage, W-12, W-30): who did what, when, why and for
// whom.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "services/actor.h"
#include "services/data_folder.h"
#include "services/matrix_store.h"

namespace leerrecht::services {

inline constexpr int kLogPageSizeDefault = 50;
inline constexpr int kLogPageSizeMax = 200;

// One entry as the viewer shows it. Values, never contents: the log holds field ids, not data.
struct SubjectLogEntry {
  std::int64_t seq = 0;
  std::string logged_at;  // UTC timestamp
  std::string activity;   // "dossier.lezen", "verstrekking", "logboek.lezen.geweigerd", …
  std::string processing_activity_id;
  std::string actor;       // "user:12" or "system"
  std::string actor_name;  // the colleague's display name; "" for "system"
  std::vector<std::string> fields;
  std::string purpose;
  std::string legal_basis;
  std::string recipient;  // the receiving party of a disclosure, "" otherwise
  std::string outcome;    // ok | refused | error
  std::string trace_id;
};

struct SubjectLogPage {
  std::int64_t youth_id = 0;
  std::int64_t total = 0;  // the party's entries about the youth, over every page
  int page = 1;            // 1-based
  int per_page = kLogPageSizeDefault;
  std::vector<SubjectLogEntry> entries;  // newest first
};

class SubjectLogService {
 public:
  SubjectLogService(DataFolder& folder, const MatrixStore& matrices, const Clock& clock)
      : folder_(folder), matrices_(matrices), clock_(clock) {}

  // The entries the actor's own party wrote about the youth, newest first; another party's
  // entries about the same person are never included (each party is its own controller, SPEC
  // C-34, C-37 (a): the requester is referred to the other party for its part). Needs `lezen` on
  // `logboek`; the caseload counts when the actor works on a case of the youth. kNotFound for
  // another party's or an unknown youth; kRefused (logged) without the right; kInvalidInput for a
  // page below 1 or a page size outside 1..kLogPageSizeMax. The read writes its own entry
  // ("logboek.lezen"), which the next read shows.
  Result<SubjectLogPage> ForYouth(const Actor& actor, std::int64_t youth_id, int page = 1,
                                  int per_page = kLogPageSizeDefault);
  // The same for the youth of case `case_id` (the dossier's log page); kNotFound for another
  // party's case.
  Result<SubjectLogPage> ForCase(const Actor& actor, std::int64_t case_id, int page = 1,
                                 int per_page = kLogPageSizeDefault);

 private:
  Result<SubjectLogPage> Read(const Actor& actor, std::int64_t youth_id, int page, int per_page);
  Status RefuseAndLog(const Actor& actor, std::int64_t youth_id, const AccessDecision& decision);

  DataFolder& folder_;
  const MatrixStore& matrices_;
  const Clock& clock_;
};

}  // namespace leerrecht::services
