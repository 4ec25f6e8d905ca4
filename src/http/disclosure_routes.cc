#include <nlohmann/json.hpp>

#include "http/api_routes.h"
#include "http/api_support.h"
#include "policy/data_dictionary.h"
#include "services/quarterly_xlsx.h"

namespace leerrecht::http {

namespace {

Response NotFound() { return ErrorResponse(Status::NotFound("niet gevonden")); }

constexpr std::string_view kXlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// {"ontvanger", "overeenkomst", "doel", "velden": [...]} of a disclosure form.
Result<services::DisclosureDraft> DraftFrom(const nlohmann::json& body, std::int64_t case_id) {
  services::DisclosureDraft draft;
  draft.case_id = case_id;
  draft.recipient_party = StringMember(body, "ontvanger");
  draft.agreement_id = StringMember(body, "overeenkomst");
  draft.purpose = StringMember(body, "doel");
  draft.profile = StringMember(body, "profiel");
  auto it = body.find("velden");
  // With a field profile (SPEC W-25) the fields may be left out: the profile's are taken.
  if (it == body.end() && !draft.profile.empty()) return draft;
  if (it == body.end() || !it->is_array()) return Status::InvalidInput("velden: verwacht een lijst van veld-ids");
  for (const auto& f : *it) {
    if (!f.is_string()) return Status::InvalidInput("velden: verwacht een lijst van veld-ids");
    draft.fields.push_back(f.get<std::string>());
  }
  return draft;
}

nlohmann::json PreviewJson(const services::DisclosurePreview& p) {
  nlohmann::json decision = nlohmann::json::parse(p.decision_json);
  return {{"beslissing", decision},
          {"route", p.route},
          {"regime", p.regime.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.regime)},
          {"buiten_profiel", p.beyond_profile},
          {"waarschuwingen", p.warnings},
          {"om_uitzondering", p.om_exception.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.om_exception)},
          {"fase", p.phase},
          {"profiel", p.profile.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.profile)}};
}

nlohmann::json OmExceptionJson(const services::OmExceptionView& v) {
  const store::OmException& e = v.exception;
  return {{"id", e.id},
          {"zaak", e.case_id},
          {"ontvanger", e.recipient_party},
          {"overeenkomst", e.agreement_id},
          {"doel", e.purpose},
          {"grond", e.ground},
          {"toelichting", e.explanation},
          {"aanvrager", v.requester},
          {"aangevraagd_op", e.requested_at},
          {"status", e.status},
          {"beoordeeld_door", v.decider.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.decider)},
          {"beoordeeld_op", e.decided_at ? nlohmann::json(*e.decided_at) : nlohmann::json(nullptr)},
          {"gebruikt_voor_verstrekking",
           e.used_by_disclosure ? nlohmann::json(*e.used_by_disclosure) : nlohmann::json(nullptr)}};
}

nlohmann::json BasisJson(const services::BasisView& v) {
  const store::SeparateBasis& b = v.basis;
  return {{"id", b.id},
          {"ontvanger_id", b.recipient_id},
          {"ontvanger", b.recipient_name},
          {"doel", b.purpose},
          {"grondslag", b.legal_basis},
          {"verenigbaarheid", b.compatibility},
          {"velden", b.fields},
          {"vastgelegd_door", v.recorded_by},
          {"vastgelegd_op", b.recorded_at},
          {"beeindigd_op", b.ended_at ? nlohmann::json(*b.ended_at) : nlohmann::json(nullptr)}};
}

std::vector<std::string> StringList(const nlohmann::json& body, const char* key) {
  std::vector<std::string> out;
  if (auto it = body.find(key); it != body.end() && it->is_array()) {
    for (const auto& f : *it) {
      if (f.is_string()) out.push_back(f.get<std::string>());
    }
  }
  return out;
}

