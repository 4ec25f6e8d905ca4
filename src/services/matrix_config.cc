#include "services/matrix_config.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "leerrecht/default_matrix.h"

namespace leerrecht::services {

const policy::AuthorizationMatrix& DefaultMatrix() {
  static const policy::AuthorizationMatrix matrix = [] {
    policy::AuthorizationLoad load =
        policy::AuthorizationMatrix::Load(kDefaultMatrixToml, "config/authorization-matrix.toml");
    if (!load.matrix) {
      // A test keeps the shipped file valid; reaching this means a broken build.
      for (const auto& p : load.problems) std::cerr << "authorization-matrix.toml:" << p.line << ": " << p.message << "\n";
      std::abort();
    }
    return std::move(*load.matrix);
  }();
  return matrix;
}

const char* DefaultMatrixText() { return kDefaultMatrixToml; }

Result<policy::AuthorizationMatrix> LoadMatrixFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidInput(path + ": autorisatiematrix niet te lezen");
  std::ostringstream text;
  text << in.rdbuf();
  policy::AuthorizationLoad load = policy::AuthorizationMatrix::Load(text.str(), path);
  if (!load.matrix) {
    std::string message;
    for (const auto& p : load.problems) {
      if (!message.empty()) message += "\n";
      message += path + ":" + std::to_string(p.line) + ": " + p.message;
    }
    return Status::InvalidInput(message);
  }
  return std::move(*load.matrix);
}

}  // namespace leerrecht::services
