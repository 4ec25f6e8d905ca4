// Which authorisation matrix the server enforces: the shipped default or a file the controller approved.
#pragma once

#include <string>

#include "core/status.h"
#include "policy/authorization.h"

namespace leerrecht::services {

// The shipped default (config/authorization-matrix.toml, embedded in the binary, so a server
// never runs without one).
const policy::AuthorizationMatrix& DefaultMatrix();

// The shipped matrix's text: the starting point for a controller's (or a test's) next version.
const char* DefaultMatrixText();

// Reads and validates a matrix file; kInvalidInput lists every problem as FILE:LINE: message.
Result<policy::AuthorizationMatrix> LoadMatrixFile(const std::string& path);

}  // namespace leerrecht::services