// SPEC: the legal adviser's separate bases and the exceptional disclosure on one.
void AddExceptionalRoutes(Router& router, services::SessionService& sessions, const std::shared_ptr<ApiServices>& api) {
  AddUserRoute(router, sessions, "GET", "/api/v1/aparte-grondslagen", [api](const Request&, const services::Actor& a) {
    auto list = api->exceptional.Bases(a);
    if (!list.ok()) return ErrorResponse(list.status());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : *list) out.push_back(BasisJson(v));
    return JsonBody(200, {{"grondslagen", out}});
  });
  AddUserRoute(router, sessions, "POST", "/api/v1/aparte-grondslagen",
               [api](const Request& request, const services::Actor& a) {
                 auto body = JsonObject(request);
                 if (!body.ok()) return ErrorResponse(body.status());
                 store::SeparateBasis b;
                 b.recipient_id = StringMember(*body, "ontvanger_id");
                 b.recipient_name = StringMember(*body, "ontvanger");
                 b.purpose = StringMember(*body, "doel");
                 b.legal_basis = StringMember(*body, "grondslag");
                 b.compatibility = StringMember(*body, "verenigbaarheid");
                 b.fields = StringList(*body, "velden");
                 auto view = api->exceptional.RecordBasis(a, std::move(b));
                 if (!view.ok()) return ErrorResponse(view.status());
                 return JsonBody(201, BasisJson(*view));
               });
  AddUserRoute(router, sessions, "POST", "/api/v1/aparte-grondslagen/{id}/beeindigen",
               [api](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 auto view = api->exceptional.EndBasis(a, *id);
                 if (!view.ok()) return ErrorResponse(view.status());
                 return JsonBody(200, BasisJson(*view));
               });
  AddUserRoute(router, sessions, "POST", "/api/v1/zaken/{id}/uitzonderlijke-verstrekkingen",
               [api](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 auto body = JsonObject(request);
                 if (!body.ok()) return ErrorResponse(body.status());
                 services::ExceptionalDraft d;
                 d.case_id = *id;
                 // Anything but a basis id is no basis: the service refuses for want of one,
                 // after the case has been found to be the user's own.
                 if (auto basis = IdMember(*body, "grondslag"); basis.ok()) d.basis_id = *basis;
                 d.recipient = StringMember(*body, "ontvanger");
                 d.fields = StringList(*body, "velden");
                 auto sent = api->exceptional.Disclose(a, d);
                 if (!sent.ok()) return ErrorResponse(sent.status());
                 nlohmann::json items = nlohmann::json::array();
                 for (const auto& [field, value] : sent->sent) items.push_back({{"veld", field}, {"waarde", value}});
                 nlohmann::json refused = nlohmann::json::array();
                 for (const auto& [field, why] : sent->refused) refused.push_back({{"veld", field}, {"reden", why}});
                 return JsonBody(201, {{"id", sent->id},
                                       {"ontvanger", sent->recipient_name},
                                       {"verstrekt", items},
                                       {"geweigerd", refused}});
               });
}

// SPEC W-23: an exception to the secrecy of OM data, asked by the LPA and judged by a second officer.
void AddOmExceptionRoutes(Router& router, services::SessionService& sessions, const std::shared_ptr<ApiServices>& api) {
  AddUserRoute(router, sessions, "POST", "/api/v1/om-uitzonderingen",
               [api](const Request& request, const services::Actor& a) {
                 auto body = JsonObject(request);
                 if (!body.ok()) return ErrorResponse(body.status());
                 auto case_id = IdMember(*body, "zaak");
                 if (!case_id.ok()) return ErrorResponse(case_id.status());
                 services::OmExceptionRequest r;
                 r.case_id = *case_id;
                 r.recipient_party = StringMember(*body, "ontvanger");
                 r.agreement_id = StringMember(*body, "overeenkomst");
                 r.purpose = StringMember(*body, "doel");
                 r.ground = StringMember(*body, "grond");
                 r.explanation = StringMember(*body, "toelichting");
                 auto view = api->om_exceptions.Request(a, r);
                 if (!view.ok()) return ErrorResponse(view.status());
                 return JsonBody(201, OmExceptionJson(*view));
               });
  AddUserRoute(router, sessions, "GET", "/api/v1/om-uitzonderingen", [api](const Request&, const services::Actor& a) {
    auto list = api->om_exceptions.List(a);
    if (!list.ok()) return ErrorResponse(list.status());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : *list) out.push_back(OmExceptionJson(v));
    return JsonBody(200, {{"uitzonderingen", out}});
  });
  for (const bool approve : {true, false}) {
    const std::string path =
        approve ? "/api/v1/om-uitzonderingen/{id}/goedkeuren" : "/api/v1/om-uitzonderingen/{id}/afwijzen";
    AddUserRoute(router, sessions, "POST", path, [api, approve](const Request& request, const services::Actor& a) {
      auto id = IdParam(request);
      if (!id) return NotFound();
      auto view = api->om_exceptions.Decide(a, *id, approve);
      if (!view.ok()) return ErrorResponse(view.status());
      return JsonBody(200, OmExceptionJson(*view));
    });
  }
}

