// Dutch explanations of a decision, citing the agreement, and the documentation record (SPEC W-30).
#pragma once

#include <string>

#include "policy/decision.h"

namespace leerrecht::policy {

// A sentence for the end user that names the rule and the agreement behind a refusal.
std::string Explain(const Agreement& agreement, const DisclosureRequest& request, const Decision& decision,
                    const Refusal& refusal);

// The documentation duty of art. 20 Wpg and the covenant's exchange log: who received what, when, why.
struct DocumentationRecord {
  std::string recipient;    // party id
  std::string date;         // YYYY-MM-DD
  std::string description;  // granted field ids, ", "-separated
  std::string purpose;      // purpose id
  std::string category;     // the case category: which Bijlage-1 table (C-36's "categories")
};

// Present only when something is granted.
std::optional<DocumentationRecord> Documentation(const DisclosureRequest& request, const Decision& decision);

}  // namespace leerrecht::policy
