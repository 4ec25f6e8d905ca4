#include "policy/authorization.h"

#include <algorithm>
#include <array>
#include <toml++/toml.h>

#include "policy/toml_load.h"

#include "core/id.h"

namespace leerrecht::policy {

namespace {

struct ActionName {
  Action value;
  std::string_view id;
};
constexpr std::array<ActionName, 7> kActions{{
    {Action::kLezen, "lezen"},
    {Action::kAanmaken, "aanmaken"},
    {Action::kWijzigen, "wijzigen"},
    {Action::kVerwijderen, "verwijderen"},
    {Action::kVerstrekken, "verstrekken"},
    {Action::kExporteren, "exporteren"},
    {Action::kBeheren, "beheren"},
}};
constexpr std::array<Action, 7> kActionValues{Action::kLezen,       Action::kAanmaken,    Action::kWijzigen,
                                              Action::kVerwijderen, Action::kVerstrekken, Action::kExporteren,
                                              Action::kBeheren};

struct ResourceName {
  Resource value;
  std::string_view id;
};
constexpr std::array<ResourceName, 16> kResources{{
    {Resource::kDossier, "dossier"},
    {Resource::kNotitie, "notitie"},
    {Resource::kJongere, "jongere"},
    {Resource::kVerzuimmelding, "verzuimmelding"},
    {Resource::kVerstrekking, "verstrekking"},
    {Resource::kOntvangenGegevens, "ontvangen-gegevens"},
    {Resource::kLogboek, "logboek"},
    {Resource::kVerstrekkingenregister, "verstrekkingenregister"},
    {Resource::kMatrix, "matrix"},
    {Resource::kGebruiker, "gebruiker"},
    {Resource::kAanwijzing, "aanwijzing"},
    {Resource::kAgreement, "agreement"},
    {Resource::kRapportage, "rapportage"},
    {Resource::kBreakGlass, "break-glass"},
    {Resource::kOmUitzondering, "om-uitzondering"},
    {Resource::kUitzonderlijkeVerstrekking, "uitzonderlijke-verstrekking"},
}};
constexpr std::array<Resource, 16> kResourceValues{
    Resource::kDossier,    Resource::kNotitie,   Resource::kJongere,         Resource::kVerzuimmelding,
    Resource::kVerstrekking, Resource::kOntvangenGegevens, Resource::kLogboek, Resource::kVerstrekkingenregister,
    Resource::kMatrix,     Resource::kGebruiker, Resource::kAanwijzing,      Resource::kAgreement,
    Resource::kRapportage, Resource::kBreakGlass, Resource::kOmUitzondering, Resource::kUitzonderlijkeVerstrekking};

struct ConditionName {
  Condition value;
  std::string_view id;
};
constexpr std::array<ConditionName, 7> kConditions{{
    {Condition::kEigenPartij, "eigen-partij"},
    {Condition::kEigenCaseload, "eigen-caseload"},
    {Condition::kAangewezen, "aangewezen"},
    {Condition::kCasusoverlegDeelnemer, "casusoverleg-deelnemer"},
    {Condition::kRegimeAvg, "regime-avg"},
    {Condition::kRegimeWpg, "regime-wpg"},
    {Condition::kBreakGlassActief, "break-glass-actief"},
}};
constexpr std::array<Condition, 7> kConditionValues{
    Condition::kEigenPartij, Condition::kEigenCaseload, Condition::kAangewezen, Condition::kCasusoverlegDeelnemer,
    Condition::kRegimeAvg,   Condition::kRegimeWpg,     Condition::kBreakGlassActief};

constexpr std::array<std::string_view, 10> kStandardRoles{
    "beheerder", "leerplichtambtenaar", "boa", "swv-consulent", "zorgcoordinator",
    "jeugdhulp", "rmc",                 "fg",  "auditor",       kControllerRole};
constexpr std::array<std::string_view, 2> kDefaultWpgRoles{"leerplichtambtenaar", "boa"};

template <typename Names>
std::string KnownList(const Names& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n.id;
  }
  return out;
}

std::string Quote(std::string_view s) { return "\"" + std::string(s.substr(0, 80)) + "\""; }

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

// Items of these resources carry a regime tag; DESIGN.md §9 closes them to everyone but
// leerplicht unless a documented door (break-glass, a covered case meeting) is open.
bool IsCaseContent(Resource r) { return r == Resource::kDossier || r == Resource::kNotitie; }

// Resources whose bulk export could carry WPG items (SPEC R-05: bulk export of WPG items is blocked).
bool IsTaggedItem(Resource r) {
  return IsCaseContent(r) || r == Resource::kVerstrekking || r == Resource::kOntvangenGegevens;
}

bool Holds(Condition c, const AccessFacts& f) {
  switch (c) {
    case Condition::kEigenPartij: return f.same_party;
    case Condition::kEigenCaseload: return f.own_caseload;
    case Condition::kAangewezen: return f.designated;
    case Condition::kCasusoverlegDeelnemer: return f.case_meeting_participant;
    case Condition::kRegimeAvg: return f.item_regime == RegimeTag::kAvg;
    case Condition::kRegimeWpg: return f.item_regime == RegimeTag::kWpg;
    case Condition::kBreakGlassActief: return f.break_glass_active;
  }
  return false;  // unreachable: every enumerator is handled above
}

std::string RuleText(const AuthorizationRule& r) {
  return "rol " + r.role + ": " + std::string(ActionId(r.action)) + " " + std::string(ResourceId(r.resource)) + " (" +
         ConditionsText(r.conditions) + ")";
}

// `wider` allows at least what `narrower` allows: same role, action and resource, and every
// condition of `wider` is also a condition of `narrower`.
bool Covers(const AuthorizationRule& wider, const AuthorizationRule& narrower) {
  if (wider.role != narrower.role || wider.action != narrower.action || wider.resource != narrower.resource) {
    return false;
  }
  return std::all_of(wider.conditions.begin(), wider.conditions.end(),
                     [&](Condition c) { return narrower.Has(c); });
}

}  // namespace

