// List comparison and the covenant list's completeness check over the API (SPEC C-16, C-17).
#include <nlohmann/json.hpp>

#include "http/api_routes.h"
#include "http/api_support.h"

namespace leerrecht::http {

namespace {

// The media type without parameters, lower case ("Text/CSV; charset=utf-8" -> "text/csv").
std::string MediaType(std::string_view header) {
  std::string_view type = header.substr(0, header.find(';'));
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  std::string out(type);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

Response ReportResponse(const services::CompareReport& report, const std::string& format) {
  if (format == "csv") {
    Response r;
    r.status = 200;
    r.content_type = "text/csv; charset=utf-8";
    r.body = services::CompareReportToCsv(report);
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"vergelijking.csv\"");
    return r;
  }
  return Response::Json(200, services::CompareReportToJson(report));
}

nlohmann::json Counts(const std::array<int, 3>& counts) {
  nlohmann::json out = nlohmann::json::object();
  int total = 0;
  for (std::size_t i = 0; i < services::kThuiszitterCategories.size(); ++i) {
    out[std::string(services::kThuiszitterCategories[i])] = counts[i];
    total += counts[i];
  }
  out["totaal"] = total;
  return out;
}

}  // namespace

void AddComparisonRoutes(Router& router, services::SessionService& sessions, std::shared_ptr<ApiServices> api) {
  // SPEC C-17: the party's register against the counterpart's list, uploaded as CSV (DESIGN.md §12).
  AddUserRoute(router, sessions, "POST", "/api/v1/vergelijkingen",
               [api](const Request& request, const services::Actor& a) {
                 if (MediaType(request.Header("Content-Type")) != "text/csv") {
                   return JsonBody(415, {{"fout", "verwacht een CSV-bestand (Content-Type: text/csv)"}});
                 }
                 const std::string format = QueryValue(request.query, "formaat");
                 if (format != "" && format != "json" && format != "csv") {
                   return ErrorResponse(Status::InvalidInput("formaat: json of csv"));
                 }
                 auto report = api->comparisons.AgainstList(a, request.body);
                 if (!report.ok()) return ErrorResponse(report.status());
                 return ReportResponse(*report, format);
               });
  // SPEC C-17, C-46: the register against what the counterpart disclosed (?van=party).
  AddUserRoute(router, sessions, "GET", "/api/v1/vergelijkingen/ontvangen",
               [api](const Request& request, const services::Actor& a) {
                 const std::string format = QueryValue(request.query, "formaat");
                 if (format != "" && format != "json" && format != "csv") {
                   return ErrorResponse(Status::InvalidInput("formaat: json of csv"));
                 }
                 // SPEC W-29: received data come after their confidentiality notice. Until the
                 // caller says he has read it (kennisgenomen=ja, as for /ontvangen/{id}), only the
                 // notice is answered, and nothing is read.
                 auto compared = api->comparisons.AgainstReceived(a, QueryValue(request.query, "van"),
                                                                  QueryValue(request.query, "kennisgenomen") == "ja");
                 if (!compared.ok()) return ErrorResponse(compared.status());
                 if (compared->acknowledgement_needed) {
                   return JsonBody(200, {{"vertrouwelijkheid", compared->notices},
                                         {"rapport", nullptr},
                                         {"toelichting", "lees de geheimhoudingsplicht en vraag opnieuw met "
                                                         "kennisgenomen=ja"}});
                 }
                 return ReportResponse(compared->report, format);
               });
  // SPEC C-16: the quarterly covenant list for one SWV, only when it is complete.
  AddUserRoute(router, sessions, "GET", "/api/v1/convenantlijsten/{swv}",
               [api](const Request& request, const services::Actor& a) {
                 const std::string format = QueryValue(request.query, "formaat");
                 if (format != "" && format != "json" && format != "csv") {
                   return ErrorResponse(Status::InvalidInput("formaat: json of csv"));
                 }
                 const std::string swv(request.Param("swv"));
                 auto check = api->comparisons.CovenantList(a, swv, SmallNumber(QueryValue(request.query, "jaar")),
                                                            SmallNumber(QueryValue(request.query, "kwartaal")),
                                                            /*release=*/true);
                 if (!check.ok()) return ErrorResponse(check.status());
                 nlohmann::json summary = {{"swv", check->swv},
                                           {"peildatum", check->peildatum},
                                           {"volledig", check->complete},
                                           {"register", Counts(check->register_counts)},
                                           {"lijst", Counts(check->list_counts)}};
                 if (!check->complete) {
                   nlohmann::json differences = nlohmann::json::array();
                   for (std::size_t i = 0; i < services::kThuiszitterCategories.size(); ++i) {
                     if (check->register_counts[i] == check->list_counts[i]) continue;
                     differences.push_back({{"noemer", std::string(services::kThuiszitterCategories[i])},
                                            {"register", check->register_counts[i]},
                                            {"lijst", check->list_counts[i]}});
                   }
                   summary["verschillen"] = differences;
                   summary["fout"] =
                       "de lijst is niet volledig: het aantal thuiszitters wijkt af van het eigen register; "
                       "de export is geblokkeerd (SPEC C-16)";
                   return JsonBody(409, summary);
                 }
                 summary["ontvanger"] = check->recipient;
                 summary["overeenkomst"] = check->agreement;
                 if (check->disclosure_id != 0) summary["verstrekking"] = check->disclosure_id;
                 if (!check->art20_agreement.empty()) {
                   // SPEC R-11, W-29: the rows of police data went under the art. 20 decision.
                   summary["art20_beslissing"] = check->art20_agreement;
                   summary["geheimhoudingsplicht"] = check->notice;
                   if (check->art20_disclosure_id != 0) summary["verstrekking_art20"] = check->art20_disclosure_id;
                 }
                 if (!check->refused.empty()) {
                   // SPEC C-31, R-11: the engine refused a field of a row; nothing of the list leaves.
                   nlohmann::json refused = nlohmann::json::array();
                   for (const auto& r : check->refused) {
                     refused.push_back({{"zaak", r.case_id},
                                        {"veld", r.field},
                                        {"reden", r.reason},
                                        {"toelichting", r.text},
                                        {"overeenkomst", r.agreement}});
                   }
                   summary["geweigerd"] = refused;
                   summary["fout"] = "de lijst mag niet naar " + check->recipient +
                                     ": de overeenkomst staat niet elk gegeven toe (zie geweigerd); de export "
                                     "is geblokkeerd";
                   return JsonBody(403, summary);
                 }
                 if (format == "csv") {
                   Response r;
                   r.status = 200;
                   r.content_type = "text/csv; charset=utf-8";
                   r.body = services::CovenantListCsv(*check);
                   r.headers.emplace_back("Content-Disposition",
                                          "attachment; filename=\"convenantlijst-" + check->peildatum + ".csv\"");
                   return r;
                 }
                 nlohmann::json rows = nlohmann::json::array();
                 for (const auto& row : check->rows) {
                   nlohmann::json item = {{"bsn", row.bsn},
                                          {"categorie", row.category},
                                          {"startdatum", row.start_date},
                                          {"school", row.school}};
                   if (check->UnderArt20(row.case_id)) item["geheimhoudingsplicht"] = check->notice;
                   rows.push_back(std::move(item));
                 }
                 summary["regels"] = rows;
                 return JsonBody(200, summary);
               });
}

}  // namespace leerrecht::http
