// The log entry of a refused request (DESIGN.md §9): one place for what every use case writes when it says no.
#pragma once

#include <cstdint>
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

}  // namespace leerrecht::services
