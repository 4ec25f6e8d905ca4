#include <nlohmann/json.hpp>

#include "core/decimal.h"
#include "http/api_routes.h"
#include "http/api_support.h"

namespace leerrecht::http {

namespace {

nlohmann::json OrNull(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json YouthJson(const services::YouthView& y) {
  return {{"id", y.id}, {"bsn", y.bsn}, {"naam", y.name}, {"geboortedatum", y.birth_date}, {"gemeente", y.municipality}};
}

// SPEC R-10: "Regime A — Wpg vanaf melding (sinds 2025-02-10)" on every case screen.
std::string RegimeText(const std::string& regime, const std::string& since) {
  if (regime == "vanaf-melding") return "Regime A — Wpg vanaf melding (sinds " + since + ")";
  if (regime == "vanaf-handhaving") return "Regime B — Wpg vanaf handhaving (sinds " + since + ")";
  return "";
}

nlohmann::json CaseJson(const services::CaseView& c) {
  nlohmann::json workers = nlohmann::json::array();
  for (const auto& w : c.workers) {
    workers.push_back({{"id", w.user_id}, {"naam", w.name}, {"rol", w.role}, {"sinds", w.since}});
  }
  return {{"weergave", "volledig"},
          {"id", c.record.id},
          {"jongere", YouthJson(c.youth)},
          {"categorie", c.record.category},
          {"fase", c.record.mas_phase},
          {"label", c.record.regime_tag},
          {"wpg_sinds", OrNull(c.record.wpg_since)},
          {"regime", c.regime.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.regime)},
          {"regime_tekst", RegimeText(c.regime, c.regime_since)},
          {"geopend", c.record.opened_on},
          {"gesloten", OrNull(c.record.closed_on)},
          {"melding", c.record.notification_id ? nlohmann::json(*c.record.notification_id) : nlohmann::json(nullptr)},
          {"behandelaars", workers},
          {"break_glass", c.break_glass_id ? nlohmann::json(*c.break_glass_id) : nlohmann::json(nullptr)}};
}

nlohmann::json InBeeldJson(const services::InBeeldView& v) {
  return {{"weergave", "in-beeld"},
          {"id", v.case_id},
          {"leerplicht_betrokken", v.leerplicht_involved},
          {"contactpersoon", v.contact},
          {"status", v.status},
          {"break_glass_aanvragen", v.may_request_break_glass}};
}

nlohmann::json NoteJson(const store::Note& n) {
  return {{"id", n.id},
          {"tekst", n.text},
          {"label", n.regime_tag},
          {"wpg_sinds", n.wpg_since ? nlohmann::json(n.wpg_since->ToString()) : nlohmann::json(nullptr)},
          {"door", n.created_by},
          {"op", n.created_at}};
}

nlohmann::json BreakGlassJson(const services::BreakGlassView& v) {
  const store::BreakGlass& g = v.grant;
  return {{"id", g.id},
          {"zaak", g.case_id},
          {"aanvrager", v.requester},
          {"aanvrager_id", g.user_id},
          {"rol", g.role},
          {"reden", g.reason},
          {"grondslag", g.legal_ground},
          {"reikwijdte", g.scope},
          {"dagen", g.days},
          {"status", g.status},
          {"aangevraagd", g.requested_at},
          {"beoordeeld_door", g.decided_by ? nlohmann::json(*g.decided_by) : nlohmann::json(nullptr)},
          {"beoordeeld_op", OrNull(g.decided_at)},
          {"geldig_van", OrNull(g.valid_from)},
          {"geldig_tot", OrNull(g.valid_until)},
          {"actief", v.active_now}};
}

Response NotFound() { return ErrorResponse(Status::NotFound("niet gevonden")); }

// A positive page number or size from the query string; `fallback` when absent, nothing when
// malformed (the route answers 400).
std::optional<int> QueryInt(const Request& request, std::string_view name, int fallback) {
  std::string_view rest = request.query;
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) != name) continue;
    const std::string_view digits = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    const std::optional<std::int64_t> value = ParseDecimal(digits, 6);
    if (!value) return std::nullopt;
    return static_cast<int>(*value);
  }
  return fallback;
}

nlohmann::json LogPageJson(const services::SubjectLogPage& page) {
  nlohmann::json entries = nlohmann::json::array();
  for (const services::SubjectLogEntry& e : page.entries) {
    entries.push_back({{"volgnummer", e.seq},
                       {"tijdstip", e.logged_at},
                       {"activiteit", e.activity},
                       {"verwerkingsactiviteit", e.processing_activity_id},
                       {"actor", e.actor},
                       {"medewerker", e.actor_name.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.actor_name)},
                       {"velden", e.fields},
                       {"doel", e.purpose},
                       {"grondslag", e.legal_basis},
                       {"ontvanger", e.recipient.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.recipient)},
                       {"uitkomst", e.outcome},
                       {"trace_id", e.trace_id}});
  }
  return {{"jongere", page.youth_id},
          {"totaal", page.total},
          {"pagina", page.page},
          {"per_pagina", page.per_page},
          {"vermeldingen", entries}};
}

}  // namespace

