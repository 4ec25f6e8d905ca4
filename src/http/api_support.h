// Shared pieces of every JSON route: the error table, JSON bodies and reading members.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/status.h"
#include "http/message.h"
#include "http/router.h"
#include "services/actor.h"
#include "services/session_service.h"

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

// An id from a path parameter: a positive decimal number, or nothing (the route answers 404).
std::optional<std::int64_t> IdParam(const Request& request, std::string_view name = "id");
// A member holding a positive integer id; kInvalidInput naming the member otherwise.
Result<std::int64_t> IdMember(const nlohmann::json& body, const char* key);

// The raw value of `name` in a query string "a=1&b=2", "" when absent. Not percent-decoded: the
// API's query parameters are ids, slugs and digits (the web pages decode with FormData).
std::string QueryValue(std::string_view query, std::string_view name);
// A small decimal number (a year, a quarter) from a query value, or -1 when it is not one: the
// service then refuses it and names the parameter.
int SmallNumber(std::string_view text);

// The actor behind a session, with the request's W3C trace context (a valid `traceparent`
// header is continued, so a caller's trace id appears in the processing log; otherwise new).
services::Actor ActorFor(const services::Session& session, const Request& request);

// A route that needs a logged-in user whose password is not a one-time password any more;
// state-changing methods also need the CSRF token (or an API token). The handler gets the actor.
using ActorHandler = std::function<Response(const Request&, const services::Actor&)>;
void AddUserRoute(Router& router, services::SessionService& sessions, const std::string& method,
                  const std::string& path, ActorHandler handler);

}  // namespace leerrecht::http
