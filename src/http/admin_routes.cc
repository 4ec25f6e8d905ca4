#include <nlohmann/json.hpp>

#include "http/api_routes.h"
#include "http/api_support.h"

namespace leerrecht::http {

namespace {

nlohmann::json UserJson(const store::User& u) {
  return {{"id", u.id}, {"gebruikersnaam", u.username}, {"naam", u.display_name}, {"rollen", u.roles},
          {"actief", u.active}, {"wachtwoord_wijzigen", u.must_change_password}};
}

nlohmann::json DesignationJson(const services::DesignationView& v) {
  const store::Designation& d = v.designation;
  return {{"id", d.id},
          {"overeenkomst", d.agreement_id},
          {"gebruiker", d.user_id ? nlohmann::json(*d.user_id) : nlohmann::json(nullptr)},
          {"rol", d.role ? nlohmann::json(*d.role) : nlohmann::json(nullptr)},
          {"aangewezen_door", d.designated_by},
          {"aangewezen_op", d.designated_on.ToString()},
          {"herbevestigd_op", d.reconfirmed_on ? nlohmann::json(d.reconfirmed_on->ToString()) : nlohmann::json(nullptr)},
          {"beeindigd_op", d.ended_on ? nlohmann::json(d.ended_on->ToString()) : nlohmann::json(nullptr)},
          {"status", v.state}};
}

Response NotFound() { return ErrorResponse(Status::NotFound("niet gevonden")); }

}  // namespace

void AddAdminRoutes(Router& router, services::SessionService& sessions, std::shared_ptr<ApiServices> api) {
  AddUserRoute(router, sessions, "GET", "/api/v1/gebruikers", [api](const Request&, const services::Actor& a) {
    auto users = api->admin.ListUsers(a);
    if (!users.ok()) return ErrorResponse(users.status());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& u : *users) out.push_back(UserJson(u));
    return JsonBody(200, {{"gebruikers", out}});
  });
  AddUserRoute(router, sessions, "POST", "/api/v1/gebruikers", [api](const Request& request, const services::Actor& a) {
    auto body = JsonObject(request);
    if (!body.ok()) return ErrorResponse(body.status());
    services::NewAccount account;
    account.username = StringMember(*body, "gebruikersnaam");
    account.display_name = StringMember(*body, "naam");
    if (auto it = body->find("rollen"); it != body->end() && it->is_array()) {
      for (const auto& r : *it) {
        if (!r.is_string()) return ErrorResponse(Status::InvalidInput("rollen: verwacht een lijst van teksten"));
        account.roles.push_back(r.get<std::string>());
      }
    }
    auto created = api->admin.CreateUser(a, account);
    if (!created.ok()) return ErrorResponse(created.status());
    return JsonBody(201, {{"id", created->id}, {"eenmalig_wachtwoord", created->one_time_password}});
  });
  AddUserRoute(router, sessions, "POST", "/api/v1/gebruikers/{id}/deactiveren",
               [api, &sessions](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 Status s = api->admin.DeactivateUser(a, *id);
                 if (!s.ok()) return ErrorResponse(s);
                 // Whoever is still logged in as this user is out at once (W-10: a person who
                 // leaves loses access the same day).
                 sessions.EndSessionsOf(*id);
                 return Response::Text(204, "");
               });

  AddUserRoute(router, sessions, "GET", "/api/v1/aanwijzingen", [api](const Request& request, const services::Actor& a) {
    const std::string agreement = QueryValue(request.query, "overeenkomst");
    if (agreement.empty()) return ErrorResponse(Status::InvalidInput("geef ?overeenkomst=<id>"));
    auto list = api->admin.ListDesignations(a, agreement);
    if (!list.ok()) return ErrorResponse(list.status());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : *list) out.push_back(DesignationJson(d));
    return JsonBody(200, {{"aanwijzingen", out}});
  });
  AddUserRoute(router, sessions, "POST", "/api/v1/aanwijzingen", [api](const Request& request, const services::Actor& a) {
    auto body = JsonObject(request);
    if (!body.ok()) return ErrorResponse(body.status());
    services::NewDesignation d;
    d.agreement_id = StringMember(*body, "overeenkomst");
    if (body->contains("gebruiker")) {
      auto user = IdMember(*body, "gebruiker");
      if (!user.ok()) return ErrorResponse(user.status());
      d.user_id = *user;
    }
    if (body->contains("rol")) d.role = StringMember(*body, "rol");
    if (body->contains("datum")) d.on = StringMember(*body, "datum");
    auto id = api->admin.Designate(a, d);
    if (!id.ok()) return ErrorResponse(id.status());
    return JsonBody(201, {{"id", *id}});
  });
  AddUserRoute(router, sessions, "POST", "/api/v1/aanwijzingen/{id}/herbevestigen",
               [api](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 Status s = api->admin.Reconfirm(a, *id);
                 return s.ok() ? Response::Text(204, "") : ErrorResponse(s);
               });
  AddUserRoute(router, sessions, "POST", "/api/v1/aanwijzingen/{id}/beeindigen",
               [api](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 Status s = api->admin.EndDesignation(a, *id);
                 return s.ok() ? Response::Text(204, "") : ErrorResponse(s);
               });

  AddUserRoute(router, sessions, "GET", "/api/v1/autorisatiematrix", [api](const Request&, const services::Actor& a) {
    auto rows = api->admin.MatrixRows(a);
    if (!rows.ok()) return ErrorResponse(rows.status());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : *rows) {
      out.push_back({{"rol", r.role}, {"actie", r.action}, {"object", r.resource}, {"voorwaarden", r.conditions},
                     {"toelichting", r.note}, {"regel", r.line}});
    }
    auto current = api->matrices->Current();
    return JsonBody(200, {{"versie", current->version()}, {"vastgesteld_door", current->approved_by()},
                          {"vastgesteld_op", current->approved_on().ToString()}, {"regels", out}});
  });
  // SPEC R-06: a new version takes effect only when the separation-of-duties check passes.
  AddUserRoute(router, sessions, "POST", "/api/v1/autorisatiematrix",
               [api](const Request& request, const services::Actor& a) {
                 auto body = JsonObject(request);
                 if (!body.ok()) return ErrorResponse(body.status());
                 auto change = api->matrices->Apply(a, StringMember(*body, "toml"));
                 if (!change.ok()) return ErrorResponse(change.status());
                 return JsonBody(200, {{"van", change->from_version}, {"naar", change->to_version}});
               });
}

}  // namespace leerrecht::http
