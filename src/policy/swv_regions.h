// Which samenwerkingsverband is responsible for a youth (SPEC C-03, Q-22, Q-29): a versioned reference table.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "domain/youth.h"
#include "policy/agreement_loader.h"  // Diagnostic

namespace leerrecht::policy {

// One row: a residence municipality and a school level map to one SWV party.
struct SwvRegion {
  std::string municipality;  // as in the BRP ("Zevenaar"), compared case-insensitively
  std::string level;         // "po" | "vo" (SPEC C-03: PO/VO); SO/VSO count as PO/VO
  std::string swv;           // party id, as in agreement files
  int line = 0;
};

struct SwvRegionsLoad;

class SwvRegions {
 public:
  // Format `leerrecht.swv-regions/1` (docs/formats/swv-regions.md). Pure: the caller reads the file.
  static SwvRegionsLoad Load(std::string_view text, std::string_view source_name);

  // The responsible SWV, or nullopt when the table has a gap for this youth: exports must then
  // stop with "geen verantwoordelijk SWV" (SPEC C-03, Q-29) rather than guess.
  [[nodiscard]] std::optional<std::string> Responsible(std::string_view municipality, domain::SchoolType type) const;
  // PO for po/so (primary), VO for vo/vso; nullopt for mbo and unknown (outside the covenant, Q-21).
  static std::optional<std::string_view> Level(domain::SchoolType type);

  [[nodiscard]] int version() const { return version_; }
  [[nodiscard]] const std::string& maintained_by() const { return maintained_by_; }
  [[nodiscard]] const std::vector<SwvRegion>& regions() const { return regions_; }
  // Every SWV named, sorted, each once.
  [[nodiscard]] std::vector<std::string> Swvs() const;

 private:
  friend class SwvRegionsLoader;
  int version_ = 0;
  std::string maintained_by_;
  std::vector<SwvRegion> regions_;
};

struct SwvRegionsLoad {
  std::optional<SwvRegions> regions;
  std::vector<Diagnostic> problems;
};

}  // namespace leerrecht::policy
