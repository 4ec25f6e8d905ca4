#include "domain/case_category.h"

#include <array>
#include <utility>

namespace leerrecht::domain {

namespace {
constexpr std::array<std::pair<CaseCategory, std::string_view>, 7> kIds{{
    {CaseCategory::kAbsoluutVerzuim, "absoluut-verzuim"},
    {CaseCategory::kLangdurigVerzuim, "langdurig-verzuim"},
    {CaseCategory::kVrijstelling5a, "vrijstelling-5a"},
    {CaseCategory::kRelatiefVerzuim, "relatief-verzuim"},
    {CaseCategory::kLuxeVerzuim, "luxe-verzuim"},
    {CaseCategory::kOverigVerzuim, "overig-verzuim"},
    {CaseCategory::kBeginnendVerzuim, "beginnend-verzuim"},
}};
}  // namespace

std::string_view CaseCategoryId(CaseCategory category) {
  for (const auto& [c, id] : kIds) {
    if (c == category) return id;
  }
  return "onbekend";
}

std::optional<CaseCategory> ParseCaseCategory(std::string_view id) {
  for (const auto& [c, text] : kIds) {
    if (text == id) return c;
  }
  return std::nullopt;
}

}  // namespace leerrecht::domain
