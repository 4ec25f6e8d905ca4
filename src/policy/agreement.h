// An agreement (convenant or art. 20 Wpg decision) as a value: parties, purposes, flows, designations.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "domain/case_category.h"
#include "policy/data_dictionary.h"

namespace leerrecht::policy {

enum class AgreementKind { kConvenant, kWpgArt20 };
std::string_view AgreementKindId(AgreementKind kind);

enum class PartyRole { kLeerplicht, kSwv, kSchool, kJeugdhulp, kWijkteam, kGgd, kPolitie, kHalt, kRvdk, kOm };
std::string_view PartyRoleId(PartyRole role);
std::optional<PartyRole> ParsePartyRole(std::string_view id);

enum class SpecialCategories { kExcluded, kWithExplicitBasis };

// The four purposes compatible with the opsporingstaak (SPEC W-14).
enum class WpgPurpose { kVoorkomenOpsporen, kOpenbareOrde, kHulpVerlenen, kToezichtNaleving };
std::optional<WpgPurpose> ParseWpgPurpose(std::string_view id);
std::string_view WpgPurposeId(WpgPurpose purpose);

struct Party {
  std::string id;
  std::string name;
  PartyRole role = PartyRole::kSchool;
  std::vector<std::string> legal_basis;
  std::vector<std::string> municipalities;
  FieldSet special_category_basis;
  // SPEC W-20: the fields this partner gets by default. A field the flow allows beyond it leaves
  // only with a written justification of its necessity. None: the flow's whitelist is the profile.
  std::optional<FieldSet> profile;
  std::optional<Date> suspended_on;  // SPEC W-16
  int line = 0;                      // where it is declared, for messages
};

struct Purpose {
  std::string id;
  std::string text;
  std::optional<WpgPurpose> wpg_purpose;
  int line = 0;
};

struct FlowField {
  std::string token;      // as written: a field id or a shorthand ("naw")
  std::string reason;     // the document's reason, verbatim
  std::string ref;        // the row in the document ("L2"), may be empty
  std::vector<FieldId> fields;  // the token expanded
  int line = 0;
};

struct Flow {
  std::optional<domain::CaseCategory> category;  // nullopt: "*" (any case)
  std::vector<std::size_t> from;                 // indexes into Agreement::parties
  std::vector<std::size_t> to;
  std::vector<std::size_t> purposes;             // indexes into Agreement::purposes
  std::vector<FlowField> fields;
  FieldSet field_set;                            // every field the flow allows, expanded
  int line = 0;

  [[nodiscard]] bool Covers(std::optional<domain::CaseCategory> case_category) const {
    return !category || category == case_category;
  }
  // The entry that allows `field` (for its reason), or nullptr.
  [[nodiscard]] const FlowField* EntryFor(FieldId field) const;
};

struct DesignationEntry {
  std::size_t party = 0;  // index into Agreement::parties
  std::string role;       // empty when the entry names a person
  std::string person;
  int line = 0;
};

// SPEC W-25, Q-11: a set of fields the agreement deems fitting for the case's MAS phases, which
// the share form offers as one choice only in those phases. The engine still decides each field.
struct PhaseProfile {
  std::string id;
  std::string label;               // as the agreement names it: "Halt/PV-feit"
  std::vector<std::string> phases; // MAS phase ids (DESIGN.md §6)
  std::vector<std::string> fields; // field ids as written (shorthands allowed)
  FieldSet field_set;              // expanded
  int line = 0;

  [[nodiscard]] bool FitsPhase(std::string_view phase) const;
};

struct Agreement {
  std::string schema;
  std::string id;
  int version = 0;
  AgreementKind kind = AgreementKind::kConvenant;
  std::string title;
  std::optional<Date> valid_from;
  std::optional<Date> valid_until;
  std::optional<Date> signed_on;
  int validity_years = 0;
  std::optional<Date> revoked_on;
  SpecialCategories special_categories = SpecialCategories::kExcluded;
  std::string confidentiality_notice;
  std::vector<std::string> end_triggers;
  std::uint8_t data_subjects = 0;  // DataSubject bits; 0 = not restricted
  std::string controller;
  std::string source;
  std::string exchange_table;

  std::vector<Party> parties;
  std::vector<Purpose> purposes;
  std::vector<Flow> flows;
  bool has_designation = false;
  std::vector<DesignationEntry> senders;
  std::vector<DesignationEntry> recipients;
  std::vector<PhaseProfile> phase_profiles;  // SPEC W-25; empty: the form offers no profiles

  // First and last day in force, before revocation (DESIGN.md §5, SPEC W-03/Q-05).
  [[nodiscard]] std::optional<Date> FirstDayInForce() const;
  [[nodiscard]] std::optional<Date> LastDayInForce() const;
  [[nodiscard]] bool InForceOn(Date date) const;

  [[nodiscard]] const Party* FindParty(std::string_view party_id) const;
  [[nodiscard]] const Purpose* FindPurpose(std::string_view purpose_id) const;
  [[nodiscard]] const PhaseProfile* FindPhaseProfile(std::string_view profile_id) const;
};

}  // namespace leerrecht::policy
