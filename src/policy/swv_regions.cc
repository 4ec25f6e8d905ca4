#include "policy/swv_regions.h"

#include <algorithm>
#include <set>

#include "core/id.h"
#include "policy/toml_load.h"

namespace leerrecht::policy {

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int LineOf(const toml::node& node) { return static_cast<int>(node.source().begin.line); }

}  // namespace

class SwvRegionsLoader {
 public:
  explicit SwvRegionsLoader(std::vector<Diagnostic>& problems) : problems_(problems) {}

  SwvRegions Load(const toml::table& root) {
    for (auto&& [key, node] : root) {
      if (key.str() != "schema" && key.str() != "version" && key.str() != "maintained_by" && key.str() != "regions") {
        Problem(LineOf(node), "onbekende sleutel " + std::string(key.str()));
      }
    }
    const toml::node* schema = root.get("schema");
    if (schema == nullptr || !schema->is_string() || schema->as_string()->get() != "leerrecht.swv-regions/1") {
      Problem(schema ? LineOf(*schema) : 1, "schema moet \"leerrecht.swv-regions/1\" zijn");
    }
    const toml::node* version = root.get("version");
    if (version == nullptr || !version->is_integer() || version->as_integer()->get() < 1) {
      Problem(version ? LineOf(*version) : 1, "version moet een geheel getal van 1 of hoger zijn");
    } else {
      m_.version_ = static_cast<int>(version->as_integer()->get());
    }
    const toml::node* by = root.get("maintained_by");
    if (by == nullptr || !by->is_string() || by->as_string()->get().empty()) {
      Problem(by ? LineOf(*by) : 1, "maintained_by ontbreekt: wie beheert deze tabel (SPEC Q-29)?");
    } else {
      m_.maintained_by_ = by->as_string()->get();
    }
    const toml::node* regions = root.get("regions");
    if (regions == nullptr || !regions->is_array_of_tables()) {
      Problem(regions ? LineOf(*regions) : 1, "regions ontbreekt ([[regions]])");
      return std::move(m_);
    }
    std::set<std::pair<std::string, std::string>> seen;
    for (const toml::node& element : *regions->as_array()) {
      const toml::table& t = *element.as_table();
      const int line = LineOf(element);
      SwvRegion r;
      r.line = line;
      for (auto&& [key, node] : t) {
        if (key.str() != "municipality" && key.str() != "level" && key.str() != "swv") {
          Problem(LineOf(node), "onbekende sleutel regions." + std::string(key.str()));
        }
      }
      auto text = [&](const char* key) -> std::string {
        const toml::node* n = t.get(key);
        if (n == nullptr || !n->is_string() || n->as_string()->get().empty()) {
          Problem(n ? LineOf(*n) : line, std::string("regions.") + key + " ontbreekt of is geen tekst");
          return "";
        }
        return n->as_string()->get();
      };
      r.municipality = text("municipality");
      r.level = text("level");
      r.swv = text("swv");
      if (!r.level.empty() && r.level != "po" && r.level != "vo") {
        Problem(line, "regions.level moet \"po\" of \"vo\" zijn");
      }
      if (!r.swv.empty() && !IsValidSlug(r.swv)) Problem(line, "regions.swv: ongeldige partij-id \"" + r.swv + "\"");
      if (!r.municipality.empty() && !r.level.empty() && !seen.emplace(Lower(r.municipality), r.level).second) {
        Problem(line, "gemeente " + r.municipality + " (" + r.level + ") staat er twee keer in");
      }
      m_.regions_.push_back(std::move(r));
    }
    return std::move(m_);
  }

 private:
  void Problem(int line, std::string message) { problems_.push_back({std::max(line, 0), std::move(message)}); }
  std::vector<Diagnostic>& problems_;
  SwvRegions m_;
};

SwvRegionsLoad SwvRegions::Load(std::string_view text, std::string_view source_name) {
  SwvRegionsLoad out;
  out.regions = internal::LoadToml<SwvRegions>(text, source_name, out.problems, [&](const toml::table& root) {
    return SwvRegionsLoader(out.problems).Load(root);
  });
  return out;
}

std::optional<std::string_view> SwvRegions::Level(domain::SchoolType type) {
  switch (type) {
    case domain::SchoolType::kPo:
    case domain::SchoolType::kSo: return "po";
    case domain::SchoolType::kVo:
    case domain::SchoolType::kVso: return "vo";
    case domain::SchoolType::kMbo:
    case domain::SchoolType::kUnknown: return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> SwvRegions::Responsible(std::string_view municipality, domain::SchoolType type) const {
  const auto level = Level(type);
  if (!level) return std::nullopt;
  const std::string wanted = Lower(municipality);
  for (const SwvRegion& r : regions_) {
    if (r.level == *level && Lower(r.municipality) == wanted) return r.swv;
  }
  return std::nullopt;
}

std::vector<std::string> SwvRegions::Swvs() const {
  std::set<std::string> all;
  for (const SwvRegion& r : regions_) all.insert(r.swv);
  return {all.begin(), all.end()};
}

}  // namespace leerrecht::policy