std::optional<Action> ParseAction(std::string_view id) {
  for (const auto& n : kActions) {
    if (n.id == id) return n.value;
  }
  return std::nullopt;
}
std::string_view ActionId(Action action) {
  for (const auto& n : kActions) {
    if (n.value == action) return n.id;
  }
  return "?";
}
std::span<const Action> AllActions() { return kActionValues; }

std::optional<Resource> ParseResource(std::string_view id) {
  for (const auto& n : kResources) {
    if (n.id == id) return n.value;
  }
  return std::nullopt;
}
std::string_view ResourceId(Resource resource) {
  for (const auto& n : kResources) {
    if (n.value == resource) return n.id;
  }
  return "?";
}
std::span<const Resource> AllResources() { return kResourceValues; }

std::optional<Condition> ParseCondition(std::string_view id) {
  for (const auto& n : kConditions) {
    if (n.id == id) return n.value;
  }
  return std::nullopt;
}
std::string_view ConditionId(Condition condition) {
  for (const auto& n : kConditions) {
    if (n.value == condition) return n.id;
  }
  return "?";
}
std::span<const Condition> AllConditions() { return kConditionValues; }

std::string_view RegimeTagId(RegimeTag tag) { return tag == RegimeTag::kWpg ? "wpg" : "avg"; }

std::span<const std::string_view> StandardRoles() { return kStandardRoles; }
std::span<const std::string_view> DefaultWpgRoles() { return kDefaultWpgRoles; }

std::string ConditionsText(std::span<const Condition> conditions) {
  if (conditions.empty()) return "zonder voorwaarden";
  std::string out;
  for (Condition c : conditions) {
    if (!out.empty()) out += ", ";
    out += ConditionId(c);
  }
  return out;
}

bool AuthorizationRule::Has(Condition c) const {
  return std::find(conditions.begin(), conditions.end(), c) != conditions.end();
}

bool AuthorizationRule::GrantsPoliceData() const {
  return (IsCaseContent(resource) && !Has(Condition::kRegimeAvg)) || Has(Condition::kRegimeWpg);
}

bool AuthorizationMatrix::IsWpgRole(std::string_view role) const {
  return std::find(wpg_roles_.begin(), wpg_roles_.end(), role) != wpg_roles_.end();
}

bool AuthorizationMatrix::BreakGlassNeedsApproval(std::string_view role) const {
  return std::find(break_glass_approval_.begin(), break_glass_approval_.end(), role) != break_glass_approval_.end();
}

