#include "services/disclosure_parties.h"

namespace leerrecht::services {

std::string RecipientRole(const policy::Agreement& agreement, const std::string& party) {
  for (const auto& e : agreement.recipients) {
    if (agreement.parties[e.party].id == party && !e.role.empty()) return e.role;
  }
  return "";
}

Result<DisclosureParties> ResolveDisclosureParties(store::Transaction& tx,
                                                   store::DesignationRepository& designations,
                                                   const policy::Agreement& agreement, const Actor& actor,
                                                   const std::string& recipient_party, Date on) {
  DisclosureParties parties;
  bool designated = false;
  std::string acting_role = actor.roles.empty() ? std::string() : actor.roles.front();
  for (const std::string& role : actor.roles) {
    auto yes = designations.IsDesignated(tx, agreement.id, actor.party, actor.user_id, role, on);
    if (!yes.ok()) return yes.status();
    if (*yes) {
      designated = true;
      acting_role = role;
      break;
    }
  }
  parties.sender = {actor.party, actor.username, acting_role, designated};

  const std::string recipient_role = RecipientRole(agreement, recipient_party);
  auto recipient_designated =
      designations.IsDesignated(tx, agreement.id, recipient_party, std::nullopt, recipient_role, on);
  if (!recipient_designated.ok()) return recipient_designated.status();
  parties.recipient = {recipient_party, "", recipient_role, *recipient_designated};
  return parties;
}

}  // namespace leerrecht::services
