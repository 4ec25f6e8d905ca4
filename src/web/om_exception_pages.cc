// Exceptions to the secrecy of OM data (art. 52 lid 1 Wjsg, SPEC W-23, Q-08): the LPA's request
// form and the list on which a team leader or legal adviser approves another's request. The same
// OmExceptionService calls as /api/v1/om-uitzonderingen; who sees which requests is its decision.
#include <set>

#include "core/decimal.h"
#include "http/api_support.h"
#include "store/repositories/om_exception_repository.h"
#include "web/page_routes.h"

namespace leerrecht::web {

namespace {

std::string StatusText(const store::OmException& e) {
  if (e.status == store::kOmRequested) return "wacht op goedkeuring";
  if (e.status == store::kOmApproved) return "goedgekeurd, nog niet gebruikt";
  if (e.status == store::kOmRejected) return "afgewezen";
  if (e.status == store::kOmUsed) return "gebruikt voor verstrekking " + std::to_string(e.used_by_disclosure.value_or(0));
  return e.status;
}

std::string GroundText(const std::string& ground) {
  return ground == store::kOmGroundStatute ? "een wettelijk voorschrift laat mededeling toe"
                                           : "noodzakelijk voor de taak waarvoor de gegevens zijn verstrekt";
}

// The art. 20 Wpg decisions the user's party is in: only there can OM data go (SPEC C-31).
nlohmann::json DecisionChoices(const PageContext& context, const PageUser& user, const FormData& form) {
  nlohmann::json decisions = nlohmann::json::array();
  nlohmann::json recipients = nlohmann::json::array();
  std::set<std::string> seen;
  for (const policy::Agreement* a : context.api->agreements.All()) {
    if (a->kind != policy::AgreementKind::kWpgArt20 || a->FindParty(user.session.party) == nullptr) continue;
    nlohmann::json purposes = nlohmann::json::array();
    for (const policy::Purpose& p : a->purposes) {
      purposes.push_back({{"id", p.id},
                          {"tekst", p.text.empty() ? p.id : p.text},
                          {"gekozen", form.Get("overeenkomst") == a->id && form.Get("doel") == p.id}});
    }
    decisions.push_back(
        {{"id", a->id}, {"titel", a->title}, {"gekozen", form.Get("overeenkomst") == a->id}, {"doelen", purposes}});
    for (const policy::Party& p : a->parties) {
      if (p.id == user.session.party || !seen.insert(p.id).second) continue;
      recipients.push_back({{"id", p.id}, {"naam", p.name}, {"gekozen", form.Get("ontvanger") == p.id}});
    }
  }
  return {{"besluiten", decisions}, {"ontvangers", recipients}};
}

std::string PartyName(const PageContext& context, const std::string& agreement_id, const std::string& party) {
  if (const policy::Agreement* a = context.api->agreements.Find(agreement_id)) {
    if (const policy::Party* p = a->FindParty(party)) return p->name;
  }
  return party;
}

// The list and the form; `form` holds what was typed (or the share page's choices).
http::Response Overview(PageContext& context, const PageUser& user, int status, nlohmann::json data,
                        const FormData& form) {
  data["waarde_zaak"] = form.Get("zaak");
  data["waarde_toelichting"] = form.Get("toelichting");
  data["grond_voorschrift"] = form.Get("grond") == store::kOmGroundStatute;
  data["grond_taak"] = form.Get("grond") == store::kOmGroundTask;
  data.update(DecisionChoices(context, user, form));
  data["uitzonderingen"] = nlohmann::json::array();
  auto list = context.api->om_exceptions.List(user.actor);
  if (!list.ok()) {
    data["lijst_geweigerd"] = list.status().message();
  } else {
    for (const services::OmExceptionView& v : *list) {
      const store::OmException& e = v.exception;
      data["uitzonderingen"].push_back(
          {{"id", e.id},
           {"zaak", e.case_id},
           {"ontvanger", PartyName(context, e.agreement_id, e.recipient_party)},
           {"doel", e.purpose},
           {"grond", GroundText(e.ground)},
           {"toelichting", e.explanation},
           {"aanvrager", v.requester},
           {"aangevraagd", DutchDateTime(e.requested_at)},
           {"status", StatusText(e)},
           {"beoordelaar", v.decider.empty() ? nlohmann::json(nullptr)
                                             : nlohmann::json(v.decider + ", " + DutchDateTime(e.decided_at.value_or("")))},
           {"beoordelen", v.may_decide}});
    }
  }
  data["heeft_uitzonderingen"] = !data["uitzonderingen"].empty();
  return RenderPage(context, status, "om_uitzonderingen", data);
}

bool IsBlank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

void AddOmExceptionPages(http::Router& router, const std::shared_ptr<PageContext>& context) {
  const std::string title = "Geheimhouding OM-gegevens";
  AddPage(router, context, "GET", "/om-uitzonderingen",
          [context, title](const http::Request& request, const PageUser& user) {
            const FormData query = FormData::Parse(request.query);
            nlohmann::json data = PageData(user, title, "/om-uitzonderingen");
            data["aangevraagd"] = query.Get("aangevraagd") == "ja";
            data["beoordeeld"] = query.Get("beoordeeld") == "ja";
            return Overview(*context, user, 200, std::move(data), query);
          });

  AddPage(router, context, "POST", "/om-uitzonderingen",
          [context, title](const http::Request& request, const PageUser& user) {
            const FormData form = FormData::Parse(request.body);
            nlohmann::json data = PageData(user, title, "/om-uitzonderingen");
            services::OmExceptionRequest r;
            r.case_id = ParseDecimal(form.Get("zaak"), 15).value_or(0);
            r.recipient_party = form.Get("ontvanger");
            r.agreement_id = form.Get("overeenkomst");
            r.purpose = form.Get("doel");
            r.ground = form.Get("grond");
            r.explanation = form.Get("toelichting");
            if (r.case_id == 0) AddFormError(data, "zaak", "Vul het zaaknummer in (alleen cijfers).");
            if (r.recipient_party.empty()) AddFormError(data, "ontvanger", "Kies de ontvanger.");
            if (r.agreement_id.empty()) AddFormError(data, "overeenkomst", "Kies het art. 20 Wpg-besluit.");
            if (r.purpose.empty()) AddFormError(data, "doel", "Kies het doel.");
            if (r.ground != store::kOmGroundStatute && r.ground != store::kOmGroundTask) {
              AddFormError(data, "grond", "Kies de grond voor de uitzondering.");
            }
            if (IsBlank(r.explanation)) {
              AddFormError(data, "toelichting",
                           "Noem het wettelijk voorschrift, of leg uit waarom uw taak de mededeling noodzakelijk maakt.");
            }
            if (data.value("heeft_fouten", false)) return Overview(*context, user, 400, std::move(data), form);
            auto view = context->api->om_exceptions.Request(user.actor, r);
            if (!view.ok()) {
              // Another party's case is "not found" and a refusal is "no access", as in the API;
              // only a correctable input error goes back to the form.
              if (view.status().code() != ErrorCode::kInvalidInput) return ErrorPage(*context, user, view.status());
              AddFormError(data, "toelichting", view.status().message());
              return Overview(*context, user, 400, std::move(data), form);
            }
            return Redirect("/om-uitzonderingen?aangevraagd=ja");
          });

  for (const bool approve : {true, false}) {
    const std::string path = approve ? "/om-uitzonderingen/{id}/goedkeuren" : "/om-uitzonderingen/{id}/afwijzen";
    AddPage(router, context, "POST", path, [context, approve](const http::Request& request, const PageUser& user) {
      auto id = http::IdParam(request);
      if (!id) return ErrorPage(*context, user, Status::NotFound("niet gevonden"));
      auto view = context->api->om_exceptions.Decide(user.actor, *id, approve);
      if (!view.ok()) return ErrorPage(*context, user, view.status());
      return Redirect("/om-uitzonderingen?beoordeeld=ja");
    });
  }
}

}  // namespace leerrecht::web
