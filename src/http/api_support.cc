#include "http/api_support.h"

#include <nlohmann/json.hpp>

namespace leerrecht::http {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return 200;
    case ErrorCode::kInvalidInput: return 400;
    case ErrorCode::kRefused: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kIo:
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

Response ErrorResponse(const Status& status) {
  const bool internal = status.code() == ErrorCode::kInternal || status.code() == ErrorCode::kIo;
  // Internal details stay in the server's log; the user gets a plain sentence.
  return JsonBody(HttpStatusFor(status.code()),
                  {{"fout", internal ? std::string("interne fout; probeer het later opnieuw") : status.message()}});
}

Response JsonBody(int status, const nlohmann::json& body) { return Response::Json(status, body.dump()); }

Result<nlohmann::json> JsonObject(const Request& request) {
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return Status::InvalidInput("verwacht een JSON-object");
  return body;
}

std::string StringMember(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace leerrecht::http
