// Which jeugdigen the seed covenant's exchanges may cover (SPEC C-04, Q-21).
#pragma once

#include <string>

#include "domain/classification.h"

namespace leerrecht::domain {

struct CovenantScope {
  bool included = false;
  std::string reason;  // Dutch, for the end user; empty when included
};

// Seed 001: "thuiszitters van 5 tot 18 jaar", "ingeschreven bij een school binnen het primaire of
// voortgezet onderwijs of niet is ingeschreven bij een school maar wel leerplichtig". Q-21: MBO
// students are outside the covenant (they fall under the regional covenant and Art. 20).
CovenantScope CovenantScopeOf(const YouthSituation& youth, const Classification& classification, Date date);

}  // namespace leerrecht::domain
