#include "policy/agreement_loader.h"
#include "policy/decision.h"

#include <algorithm>
#include <toml++/toml.h>

#include "policy/toml_load.h"

#include "core/id.h"

namespace leerrecht::policy {

namespace {

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

std::string Quote(std::string_view s) { return "\"" + std::string(s.substr(0, 80)) + "\""; }

// Reads one TOML table: typed getters that record problems with line numbers, and a final check
// that names every key nobody asked for (a misspelt key must not silently drop a rule).
class TableReader {
 public:
  TableReader(const toml::table& table, std::string context, std::vector<Diagnostic>& problems)
      : table_(table), context_(std::move(context)), problems_(problems) {}

  int line() const { return std::max(1, LineOf(table_)); }

  const toml::node* Get(std::string_view key) {
    known_.emplace_back(key);
    return table_.get(key);
  }

  void Problem(int line, std::string message) { problems_.push_back({line, std::move(message)}); }

  std::string Where(std::string_view key) const {
    return context_.empty() ? std::string(key) : context_ + "." + std::string(key);
  }

  std::optional<std::string> String(std::string_view key, bool required) {
    const toml::node* node = Get(key);
    if (node == nullptr) {
      if (required) Problem(line(), "verplichte sleutel " + Where(key) + " ontbreekt");
      return std::nullopt;
    }
    if (!node->is_string()) {
      Problem(LineOf(*node), Where(key) + " moet tekst zijn");
      return std::nullopt;
    }
    std::string value = node->as_string()->get();
    if (required && value.empty()) Problem(LineOf(*node), Where(key) + " mag niet leeg zijn");
    return value;
  }

  std::optional<std::string> Slug(std::string_view key, bool required) {
    auto value = String(key, required);
    if (value && !IsValidSlug(*value)) {
      Problem(LineOf(*Get(key)), Where(key) + ": ongeldige id " + Quote(*value) +
                                     " (kleine letters, cijfers en streepjes)");
      return std::nullopt;
    }
    return value;
  }

  std::optional<std::int64_t> Integer(std::string_view key, bool required) {
    const toml::node* node = Get(key);
    if (node == nullptr) {
      if (required) Problem(line(), "verplichte sleutel " + Where(key) + " ontbreekt");
      return std::nullopt;
    }
    if (!node->is_integer()) {
      Problem(LineOf(*node), Where(key) + " moet een geheel getal zijn");
      return std::nullopt;
    }
    return node->as_integer()->get();
  }

  // A TOML date (2025-03-10), or a string in that form.
  std::optional<Date> DateValue(std::string_view key, bool required) {
    const toml::node* node = Get(key);
    if (node == nullptr) {
      if (required) Problem(line(), "verplichte sleutel " + Where(key) + " ontbreekt");
      return std::nullopt;
    }
    if (node->is_date()) {
      const toml::date d = node->as_date()->get();
      auto date = Date::FromYmd(d.year, d.month, d.day);
      if (date.ok()) return *date;
    } else if (node->is_string()) {
      auto date = Date::Parse(node->as_string()->get());
      if (date.ok()) return *date;
    }
    Problem(LineOf(*node), Where(key) + " moet een datum zijn (JJJJ-MM-DD)");
    return std::nullopt;
  }

  // A list of strings; nullopt when absent or malformed.
  std::optional<std::vector<std::pair<std::string, int>>> StringList(std::string_view key, bool required) {
    const toml::node* node = Get(key);
    if (node == nullptr) {
      if (required) Problem(line(), "verplichte sleutel " + Where(key) + " ontbreekt");
      return std::nullopt;
    }
    if (!node->is_array()) {
      Problem(LineOf(*node), Where(key) + " moet een lijst van teksten zijn");
      return std::nullopt;
    }
    std::vector<std::pair<std::string, int>> out;
    for (const toml::node& element : *node->as_array()) {
      const int element_line = LineOf(element) > 0 ? LineOf(element) : LineOf(*node);
      if (!element.is_string()) {
        Problem(element_line, Where(key) + " moet een lijst van teksten zijn");
        return std::nullopt;
      }
      out.emplace_back(element.as_string()->get(), element_line);
    }
    if (required && out.empty()) Problem(LineOf(*node), Where(key) + " mag niet leeg zijn");
    return out;
  }