AuthorizationDecision AuthorizationMatrix::Decide(Action action, Resource resource, const AccessFacts& facts) const {
  const std::string head = "autorisatiematrix v" + std::to_string(version_);
  const std::string role = facts.role.empty() ? "(geen)" : facts.role;
  const std::string what = std::string(ActionId(action)) + " " + std::string(ResourceId(resource));
  const AuthorizationRule* closest = nullptr;
  std::vector<Condition> closest_missing;
  for (const AuthorizationRule& rule : rules_) {
    if (rule.role != facts.role || rule.action != action || rule.resource != resource) continue;
    std::vector<Condition> missing;
    for (Condition c : rule.conditions) {
      if (!Holds(c, facts)) missing.push_back(c);
    }
    if (missing.empty()) {
      std::string reason = "toegestaan door regel " + std::to_string(rule.line);
      reason.append(" van ").append(head).append(": rol ").append(role).append(" mag ").append(what);
      reason.append(" (").append(ConditionsText(rule.conditions)).append(")");
      return {true, rule.line, std::move(reason), {}};
    }
    if (closest == nullptr || missing.size() < closest_missing.size()) {
      closest = &rule;
      closest_missing = std::move(missing);
    }
  }
  AuthorizationDecision denied{false, 0, "geen regel in " + head + " staat rol " + role + " toe: " + what, {}};
  if (closest != nullptr) {
    // Naming what is missing lets the user see why ("niet aangewezen", SPEC W-09) and the log
    // show which rule came closest.
    denied.reason += "; regel " + std::to_string(closest->line) + " vereist ook: " + ConditionsText(closest_missing);
    denied.missing = std::move(closest_missing);
  }
  return denied;
}

std::vector<MatrixRow> AuthorizationMatrix::Rows() const {
  std::vector<MatrixRow> rows;
  rows.reserve(rules_.size());
  for (const AuthorizationRule& r : rules_) {
    rows.push_back({r.role, std::string(ActionId(r.action)), std::string(ResourceId(r.resource)),
                    ConditionsText(r.conditions), r.note, r.line});
  }
  return rows;
}

// Builds a matrix from a TOML document, recording every problem with its line. A friend of the
// matrix so that a matrix can only come into being through these checks.
class AuthorizationMatrixLoader {
 public:
  explicit AuthorizationMatrixLoader(std::vector<Diagnostic>& problems) : problems_(problems) {}

  AuthorizationMatrix Load(const toml::table& root) {
    const std::vector<std::string_view> known_keys{"schema",    "version",     "approved_by", "approved_on",
                                                   "wpg_roles", "extra_roles", "break_glass", "rules"};
    ReportUnknownKeys(root, "", known_keys);

    if (const toml::node* schema = Required(root, "schema", 1)) {
      if (!schema->is_string() || schema->as_string()->get() != "leerrecht.authorization/1") {
        Problem(LineOf(*schema), "schema moet \"leerrecht.authorization/1\" zijn");
      }
    }
    if (const toml::node* version = Required(root, "version", 1)) {
      if (!version->is_integer()) {
        Problem(LineOf(*version), "version moet een geheel getal zijn");
      } else if (const std::int64_t v = version->as_integer()->get(); v < 1 || v > 1'000'000) {
        Problem(LineOf(*version), "version moet 1 of hoger zijn");
      } else {
        m_.version_ = static_cast<int>(v);
      }
    }
    if (const toml::node* by = Required(root, "approved_by", 1)) {
      if (!by->is_string()) {
        Problem(LineOf(*by), "approved_by moet tekst zijn");
      } else if (by->as_string()->get().empty()) {
        Problem(LineOf(*by), "approved_by mag niet leeg zijn: de matrix is een besluit van de verwerkingsverantwoordelijke");
      } else {
        m_.approved_by_ = by->as_string()->get();
      }
    }
    if (const toml::node* on = Required(root, "approved_on", 1)) LoadDate(*on);

    // extra_roles first: wpg_roles and the rules may name them.
    for (const auto& [role, line] : StringList(root, "extra_roles")) {
      if (!IsValidSlug(role)) {
        Problem(line, "extra_roles: ongeldige rol " + Quote(role) + " (kleine letters, cijfers en streepjes)");
      } else if (IsKnownRole(role)) {
        Problem(line, "extra_roles: rol " + Quote(role) + " staat er al");
      } else {
        m_.extra_roles_.push_back(role);
      }
    }
    if (root.get("wpg_roles") == nullptr) {
      for (std::string_view r : kDefaultWpgRoles) m_.wpg_roles_.emplace_back(r);
    }
    for (const auto& [role, line] : StringList(root, "wpg_roles")) {
      if (!IsKnownRole(role)) {
        Problem(line, "wpg_roles: " + UnknownRole(role));
      } else if (m_.IsWpgRole(role)) {
        Problem(line, "wpg_roles: rol " + Quote(role) + " staat er twee keer in");
      } else {
        m_.wpg_roles_.push_back(role);
      }
    }

    LoadBreakGlass(root);

    if (const toml::node* rules = Required(root, "rules", 1)) {
      if (!rules->is_array()) {
        Problem(LineOf(*rules), "rules moet een lijst van tabellen zijn ([[rules]])");
      } else if (rules->as_array()->empty()) {
        Problem(LineOf(*rules), "rules mag niet leeg zijn");
      } else {
        for (const toml::node& element : *rules->as_array()) {
          if (!element.is_table()) {
            Problem(LineOf(element) > 0 ? LineOf(element) : LineOf(*rules), "rules moet een lijst van tabellen zijn");
            continue;
          }
          LoadRule(*element.as_table());
        }
      }
    }
    CheckDuplicates();
    CheckSafety();
    return std::move(m_);
  }

