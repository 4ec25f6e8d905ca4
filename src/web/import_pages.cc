// The DUO import page: upload a verzuimmeldingen file, see the report (counts, rejected rows by line).
#include <nlohmann/json.hpp>

#include "web/multipart.h"
#include "web/page_routes.h"

namespace leerrecht::web {

namespace {

constexpr const char* kApiImportPath = "/api/v1/verzuimmeldingen/import";

// The request the JSON API would get from a client uploading the same file for this session:
// the original's cookie and peer address (ActorFor reads them), the CSV as the body.
http::Request ApiUpload(const http::Request& page_request, const PageUser& user, std::string csv) {
  http::Request api = page_request;
  api.method = "POST";
  api.target = kApiImportPath;
  api.path = kApiImportPath;
  api.query.clear();
  api.params.clear();
  api.headers.clear();
  for (const auto& [name, value] : page_request.headers) {
    // Only what identifies the user; the page's own framing and form type do not apply.
    std::string lower = name;
    for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower == "cookie" || lower == "host" || lower == "user-agent") api.headers.emplace_back(name, value);
  }
  api.headers.emplace_back("Content-Type", "text/csv; charset=utf-8");
  // The page already checked the form's token; the API checks its header the same way.
  api.headers.emplace_back("X-CSRF-Token", user.session.csrf_token);
  api.body = std::move(csv);
  return api;
}

// The status of an API error reply, for ErrorPage: the same status code comes back out.
Status StatusOf(const http::Response& reply) {
  std::string message = "de import is mislukt";
  auto body = nlohmann::json::parse(reply.body, nullptr, false);
  if (body.is_object() && body.contains("fout") && body["fout"].is_string()) message = body["fout"].get<std::string>();
  switch (reply.status) {
    case 400:
    case 413:
    case 415:
      return Status::InvalidInput(message);
    case 403:
      return Status::Refused(message);
    case 404:
      return Status::NotFound(message);
    case 409:
      return Status::Conflict(message);
    default:
      return Status::Internal(message);
  }
}

nlohmann::json FormPage(const PageUser& user) {
  nlohmann::json data = PageData(user, "DUO-import", "/import");
  data["rapport"] = nullptr;
  return data;
}

}  // namespace

void AddImportPages(http::Router& router, const std::shared_ptr<PageContext>& context,
                    std::shared_ptr<const http::Router> api_routes) {
  AddPage(router, context, "GET", "/import", [context](const http::Request&, const PageUser& user) {
    return RenderPage(*context, 200, "import", FormPage(user));
  });

  AddPage(router, context, "POST", "/import",
          [context, api_routes](const http::Request& request, const PageUser& user) {
            nlohmann::json data = FormPage(user);
            // AddPage found the csrf part, so the body is multipart; the file is the part "bestand".
            const auto boundary = MultipartBoundary(request.Header("Content-Type"));
            const auto parts = boundary ? ParseMultipart(request.body, *boundary) : std::nullopt;
            const FormPart* file = parts ? FindPart(*parts, "bestand") : nullptr;
            if (file == nullptr || file->body.empty()) {
              AddFormError(data, "bestand", "Kies het CSV-bestand met verzuimmeldingen van DUO.");
              return RenderPage(*context, 400, "import", data);
            }
            const http::Response reply = api_routes->Dispatch(ApiUpload(request, user, file->body));
            if (reply.status == 400) {
              // The file as a whole is unusable (wrong columns, not CSV): say so at the field.
              AddFormError(data, "bestand", "Het bestand is niet ingelezen: " + StatusOf(reply).message());
              return RenderPage(*context, 400, "import", data);
            }
            if (reply.status != 200) return ErrorPage(*context, user, StatusOf(reply));
            const auto report = nlohmann::json::parse(reply.body, nullptr, false);
            if (!report.is_object()) return ErrorPage(*context, user, Status::Internal("onleesbaar importrapport"));

            data["titel"] = "DUO-import: rapport";
            nlohmann::json rejected = nlohmann::json::array();
            for (const auto& row : report.value("afgewezen_regels", nlohmann::json::array())) {
              rejected.push_back({{"regel", row.value("regel", 0)}, {"reden", row.value("reden", "")}});
            }
            nlohmann::json warnings = nlohmann::json::array();
            for (const auto& w : report.value("waarschuwingen", nlohmann::json::array())) {
              warnings.push_back({{"regel", w.value("regel", 0)}, {"tekst", w.value("tekst", "")}});
            }
            data["rapport"] = {{"bestand", file->filename},
                               {"samenvatting", report.value("samenvatting", "")},
                               {"regels", report.value("regels", 0)},
                               {"ingelezen", report.value("ingelezen", 0)},
                               {"al_aanwezig", report.value("al_aanwezig", 0)},
                               {"afgewezen", report.value("afgewezen", 0)},
                               {"nieuwe_jongeren", report.value("nieuwe_jongeren", 0)},
                               {"afgewezen_regels", rejected},
                               {"heeft_afgewezen", !rejected.empty()},
                               {"waarschuwingen", warnings},
                               {"heeft_waarschuwingen", !warnings.empty()}};
            return RenderPage(*context, 200, "import", data);
          });
}

}  // namespace leerrecht::web
