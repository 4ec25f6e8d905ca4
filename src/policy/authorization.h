// The authorisation matrix (docs/formats/authorization-matrix.md): role × action × resource × conditions, deny by default.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "policy/agreement_loader.h"  // Diagnostic

namespace leerrecht::policy {

enum class Action { kLezen, kAanmaken, kWijzigen, kVerwijderen, kVerstrekken, kExporteren, kBeheren };
std::optional<Action> ParseAction(std::string_view id);
std::string_view ActionId(Action action);
std::span<const Action> AllActions();

enum class Resource {
  kDossier,
  kNotitie,
  kJongere,
  kVerzuimmelding,
  kVerstrekking,
  kOntvangenGegevens,
  kLogboek,
  kVerstrekkingenregister,
  kMatrix,
  kGebruiker,
  kAanwijzing,
  kAgreement,
  kRapportage,
  kBreakGlass,
  kOmUitzondering,  // exceptions to the secrecy of OM data (art. 52 Wjsg, SPEC W-23)
  kUitzonderlijkeVerstrekking,  // disclosure outside the agreements on a separate basis (SPEC R-08)
};
std::optional<Resource> ParseResource(std::string_view id);
std::string_view ResourceId(Resource resource);
std::span<const Resource> AllResources();

enum class Condition {
  kEigenPartij,
  kEigenCaseload,
  kAangewezen,
  kCasusoverlegDeelnemer,
  kRegimeAvg,
  kRegimeWpg,
  kBreakGlassActief,
};
std::optional<Condition> ParseCondition(std::string_view id);
std::string_view ConditionId(Condition condition);
std::span<const Condition> AllConditions();

// The tag an item carries (SPEC R-10): AVG, or WPG (police data).
enum class RegimeTag { kAvg, kWpg };
std::string_view RegimeTagId(RegimeTag tag);  // "avg" | "wpg"

// The controller's role: the only one that approves a matrix granting police data (SPEC R-06).
inline constexpr std::string_view kControllerRole = "verwerkingsverantwoordelijke";
// Roles every matrix may name without declaring them (DESIGN.md §1, SPEC R-06).
std::span<const std::string_view> StandardRoles();
// Roles that hold police data of their own party when a matrix does not say otherwise (DESIGN.md §9).
std::span<const std::string_view> DefaultWpgRoles();

// What the server knows about one request. The matrix combines these facts; it never looks them up.
struct AccessFacts {
  std::string role;
  bool same_party = false;                // the item belongs to the user's party
  bool own_caseload = false;              // the case is in the user's caseload
  bool designated = false;                // SPEC W-09/W-10
  bool case_meeting_participant = false;  // SPEC M-15
  std::optional<RegimeTag> item_regime;   // nullopt: not an item with a tag
  bool break_glass_active = false;
};

// A plain value, so that it can be compared in tests and written to the processing log (STYLE 3).
struct AuthorizationDecision {
  bool allowed = false;
  int rule_line = 0;                // the rule that allowed it; 0 when denied
  std::string reason;               // Dutch; a denial names the role, action and resource
  std::vector<Condition> missing;   // when denied: the unmet conditions of the closest rule, if any
};

struct AuthorizationRule {
  std::string role;
  Action action = Action::kLezen;
  Resource resource = Resource::kDossier;
  std::vector<Condition> conditions;  // in file order, each once
  std::string note;
  int line = 0;  // of the [[rules]] header

  [[nodiscard]] bool Has(Condition c) const;
  // True when this rule can allow access to a WPG-tagged item on dossier/notitie, or names regime-wpg.
  [[nodiscard]] bool GrantsPoliceData() const;
};

// One row of the admin screen (DESIGN.md §9: "shown to the admin as a table").
struct MatrixRow {
  std::string role;
  std::string action;
  std::string resource;
  std::string conditions;  // "eigen-partij, eigen-caseload" or "zonder voorwaarden"
  std::string note;
  int line = 0;
};

// Conditions as text for people: "eigen-partij, regime-avg", or "zonder voorwaarden".
std::string ConditionsText(std::span<const Condition> conditions);

struct AuthorizationLoad;

class AuthorizationMatrix {
 public:
  // Parses and validates, including the safety checks of the format page. Pure: the caller reads
  // the file. `source_name` labels TOML syntax errors.
  static AuthorizationLoad Load(std::string_view text, std::string_view source_name);

  // Deny by default: allowed when some rule for the role, action and resource has all its
  // conditions true. The first such rule in the file is cited.
  [[nodiscard]] AuthorizationDecision Decide(Action action, Resource resource, const AccessFacts& facts) const;

  [[nodiscard]] int version() const { return version_; }
  [[nodiscard]] const std::string& approved_by() const { return approved_by_; }
  [[nodiscard]] Date approved_on() const { return approved_on_; }
  [[nodiscard]] const std::vector<AuthorizationRule>& rules() const { return rules_; }
  [[nodiscard]] const std::vector<std::string>& wpg_roles() const { return wpg_roles_; }
  [[nodiscard]] bool IsWpgRole(std::string_view role) const;

  // Break-glass (SPEC; the [break_glass] table): requests by these roles wait for the
  // approval of a role that may `beheren` `break-glass`; others take effect at once (a colleague
  // standing in), and the privacy officer sees every one either way.
  [[nodiscard]] bool BreakGlassNeedsApproval(std::string_view role) const;
  [[nodiscard]] const std::vector<std::string>& break_glass_approval_roles() const { return break_glass_approval_; }
  [[nodiscard]] int break_glass_max_days() const { return break_glass_max_days_; }

  // The rules in file order, as text, for the admin screen.
  [[nodiscard]] std::vector<MatrixRow> Rows() const;

 private:
  AuthorizationMatrix() = default;
  friend class AuthorizationMatrixLoader;

  int version_ = 0;
  std::string approved_by_;
  Date approved_on_;
  std::vector<std::string> wpg_roles_;
  std::vector<std::string> extra_roles_;
  std::vector<std::string> break_glass_approval_;
  int break_glass_max_days_ = 30;
  std::vector<AuthorizationRule> rules_;
};

struct AuthorizationLoad {
  std::optional<AuthorizationMatrix> matrix;  // set only when there are no problems
  std::vector<Diagnostic> problems;           // in line order
};

// Separation of duties (SPEC R-06): every reason why `proposer_role` may not put `proposed` in
// place of `current`, in Dutch; empty when the change may take effect. See the format page.
std::vector<std::string> CheckChange(const AuthorizationMatrix& current, const AuthorizationMatrix& proposed,
                                     std::string_view proposer_role);

}  // namespace leerrecht::policy
