// Case categories of the covenant and the MAS (DESIGN.md §4, contract ids such as "langdurig-verzuim").
#pragma once

#include <optional>
#include <string_view>

namespace leerrecht::domain {

enum class CaseCategory {
  kAbsoluutVerzuim,
  kLangdurigVerzuim,
  kVrijstelling5a,
  kRelatiefVerzuim,
  kLuxeVerzuim,
  kOverigVerzuim,
  kBeginnendVerzuim,
};

// The contract id, e.g. "absoluut-verzuim".
std::string_view CaseCategoryId(CaseCategory category);
std::optional<CaseCategory> ParseCaseCategory(std::string_view id);

// SPEC C-09: only these three make a thuiszitter (the covenant's "noemer").
constexpr bool IsThuiszitterCategory(CaseCategory category) {
  return category == CaseCategory::kAbsoluutVerzuim || category == CaseCategory::kLangdurigVerzuim ||
         category == CaseCategory::kVrijstelling5a;
}

}  // namespace leerrecht::domain