 private:
  void Problem(int line, std::string message) { problems_.push_back({std::max(line, 0), std::move(message)}); }

  void LoadBreakGlass(const toml::table& root) {
    const toml::node* node = root.get("break_glass");
    if (node == nullptr) return;
    const toml::table* table = node->as_table();
    if (table == nullptr) {
      Problem(LineOf(*node), "break_glass moet een tabel zijn ([break_glass])");
      return;
    }
    ReportUnknownKeys(*table, "break_glass.", {"approval_roles", "max_days"});
    for (const auto& [role, line] : StringList(*table, "approval_roles")) {
      if (!IsKnownRole(role)) {
        Problem(line, "break_glass.approval_roles: " + UnknownRole(role));
      } else {
        m_.break_glass_approval_.push_back(role);
      }
    }
    if (const toml::node* days = table->get("max_days")) {
      if (!days->is_integer() || days->as_integer()->get() < 1 || days->as_integer()->get() > 90) {
        Problem(LineOf(*days), "break_glass.max_days moet een geheel getal van 1 tot en met 90 zijn");
      } else {
        m_.break_glass_max_days_ = static_cast<int>(days->as_integer()->get());
      }
    }
  }

  const toml::node* Required(const toml::table& table, std::string_view key, int line_if_missing,
                             std::string_view context = "") {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      Problem(line_if_missing, "verplichte sleutel " + std::string(context) + std::string(key) + " ontbreekt");
    }
    return node;
  }

  void ReportUnknownKeys(const toml::table& table, std::string_view context,
                         const std::vector<std::string_view>& known) {
    for (auto&& [key, node] : table) {
      if (std::find(known.begin(), known.end(), key.str()) == known.end()) {
        const int key_line = static_cast<int>(key.source().begin.line);
        Problem(key_line > 0 ? key_line : LineOf(node), "onbekende sleutel " + std::string(context) + std::string(key.str()));
      }
    }
  }

  void LoadDate(const toml::node& node) {
    if (node.is_date()) {
      const toml::date d = node.as_date()->get();
      if (auto date = Date::FromYmd(d.year, d.month, d.day); date.ok()) {
        m_.approved_on_ = *date;
        return;
      }
    } else if (node.is_string()) {
      if (auto date = Date::Parse(node.as_string()->get()); date.ok()) {
        m_.approved_on_ = *date;
        return;
      }
    }
    Problem(LineOf(node), "approved_on moet een datum zijn (JJJJ-MM-DD)");
  }

  // An optional list of strings, each with its line; problems are recorded, bad entries skipped.
  std::vector<std::pair<std::string, int>> StringList(const toml::table& table, std::string_view key,
                                                      std::string_view context = "") {
    std::vector<std::pair<std::string, int>> out;
    const toml::node* node = table.get(key);
    if (node == nullptr) return out;
    if (!node->is_array()) {
      Problem(LineOf(*node), std::string(context) + std::string(key) + " moet een lijst van teksten zijn");
      return out;
    }
    for (const toml::node& element : *node->as_array()) {
      const int line = LineOf(element) > 0 ? LineOf(element) : LineOf(*node);
      if (!element.is_string()) {
        Problem(line, std::string(context) + std::string(key) + " moet een lijst van teksten zijn");
        continue;
      }
      out.emplace_back(element.as_string()->get(), line);
    }
    return out;
  }

  bool IsKnownRole(std::string_view role) const {
    return std::find(kStandardRoles.begin(), kStandardRoles.end(), role) != kStandardRoles.end() ||
           std::find(m_.extra_roles_.begin(), m_.extra_roles_.end(), role) != m_.extra_roles_.end();
  }

  std::string UnknownRole(std::string_view role) const {
    std::string known;
    for (std::string_view r : kStandardRoles) known += (known.empty() ? "" : ", ") + std::string(r);
    for (const std::string& r : m_.extra_roles_) known += ", " + r;
    return "onbekende rol " + Quote(role) + " (bekend: " + known + "; een andere rol hoort in extra_roles)";
  }

  // Reads a string value that must be one of a fixed set; nullopt after recording a problem.
  template <typename T, typename Parse>
  std::optional<T> Enumerated(const toml::table& t, std::string_view key, int rule_line, Parse parse,
                              std::string_view what, const std::string& known) {
    const toml::node* node = Required(t, key, rule_line, "rules.");
    if (node == nullptr) return std::nullopt;
    if (!node->is_string()) {
      Problem(LineOf(*node), "rules." + std::string(key) + " moet tekst zijn");
      return std::nullopt;
    }
    const std::string& value = node->as_string()->get();
    std::optional<T> parsed = parse(value);
    if (!parsed) Problem(LineOf(*node), std::string(what) + " " + Quote(value) + " (bekend: " + known + ")");
    return parsed;
  }

  void LoadRule(const toml::table& t) {
    AuthorizationRule rule;
    rule.line = std::max(1, LineOf(t));
    bool ok = true;
    ReportUnknownKeys(t, "rules.", {"role", "action", "resource", "conditions", "note"});

    if (const toml::node* role = Required(t, "role", rule.line, "rules.")) {
      if (!role->is_string()) {
        Problem(LineOf(*role), "rules.role moet tekst zijn");
        ok = false;
      } else if (!IsKnownRole(role->as_string()->get())) {
        Problem(LineOf(*role), UnknownRole(role->as_string()->get()));
        ok = false;
      } else {
        rule.role = role->as_string()->get();
      }
    } else {
      ok = false;
    }
    auto action = Enumerated<Action>(t, "action", rule.line, ParseAction, "onbekende actie", KnownList(kActions));
    auto resource =
        Enumerated<Resource>(t, "resource", rule.line, ParseResource, "onbekende resource", KnownList(kResources));
    if (action) rule.action = *action;
    if (resource) rule.resource = *resource;
    ok = ok && action && resource;

    if (const toml::node* conditions = Required(t, "conditions", rule.line, "rules.")) {
      if (!conditions->is_array()) {
        Problem(LineOf(*conditions), "rules.conditions moet een lijst van teksten zijn (mag leeg zijn: [])");
        ok = false;
      }
      const auto ids = conditions->is_array() ? StringList(t, "conditions", "rules.")
                                              : std::vector<std::pair<std::string, int>>{};
      for (const auto& [id, line] : ids) {
        auto condition = ParseCondition(id);
        if (!condition) {
          Problem(line, "onbekende voorwaarde " + Quote(id) + " (bekend: " + KnownList(kConditions) + ")");
          ok = false;
        } else if (rule.Has(*condition)) {
          Problem(line, "voorwaarde " + Quote(id) + " staat twee keer in deze regel");
        } else {
          rule.conditions.push_back(*condition);
        }
      }
      if (rule.Has(Condition::kRegimeAvg) && rule.Has(Condition::kRegimeWpg)) {
        // An item carries one tag, so this rule could never apply: almost certainly a mistake.
        Problem(LineOf(*conditions), "regime-avg en regime-wpg sluiten elkaar uit; deze regel zou nooit gelden");
      }
    } else {
      ok = false;
    }
    if (const toml::node* note = t.get("note"); note != nullptr) {
      if (note->is_string()) {
        rule.note = note->as_string()->get();
      } else {
        Problem(LineOf(*note), "rules.note moet tekst zijn");
      }
    }
    // A rule with an unknown role, action or resource is left out so that the checks below do not
    // repeat the problem under another name.
    if (ok) m_.rules_.push_back(std::move(rule));
  }

  void CheckDuplicates() {
    const auto& rules = m_.rules_;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (Covers(rules[j], rules[i]) && Covers(rules[i], rules[j])) {
          Problem(rules[i].line, "dubbele regel: " + RuleText(rules[i]) + " staat al op regel " +
                                     std::to_string(rules[j].line));
          break;
        }
      }
    }
  }

  void CheckSafety() {
    for (const AuthorizationRule& r : m_.rules_) {
      const bool wpg_role = m_.IsWpgRole(r.role);
      const bool avg_only = r.Has(Condition::kRegimeAvg);
      // DESIGN.md §9: police-data dossiers are open only to the holder's LPAs and boas, unless a
      // documented door is open (break-glass; a case meeting an art. 20 decision covers, SPEC R-12).
      if (IsCaseContent(r.resource) && !wpg_role && !avg_only && !r.Has(Condition::kBreakGlassActief) &&
          !r.Has(Condition::kCasusoverlegDeelnemer)) {
        Problem(r.line, "regel opent politiegegevens (WPG) voor " + RuleText(r) +
                            "; voeg regime-avg toe, of break-glass-actief of casusoverleg-deelnemer (DESIGN.md §9)");
      }
      if (r.action == Action::kVerstrekken && !r.Has(Condition::kAangewezen)) {
        Problem(r.line, "verstrekken vereist de voorwaarde aangewezen (SPEC W-09): " + RuleText(r));
      }
      if (r.action == Action::kVerstrekken && !wpg_role && !avg_only) {
        Problem(r.line, "de route art. 20 Wpg is alleen voor leerplicht; voeg regime-avg toe (SPEC W-11): " +
                            RuleText(r));
      }
      if (r.action == Action::kExporteren && IsTaggedItem(r.resource) && !avg_only) {
        Problem(r.line, "bulkexport van politiegegevens is geblokkeerd; voeg regime-avg toe (SPEC R-05): " +
                            RuleText(r));
      }
    }
  }

  AuthorizationMatrix m_;
  std::vector<Diagnostic>& problems_;
};

