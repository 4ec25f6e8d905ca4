// The decide use case's documents (DESIGN.md §6): JSON disclosure request in, JSON decision out.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "policy/decision.h"

namespace leerrecht::services {

// Errors name the field by its path ("subject.category: onbekende categorie ...").
Result<policy::DisclosureRequest> ParseDisclosureRequest(std::string_view json_text);

// The contract response: decision, agreement, granted, refused (with Dutch explanations),
// notices and, when anything is granted, the documentation record.
std::string DecisionToJson(const policy::Agreement& agreement, const policy::DisclosureRequest& request,
                           const policy::Decision& decision);

}  // namespace leerrecht::services