bool BoolMember(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_boolean() && it->get<bool>();
}

nlohmann::json ReceivedJson(const services::ReceivedDisclosure& r, bool with_items) {
  // The notice comes first, as the recipient must read it before the content (SPEC W-29).
  nlohmann::json out = {{"vertrouwelijkheid", r.notice ? nlohmann::json(*r.notice) : nlohmann::json(nullptr)},
                        {"id", r.disclosure_id},
                        {"afzender", r.source_party},
                        {"overeenkomst", r.agreement_id},
                        {"doel", r.purpose},
                        {"ontvangen", r.received_at}};
  if (with_items) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& item : r.items) {
      items.push_back({{"veld", item.field},
                       {"waarde", item.value},
                       {"gecorrigeerd", item.corrected_at ? nlohmann::json(*item.corrected_at) : nlohmann::json(nullptr)}});
    }
    out["gegevens"] = r.items.empty() && r.notice ? nlohmann::json(nullptr) : items;
    out["herkomst"] = "ontvangen van " + r.source_party + " onder " + r.agreement_id + "; niet verder verstrekken";
    if (r.acknowledged_at) out["kennisgenomen_op"] = *r.acknowledged_at;
  }
  return out;
}

}  // namespace

void AddDisclosureRoutes(Router& router, services::SessionService& sessions, std::shared_ptr<ApiServices> api) {
  AddComparisonRoutes(router, sessions, api);
  AddOmExceptionRoutes(router, sessions, api);
  AddExceptionalRoutes(router, sessions, api);
  // SPEC W-25: the field profiles that fit the case's MAS phase.
  AddUserRoute(router, sessions, "GET", "/api/v1/zaken/{id}/veldprofielen",
               [api](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 auto offered = api->disclosures.ProfilesFor(a, *id);
                 if (!offered.ok()) return ErrorResponse(offered.status());
                 nlohmann::json profiles = nlohmann::json::array();
                 for (const auto& p : offered->profiles) {
                   profiles.push_back({{"overeenkomst", p.agreement_id},
                                       {"overeenkomst_titel", p.agreement_title},
                                       {"id", p.id},
                                       {"label", p.label},
                                       {"velden", p.fields}});
                 }
                 return JsonBody(200, {{"fase", offered->phase}, {"profielen", profiles}});
               });
  AddUserRoute(router, sessions, "GET", "/api/v1/overeenkomsten", [api](const Request&, const services::Actor&) {
    nlohmann::json out = nlohmann::json::array();
    for (const policy::Agreement* a : api->agreements.All()) {
      nlohmann::json parties = nlohmann::json::array();
      for (const auto& p : a->parties) parties.push_back({{"id", p.id}, {"naam", p.name}});
      nlohmann::json purposes = nlohmann::json::array();
      for (const auto& p : a->purposes) purposes.push_back({{"id", p.id}, {"tekst", p.text}});
      out.push_back({{"id", a->id}, {"versie", a->version}, {"titel", a->title},
                     {"soort", a->kind == policy::AgreementKind::kConvenant ? "convenant" : "wpg-art20"},
                     {"partijen", parties}, {"doelen", purposes}});
    }
    return JsonBody(200, {{"overeenkomsten", out}});
  });

  AddUserRoute(router, sessions, "POST", "/api/v1/zaken/{id}/verstrekkingen/beslissing",
               [api](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 auto body = JsonObject(request);
                 if (!body.ok()) return ErrorResponse(body.status());
                 auto draft = DraftFrom(*body, *id);
                 if (!draft.ok()) return ErrorResponse(draft.status());
                 auto preview = api->disclosures.Preview(a, *draft);
                 if (!preview.ok()) return ErrorResponse(preview.status());
                 return JsonBody(200, PreviewJson(*preview));
               });
  AddUserRoute(router, sessions, "POST", "/api/v1/zaken/{id}/verstrekkingen",
               [api](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 auto body = JsonObject(request);
                 if (!body.ok()) return ErrorResponse(body.status());
                 auto draft = DraftFrom(*body, *id);
                 if (!draft.ok()) return ErrorResponse(draft.status());
                 services::DisclosureConfirmation confirm;
                 confirm.quality_checked = BoolMember(*body, "kwaliteit_gecontroleerd");
                 confirm.anonymisation_considered = BoolMember(*body, "anonimisering_overwogen");
                 confirm.anonymisation = StringMember(*body, "anonimisering");
                 confirm.weighing = StringMember(*body, "afweging");
                 confirm.quality_not_feasible = StringMember(*body, "kwaliteit_niet_uitvoerbaar");
                 if (auto it = body->find("onderbouwing"); it != body->end()) {
                   if (!it->is_object()) return ErrorResponse(Status::InvalidInput("onderbouwing: verwacht {veld: tekst}"));
                   for (const auto& [field, text] : it->items()) {
                     if (!text.is_string()) return ErrorResponse(Status::InvalidInput("onderbouwing: verwacht {veld: tekst}"));
                     confirm.justifications[field] = text.get<std::string>();
                   }
                 }
                 auto sent = api->disclosures.Send(a, *draft, confirm);
                 if (!sent.ok()) return ErrorResponse(sent.status());
                 nlohmann::json out = PreviewJson(sent->preview);
                 out["id"] = sent->id;
                 out["verstrekt"] = sent->sent_fields;
                 out["zonder_waarde"] = sent->without_value;
                 if (!sent->pseudonym.empty()) {
                   out["geanonimiseerd_weggelaten"] = sent->anonymised;
                   out["pseudoniem"] = sent->pseudonym;
                 }
                 return JsonBody(201, out);
               });
  AddUserRoute(router, sessions, "GET", "/api/v1/zaken/{id}/verstrekkingen",
               [api](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 auto list = api->disclosures.ListForCase(a, *id);
                 if (!list.ok()) return ErrorResponse(list.status());
                 nlohmann::json out = nlohmann::json::array();
                 for (const auto& d : *list) {
                   out.push_back({{"id", d.id},
                                  {"ontvanger", d.recipient_party},
                                  {"overeenkomst", d.agreement_id},
                                  {"versie", d.agreement_version},
                                  {"doel", d.purpose},
                                  {"verzonden", d.sent_at},
                                  {"velden", d.fields},
                                  {"documentatie", d.documentation_json.empty()
                                                       ? nlohmann::json(nullptr)
                                                       : nlohmann::json::parse(d.documentation_json)}});
                 }
                 return JsonBody(200, {{"verstrekkingen", out}});
               });

  AddUserRoute(router, sessions, "GET", "/api/v1/ontvangen", [api](const Request&, const services::Actor& a) {
    auto list = api->disclosures.Received(a, std::nullopt, false);
    if (!list.ok()) return ErrorResponse(list.status());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : *list) out.push_back(ReceivedJson(r, false));
    return JsonBody(200, {{"ontvangen", out}});
  });
  AddUserRoute(router, sessions, "GET", "/api/v1/ontvangen/{id}", [api](const Request& request, const services::Actor& a) {
    auto id = IdParam(request);
    if (!id) return NotFound();
    const bool acknowledged = QueryValue(request.query, "kennisgenomen") == "ja";
    auto list = api->disclosures.Received(a, *id, acknowledged);
    if (!list.ok()) return ErrorResponse(list.status());
    return JsonBody(200, ReceivedJson(list->front(), true));
  });
  AddUserRoute(router, sessions, "POST", "/api/v1/ontvangen/{id}/doorsturen",
               [api](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 auto body = JsonObject(request);
                 if (!body.ok()) return ErrorResponse(body.status());
                 // SPEC C-35: a recorded statutory obligation is the one way on; the sender is told.
                 if (body->contains("wettelijke_verplichting")) {
                   auto reported = api->disclosures.ReportStatutoryDisclosure(
                       a, *id, StringMember(*body, "ontvanger"), StringMember(*body, "wettelijke_verplichting"));
                   if (!reported.ok()) return ErrorResponse(reported.status());
                   return JsonBody(201, {{"melding", reported->notice_id},
                                         {"gemeld_aan", reported->told_party},
                                         {"ontvanger", StringMember(*body, "ontvanger")},
                                         {"wettelijke_verplichting", StringMember(*body, "wettelijke_verplichting")}});
                 }
                 auto decided = api->disclosures.Forward(a, *id, StringMember(*body, "ontvanger"),
                                                         StringMember(*body, "overeenkomst"), StringMember(*body, "doel"));
                 if (!decided.ok()) return ErrorResponse(decided.status());
                 nlohmann::json out = PreviewJson(*decided);
                 out["fout"] = "ontvangen gegevens worden niet verder verstrekt";
                 return JsonBody(403, out);
               });
  // SPEC C-18: ?jaar=2025&kwartaal=1[&formaat=csv|xlsx]; a file needs the right to export reports.
  AddUserRoute(router, sessions, "GET", "/api/v1/rapportages/kwartaal",
               [api](const Request& request, const services::Actor& a) {
                 const std::string year_text = QueryValue(request.query, "jaar");
                 const std::string quarter_text = QueryValue(request.query, "kwartaal");
                 const std::string format = QueryValue(request.query, "formaat");
                 if (format != "" && format != "json" && format != "csv" && format != "xlsx") {
                   return ErrorResponse(Status::InvalidInput("formaat: json, csv of xlsx"));
                 }
                 const bool file = format == "csv" || format == "xlsx";
                 auto report = api->reports.Quarterly(a, SmallNumber(year_text), SmallNumber(quarter_text), file);
                 if (!report.ok()) return ErrorResponse(report.status());
                 if (file) {
                   Response r;
                   r.status = 200;
                   if (format == "csv") {
                     r.content_type = "text/csv; charset=utf-8";
                     r.body = services::QuarterlyCsv(*report);
                   } else {
                     auto workbook = services::QuarterlyXlsx(*report);
                     if (!workbook.ok()) return ErrorResponse(workbook.status());
                     r.content_type = std::string(kXlsxMediaType);
                     r.body = std::move(*workbook);
                   }
                   // The name is built from the validated numbers, never from the raw query.
                   r.headers.emplace_back("Content-Disposition",
                                          "attachment; filename=\"thuiszitters-" + std::to_string(report->year) + "-Q" +
                                              std::to_string(report->quarter) + "." + format + "\"");
                   return r;
                 }
                 nlohmann::json per_swv = nlohmann::json::array();
                 for (const auto& s : report->per_swv) {
                   nlohmann::json categories = nlohmann::json::object();
                   for (std::size_t i = 0; i < services::kThuiszitterCategories.size(); ++i) {
                     const auto& c = s.categories[i];
                     categories[std::string(services::kThuiszitterCategories[i])] = {
                         {"op_peildatum", c.on_peildatum},        {"tot_en_met_3_maanden", c.up_to_3_months},
                         {"langer_dan_3_maanden", c.over_3_months}, {"nieuw", c.new_in_quarter},
                         {"beeindigd", c.ended_in_quarter}};
                   }
                   per_swv.push_back({{"swv", s.swv.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.swv)},
                                      {"noemers", categories},
                                      {"totaal", s.Total()}});
                 }
                 return JsonBody(200, {{"jaar", report->year},
                                       {"kwartaal", report->quarter},
                                       {"peildatum", report->peildatum},
                                       {"partij", report->party},
                                       {"per_swv", per_swv}});
               });
  AddUserRoute(router, sessions, "GET", "/api/v1/correcties", [api](const Request&, const services::Actor& a) {
    auto list = api->disclosures.Corrections(a);
    if (!list.ok()) return ErrorResponse(list.status());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& n : *list) {
      out.push_back({{"id", n.id},
                     {"soort", n.kind},
                     {"afzender", n.source_party},
                     {"verstrekking", n.disclosure_id},
                     {"veld", n.field.empty() ? nlohmann::json(nullptr) : nlohmann::json(n.field)},
                     {"reden", n.detail.empty() ? nlohmann::json(nullptr) : nlohmann::json(n.detail)},
                     {"op", n.created_at},
                     {"verwijderen_na", n.purge_after ? nlohmann::json(*n.purge_after) : nlohmann::json(nullptr)},
                     {"verwijderd", n.purged_at ? nlohmann::json(*n.purged_at) : nlohmann::json(nullptr)}});
    }
    return JsonBody(200, {{"correcties", out}});
  });
  // SPEC W-30, C-36: the party's register of disclosures for a quarter, for its FG and controller.
  AddUserRoute(router, sessions, "GET", "/api/v1/verstrekkingenregister",
               [api](const Request& request, const services::Actor& a) {
                 const std::string format = QueryValue(request.query, "formaat");
                 if (format != "" && format != "json" && format != "csv") {
                   return ErrorResponse(Status::InvalidInput("formaat: json of csv"));
                 }
                 auto reg = api->disclosure_register.Quarter(a, SmallNumber(QueryValue(request.query, "jaar")),
                                                             SmallNumber(QueryValue(request.query, "kwartaal")));
                 if (!reg.ok()) return ErrorResponse(reg.status());
                 if (format == "csv") {
                   Response r;
                   r.status = 200;
                   r.content_type = "text/csv; charset=utf-8";
                   r.body = services::DisclosureRegisterCsv(*reg);
                   r.headers.emplace_back("Content-Disposition",
                                          "attachment; filename=\"verstrekkingenregister-" + std::to_string(reg->year) +
                                              "-Q" + std::to_string(reg->quarter) + ".csv\"");
                   return r;
                 }
                 nlohmann::json entries = nlohmann::json::array();
                 for (const services::RegisterEntryOut& e : reg->entries) {
                   nlohmann::json j = {{"id", e.id},
                                       {"richting", e.direction},
                                       {"verzonden", e.sent_at},
                                       {"ontvangen", e.received_at ? nlohmann::json(*e.received_at) : nlohmann::json()},
                                       {"verstrekker", e.sender_party},
                                       {"ontvanger", e.recipient_party},
                                       {"overeenkomst", e.agreement_id},
                                       {"versie", e.agreement_version},
                                       {"route", e.route},
                                       {"soort", e.kind},
                                       {"aantal", e.records},
                                       {"categorieen", e.categories},
                                       {"velden", e.fields},
                                       {"doel", e.purpose}};
                   if (!e.sender.empty()) j["verzender"] = e.sender;
                   if (e.case_id) j["zaak"] = *e.case_id;
                   if (!e.anonymisation.empty()) j["wijze"] = e.anonymisation;
                   if (!e.quality_check.empty()) j["kwaliteitscontrole"] = e.quality_check;
                   if (!e.weighing.empty()) j["afweging"] = e.weighing;
                   entries.push_back(std::move(j));
                 }
                 nlohmann::json onward = nlohmann::json::array();
                 for (const store::CorrectionNotice& n : reg->onward) {
                   onward.push_back({{"verstrekking", n.disclosure_id},
                                     {"doorverstrekt_door", n.source_party},
                                     {"gemeld_aan", n.party},
                                     {"velden", n.field},
                                     {"toelichting", n.detail},
                                     {"op", n.created_at}});
                 }
                 return JsonBody(200, {{"partij", reg->party},
                                       {"jaar", reg->year},
                                       {"kwartaal", reg->quarter},
                                       {"verstrekkingen", entries},
                                       {"doorverstrekkingen", onward}});
               });
  AddUserRoute(router, sessions, "POST", "/api/v1/jongeren/{id}/gegevens",
               [api](const Request& request, const services::Actor& a) {
                 auto id = IdParam(request);
                 if (!id) return NotFound();
                 auto body = JsonObject(request);
                 if (!body.ok()) return ErrorResponse(body.status());
                 auto result =
                     api->disclosures.SetField(a, *id, StringMember(*body, "veld"), StringMember(*body, "waarde"));
                 if (!result.ok()) return ErrorResponse(result.status());
                 nlohmann::json notified = nlohmann::json::array();
                 for (const auto& n : result->notified) {
                   notified.push_back({{"ontvanger", n.recipient_party}, {"verstrekking", n.disclosure_id}});
                 }
                 return JsonBody(200, {{"gewijzigd", result->changed}, {"ontvangers_geinformeerd", notified}});
               });
}

}  // namespace leerrecht::http
