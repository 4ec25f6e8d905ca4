// Who acts in a use case: the logged-in user with party and roles, and how that becomes a log context.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audit/processing_log.h"
#include "policy/authorization.h"
#include "store/repositories/youth_repository.h"

namespace leerrecht::services {

struct Actor {
  std::int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::string party;
  std::vector<std::string> roles;
  audit::TraceContext trace;  // of the request, so every log entry of it shares the trace id
  // The user signs in with a confirmed TOTP second factor, so this session passed it (or proved
  // the factor when confirming it). Police data open only then (SPEC W-28).
  bool second_factor = false;
};

// The register of processing activities (AVG art. 30) as far as the server's use cases need it:
// purpose and legal basis follow from what is done and by which kind of party. One place, so a
// privacy officer finds every basis the log can show here.
struct Processing {
  std::string activity_id;  // "leerrecht:verzuimregistratie"
  std::string purpose;
  std::string legal_basis;
};
Processing CaseWork(std::string_view party_role);
Processing AccessManagement();
Processing BreakGlassProcessing(const std::string& legal_ground);
// Asking for, judging and listing exceptions to the secrecy of OM data (SPEC W-23).
Processing OmSecrecyProcessing();
// Reading the processing log about a person (the log viewer, DESIGN.md §7).
Processing LogReview();

store::AccessContext ContextFor(const Actor& actor, const Processing& processing);

// The matrix applied to a user with several roles: allowed when one role is allowed. A plain value
// records which role opened the door (the break-glass and caseload rules depend on it).
struct AccessDecision {
  bool allowed = false;
  std::string role;  // the role whose rule allowed it; "" when denied
  policy::AuthorizationDecision decision;
};
AccessDecision Authorize(const policy::AuthorizationMatrix& matrix, const Actor& actor, policy::Action action,
                         policy::Resource resource, policy::AccessFacts facts);

// "geen toegang: …" with the matrix's reason, for a refusal the user sees.
Status Denied(const AccessDecision& decision);

}  // namespace leerrecht::services
