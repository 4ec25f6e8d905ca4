// Who sends and who receives a disclosure under an agreement, as the policy engine needs them (SPEC W-09).
#pragma once

#include <string>

#include "core/date.h"
#include "core/status.h"
#include "policy/agreement.h"
#include "policy/decision.h"
#include "services/actor.h"
#include "store/database.h"
#include "store/repositories/designation_repository.h"

namespace leerrecht::services {

struct DisclosureParties {
  policy::Actor sender;
  policy::Actor recipient;
};

// The role `agreement` designates for `party` as a recipient; empty when it names none.
std::string RecipientRole(const policy::Agreement& agreement, const std::string& party);

// The sender is the actor in the first of his roles his party has designated under `agreement`
// on `on` (undesignated: his first role, so the engine refuses with the reason). The recipient is
// the party in the role the agreement designates for it, designated when the party has designated
// that role. Every disclosure path asks here, so one rule decides who counts as designated.
Result<DisclosureParties> ResolveDisclosureParties(store::Transaction& tx,
                                                   store::DesignationRepository& designations,
                                                   const policy::Agreement& agreement, const Actor& actor,
                                                   const std::string& recipient_party, Date on);

}  // namespace leerrecht::services
