// The dashboard (caseload, notifications, deadlines), the dossier and the processing log of a youth: the JSON API's service calls.
#include <algorithm>

#include "core/decimal.h"
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

// Whether one of the user's roles has a matrix rule for (action, resource) at all: to offer a
// link or to skip a call that can only be refused. The service still decides with the facts.
bool MayEver(const PageContext& context, const services::Actor& actor, policy::Action action,
             policy::Resource resource) {
  const auto matrix = context.api->matrices->Current();
  for (const policy::AuthorizationRule& rule : matrix->rules()) {
    if (rule.action != action || rule.resource != resource) continue;
    for (const std::string& role : actor.roles) {
      if (rule.role == role) return true;
    }
  }
  return false;
}

// The date part of a stored timestamp or date ("2025-03-14T09:30:00Z" -> 2025-03-14).
std::optional<Date> DateOf(std::string_view stored) {
  auto date = Date::Parse(stored.substr(0, 10));
  return date.ok() ? std::optional<Date>(*date) : std::nullopt;
}

// One line of the dashboard: what, when, and the page where it is handled. `key` orders the list
// (ISO, so text order is time order) and is not shown.
struct DashboardItem {
  std::string key;
  std::string date;  // as shown
  std::string text;
  std::string href;
  std::string action;
  bool overdue = false;
  std::string log_href;  // the case's processing log, for the FG's oversight of break-glass
};

nlohmann::json ItemsJson(std::vector<DashboardItem>& items, bool newest_first, std::size_t limit) {
  std::stable_sort(items.begin(), items.end(), [newest_first](const DashboardItem& a, const DashboardItem& b) {
    return newest_first ? a.key > b.key : a.key < b.key;
  });
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) {
    const DashboardItem& item = items[i];
    out.push_back({{"datum", item.date},
                   {"tekst", item.text},
                   {"href", item.href},
                   {"actie", item.action},
                   {"verlopen", item.overdue},
                   {"logboek_href", item.log_href.empty() ? nlohmann::json(nullptr) : nlohmann::json(item.log_href)}});
  }
  return out;
}

constexpr std::size_t kDashboardItems = 20;
// A received disclosure counts as new for two weeks: there is no "read" mark to go by.
constexpr int kNewReceivedDays = 14;
// Designations (SPEC W-10, Q-10) and agreements are announced this long before they lapse.
constexpr int kDesignationWarningDays = 30;
constexpr int kAgreementWarningDays = 60;

