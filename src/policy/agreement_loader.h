// Reads an agreement file (docs/formats/agreement.md) and reports every problem with its line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "policy/agreement.h"

namespace leerrecht::policy {

struct Diagnostic {
  int line = 0;  // 1-based; 0 when the problem concerns the file as a whole
  std::string message;  // Dutch, for the privacy officer who maintains the file
};

struct AgreementLoad {
  std::optional<Agreement> agreement;  // set only when there are no problems
  std::vector<Diagnostic> problems;    // in line order
};

// Parses and validates. Pure: the caller reads the file. `source_name` labels TOML syntax errors.
AgreementLoad LoadAgreement(std::string_view text, std::string_view source_name);

}  // namespace leerrecht::policy
