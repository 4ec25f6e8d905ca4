#include "policy/agreement.h"

#include <algorithm>

#include <array>
#include <utility>

#include "policy/id_table.h"

namespace leerrecht::policy {

namespace {

constexpr std::array<std::pair<PartyRole, std::string_view>, 10> kRoles{{
    {PartyRole::kLeerplicht, "leerplicht"},
    {PartyRole::kSwv, "swv"},
    {PartyRole::kSchool, "school"},
    {PartyRole::kJeugdhulp, "jeugdhulp"},
    {PartyRole::kWijkteam, "wijkteam"},
    {PartyRole::kGgd, "ggd"},
    {PartyRole::kPolitie, "politie"},
    {PartyRole::kHalt, "halt"},
    {PartyRole::kRvdk, "rvdk"},
    {PartyRole::kOm, "om"},
}};

constexpr std::array<std::pair<WpgPurpose, std::string_view>, 4> kWpgPurposes{{
    {WpgPurpose::kVoorkomenOpsporen, "voorkomen-opsporen-strafbare-feiten"},
    {WpgPurpose::kOpenbareOrde, "handhaven-openbare-orde"},
    {WpgPurpose::kHulpVerlenen, "hulp-verlenen"},
    {WpgPurpose::kToezichtNaleving, "toezicht-naleving"},
}};

}  // namespace

std::string_view AgreementKindId(AgreementKind kind) {
  return kind == AgreementKind::kConvenant ? "convenant" : "wpg-art20";
}

std::string_view PartyRoleId(PartyRole role) { return IdOf(kRoles, role); }
std::optional<PartyRole> ParsePartyRole(std::string_view id) { return LookupId(kRoles, id); }
std::optional<WpgPurpose> ParseWpgPurpose(std::string_view id) { return LookupId(kWpgPurposes, id); }
std::string_view WpgPurposeId(WpgPurpose purpose) { return IdOf(kWpgPurposes, purpose); }

const FlowField* Flow::EntryFor(FieldId field) const {
  for (const auto& entry : fields) {
    for (FieldId f : entry.fields) {
      if (f == field) return &entry;
    }
  }
  return nullptr;
}

std::optional<Date> Agreement::FirstDayInForce() const {
  // Art. 20 decision: "treedt in werking op de dag na ondertekening".
  if (kind == AgreementKind::kWpgArt20) return signed_on ? std::optional(signed_on->AddDays(1)) : std::nullopt;
  return valid_from;
}

std::optional<Date> Agreement::LastDayInForce() const {
  // "geldig tot N jaar na dagtekening": "tot" excludes the anniversary itself (SPEC Q-05).
  if (kind == AgreementKind::kWpgArt20) {
    return signed_on ? std::optional(signed_on->AddYears(validity_years).AddDays(-1)) : std::nullopt;
  }
  return valid_until;
}

bool Agreement::InForceOn(Date date) const {
  const auto first = FirstDayInForce();
  if (!first || date < *first) return false;
  if (const auto last = LastDayInForce(); last && *last < date) return false;
  return !(revoked_on && *revoked_on <= date);
}

const Party* Agreement::FindParty(std::string_view party_id) const {
  for (const auto& p : parties) {
    if (p.id == party_id) return &p;
  }
  return nullptr;
}

const Purpose* Agreement::FindPurpose(std::string_view purpose_id) const {
  for (const auto& p : purposes) {
    if (p.id == purpose_id) return &p;
  }
  return nullptr;
}

const PhaseProfile* Agreement::FindPhaseProfile(std::string_view profile_id) const {
  for (const auto& p : phase_profiles) {
    if (p.id == profile_id) return &p;
  }
  return nullptr;
}

bool PhaseProfile::FitsPhase(std::string_view phase) const {
  return std::find(phases.begin(), phases.end(), phase) != phases.end();
}

}  // namespace leerrecht::policy