  // Arrays of tables ([[parties]]) and arrays of inline tables (fields = [ {…}, … ]).
  std::vector<const toml::table*> Tables(std::string_view key, bool required) {
    std::vector<const toml::table*> out;
    const toml::node* node = Get(key);
    if (node == nullptr) {
      if (required) Problem(line(), "verplichte sleutel " + Where(key) + " ontbreekt");
      return out;
    }
    if (!node->is_array()) {
      Problem(LineOf(*node), Where(key) + " moet een lijst van tabellen zijn");
      return out;
    }
    for (const toml::node& element : *node->as_array()) {
      if (!element.is_table()) {
        Problem(LineOf(element) > 0 ? LineOf(element) : LineOf(*node), Where(key) + " moet een lijst van tabellen zijn");
        continue;
      }
      out.push_back(element.as_table());
    }
    if (required && out.empty()) Problem(LineOf(*node), Where(key) + " mag niet leeg zijn");
    return out;
  }

  void ReportUnknownKeys() {
    for (auto&& [key, node] : table_) {
      if (std::find(known_.begin(), known_.end(), key.str()) == known_.end()) {
        const int key_line = static_cast<int>(key.source().begin.line);
        Problem(key_line > 0 ? key_line : LineOf(node), "onbekende sleutel " + Where(key.str()));
      }
    }
  }

 private:
  const toml::table& table_;
  std::string context_;
  std::vector<Diagnostic>& problems_;
  std::vector<std::string> known_;
};

class Loader {
 public:
  explicit Loader(std::vector<Diagnostic>& problems) : problems_(problems) {}

  Agreement Load(const toml::table& root) {
    TableReader top(root, "", problems_);
    if (auto schema = top.String("schema", true); schema && *schema != "leerrecht.agreement/1") {
      Problem(LineOf(*root.get("schema")), "schema moet \"leerrecht.agreement/1\" zijn, niet " + Quote(*schema));
    }
    a_.schema = "leerrecht.agreement/1";
    a_.id = top.Slug("id", true).value_or("");
    if (auto version = top.Integer("version", true)) {
      if (*version < 1 || *version > 1'000'000) Problem(LineOf(*root.get("version")), "version moet 1 of hoger zijn");
      a_.version = static_cast<int>(*version);
    }
    if (auto kind = top.String("kind", true)) {
      if (*kind == "convenant") {
        a_.kind = AgreementKind::kConvenant;
      } else if (*kind == "wpg-art20") {
        a_.kind = AgreementKind::kWpgArt20;
      } else {
        Problem(LineOf(*root.get("kind")), "kind moet \"convenant\" of \"wpg-art20\" zijn, niet " + Quote(*kind));
      }
    }
    a_.title = top.String("title", true).value_or("");
    a_.valid_from = top.DateValue("valid_from", false);
    a_.valid_until = top.DateValue("valid_until", false);
    a_.signed_on = top.DateValue("signed_on", false);
    if (auto years = top.Integer("validity_years", false)) {
      if (*years < 1 || *years > 100) Problem(LineOf(*root.get("validity_years")), "validity_years moet 1 of hoger zijn");
      a_.validity_years = static_cast<int>(std::clamp<std::int64_t>(*years, 0, 100));
    }
    a_.revoked_on = top.DateValue("revoked_on", false);
    if (auto special = top.String("special_categories", true)) {
      if (*special == "excluded") {
        a_.special_categories = SpecialCategories::kExcluded;
      } else if (*special == "with-explicit-basis") {
        a_.special_categories = SpecialCategories::kWithExplicitBasis;
      } else {
        Problem(LineOf(*root.get("special_categories")),
                "special_categories moet \"excluded\" of \"with-explicit-basis\" zijn, niet " + Quote(*special));
      }
    }
    a_.confidentiality_notice = top.String("confidentiality_notice", false).value_or("");
    if (auto triggers = top.StringList("end_triggers", false)) {
      for (auto& [t, line] : *triggers) a_.end_triggers.push_back(t);
    }
    if (auto subjects = top.StringList("data_subjects", false)) {
      for (const auto& [s, line] : *subjects) {
        if (auto subject = ParseDataSubject(s)) {
          a_.data_subjects |= static_cast<std::uint8_t>(*subject);
        } else {
          Problem(line, "onbekende betrokkenencategorie " + Quote(s) + " (bekend: jongere, ouder, derde)");
        }
      }
    }
    a_.controller = top.String("controller", false).value_or("");
    a_.source = top.String("source", false).value_or("");
    a_.exchange_table = top.String("exchange_table", false).value_or("");
    // Problems with the whole file are reported at `kind`, the key that sets the requirements.
    const toml::node* kind_node = root.get("kind");
    CheckValidity(root, kind_node ? LineOf(*kind_node) : top.line());

    for (const toml::table* t : top.Tables("parties", true)) LoadParty(*t);
    for (const toml::table* t : top.Tables("purposes", true)) LoadPurpose(*t);
    for (const toml::table* t : top.Tables("flows", true)) LoadFlow(*t);
    if (const toml::node* d = top.Get("designation")) {
      if (d->is_table()) {
        LoadDesignation(*d->as_table());
      } else {
        Problem(LineOf(*d), "designation moet een tabel zijn ([designation])");
      }
    }
    for (const toml::table* t : top.Tables("phase_profiles", false)) LoadPhaseProfile(*t);
    top.ReportUnknownKeys();
    CheckDuplicateFlows();
    CheckArt20Senders();
    return std::move(a_);
  }

