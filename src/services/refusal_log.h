// The log entry of a refused request (DESIGN.md §9): one place for what every use case writes when it says no.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "services/actor.h"
#include "services/data_folder.h"

namespace leerrecht::services {

// Writes one entry with outcome "refused" under the access-management processing, in a write
// transaction of its own: the refused request itself wrote nothing, and its own transaction (if
// any) must be gone before this is called. `subject` names what was asked for without naming a
// person where none may be named ("school:12AB", "register:rbl-x", "verzuimmeldingen-import").
Status LogRefusal(DataFolder& folder, const Actor& actor, std::string activity, std::string subject,
                  std::string subject_type, std::vector<std::string> fields = {});

// The same about a youth of the actor's party: the entry carries the youth's pseudonym, so the
// refusal shows in his processing log.
Status LogRefusalAboutYouth(DataFolder& folder, const Actor& actor, std::string activity, std::int64_t youth_id,
                            std::vector<std::string> fields = {});

// SPEC C-34: after telling the actor a case was not found, logs the attempt when the case exists
// in another party: he got the same answer as for an unknown id, and the attempt goes into his own
// party's log ("zaak.andere-partij", about the case number: the other party's youth is not named
// to him or his party). Call it with no transaction of the request still open.
Status LogIfOtherPartysCase(DataFolder& folder, const Actor& actor, std::int64_t case_id);

// For a use case on one case that failed with `status`: ends its transaction `tx`, and when the
// case was not found, logs the attempt if it is another party's (above). Returns `status`.
Status EndCaseRequest(DataFolder& folder, std::unique_ptr<store::Transaction> tx, const Actor& actor,
                      std::int64_t case_id, Status status);

}  // namespace leerrecht::services