// Notifications and deadlines that exist in the data, each linking to where it is handled. Every
// source is a service call the user may or may not be allowed; a refusal simply adds nothing.
void AddNotifications(PageContext& context, const PageUser& user,
                      const Result<std::vector<services::ReceivedDisclosure>>& received, nlohmann::json& data) {
  const services::Actor& actor = user.actor;
  const Date today = context.clock.Today();
  std::vector<DashboardItem> notices;
  std::vector<DashboardItem> deadlines;

  // SPEC W-27, C-37 (b): a sender corrected data this party received; C-39, C-40: a sender ended
  // the processing, and the received copy goes after the purge date.
  if (MayEver(context, actor, policy::Action::kLezen, policy::Resource::kOntvangenGegevens)) {
    auto corrections = context.api->disclosures.Corrections(actor);
    if (corrections.ok()) {
      for (const store::CorrectionNotice& n : *corrections) {
        const std::string href = "/ontvangen/" + std::to_string(n.disclosure_id);
        const std::string source = PartyName(*context.api, n.source_party);
        if (n.kind == "correctie") {
          notices.push_back({n.created_at, DutchDateTime(n.created_at),
                             source + " heeft " + FieldLabel(n.field) + " gecorrigeerd in verstrekking " +
                                 std::to_string(n.disclosure_id) + " (SPEC W-27)",
                             href, "Bekijk de gecorrigeerde gegevens", false, ""});
        } else if (n.kind == "doorverstrekking") {
          // SPEC C-35: data this party disclosed went on under a statutory obligation.
          notices.push_back({n.created_at, DutchDateTime(n.created_at),
                             source + " heeft gegevens uit uw verstrekking " + std::to_string(n.disclosure_id) +
                                 " (" + n.field + ") verder verstrekt " + n.detail + " (SPEC C-35)",
                             "", "", false, ""});
        } else {
          notices.push_back({n.created_at, DutchDateTime(n.created_at),
                             source + " heeft de verwerking beëindigd (" + n.detail + ") voor verstrekking " +
                                 std::to_string(n.disclosure_id),
                             href, "Bekijk de verstrekking", false, ""});
          if (n.purge_after && !n.purged_at) {
            auto purge = DateOf(*n.purge_after);
            deadlines.push_back({*n.purge_after, DutchDate(*n.purge_after),
                                 "De ontvangen kopie van verstrekking " + std::to_string(n.disclosure_id) +
                                     " wordt na deze dag verwijderd (SPEC C-40)",
                                 href, "Bekijk de verstrekking", purge && *purge < today, ""});
          }
        }
      }
    }
  }

  // New received disclosures, the confidentiality notice first on the page it links to (W-29).
  if (received.ok()) {
    for (const services::ReceivedDisclosure& r : *received) {
      auto on = DateOf(r.received_at);
      if (!on || on->DaysUntil(today) > kNewReceivedDays) continue;
      notices.push_back({r.received_at, DutchDateTime(r.received_at),
                         "Nieuwe verstrekking van " + PartyName(*context.api, r.source_party) + " (doel " + r.purpose +
                             ")",
                         "/ontvangen/" + std::to_string(r.disclosure_id), "Bekijk de ontvangen gegevens", false, ""});
    }
  }

  // Break-glass (SPEC ): requests waiting for approval (the FG and the approvers see
  // the party's, anyone else his own), and the end of one's own grants.
  if (MayEver(context, actor, policy::Action::kLezen, policy::Resource::kBreakGlass) ||
      MayEver(context, actor, policy::Action::kAanmaken, policy::Resource::kBreakGlass)) {
    const bool oversees_log = MayEver(context, actor, policy::Action::kLezen, policy::Resource::kLogboek);
    auto grants = context.api->break_glass.List(actor);
    if (grants.ok()) {
      for (const services::BreakGlassView& v : *grants) {
        const store::BreakGlass& g = v.grant;
        const std::string case_text = "zaak " + std::to_string(g.case_id);
        const std::string log_href = oversees_log ? "/zaken/" + std::to_string(g.case_id) + "/logboek" : "";
        if (g.status == store::kBreakGlassRequested) {
          notices.push_back({g.requested_at, DutchDateTime(g.requested_at),
                             "Break-glass-aanvraag van " + v.requester + " voor " + case_text +
                                 " wacht op goedkeuring",
                             "/break-glass", "Naar de aanvragen", false, log_href});
        } else if (v.active_now && g.valid_until && g.user_id == actor.user_id) {
          deadlines.push_back({*g.valid_until, DutchDateTime(*g.valid_until),
                               "Uw break-glass-toegang tot " + case_text + " eindigt",
                               "/zaken/" + std::to_string(g.case_id), "Naar de zaak", false, ""});
        }
      }
    }
  }

  // SPEC W-10, Q-10: designations are reconfirmed every 12 months; an expired one stops
  // disclosures to or by the person.
  if (MayEver(context, actor, policy::Action::kBeheren, policy::Resource::kAanwijzing)) {
    for (const policy::Agreement* agreement : context.api->agreements.All()) {
      if (!agreement->FindParty(actor.party)) continue;
      auto designations = context.api->admin.ListDesignations(actor, agreement->id);
      if (!designations.ok()) continue;
      for (const services::DesignationView& view : *designations) {
        const store::Designation& d = view.designation;
        if (d.ended_on && *d.ended_on <= today) continue;
        const Date due = d.ReconfirmBy(today);
        const bool expired = today > due;
        if (!expired && today.DaysUntil(due) > kDesignationWarningDays) continue;
        const std::string who = d.role ? "de rol " + *d.role : "gebruiker " + std::to_string(d.user_id.value_or(0));
        deadlines.push_back({due.ToString(), DutchDate(due.ToString()),
                             (expired ? "Aanwijzing verlopen van " : "Aanwijzing herbevestigen van ") + who +
                                 " onder " + agreement->title + " (SPEC W-10)",
                             "/aanwijzingen", "Naar de aanwijzingen", expired, ""});
      }
    }
  }

  // Agreements the party is in that lapse soon: after that day nothing flows under them.
  for (const policy::Agreement* agreement : context.api->agreements.All()) {
    if (!agreement->FindParty(actor.party)) continue;
    std::optional<Date> end = agreement->valid_until;
    // SPEC W-03: a wpg-art20 decision is in force through the day before the N-th anniversary.
    if (!end && agreement->signed_on && agreement->validity_years > 0) {
      end = agreement->signed_on->AddYears(agreement->validity_years).AddDays(-1);
    }
    if (agreement->revoked_on && (!end || *agreement->revoked_on <= *end)) end = agreement->revoked_on->AddDays(-1);
    if (!end || *end < today || today.DaysUntil(*end) > kAgreementWarningDays) continue;
    deadlines.push_back({end->ToString(), DutchDate(end->ToString()),
                         "Laatste geldige dag van " + agreement->title + " (versie " +
                             std::to_string(agreement->version) + ")",
                         "/overeenkomsten/" + agreement->id, "Naar de overeenkomst", false, ""});
  }

  data["meldingen"] = ItemsJson(notices, true, kDashboardItems);
  data["heeft_meldingen"] = !notices.empty();
  data["meldingen_meer"] = notices.size() > kDashboardItems ? nlohmann::json(notices.size() - kDashboardItems)
                                                             : nlohmann::json(nullptr);
  data["termijnen"] = ItemsJson(deadlines, false, kDashboardItems);
  data["heeft_termijnen"] = !deadlines.empty();
  data["termijnen_meer"] = deadlines.size() > kDashboardItems ? nlohmann::json(deadlines.size() - kDashboardItems)
                                                               : nlohmann::json(nullptr);
}