 private:
  void Problem(int line, std::string message) { problems_.push_back({line, std::move(message)}); }

  void CheckValidity(const toml::table& root, int line) {
    auto line_of = [&](std::string_view key) {
      const toml::node* n = root.get(key);
      return n ? LineOf(*n) : line;
    };
    if (a_.kind == AgreementKind::kConvenant) {
      if (!a_.valid_from) Problem(line, "een convenant heeft valid_from nodig");
      if (a_.valid_from && a_.valid_until && *a_.valid_until < *a_.valid_from) {
        Problem(line_of("valid_until"), "valid_until ligt voor valid_from");
      }
    } else {
      // Art. 20 Wpg: "treedt in werking op de dag na ondertekening ... geldig tot N jaar na dagtekening".
      if (!a_.signed_on || a_.validity_years == 0) {
        Problem(line, "een besluit art. 20 Wpg heeft signed_on en validity_years nodig (SPEC W-03)");
      }
      if (a_.valid_from || a_.valid_until) {
        Problem(line_of(a_.valid_from ? "valid_from" : "valid_until"),
                "een besluit art. 20 Wpg gebruikt signed_on en validity_years, niet valid_from/valid_until");
      }
      if (a_.confidentiality_notice.empty()) {
        Problem(line, "een besluit art. 20 Wpg heeft een confidentiality_notice nodig (art. 7 lid 2 Wpg, SPEC W-29)");
      }
    }
    if (a_.kind == AgreementKind::kConvenant && a_.signed_on && a_.valid_from && *a_.valid_from < *a_.signed_on) {
      Problem(line_of("valid_from"), "valid_from ligt voor signed_on");
    }
    if (a_.revoked_on) {
      const auto& start = a_.kind == AgreementKind::kWpgArt20 ? a_.signed_on : a_.valid_from;
      if (start && *a_.revoked_on < *start) {
        Problem(line_of("revoked_on"), "revoked_on ligt voor het begin van de geldigheid");
      }
    }
  }

