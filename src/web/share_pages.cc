// Sharing (delen) with the decision shown field by field before sending, and received data with the notice first.
#include <algorithm>
#include <map>
#include <set>

#include "http/api_support.h"
#include "policy/data_dictionary.h"
#include "web/page_routes.h"

namespace leerrecht::web {

namespace {

struct ShareForm {
  services::DisclosureDraft draft;
  services::DisclosureConfirmation confirm;
  bool profile_chosen = false;  // a profile button was pressed: show its decision, send nothing
};

ShareForm ReadShareForm(const http::Request& request, std::int64_t case_id) {
  const FormData form = FormData::Parse(request.body);
  ShareForm out;
  out.draft.case_id = case_id;
  out.draft.recipient_party = form.Get("ontvanger");
  out.draft.agreement_id = form.Get("overeenkomst");
  out.draft.purpose = form.Get("doel");
  out.draft.fields = form.All("velden");
  // SPEC W-25: a profile button ("besluit|profiel") chooses the decision and the profile's fields;
  // the chosen profile then travels in a hidden field until the disclosure is sent.
  const std::string button = form.Get("profiel");
  if (auto bar = button.find('|'); bar != std::string::npos) {
    out.draft.agreement_id = button.substr(0, bar);
    out.draft.profile = button.substr(bar + 1);
    out.draft.fields.clear();
    out.profile_chosen = true;
  } else {
    out.draft.profile = form.Get("gekozen_profiel");
  }
  out.confirm.quality_checked = form.Get("kwaliteit") == "ja";
  out.confirm.anonymisation_considered = form.Get("anonimisering") == "ja";
  out.confirm.anonymisation = form.Get("verstrekkingswijze");
  out.confirm.weighing = form.Get("afweging");
  out.confirm.quality_not_feasible = form.Get("kwaliteit_niet_uitvoerbaar");
  for (const policy::FieldInfo& f : policy::AllFields()) {
    std::string text = form.Get("onderbouwing_" + std::string(f.id));
    if (!text.empty()) out.confirm.justifications.emplace(std::string(f.id), std::move(text));
  }
  return out;
}

// The choices of the form from the agreements in force, with the draft's choices selected.
nlohmann::json ShareData(PageContext& context, const PageUser& user, std::int64_t case_id,
                         const std::string& youth_name, const services::DisclosureDraft& draft) {
  nlohmann::json data = PageData(user, "Gegevens delen", "/overzicht");
  data["id"] = case_id;
  data["jongere"] = youth_name;
  // SPEC W-25: the field profiles that fit the case's MAS phase, as buttons. Without the right to
  // share, the form refuses anyway; it then just offers none.
  nlohmann::json profiles = nlohmann::json::array();
  if (auto offered = context.api->disclosures.ProfilesFor(user.actor, case_id); offered.ok()) {
    data["fase"] = offered->phase;
    for (const services::PhaseProfileOffer& p : offered->profiles) {
      std::string labels;
      for (const std::string& f : p.fields) labels += (labels.empty() ? "" : ", ") + FieldLabel(f);
      profiles.push_back({{"waarde", p.agreement_id + "|" + p.id},
                          {"label", p.label},
                          {"besluit", p.agreement_title},
                          {"velden", labels},
                          {"gekozen", draft.agreement_id == p.agreement_id && draft.profile == p.id}});
    }
  }
  data["profielen"] = profiles;
  data["heeft_profielen"] = !profiles.empty();
  data["gekozen_profiel"] = draft.profile.empty() ? nlohmann::json(nullptr) : nlohmann::json(draft.profile);
  nlohmann::json recipients = nlohmann::json::array();
  nlohmann::json agreements = nlohmann::json::array();
  std::set<std::string> seen;
  for (const policy::Agreement* a : context.api->agreements.All()) {
    nlohmann::json purposes = nlohmann::json::array();
    for (const policy::Purpose& p : a->purposes) {
      purposes.push_back({{"id", p.id},
                          {"tekst", p.text.empty() ? p.id : p.text},
                          {"gekozen", draft.agreement_id == a->id && draft.purpose == p.id}});
    }
    agreements.push_back({{"id", a->id}, {"titel", a->title}, {"gekozen", draft.agreement_id == a->id},
                          {"doelen", purposes}});
    for (const policy::Party& p : a->parties) {
      // Sharing with one's own party is not a disclosure; the list offers only the others.
      if (p.id == user.session.party || !seen.insert(p.id).second) continue;
      recipients.push_back({{"id", p.id}, {"naam", p.name}, {"gekozen", draft.recipient_party == p.id}});
    }
  }
  data["ontvangers"] = recipients;
  data["overeenkomsten"] = agreements;
  const std::set<std::string> chosen(draft.fields.begin(), draft.fields.end());
  nlohmann::json fields = nlohmann::json::array();
  for (const policy::FieldInfo& f : policy::AllFields()) {
    const std::string id(f.id);
    fields.push_back({{"id", id}, {"label", std::string(f.label)}, {"gekozen", chosen.count(id) > 0}});
  }
  data["velden"] = fields;
  return data;
}

// The engine's decision as the table of the share page: every requested field with granted or
// refused and the reason the agreement gives (DESIGN.md §6), in the data dictionary's order.
nlohmann::json DecisionData(const services::DisclosurePreview& preview, const services::DisclosureDraft& draft,
                            const services::DisclosureConfirmation& confirm) {
  const nlohmann::json decision = nlohmann::json::parse(preview.decision_json);
  std::set<std::string> granted;
  for (const auto& g : decision.value("granted", nlohmann::json::array())) granted.insert(g.get<std::string>());
  std::map<std::string, std::pair<std::string, std::string>> refused;  // field -> (code, explanation)
  for (const auto& r : decision.value("refused", nlohmann::json::array())) {
    refused[r.value("field", "")] = {r.value("reason", ""), r.value("explanation", "")};
  }
  nlohmann::json rows = nlohmann::json::array();
  for (const policy::FieldInfo& f : policy::AllFields()) {
    const std::string id(f.id);
    if (granted.count(id) > 0) {
      // OM data rest on their approved exception (SPEC W-23), not on the exchange table.
      rows.push_back({{"veld", id}, {"label", std::string(f.label)}, {"verstrekt", true},
                      {"reden", f.om && !preview.om_exception.empty() ? preview.om_exception
                                                                      : "staat in de uitwisselingstabel voor dit doel"},
                      {"code", nullptr}});
    } else if (auto it = refused.find(id); it != refused.end()) {
      rows.push_back({{"veld", id}, {"label", std::string(f.label)}, {"verstrekt", false},
                      {"reden", it->second.second}, {"code", it->second.first}});
    }
  }
  const std::string outcome = decision.value("decision", "");
  std::string outcome_text = "niets wordt verstrekt";
  if (outcome == "granted") outcome_text = "alle gevraagde gegevens worden verstrekt";
  if (outcome == "partial") outcome_text = "een deel van de gegevens wordt verstrekt";
  // SPEC W-20: a text area per granted field beyond the recipient's profile, keeping what was typed.
  nlohmann::json justifications = nlohmann::json::array();
  for (const std::string& field : preview.beyond_profile) {
    auto typed = confirm.justifications.find(field);
    justifications.push_back({{"veld", field},
                              {"label", FieldLabel(field)},
                              {"tekst", typed == confirm.justifications.end() ? std::string() : typed->second},
                              {"fout", nullptr}});
  }
  // SPEC W-23: OM data refused for their secrecy can go only with an exception a second officer
  // approves; the link opens the request with this disclosure's choices filled in.
  nlohmann::json om_request = nullptr;
  if (auto it = refused.find("om_gegevens"); it != refused.end() && it->second.first == "om-secrecy") {
    om_request = "/om-uitzonderingen?zaak=" + std::to_string(draft.case_id) + "&ontvanger=" +
                 UrlEncode(draft.recipient_party) + "&overeenkomst=" + UrlEncode(draft.agreement_id) +
                 "&doel=" + UrlEncode(draft.purpose) + "#aanvragen-titel";
  }
  return {{"waarschuwingen", preview.warnings},
          {"om_aanvragen", om_request},
          {"onderbouwingen", justifications},
          {"heeft_onderbouwingen", !justifications.empty()},
          {"uitkomst", outcome_text},
          {"route", preview.route},
          {"regime", preview.regime.empty() ? nlohmann::json(nullptr) : nlohmann::json(preview.regime)},
          {"regels", rows},
          {"mededelingen", decision.value("notices", nlohmann::json::array())},
          {"iets_verstrekt", !granted.empty()},
          {"art20", preview.route != "convenant"},
          {"fout_kwaliteit", nullptr},
          {"fout_anonimisering", nullptr},
          {"fout_wijze", nullptr},
          {"fout_afweging", nullptr},
          {"fout_bevestiging", nullptr}};
}

// The case's youth name, and whether the user may work on the case at all (only the full view
// may be shared from; the "in beeld" view gives no access to the content).
Result<std::string> CaseForSharing(PageContext& context, const PageUser& user, std::int64_t case_id) {
  auto read = context.api->dossiers.GetCase(user.actor, case_id);
  if (!read.ok()) return read.status();
  if (!read->full) return Status::Refused("geen toegang tot de inhoud van deze zaak");
  return read->full->youth.name;
}

bool MissingChoices(nlohmann::json& data, const services::DisclosureDraft& draft) {
  if (draft.recipient_party.empty()) AddFormError(data, "ontvanger", "Kies een ontvanger.");
  if (draft.agreement_id.empty()) AddFormError(data, "overeenkomst", "Kies een overeenkomst.");
  if (draft.purpose.empty()) AddFormError(data, "doel", "Kies een doel.");
  if (draft.fields.empty()) AddFormError(data, "velden", "Kies ten minste één gegeven.");
  return data.value("heeft_fouten", false);
}

nlohmann::json ReceivedRow(const PageContext& context, const services::ReceivedDisclosure& r) {
  return {{"id", r.disclosure_id},
          {"afzender", PartyName(*context.api, r.source_party)},
          {"overeenkomst", r.agreement_id},
          {"doel", r.purpose},
          {"ontvangen_op", DutchDateTime(r.received_at)}};
}

// One received disclosure: the notice first (SPEC W-29), the content after it, and the form to
// record a statutory onward disclosure (C-35). `extra` carries form errors and typed values.
http::Response ReceivedPage(PageContext& context, const PageUser& user, std::int64_t id, bool acknowledged,
                            int status, nlohmann::json extra) {
  auto list = context.api->disclosures.Received(user.actor, id, acknowledged);
  if (!list.ok()) return ErrorPage(context, user, list.status());
  if (list->empty()) return ErrorPage(context, user, Status::NotFound("niet gevonden"));
  const services::ReceivedDisclosure& r = list->front();
  nlohmann::json data = PageData(user, "Verstrekking " + std::to_string(r.disclosure_id), "/ontvangen");
  data.update(ReceivedRow(context, r));
  data["vertrouwelijkheid"] = r.notice ? nlohmann::json(*r.notice) : nlohmann::json(nullptr);
  data["eerst_kennisnemen"] = r.notice.has_value() && !acknowledged;
  data["herkomst"] = "Ontvangen van " + PartyName(*context.api, r.source_party) + " onder " + r.agreement_id +
                     "; niet verder verstrekken.";
  data["gegevens"] = nlohmann::json::array();
  for (const store::ReceivedItem& item : r.items) {
    data["gegevens"].push_back({{"label", FieldLabel(item.field)},
                                {"waarde", item.value},
                                {"gecorrigeerd", item.corrected_at ? nlohmann::json(DutchDateTime(*item.corrected_at))
                                                                   : nlohmann::json(nullptr)}});
  }
  // Form errors add to the page's own title and summary (AddFormError on `extra`).
  if (extra.value("heeft_fouten", false)) data["titel"] = "Fout: " + data.value("titel", std::string());
  extra.erase("titel");
  data.update(extra);
  return RenderPage(context, status, "ontvangen_item", data);
}

}  // namespace

void AddSharePages(http::Router& router, const std::shared_ptr<PageContext>& context) {
  AddPage(router, context, "GET", "/zaken/{id}/delen", [context](const http::Request& request, const PageUser& user) {
    auto id = http::IdParam(request);
    if (!id) return ErrorPage(*context, user, Status::NotFound("niet gevonden"));
    auto youth = CaseForSharing(*context, user, *id);
    if (!youth.ok()) return ErrorPage(*context, user, youth.status());
    return RenderPage(*context, 200, "delen", ShareData(*context, user, *id, *youth, {}));
  });

  AddPage(router, context, "POST", "/zaken/{id}/delen", [context](const http::Request& request, const PageUser& user) {
    auto id = http::IdParam(request);
    if (!id) return ErrorPage(*context, user, Status::NotFound("niet gevonden"));
    auto youth = CaseForSharing(*context, user, *id);
    if (!youth.ok()) return ErrorPage(*context, user, youth.status());
    ShareForm form = ReadShareForm(request, *id);
    if (form.profile_chosen) {
      // The profile's fields, checked in the form; whether the profile fits the phase is the
      // service's decision (and its refusal lands in the error summary).
      if (const policy::Agreement* a = context->api->agreements.Find(form.draft.agreement_id)) {
        if (const policy::PhaseProfile* p = a->FindPhaseProfile(form.draft.profile)) {
          for (const policy::FieldInfo& f : policy::AllFields()) {
            if (p->field_set.test(*policy::FindField(f.id))) form.draft.fields.emplace_back(f.id);
          }
        }
      }
    }
    nlohmann::json data = ShareData(*context, user, *id, *youth, form.draft);
    if (MissingChoices(data, form.draft)) return RenderPage(*context, 400, "delen", data);

    // Always decided afresh: what the user saw before is never trusted (the service decides
    // again on Send as well).
    auto preview = context->api->disclosures.Preview(user.actor, form.draft);
    if (!preview.ok()) {
      if (preview.status().code() == ErrorCode::kNotFound) return ErrorPage(*context, user, preview.status());
      // A refusal of the choices (the wrong SWV, no designation, …) is an error in the form: it
      // is shown in the error summary, with 400 like every form error (htmx swaps it in, kop.html).
      AddFormError(data, "velden", preview.status().message());
      return RenderPage(*context, 400, "delen", data);
    }
    data["beslissing"] = DecisionData(*preview, form.draft, form.confirm);
    if (FormData::Parse(request.body).Get("actie") != "verzenden") return RenderPage(*context, 200, "delen", data);

    // What the sender must confirm or record first (the service checks it again): under a
    // covenant the quality check and the anonymisation consideration; on the art. 20 route the
    // choice anonymised/identifiable with its weighing (SPEC W-21) and the quality check or why it
    // was not feasible (W-26).
    const services::DisclosureConfirmation& c = form.confirm;
    const bool art20 = preview->route != "convenant";
    nlohmann::json& shown = data["beslissing"];
    shown["wijze_geanonimiseerd"] = c.anonymisation == "geanonimiseerd";
    shown["wijze_identificeerbaar"] = c.anonymisation == "identificeerbaar";
    shown["afweging"] = c.weighing;
    shown["kwaliteit_niet_uitvoerbaar"] = c.quality_not_feasible;
    for (const services::MissingConfirmation missing : services::MissingConfirmations(c, art20)) {
      switch (missing) {
        case services::MissingConfirmation::kQualityCheck:
          AddFormError(data, "kwaliteit",
                       art20 ? "Bevestig de kwaliteitscontrole, of leg vast waarom die niet praktisch uitvoerbaar is."
                             : "Bevestig dat u de juistheid en actualiteit van de gegevens hebt gecontroleerd.");
          shown["fout_kwaliteit"] = "Bevestig de controle op juistheid en actualiteit.";
          break;
        case services::MissingConfirmation::kAnonymisationConsidered:
          AddFormError(data, "anonimisering",
                       "Bevestig dat u hebt overwogen of minder of geanonimiseerde gegevens volstaan.");
          shown["fout_anonimisering"] = "Bevestig dat u anonimisering hebt overwogen.";
          break;
        case services::MissingConfirmation::kChoice:
          AddFormError(data, "wijze-geanonimiseerd", "Kies of u geanonimiseerd of identificeerbaar verstrekt.");
          shown["fout_wijze"] = "Kies geanonimiseerd of identificeerbaar.";
          break;
        case services::MissingConfirmation::kWeighing:
          AddFormError(data, "afweging",
                       "Leg vast waarom het algemeen belang zwaarder weegt dan de privacy van de jongere.");
          shown["fout_afweging"] = "Leg de afweging vast.";
          break;
      }
      shown["fout_bevestiging"] = true;
    }
    for (nlohmann::json& j : shown["onderbouwingen"]) {
      const std::string field = j["veld"];
      const bool left_out = c.anonymisation == "geanonimiseerd" &&
                            std::find(services::kDirectIdentifiers.begin(), services::kDirectIdentifiers.end(),
                                      field) != services::kDirectIdentifiers.end();
      if (left_out || j["tekst"].get<std::string>().find_first_not_of(" \t\r\n") != std::string::npos) continue;
      const std::string label = j["label"];
      AddFormError(data, "onderbouwing_" + field, "Leg vast waarom " + label + " nodig is voor deze ontvanger.");
      j["fout"] = "Leg vast waarom dit gegeven nodig is.";
    }
    if (data.value("heeft_fouten", false)) return RenderPage(*context, 400, "delen", data);

    auto sent = context->api->disclosures.Send(user.actor, form.draft, form.confirm);
    if (!sent.ok()) {
      if (sent.status().code() == ErrorCode::kNotFound) return ErrorPage(*context, user, sent.status());
      AddFormError(data, "velden", sent.status().message());
      return RenderPage(*context, 400, "delen", data);
    }
    nlohmann::json done = PageData(user, "Gegevens verzonden", "/overzicht");
    done["id"] = *id;
    done["verstrekking"] = sent->id;
    done["ontvanger"] = PartyName(*context->api, form.draft.recipient_party);
    done["verstrekt"] = nlohmann::json::array();
    for (const auto& f : sent->sent_fields) done["verstrekt"].push_back({{"veld", f}, {"label", FieldLabel(f)}});
    done["zonder_waarde"] = nlohmann::json::array();
    for (const auto& f : sent->without_value) done["zonder_waarde"].push_back({{"veld", f}, {"label", FieldLabel(f)}});
    done["heeft_zonder_waarde"] = !sent->without_value.empty();
    done["pseudoniem"] = sent->pseudonym.empty() ? nlohmann::json(nullptr) : nlohmann::json(sent->pseudonym);
    done["weggelaten"] = nlohmann::json::array();
    for (const auto& f : sent->anonymised) done["weggelaten"].push_back({{"veld", f}, {"label", FieldLabel(f)}});
    return RenderPage(*context, 201, "verzonden", done);
  });

  AddPage(router, context, "GET", "/ontvangen", [context](const http::Request&, const PageUser& user) {
    auto list = context->api->disclosures.Received(user.actor, std::nullopt, false);
    if (!list.ok()) return ErrorPage(*context, user, list.status());
    nlohmann::json data = PageData(user, "Ontvangen gegevens", "/ontvangen");
    data["ontvangen"] = nlohmann::json::array();
    for (const auto& r : *list) data["ontvangen"].push_back(ReceivedRow(*context, r));
    data["heeft_ontvangen"] = !list->empty();
    return RenderPage(*context, 200, "ontvangen", data);
  });

  AddPage(router, context, "GET", "/ontvangen/{id}", [context](const http::Request& request, const PageUser& user) {
    auto id = http::IdParam(request);
    if (!id) return ErrorPage(*context, user, Status::NotFound("niet gevonden"));
    // SPEC W-29: the confidentiality notice first; the content only once the user says he read it.
    const FormData query = FormData::Parse(request.query);
    nlohmann::json extra = nlohmann::json::object();
    if (query.Get("gemeld") == "ja") extra["gemeld"] = true;
    return ReceivedPage(*context, user, *id, query.Get("kennisgenomen") == "ja", 200, std::move(extra));
  });

  // SPEC C-35: the law obliged the party to pass received data on; recorded, and the sender told.
  AddPage(router, context, "POST", "/ontvangen/{id}/doorverstrekking",
          [context](const http::Request& request, const PageUser& user) {
            auto id = http::IdParam(request);
            if (!id) return ErrorPage(*context, user, Status::NotFound("niet gevonden"));
            const FormData form = FormData::Parse(request.body);
            const std::string recipient = form.Get("ontvanger");
            const std::string obligation = form.Get("wettelijke_verplichting");
            nlohmann::json extra = {{"doorverstrekking_ontvanger", recipient},
                                    {"doorverstrekking_verplichting", obligation}};
            auto blank = [](const std::string& t) { return t.find_first_not_of(" \t\r\n") == std::string::npos; };
            if (blank(recipient)) AddFormError(extra, "ontvanger", "Vul in aan wie u de gegevens verstrekte.");
            if (blank(obligation)) {
              AddFormError(extra, "wettelijke_verplichting", "Noem de wettelijke verplichting (artikel en wet).");
            }
            if (extra.value("heeft_fouten", false)) return ReceivedPage(*context, user, *id, true, 400, std::move(extra));
            auto reported = context->api->disclosures.ReportStatutoryDisclosure(user.actor, *id, recipient, obligation);
            if (!reported.ok()) return ErrorPage(*context, user, reported.status());
            return Redirect("/ontvangen/" + std::to_string(*id) + "?kennisgenomen=ja&gemeld=ja");
          });
}

}  // namespace leerrecht::web
