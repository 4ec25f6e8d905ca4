// Internal to policy: parse a TOML document and run a loader over it, with problems in line order.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <toml++/toml.h>
#include <vector>

#include "policy/agreement_loader.h"

namespace leerrecht::policy::internal {

// `load(root)` builds the model and adds its problems; the model is returned only when the
// document had none. A TOML syntax error is one problem at the parser's line.
template <typename Model, typename LoadFn>
std::optional<Model> LoadToml(std::string_view text, std::string_view source_name, std::vector<Diagnostic>& problems,
                              LoadFn&& load) {
  toml::table root;
  try {
    root = toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    problems.push_back({static_cast<int>(e.source().begin.line), "TOML-fout: " + std::string(e.description())});
    return std::nullopt;
  }
  Model model = load(root);
  std::stable_sort(problems.begin(), problems.end(),
                   [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; });
  if (!problems.empty()) return std::nullopt;
  return model;
}

}  // namespace leerrecht::policy::internal
