// Shared pieces of every JSON route: the error table, JSON bodies and reading members.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/status.h"
#include "http/message.h"

namespace leerrecht::http {

// The one table from error codes to HTTP status codes (STYLE.md point 2).
int HttpStatusFor(ErrorCode code);
// {"fout": "<Dutch message>"} with the mapped status; internal details never reach the client.
Response ErrorResponse(const Status& status);

Response JsonBody(int status, const nlohmann::json& body);
// Parses a JSON object body; anything else is kInvalidInput.
Result<nlohmann::json> JsonObject(const Request& request);
// The member as a string, or "" when absent or not a string.
std::string StringMember(const nlohmann::json& body, const char* key);

}  // namespace leerrecht::http
