// School-level notes of preventive work without a DUO melding (SPEC P-06): /api/v1/scholen/{brin}/notities.
#include <nlohmann/json.hpp>

#include <array>

#include "http/api_routes.h"
#include "http/api_support.h"

namespace leerrecht::http {

namespace {

// Members by which a request would attach the note to a pupil: there is no person selector here.
constexpr std::array<const char*, 6> kPupilMembers = {"jongere", "zaak", "bsn", "leerling", "naam", "melding"};

nlohmann::json SchoolNoteJson(const store::Note& n) {
  return {{"id", n.id},
          {"school", n.school_brin ? nlohmann::json(*n.school_brin) : nlohmann::json(nullptr)},
          {"tekst", n.text},
          {"label", n.regime_tag},
          {"door", n.created_by},
          {"op", n.created_at}};
}

}  // namespace

void AddSchoolRoutes(Router& router, services::SessionService& sessions, std::shared_ptr<ApiServices> api) {
  AddUserRoute(router, sessions, "POST", "/api/v1/scholen/{brin}/notities",
               [api](const Request& request, const services::Actor& a) {
                 auto body = JsonObject(request);
                 if (!body.ok()) return ErrorResponse(body.status());
                 bool selects_pupil = false;
                 for (const char* member : kPupilMembers) selects_pupil = selects_pupil || body->contains(member);
                 auto id = api->schools.Add(a, std::string(request.Param("brin")), StringMember(*body, "tekst"),
                                            selects_pupil);
                 if (!id.ok()) return ErrorResponse(id.status());
                 return JsonBody(201, {{"id", *id}});
               });
  AddUserRoute(router, sessions, "GET", "/api/v1/scholen/{brin}/notities",
               [api](const Request& request, const services::Actor& a) {
                 auto notes = api->schools.List(a, std::string(request.Param("brin")));
                 if (!notes.ok()) return ErrorResponse(notes.status());
                 nlohmann::json out = nlohmann::json::array();
                 for (const auto& n : *notes) out.push_back(SchoolNoteJson(n));
                 return JsonBody(200, {{"notities", out}});
               });
}

}  // namespace leerrecht::http
