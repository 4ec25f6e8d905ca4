// The dashboard and the dossier of a youth: the same DossierService and DisclosureService calls as the JSON API.
#include "http/api_support.h"
#include "web/page_routes.h"

namespace leerrecht::web {

namespace {

// SPEC R-10: "Regime A — Wpg vanaf melding (sinds 2025-02-10)" on every case screen. The same
// wording as the JSON API's regime_tekst.
std::string RegimeText(const std::string& regime, const std::string& since) {
  if (regime == "vanaf-melding") return "Regime A — Wpg vanaf melding (sinds " + DutchDate(since) + ")";
  if (regime == "vanaf-handhaving") return "Regime B — Wpg vanaf handhaving (sinds " + DutchDate(since) + ")";
  return "";
}

// The badge keys of web/templates/regime.html; always both, so a note never shows its case's badge.
void SetRegimeBadge(nlohmann::json& out, const std::string& tag, const std::optional<std::string>& wpg_since) {
  out["wpg"] = tag == "WPG";
  out["wpg_sinds"] = tag == "WPG" && wpg_since ? nlohmann::json(DutchDate(*wpg_since)) : nlohmann::json(nullptr);
}

bool IsThuiszitterCategory(const std::string& category) {
  for (std::string_view c : services::kThuiszitterCategories) {
    if (c == category) return true;
  }
  return false;
}

// The notes block of the dossier (also the htmx fragment after adding a note). A refusal to
// list them is shown in place: the case itself may still be readable.
void AddNotes(PageContext& context, const PageUser& user, std::int64_t case_id, nlohmann::json& data) {
  data["id"] = case_id;
  data["notities"] = nlohmann::json::array();
  data["notities_geweigerd"] = nullptr;
  auto notes = context.api->dossiers.ListNotes(user.actor, case_id);
  if (!notes.ok()) {
    data["notities_geweigerd"] = notes.status().message();
    return;
  }
  for (const store::Note& n : *notes) {
    nlohmann::json note = {{"tekst", n.text}, {"door", n.created_by}, {"op", DutchDateTime(n.created_at)}};
    SetRegimeBadge(note, n.regime_tag,
                   n.wpg_since ? std::optional<std::string>(n.wpg_since->ToString()) : std::nullopt);
    data["notities"].push_back(std::move(note));
  }
  data["heeft_notities"] = !data["notities"].empty();
}

}  // namespace

void AddCasePages(http::Router& router, const std::shared_ptr<PageContext>& context) {
  AddPage(router, context, "GET", "/overzicht", [context](const http::Request&, const PageUser& user) {
    nlohmann::json data = PageData(user, "Overzicht", "/overzicht");
    data["partij_naam"] = PartyName(*context->api, user.session.party);
    data["zaken"] = nlohmann::json::array();
    auto cases = context->api->dossiers.ListCases(user.actor);
    if (cases.ok()) {
      for (const services::CaseSummary& c : *cases) {
        nlohmann::json row = {{"id", c.id},
                              {"naam", c.youth_name},
                              {"categorie", c.category},
                              {"thuiszitter", IsThuiszitterCategory(c.category)},
                              {"fase", c.mas_phase},
                              {"geopend", DutchDate(c.opened_on)}};
        SetRegimeBadge(row, c.regime_tag, c.wpg_since);
        data["zaken"].push_back(std::move(row));
      }
    } else {
      // A role without a caseload (an SWV consultant, the FG) is told so, not shown an error page.
      data["zaken_geweigerd"] = cases.status().message();
    }
    data["aantal_zaken"] = data["zaken"].size();
    data["heeft_zaken"] = !data["zaken"].empty();
    auto received = context->api->disclosures.Received(user.actor, std::nullopt, false);
    data["aantal_ontvangen"] = received.ok() ? received->size() : 0;
    data["heeft_ontvangen"] = received.ok() && !received->empty();
    return RenderPage(*context, 200, "overzicht", data);
  });

  AddPage(router, context, "GET", "/zaken/{id}", [context](const http::Request& request, const PageUser& user) {
    auto id = http::IdParam(request);
    if (!id) return ErrorPage(*context, user, Status::NotFound("niet gevonden"));
    auto read = context->api->dossiers.GetCase(user.actor, *id);
    if (!read.ok()) return ErrorPage(*context, user, read.status());
    nlohmann::json data = PageData(user, "Dossier", "/overzicht");
    if (read->minimal) {
      const services::InBeeldView& v = *read->minimal;
      data["titel"] = "Zaak " + std::to_string(v.case_id);
      data["in_beeld"] = {{"id", v.case_id},
                          {"leerplicht_betrokken", v.leerplicht_involved},
                          {"contactpersoon", v.contact},
                          {"status", v.status},
                          {"break_glass_aanvragen", v.may_request_break_glass}};
      return RenderPage(*context, 200, "dossier", data);
    }
    const services::CaseView& c = *read->full;
    data["titel"] = "Dossier " + c.youth.name;
    nlohmann::json workers = nlohmann::json::array();
    for (std::size_t i = 0; i < c.workers.size(); ++i) {
      workers.push_back({{"naam", c.workers[i].name}, {"rol", c.workers[i].role}, {"laatste", i + 1 == c.workers.size()}});
    }
    nlohmann::json full = {{"id", c.record.id},
                           {"jongere",
                            {{"naam", c.youth.name},
                             {"bsn", c.youth.bsn},
                             {"geboortedatum", DutchDate(c.youth.birth_date)},
                             {"gemeente", c.youth.municipality}}},
                           {"categorie", c.record.category},
                           {"fase", c.record.mas_phase},
                           {"regime_tekst", RegimeText(c.regime, c.regime_since)},
                           {"geopend", DutchDate(c.record.opened_on)},
                           {"gesloten", c.record.closed_on ? nlohmann::json(DutchDate(*c.record.closed_on)) : nullptr},
                           {"behandelaars", workers},
                           {"break_glass", c.break_glass_id.has_value()},
                           {"mag_delen", !c.record.closed_on.has_value()}};
    SetRegimeBadge(full, c.record.regime_tag, c.record.wpg_since);
    AddNotes(*context, user, c.record.id, full);
    full["verstrekkingen"] = nlohmann::json::array();
    full["verstrekkingen_geweigerd"] = nullptr;
    auto disclosures = context->api->disclosures.ListForCase(user.actor, c.record.id);
    if (disclosures.ok()) {
      for (const store::Disclosure& d : *disclosures) {
        std::string fields;
        for (const auto& f : d.fields) fields += (fields.empty() ? "" : ", ") + FieldLabel(f);
        full["verstrekkingen"].push_back({{"verzonden", DutchDateTime(d.sent_at)},
                                          {"ontvanger", PartyName(*context->api, d.recipient_party)},
                                          {"overeenkomst", d.agreement_id},
                                          {"versie", d.agreement_version},
                                          {"doel", d.purpose},
                                          {"velden", fields}});
      }
    } else {
      full["verstrekkingen_geweigerd"] = disclosures.status().message();
    }
    full["heeft_verstrekkingen"] = !full["verstrekkingen"].empty();
    data["volledig"] = std::move(full);
    return RenderPage(*context, 200, "dossier", data);
  });

  AddPage(router, context, "POST", "/zaken/{id}/notities", [context](const http::Request& request, const PageUser& user) {
    auto id = http::IdParam(request);
    if (!id) return ErrorPage(*context, user, Status::NotFound("niet gevonden"));
    const bool htmx = request.Header("HX-Request") == "true";
    const std::string text = FormData::Parse(request.body).Get("tekst");
    nlohmann::json data = PageData(user, "Dossier", "/overzicht");
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
      if (!htmx) return ErrorPage(*context, user, Status::InvalidInput("een notitie mag niet leeg zijn"));
      AddNotes(*context, user, *id, data);
      data["fout_tekst"] = "Schrijf eerst de notitie.";
      http::Response r = RenderFragment(*context, "notities", data);
      r.status = 400;
      return r;
    }
    auto note = context->api->dossiers.AddNote(user.actor, *id, text);
    if (!note.ok()) {
      if (!htmx || note.status().code() == ErrorCode::kNotFound) return ErrorPage(*context, user, note.status());
      // A refusal (no DUO melding behind the case, SPEC P-07; no right to write) is shown at
      // the form, with 400 so htmx swaps it in (kop.html).
      AddNotes(*context, user, *id, data);
      data["fout_tekst"] = note.status().message();
      http::Response r = RenderFragment(*context, "notities", data);
      r.status = 400;
      return r;
    }
    if (!htmx) return Redirect("/zaken/" + std::to_string(*id) + "#notities-titel");
    AddNotes(*context, user, *id, data);
    data["notitie_toegevoegd"] = true;
    return RenderFragment(*context, "notities", data);
  });
}

}  // namespace leerrecht::web
