#include "domain/youth.h"

#include <array>
#include <utility>

namespace leerrecht::domain {

namespace {
constexpr std::array<std::pair<SchoolType, std::string_view>, 6> kIds{{
    {SchoolType::kUnknown, "onbekend"},
    {SchoolType::kPo, "po"},
    {SchoolType::kSo, "so"},
    {SchoolType::kVso, "vso"},
    {SchoolType::kVo, "vo"},
    {SchoolType::kMbo, "mbo"},
}};
}  // namespace

std::string_view SchoolTypeId(SchoolType type) {
  for (const auto& [t, id] : kIds) {
    if (t == type) return id;
  }
  return "onbekend";
}

std::optional<SchoolType> ParseSchoolType(std::string_view id) {
  for (const auto& [t, text] : kIds) {
    if (text == id) return t;
  }
  return std::nullopt;
}

}  // namespace leerrecht::domain