  void LoadParty(const toml::table& t) {
    TableReader r(t, "parties", problems_);
    Party p;
    p.line = r.line();
    p.id = r.Slug("id", true).value_or("");
    p.name = r.String("name", true).value_or("");
    if (auto role = r.String("role", true)) {
      if (auto parsed = ParsePartyRole(*role)) {
        p.role = *parsed;
      } else {
        r.Problem(LineOf(*t.get("role")), "onbekende rol " + Quote(*role) +
                                              " (bekend: leerplicht, swv, school, jeugdhulp, wijkteam, ggd, politie, "
                                              "halt, rvdk, om)");
      }
    }
    if (auto basis = r.StringList("legal_basis", true)) {
      for (auto& [b, line] : *basis) p.legal_basis.push_back(b);
    }
    if (auto municipalities = r.StringList("municipalities", false)) {
      for (auto& [m, line] : *municipalities) p.municipalities.push_back(m);
    }
    if (auto basis = r.StringList("special_category_basis", false)) {
      for (const auto& [f, line] : *basis) {
        auto field = FindField(f);
        if (!field) {
          r.Problem(line, "onbekend veld " + Quote(f));
        } else if (!Field(*field).IsSpecialCategory()) {
          r.Problem(line, Quote(f) + " is geen bijzonder persoonsgegeven (special_category_basis)");
        } else {
          p.special_category_basis.set(*field);
        }
      }
    }
    if (auto profile = r.StringList("profile", false)) {
      FieldSet fields;
      FieldSet seen;
      for (const auto& [f, line] : *profile) {
        if (!ExpandFieldToken(f, seen, [&](FieldId id) { fields.set(id); })) r.Problem(line, "onbekend veld " + Quote(f));
      }
      p.profile = fields;
    }
    p.suspended_on = r.DateValue("suspended_on", false);
    r.ReportUnknownKeys();
    if (!p.id.empty() && a_.FindParty(p.id) != nullptr) {
      r.Problem(p.line, "partij " + Quote(p.id) + " is dubbel gedeclareerd");
      return;
    }
    a_.parties.push_back(std::move(p));
  }

  // SPEC W-25, Q-11: a field profile and the MAS phases it fits. Its fields must be ones some
  // flow allows, or the form would offer what the engine always refuses.
  void LoadPhaseProfile(const toml::table& t) {
    TableReader r(t, "phase_profiles", problems_);
    PhaseProfile p;
    p.line = r.line();
    p.id = r.Slug("id", true).value_or("");
    p.label = r.String("label", true).value_or("");
    if (auto phases = r.StringList("phases", true)) {
      if (phases->empty()) r.Problem(p.line, "phase_profiles.phases: noem minstens één MAS-fase");
      for (const auto& [phase, line] : *phases) {
        if (!ParseMasPhase(phase)) {
          r.Problem(line, "onbekende MAS-fase " + Quote(phase) +
                              " (bekend: melding, onderzoek, hulp, halt, proces-verbaal, om, afgesloten)");
        } else {
          p.phases.push_back(phase);
        }
      }
    }
    if (auto fields = r.StringList("fields", true)) {
      if (fields->empty()) r.Problem(p.line, "phase_profiles.fields: noem minstens één veld");
      FieldSet allowed;
      for (const Flow& flow : a_.flows) allowed |= flow.field_set;
      for (const auto& [f, line] : *fields) {
        FieldSet token;
        FieldSet seen;
        if (!ExpandFieldToken(f, seen, [&](FieldId id) { token.set(id); })) {
          r.Problem(line, "onbekend veld " + Quote(f));
          continue;
        }
        if ((token & ~allowed).any()) r.Problem(line, Quote(f) + " staat in geen enkele uitwisseling (flows)");
        p.fields.push_back(f);
        p.field_set |= token;
      }
    }
    r.ReportUnknownKeys();
    if (!p.id.empty() && a_.FindPhaseProfile(p.id) != nullptr) {
      r.Problem(p.line, "veldprofiel " + Quote(p.id) + " is dubbel gedeclareerd");
      return;
    }
    a_.phase_profiles.push_back(std::move(p));
  }

