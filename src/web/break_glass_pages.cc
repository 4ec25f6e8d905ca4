// Break-glass (SPEC ): the request form and the overview the privacy officer (FG)
// checks, with approval for the roles that decide. The same BreakGlassService calls as
// /api/v1/break-glass; who sees which requests is the service's decision (the FG and the auditor
// all of their party's, anyone else only his own).
#include "core/decimal.h"
#include "http/api_support.h"
#include "policy/authorization.h"
#include "web/page_routes.h"

namespace leerrecht::web {

namespace {

std::string StatusText(const std::string& status, bool active_now) {
  if (status == "aangevraagd") return "wacht op goedkeuring";
  if (status == "afgewezen") return "afgewezen";
  if (status == "actief") return active_now ? "actief" : "verlopen";
  return status;
}

std::string ScopeText(const std::string& scope) {
  return scope == "alles" ? "alles (ook politiegegevens)" : "alleen AVG-gegevens";
}

// Only whether to offer the approve/reject buttons; Decide checks the right again (and logs).
bool MayDecide(const PageContext& context, const PageUser& user) {
  policy::AccessFacts facts;
  facts.same_party = true;
  return services::Authorize(*context.api->matrices->Current(), user.actor, policy::Action::kBeheren,
                             policy::Resource::kBreakGlass, facts)
      .allowed;
}

// The overview and the form; `form` holds what was typed when the page comes back with errors.
http::Response Overview(PageContext& context, const PageUser& user, int status, nlohmann::json data,
                        const FormData& form) {
  data["waarde_zaak"] = form.Get("zaak");
  data["waarde_reden"] = form.Get("reden");
  data["waarde_grondslag"] = form.Get("grondslag");
  data["alles"] = form.Get("reikwijdte") == "alles";
  data["verzoeken"] = nlohmann::json::array();
  auto list = context.api->break_glass.List(user.actor);
  if (!list.ok()) {
    data["verzoeken_geweigerd"] = list.status().message();
  } else {
    const bool may_decide = MayDecide(context, user);
    for (const services::BreakGlassView& v : *list) {
      const store::BreakGlass& g = v.grant;
      data["verzoeken"].push_back(
          {{"id", g.id},
           {"zaak", g.case_id},
           {"aanvrager", v.requester},
           {"rol", g.role},
           {"reden", g.reason},
           {"grondslag", g.legal_ground},
           {"reikwijdte", ScopeText(g.scope)},
           {"dagen", g.days},
           {"status", StatusText(g.status, v.active_now)},
           {"actief", v.active_now},
           {"aangevraagd", DutchDateTime(g.requested_at)},
           {"geldig_tot", g.valid_until ? nlohmann::json(DutchDateTime(*g.valid_until)) : nullptr},
           {"beoordelen", may_decide && g.status == "aangevraagd"}});
    }
  }
  data["heeft_verzoeken"] = !data["verzoeken"].empty();
  return RenderPage(context, status, "break_glass", data);
}

// A positive case number from the form; 0 when it is not one.
std::int64_t CaseNumber(const std::string& text) {
  return ParseDecimal(text, 15).value_or(0);
}

}  // namespace

void AddBreakGlassPages(http::Router& router, const std::shared_ptr<PageContext>& context) {
  AddPage(router, context, "GET", "/break-glass", [context](const http::Request& request, const PageUser& user) {
    const FormData query = FormData::Parse(request.query);
    nlohmann::json data = PageData(user, "Break-glass", "/break-glass");
    data["aangevraagd"] = query.Get("aangevraagd") == "ja";
    data["beoordeeld"] = query.Get("beoordeeld") == "ja";
    return Overview(*context, user, 200, std::move(data), query);
  });

  AddPage(router, context, "POST", "/break-glass", [context](const http::Request& request, const PageUser& user) {
    const FormData form = FormData::Parse(request.body);
    nlohmann::json data = PageData(user, "Break-glass", "/break-glass");
    services::BreakGlassRequest r;
    r.case_id = CaseNumber(form.Get("zaak"));
    r.reason = form.Get("reden");
    r.legal_ground = form.Get("grondslag");
    r.scope = form.Get("reikwijdte") == "alles" ? "alles" : "avg";
    if (r.case_id == 0) AddFormError(data, "zaak", "Vul het zaaknummer in (alleen cijfers).");
    if (r.reason.find_first_not_of(" \t\r\n") == std::string::npos) {
      AddFormError(data, "reden", "Schrijf waarom u toegang nodig hebt.");
    }
    if (r.legal_ground.find_first_not_of(" \t\r\n") == std::string::npos) {
      AddFormError(data, "grondslag", "Vul de wettelijke grondslag in.");
    }
    if (data.value("heeft_fouten", false)) return Overview(*context, user, 400, std::move(data), form);
    auto view = context->api->break_glass.Request(user.actor, r);
    if (!view.ok()) {
      // A case of another party is "not found" and a refusal is "no access", as in the API;
      // only a correctable input error goes back to the form.
      if (view.status().code() != ErrorCode::kInvalidInput) return ErrorPage(*context, user, view.status());
      AddFormError(data, "reden", view.status().message());
      return Overview(*context, user, 400, std::move(data), form);
    }
    return Redirect("/break-glass?aangevraagd=ja");
  });

  for (const bool approve : {true, false}) {
    const std::string path = approve ? "/break-glass/{id}/goedkeuren" : "/break-glass/{id}/afwijzen";
    AddPage(router, context, "POST", path, [context, approve](const http::Request& request, const PageUser& user) {
      auto id = http::IdParam(request);
      if (!id) return ErrorPage(*context, user, Status::NotFound("niet gevonden"));
      auto view = context->api->break_glass.Decide(user.actor, *id, approve);
      if (!view.ok()) return ErrorPage(*context, user, view.status());
      return Redirect("/break-glass?beoordeeld=ja");
    });
  }
}

}  // namespace leerrecht::web