AuthorizationLoad AuthorizationMatrix::Load(std::string_view text, std::string_view source_name) {
  AuthorizationLoad result;
  result.matrix = internal::LoadToml<AuthorizationMatrix>(
      text, source_name, result.problems,
      [&](const toml::table& root) { return AuthorizationMatrixLoader(result.problems).Load(root); });
  return result;
}

std::vector<std::string> CheckChange(const AuthorizationMatrix& current, const AuthorizationMatrix& proposed,
                                     std::string_view proposer_role) {
  std::vector<std::string> violations;
  if (proposed.version() <= current.version()) {
    violations.push_back("de voorgestelde autorisatiematrix heeft versie " + std::to_string(proposed.version()) +
                         "; die moet hoger zijn dan de huidige versie " + std::to_string(current.version()));
  }
  // Separation of duties: nobody widens his own access to police data, whoever proposes.
  for (const AuthorizationRule& rule : proposed.rules()) {
    if (rule.role != proposer_role || !rule.GrantsPoliceData()) continue;
    const bool already = std::any_of(current.rules().begin(), current.rules().end(),
                                     [&](const AuthorizationRule& c) { return Covers(c, rule); });
    if (!already) {
      violations.push_back("scheiding van functies (SPEC R-06): rol " + std::string(proposer_role) +
                           " mag zichzelf geen (ruimere) toegang tot politiegegevens geven; regel " +
                           std::to_string(rule.line) + ": " + RuleText(rule));
    }
  }
  if (proposer_role != kControllerRole) {
    std::string lines;
    for (const AuthorizationRule& rule : proposed.rules()) {
      if (rule.GrantsPoliceData()) lines += (lines.empty() ? "" : ", ") + std::to_string(rule.line);
    }
    if (!lines.empty()) {
      violations.push_back("alleen de verwerkingsverantwoordelijke mag een autorisatiematrix vaststellen die toegang "
                           "tot politiegegevens (WPG) geeft, niet rol " + std::string(proposer_role) +
                           " (SPEC R-06); regels " + lines);
    }
    for (const std::string& role : proposed.wpg_roles()) {
      if (!current.IsWpgRole(role)) {
        violations.push_back("alleen de verwerkingsverantwoordelijke mag een rol aan wpg_roles toevoegen: " + role);
      }
    }
  }
  return violations;
}

}  // namespace leerrecht::policy