  void LoadPurpose(const toml::table& t) {
    TableReader r(t, "purposes", problems_);
    Purpose p;
    p.line = r.line();
    p.id = r.Slug("id", true).value_or("");
    p.text = r.String("text", true).value_or("");
    if (auto wpg = r.String("wpg_purpose", false)) {
      p.wpg_purpose = ParseWpgPurpose(*wpg);
      if (!p.wpg_purpose) {
        r.Problem(LineOf(*t.get("wpg_purpose")),
                  "onbekend wpg_purpose " + Quote(*wpg) +
                      " (bekend: voorkomen-opsporen-strafbare-feiten, handhaven-openbare-orde, hulp-verlenen, "
                      "toezicht-naleving)");
      }
    } else if (a_.kind == AgreementKind::kWpgArt20) {
      r.Problem(p.line, "doel " + Quote(p.id) + " heeft een wpg_purpose nodig in een besluit art. 20 Wpg (SPEC W-14)");
    }
    r.ReportUnknownKeys();
    if (!p.id.empty() && a_.FindPurpose(p.id) != nullptr) {
      r.Problem(p.line, "doel " + Quote(p.id) + " is dubbel gedeclareerd");
      return;
    }
    a_.purposes.push_back(std::move(p));
  }

  std::vector<std::size_t> PartyRefs(TableReader& r, std::string_view key) {
    std::vector<std::size_t> out;
    if (auto ids = r.StringList(key, true)) {
      for (const auto& [id, line] : *ids) {
        const Party* party = a_.FindParty(id);
        if (party == nullptr) {
          r.Problem(line, "partij " + Quote(id) + " in " + r.Where(key) + " is niet gedeclareerd in [[parties]]");
          continue;
        }
        out.push_back(static_cast<std::size_t>(party - a_.parties.data()));
      }
    }
    return out;
  }

  void LoadFlow(const toml::table& t) {
    TableReader r(t, "flows", problems_);
    Flow flow;
    flow.line = r.line();
    if (auto category = r.String("category", true)) {
      if (*category != "*") {
        flow.category = domain::ParseCaseCategory(*category);
        if (!flow.category) {
          r.Problem(LineOf(*t.get("category")),
                    "onbekende categorie " + Quote(*category) + " (zie DESIGN.md §4, of \"*\" voor elke zaak)");
        }
      }
    }
    flow.from = PartyRefs(r, "from");
    flow.to = PartyRefs(r, "to");
    if (auto ids = r.StringList("purposes", true)) {
      for (const auto& [id, line] : *ids) {
        const Purpose* purpose = a_.FindPurpose(id);
        if (purpose == nullptr) {
          r.Problem(line, "doel " + Quote(id) + " is niet gedeclareerd in [[purposes]]");
          continue;
        }
        flow.purposes.push_back(static_cast<std::size_t>(purpose - a_.purposes.data()));
      }
    }
    for (const toml::table* ft : r.Tables("fields", true)) LoadFlowField(*ft, flow);
    r.ReportUnknownKeys();
    a_.flows.push_back(std::move(flow));
  }

  void LoadFlowField(const toml::table& t, Flow& flow) {
    TableReader r(t, "flows.fields", problems_);
    FlowField entry;
    entry.line = r.line();
    entry.token = r.String("field", true).value_or("");
    entry.reason = r.String("reason", true).value_or("");
    entry.ref = r.String("ref", false).value_or("");
    r.ReportUnknownKeys();
    if (entry.token.empty()) return;
    FieldSet seen;
    const bool known = ExpandFieldToken(entry.token, seen, [&](FieldId f) { entry.fields.push_back(f); });
    if (!known) {
      r.Problem(entry.line, "onbekend veld " + Quote(entry.token) + " (zie het gegevenswoordenboek, DESIGN.md §4)");
      return;
    }
    for (FieldId f : entry.fields) {
      const FieldInfo& info = Field(f);
      if (flow.field_set.test(f)) {
        r.Problem(entry.line, "veld " + Quote(info.id) + " staat twee keer in deze stroom");
        continue;
      }
      flow.field_set.set(f);
      if (a_.kind == AgreementKind::kConvenant && info.IsPoliceData()) {
        r.Problem(entry.line, "veld " + Quote(info.id) +
                                  " is een politiegegeven (Wpg) en hoort niet in een convenant (SPEC C-31)");
      }
      if (info.IsSpecialCategory() && a_.special_categories == SpecialCategories::kExcluded) {
        r.Problem(entry.line, "veld " + Quote(info.id) +
                                  " is een bijzonder persoonsgegeven en special_categories = \"excluded\" (SPEC C-30)");
      }
      if (a_.data_subjects != 0 && info.subjects != 0 && (info.subjects & ~a_.data_subjects) != 0) {
        r.Problem(entry.line, "veld " + Quote(info.id) + " gaat over een betrokkenencategorie buiten data_subjects (SPEC W-17)");
      }
    }
    flow.fields.push_back(std::move(entry));
  }

