#include "http/import_routes.h"

#include <nlohmann/json.hpp>

#include <memory>

#include "http/api_support.h"
#include "services/duo_import.h"

namespace leerrecht::http {

namespace {

// The media type without parameters ("text/csv; charset=utf-8" -> "text/csv"), lower case.
std::string MediaType(std::string_view header) {
  std::string_view type = header.substr(0, header.find(';'));
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  std::string out(type);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

nlohmann::json NotificationJson(const store::AbsenceNotification& n) {
  const std::optional<std::string_view> category = services::CaseCategoryForDuoKind(n.kind);
  return {{"id", n.id},
          {"meldingsnummer", n.notification_number},
          {"brin", n.brin},
          {"vestiging", n.location},
          {"verzuimsoort", n.kind},
          {"categorie", category ? nlohmann::json(std::string(*category)) : nlohmann::json(nullptr)},
          {"begindatum", n.start_date.ToString()},
          {"einddatum", n.end_date ? nlohmann::json(n.end_date->ToString()) : nlohmann::json(nullptr)},
          {"lesuren", n.hours ? nlohmann::json(*n.hours) : nlohmann::json(nullptr)},
          {"vermoedelijke_reden", n.suspected_reason ? nlohmann::json(*n.suspected_reason) : nlohmann::json(nullptr)},
          {"toelichting", n.explanation},
          {"melddatum", n.reported_on.ToString()},
          {"ingelezen", n.imported_at}};
}

}  // namespace

void AddImportRoutes(Router& router, services::SessionService& sessions, services::DataFolder& folder,
                     const services::MatrixStore& matrices, const Clock& clock) {
  auto importer = std::make_shared<services::DuoImporter>(folder, matrices, clock);

  AddUserRoute(router, sessions, "POST", "/api/v1/verzuimmeldingen/import",
               [importer](const Request& request, const services::Actor& actor) {
                 // The body is the file itself; anything else (a JSON object, a form) is a client
                 // mistake that should not be read as CSV.
                 if (MediaType(request.Header("Content-Type")) != "text/csv") {
                   return JsonBody(415, {{"fout", "verwacht een CSV-bestand (Content-Type: text/csv)"}});
                 }
                 auto report = importer->Import(actor, request.body);
                 if (!report.ok()) return ErrorResponse(report.status());
                 return Response::Json(200, services::DuoImportReportToJson(*report));
               });

  AddUserRoute(router, sessions, "GET", "/api/v1/jongeren/{id}/verzuimmeldingen",
               [importer](const Request& request, const services::Actor& actor) {
                 auto id = IdParam(request);
                 if (!id) return ErrorResponse(Status::NotFound("niet gevonden"));
                 auto list = importer->ListForYouth(actor, *id);
                 if (!list.ok()) return ErrorResponse(list.status());
                 nlohmann::json items = nlohmann::json::array();
                 for (const store::AbsenceNotification& n : *list) items.push_back(NotificationJson(n));
                 return JsonBody(200, {{"verzuimmeldingen", std::move(items)}});
               });
}

}  // namespace leerrecht::http
