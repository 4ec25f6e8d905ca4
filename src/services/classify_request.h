// The classify use case's document format (DESIGN.md §11): JSON request in, JSON classification out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bsn.h"
#include "core/date.h"
#include "core/status.h"
#include "domain/classification.h"
#include "domain/covenant_scope.h"
#include "domain/youth.h"

namespace leerrecht::services {

struct ClassifyRequest {
  Date date;
  domain::YouthSituation youth;
  std::optional<Bsn> bsn;                // optional; validated with the elfproef when present
  std::vector<std::string> unknown_keys; // reported as warnings: a typo must not pass unnoticed
};

// Errors name the field by its path ("afwezigheid[2].datum: ongeldige datum ...").
Result<ClassifyRequest> ParseClassifyRequest(std::string_view json_text);

// The contract response. With a scope (--explain), a "toelichting" object adds the dates and
// counts the answer rests on and the covenant scope (an extension: the contract keys keep their
// names and meaning).
std::string ClassificationToJson(const domain::Classification& classification,
                                 const domain::CovenantScope* scope = nullptr);

}  // namespace leerrecht::services
