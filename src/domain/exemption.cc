#include "domain/exemption.h"

#include <array>
#include <utility>

namespace leerrecht::domain {

namespace {
constexpr std::array<std::pair<ExemptionArticle, std::string_view>, 6> kIds{{
    {ExemptionArticle::k3a, "3a"},
    {ExemptionArticle::k3b, "3b"},
    {ExemptionArticle::k5a, "5a"},
    {ExemptionArticle::k5b, "5b"},
    {ExemptionArticle::k5c, "5c"},
    {ExemptionArticle::k15, "15"},
}};
}  // namespace

std::string_view ExemptionArticleId(ExemptionArticle article) {
  for (const auto& [a, id] : kIds) {
    if (a == article) return id;
  }
  return "?";
}

std::optional<ExemptionArticle> ParseExemptionArticle(std::string_view id) {
  for (const auto& [a, text] : kIds) {
    if (text == id) return a;
  }
  return std::nullopt;
}

}  // namespace leerrecht::domain