void AddCaseRoutes(Router& router, services::SessionService& sessions, std::shared_ptr<ApiServices> api) {
  AddSchoolRoutes(router, sessions, api);
  AddUserRoute(router, sessions, "POST", "/api/v1/jongeren", [api](const Request& request, const services::Actor& a) {
    auto body = JsonObject(request);
    if (!body.ok()) return ErrorResponse(body.status());
    services::NewYouth y{StringMember(*body, "bsn"), StringMember(*body, "naam"), StringMember(*body, "geboortedatum"),
                         StringMember(*body, "gemeente"), StringMember(*body, "schoolsoort")};
    auto id = api->dossiers.CreateYouth(a, y);
    if (!id.ok()) return ErrorResponse(id.status());
    return JsonBody(201, {{"id", *id}});
  });
  AddUserRoute(router, sessions, "GET", "/api/v1/jongeren/{id}", [api](const Request& request, const services::Actor& a) {
    auto id = IdParam(request);
    if (!id) return NotFound();
    auto youth = api->dossiers.GetYouth(a, *id);
    if (!youth.ok()) return ErrorResponse(youth.status());
    return JsonBody(200, YouthJson(*youth));
  });

  // SPEC C-37 (a), W-12: the party's processing log of the youth, newest first, paged.
  AddUserRoute(router, sessions, "GET", "/api/v1/jongeren/{id}/logboek",
               [api](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 auto page = QueryInt(request, "pagina", 1);
                 auto per_page = QueryInt(request, "per_pagina", services::kLogPageSizeDefault);
                 if (!page || !per_page) {
                   return ErrorResponse(Status::InvalidInput("pagina en per_pagina: verwacht een positief geheel getal"));
                 }
                 auto log = api->subject_log.ForYouth(a, *id, *page, *per_page);
                 if (!log.ok()) return ErrorResponse(log.status());
                 return JsonBody(200, LogPageJson(*log));
               });

  AddUserRoute(router, sessions, "POST", "/api/v1/zaken", [api](const Request& request, const services::Actor& a) {
    auto body = JsonObject(request);
    if (!body.ok()) return ErrorResponse(body.status());
    auto youth = IdMember(*body, "jongere");
    if (!youth.ok()) return ErrorResponse(youth.status());
    services::NewCase c;
    c.youth_id = *youth;
    c.category = StringMember(*body, "categorie");
    if (body->contains("melding") && !(*body)["melding"].is_null()) {
      auto melding = IdMember(*body, "melding");
      if (!melding.ok()) return ErrorResponse(melding.status());
      c.notification_id = *melding;
    }
    auto id = api->dossiers.CreateCase(a, c);
    if (!id.ok()) return ErrorResponse(id.status());
    return JsonBody(201, {{"id", *id}});
  });
  AddUserRoute(router, sessions, "GET", "/api/v1/zaken", [api](const Request&, const services::Actor& a) {
    auto list = api->dossiers.ListCases(a);
    if (!list.ok()) return ErrorResponse(list.status());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : *list) {
      out.push_back({{"id", c.id},
                     {"jongere", c.youth_id},
                     {"naam", c.youth_name},
                     {"categorie", c.category},
                     {"fase", c.mas_phase},
                     {"label", c.regime_tag},
                     {"wpg_sinds", OrNull(c.wpg_since)},
                     {"geopend", c.opened_on}});
    }
    return JsonBody(200, {{"zaken", out}});
  });
  AddUserRoute(router, sessions, "GET", "/api/v1/zaken/{id}", [api](const Request& request, const services::Actor& a) {
    auto id = IdParam(request);
    if (!id) return NotFound();
    auto read = api->dossiers.GetCase(a, *id);
    if (!read.ok()) return ErrorResponse(read.status());
    return JsonBody(200, read->full ? CaseJson(*read->full) : InBeeldJson(*read->minimal));
  });
  AddUserRoute(router, sessions, "GET", "/api/v1/zaken/{id}/notities",
               [api](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 auto notes = api->dossiers.ListNotes(a, *id);
                 if (!notes.ok()) return ErrorResponse(notes.status());
                 nlohmann::json out = nlohmann::json::array();
                 for (const auto& n : *notes) out.push_back(NoteJson(n));
                 return JsonBody(200, {{"notities", out}});
               });
  AddUserRoute(router, sessions, "POST", "/api/v1/zaken/{id}/notities",
               [api](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 auto body = JsonObject(request);
                 if (!body.ok()) return ErrorResponse(body.status());
                 auto note = api->dossiers.AddNote(a, *id, StringMember(*body, "tekst"));
                 if (!note.ok()) return ErrorResponse(note.status());
                 return JsonBody(201, {{"id", *note}});
               });
  AddUserRoute(router, sessions, "POST", "/api/v1/zaken/{id}/behandelaars",
               [api](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 auto body = JsonObject(request);
                 if (!body.ok()) return ErrorResponse(body.status());
                 auto user = IdMember(*body, "gebruiker");
                 if (!user.ok()) return ErrorResponse(user.status());
                 Status s = api->dossiers.AssignWorker(a, *id, *user);
                 return s.ok() ? Response::Text(204, "") : ErrorResponse(s);
               });

  AddUserRoute(router, sessions, "POST", "/api/v1/zaken/{id}/fase", [api](const Request& request, const services::Actor& a) {
    auto id = IdParam(request);
    if (!id) return NotFound();
    auto body = JsonObject(request);
    if (!body.ok()) return ErrorResponse(body.status());
    auto tag = api->dossiers.ChangePhase(a, *id, StringMember(*body, "fase"));
    if (!tag.ok()) return ErrorResponse(tag.status());
    return JsonBody(200, {{"fase", StringMember(*body, "fase")}, {"label", *tag}});
  });
  AddUserRoute(router, sessions, "POST", "/api/v1/zaken/{id}/overdracht",
               [api](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 auto body = JsonObject(request);
                 if (!body.ok()) return ErrorResponse(body.status());
                 auto boa = IdMember(*body, "boa");
                 if (!boa.ok()) return ErrorResponse(boa.status());
                 auto tag = api->dossiers.HandOverToBoa(a, *id, *boa);
                 if (!tag.ok()) return ErrorResponse(tag.status());
                 return JsonBody(200, {{"fase", "proces-verbaal"}, {"label", *tag}});
               });
  AddUserRoute(router, sessions, "POST", "/api/v1/zaken/{id}/beeindigen",
               [api](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 auto body = JsonObject(request);
                 if (!body.ok()) return ErrorResponse(body.status());
                 std::optional<std::string> on;
                 if (body->contains("datum")) on = StringMember(*body, "datum");
                 auto notified = api->dossiers.EndCase(a, *id, StringMember(*body, "reden"), on);
                 if (!notified.ok()) return ErrorResponse(notified.status());
                 return JsonBody(200, {{"afgesloten", true}, {"ontvangers_geinformeerd", *notified}});
               });

  AddUserRoute(router, sessions, "POST", "/api/v1/break-glass", [api](const Request& request, const services::Actor& a) {
    auto body = JsonObject(request);
    if (!body.ok()) return ErrorResponse(body.status());
    auto case_id = IdMember(*body, "zaak");
    if (!case_id.ok()) return ErrorResponse(case_id.status());
    services::BreakGlassRequest r;
    r.case_id = *case_id;
    r.reason = StringMember(*body, "reden");
    r.legal_ground = StringMember(*body, "grondslag");
    if (body->contains("reikwijdte")) r.scope = StringMember(*body, "reikwijdte");
    if (auto it = body->find("dagen"); it != body->end()) {
      if (!it->is_number_integer() || it->get<std::int64_t>() < 1 || it->get<std::int64_t>() > 366) {
        return ErrorResponse(Status::InvalidInput("dagen: verwacht een geheel aantal dagen"));
      }
      r.days = static_cast<int>(it->get<std::int64_t>());
    }
    auto view = api->break_glass.Request(a, r);
    if (!view.ok()) return ErrorResponse(view.status());
    return JsonBody(201, BreakGlassJson(*view));
  });
  AddUserRoute(router, sessions, "GET", "/api/v1/break-glass", [api](const Request&, const services::Actor& a) {
    auto list = api->break_glass.List(a);
    if (!list.ok()) return ErrorResponse(list.status());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : *list) out.push_back(BreakGlassJson(v));
    return JsonBody(200, {{"verzoeken", out}});
  });
  for (const bool approve : {true, false}) {
    const std::string path = approve ? "/api/v1/break-glass/{id}/goedkeuren" : "/api/v1/break-glass/{id}/afwijzen";
    AddUserRoute(router, sessions, "POST", path, [api, approve](const Request& request, const services::Actor& a) {
      auto id = IdParam(request);
      if (!id) return NotFound();
      auto view = api->break_glass.Decide(a, *id, approve);
      if (!view.ok()) return ErrorResponse(view.status());
      return JsonBody(200, BreakGlassJson(*view));
    });
  }
}

}  // namespace leerrecht::http
