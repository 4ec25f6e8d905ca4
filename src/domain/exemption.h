// Exemptions (vrijstellingen) from the Leerplichtwet 1969 and when they are in force.
#pragma once

#include <optional>
#include <string_view>

#include "core/date.h"

namespace leerrecht::domain {

// The articles of the Leerplichtwet 1969 under which an exemption is granted. The contract id
// is the article without spaces ("5a" for art. 5 onder a).
enum class ExemptionArticle {
  k3a,   // art. 3a: gedeeltelijke vrijstelling
  k3b,   // art. 3b: vrijstelling in verband met voltooid onderwijsprogramma
  k5a,   // art. 5 onder a: lichamelijke en/of psychische gronden (thuiszitter category 3)
  k5b,   // art. 5 onder b: bedenkingen tegen de richting van het onderwijs
  k5c,   // art. 5 onder c: ingeschreven bij een school buiten Nederland
  k15,   // art. 15: vrijstelling wegens het volgen van ander onderwijs
};

std::string_view ExemptionArticleId(ExemptionArticle article);
std::optional<ExemptionArticle> ParseExemptionArticle(std::string_view id);

struct Exemption {
  ExemptionArticle article = ExemptionArticle::k5a;
  Date granted_on;               // datum toekenning: the "sinds" of vrijstelling-5a (SPEC C-08)
  Date from;                     // first day in force; defaults to the grant date
  std::optional<Date> until;     // last day in force; open-ended when absent

  [[nodiscard]] bool InForceOn(Date date) const { return from <= date && (!until || date <= *until); }
};

}  // namespace leerrecht::domain