  void LoadDesignationList(const toml::table& section, std::string_view key, std::vector<DesignationEntry>& out) {
    TableReader r(section, "designation", problems_);
    for (const toml::table* t : r.Tables(key, false)) {
      TableReader e(*t, "designation." + std::string(key), problems_);
      DesignationEntry entry;
      entry.line = e.line();
      auto party_id = e.String("party", true);
      entry.role = e.String("role", false).value_or("");
      entry.person = e.String("person", false).value_or("");
      e.ReportUnknownKeys();
      if (entry.role.empty() == entry.person.empty()) {
        e.Problem(entry.line, "een aanwijzing noemt precies een van role of person");
      }
      if (!party_id) continue;
      const Party* party = a_.FindParty(*party_id);
      if (party == nullptr) {
        e.Problem(entry.line, "partij " + Quote(*party_id) + " in designation." + std::string(key) +
                                  " is niet gedeclareerd in [[parties]]");
        continue;
      }
      entry.party = static_cast<std::size_t>(party - a_.parties.data());
      out.push_back(std::move(entry));
    }
  }

  void LoadDesignation(const toml::table& section) {
    a_.has_designation = true;
    LoadDesignationList(section, "senders", a_.senders);
    LoadDesignationList(section, "recipients", a_.recipients);
    for (auto&& [key, node] : section) {
      if (key.str() != "senders" && key.str() != "recipients") {
        Problem(static_cast<int>(key.source().begin.line), "onbekende sleutel designation." + std::string(key.str()));
      }
    }
  }

  // SPEC W-11: under an art. 20 Wpg decision only leerplicht discloses.
  void CheckArt20Senders() {
    if (a_.kind != AgreementKind::kWpgArt20) return;
    for (const Flow& flow : a_.flows) {
      for (std::size_t i : flow.from) {
        if (a_.parties[i].role != PartyRole::kLeerplicht) {
          Problem(flow.line, "partij \"" + a_.parties[i].id +
                                 "\" verstrekt in een besluit art. 20 Wpg, maar die route is alleen voor leerplicht "
                                 "(SPEC W-11)");
        }
      }
    }
    for (const DesignationEntry& e : a_.senders) {
      if (a_.parties[e.party].role != PartyRole::kLeerplicht) {
        Problem(e.line, "partij \"" + a_.parties[e.party].id +
                            "\" staat als verstrekker in een besluit art. 20 Wpg, maar die route is alleen voor "
                            "leerplicht (SPEC W-11)");
      }
    }
  }

  // Two flows covering the same category, sender, recipient and purpose make the table ambiguous.
  void CheckDuplicateFlows() {
    for (std::size_t i = 0; i < a_.flows.size(); ++i) {
      for (std::size_t j = i + 1; j < a_.flows.size(); ++j) {
        const Flow& a = a_.flows[i];
        const Flow& b = a_.flows[j];
        if (a.category != b.category) continue;
        auto overlaps = [](const std::vector<std::size_t>& x, const std::vector<std::size_t>& y) {
          return std::any_of(x.begin(), x.end(), [&](std::size_t v) { return std::find(y.begin(), y.end(), v) != y.end(); });
        };
        if (overlaps(a.from, b.from) && overlaps(a.to, b.to) && overlaps(a.purposes, b.purposes)) {
          Problem(b.line, "dubbele stroom: dezelfde categorie, verstrekker, ontvanger en doel staan al in de stroom op regel " +
                              std::to_string(a.line));
        }
      }
    }
  }

  Agreement a_;
  std::vector<Diagnostic>& problems_;
};

}  // namespace

AgreementLoad LoadAgreement(std::string_view text, std::string_view source_name) {
  AgreementLoad result;
  result.agreement = internal::LoadToml<Agreement>(text, source_name, result.problems, [&](const toml::table& root) {
    return Loader(result.problems).Load(root);
  });
  return result;
}

}  // namespace leerrecht::policy