// "5" -> 5 for the page parameter; nothing for anything but a positive number of at most six digits.
std::optional<int> PageNumber(const std::string& text) {
  const std::optional<std::int64_t> value = ParseDecimal(text, 6);
  return value && *value >= 1 ? std::optional<int>(static_cast<int>(*value)) : std::nullopt;
}

std::string OutcomeText(const std::string& outcome) {
  if (outcome == "ok") return "uitgevoerd";
  if (outcome == "refused") return "geweigerd";
  if (outcome == "error") return "fout";
  return outcome;
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
    AddNotifications(*context, user, received, data);
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
                          {"break_glass_aanvragen", v.may_request_break_glass},
                          {"mag_logboek", MayEver(*context, user.actor, policy::Action::kLezen, policy::Resource::kLogboek)}};
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
                           {"mag_delen", !c.record.closed_on.has_value()},
                           {"mag_logboek", MayEver(*context, user.actor, policy::Action::kLezen, policy::Resource::kLogboek)}};
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

  // SPEC C-37 (a), W-12: the party's processing log of the case's youth.
  AddPage(router, context, "GET", "/zaken/{id}/logboek", [context](const http::Request& request, const PageUser& user) {
    auto id = http::IdParam(request);
    if (!id) return ErrorPage(*context, user, Status::NotFound("niet gevonden"));
    const FormData query = FormData::Parse(request.query);
    std::optional<int> page = query.Has("pagina") ? PageNumber(query.Get("pagina")) : std::optional<int>(1);
    if (!page) return ErrorPage(*context, user, Status::InvalidInput("pagina: verwacht een paginanummer"));
    auto log = context->api->subject_log.ForCase(user.actor, *id, *page, services::kLogPageSizeDefault);
    if (!log.ok()) return ErrorPage(*context, user, log.status());
    nlohmann::json data = PageData(user, "Verwerkingslogboek zaak " + std::to_string(*id), "/overzicht");
    const std::int64_t pages = std::max<std::int64_t>(1, (log->total + log->per_page - 1) / log->per_page);
    data["zaak"] = *id;
    data["totaal"] = log->total;
    data["pagina"] = log->page;
    data["paginas"] = pages;
    data["vermeldingen"] = nlohmann::json::array();
    for (const services::SubjectLogEntry& e : log->entries) {
      std::string fields;
      for (const std::string& f : e.fields) fields += (fields.empty() ? "" : ", ") + FieldLabel(f);
      std::string who = e.actor_name;
      if (who.empty()) who = e.actor == "system" ? "systeem" : e.actor;
      data["vermeldingen"].push_back({{"wanneer", DutchDateTime(e.logged_at)},
                                      {"wie", who},
                                      {"activiteit", e.activity},
                                      {"velden", fields},
                                      {"doel", e.purpose},
                                      {"grondslag", e.legal_basis},
                                      {"ontvanger", e.recipient.empty() ? "" : PartyName(*context->api, e.recipient)},
                                      {"uitkomst", OutcomeText(e.outcome)},
                                      {"geweigerd", e.outcome == "refused"}});
    }
    data["heeft_vermeldingen"] = !data["vermeldingen"].empty();
    data["vorige"] = log->page > 1 ? nlohmann::json(log->page - 1) : nlohmann::json(nullptr);
    data["volgende"] = log->page < pages ? nlohmann::json(log->page + 1) : nlohmann::json(nullptr);
    data["heeft_bladeren"] = log->page > 1 || log->page < pages;
    return RenderPage(*context, 200, "logboek", data);
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
