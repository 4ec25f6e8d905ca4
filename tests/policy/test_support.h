// Test helper: reads files of the source tree (shipped agreements, broken cases).
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "policy/agreement_loader.h"

namespace leerrecht::policy::testing {

inline std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(LEERRECHT_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline Agreement LoadShipped(const std::string& stem) {
  const std::string path = "config/agreements/" + stem + ".toml";
  auto load = LoadAgreement(ReadSourceFile(path), path);
  if (!load.agreement) {
    std::string all;
    for (const auto& p : load.problems) all += std::to_string(p.line) + ": " + p.message + "\n";
    throw std::runtime_error("shipped agreement invalid:\n" + all);
  }
  return *load.agreement;
}

}  // namespace leerrecht::policy::testing
