// Party management pages: the authorisation matrix in force (SPEC R-06) and the designations
// under the agreements (SPEC W-09, W-10, Q-10). The same AdminService and MatrixStore calls as
// /api/v1/autorisatiematrix and /api/v1/aanwijzingen: the services decide who may read or change.
#include <algorithm>
#include <map>

#include "core/decimal.h"
#include "http/api_support.h"
#include "web/page_routes.h"

namespace leerrecht::web {

namespace {

// Reconfirmation is due within this many days: the row is highlighted ahead of the deadline, so
// that a designation does not lapse unnoticed (SPEC Q-10: every 12 months).
constexpr int kDueSoonDays = 30;

std::string ActionText(const std::string& action) {
  if (action == "lezen") return "inzien";
  if (action == "aanmaken") return "aanmaken";
  if (action == "wijzigen") return "wijzigen";
  if (action == "verwijderen") return "verwijderen";
  if (action == "verstrekken") return "verstrekken";
  if (action == "exporteren") return "exporteren";
  if (action == "beheren") return "beheren";
  return action;
}

// The matrix page; `typed` keeps the pasted matrix when the form comes back with an error.
http::Response MatrixPage(PageContext& context, const PageUser& user, int status, nlohmann::json data,
                          const std::string& typed) {
  auto rows = context.api->admin.MatrixRows(user.actor);
  if (!rows.ok()) return ErrorPage(context, user, rows.status());
  const auto current = context.api->matrices->Current();
  data["versie"] = current->version();
  data["vastgesteld_door"] = current->approved_by();
  data["vastgesteld_op"] = DutchDate(current->approved_on().ToString());
  // One table per role, in the order the matrix first names them: how a privacy officer reads it.
  std::vector<std::string> order;
  std::map<std::string, nlohmann::json> per_role;
  for (const policy::MatrixRow& r : *rows) {
    if (!per_role.contains(r.role)) {
      order.push_back(r.role);
      per_role[r.role] = nlohmann::json::array();
    }
    per_role[r.role].push_back({{"actie", ActionText(r.action)},
                                {"object", r.resource},
                                {"voorwaarden", r.conditions},
                                {"toelichting", r.note},
                                {"regel", r.line}});
  }
  data["rollen_matrix"] = nlohmann::json::array();
  for (const std::string& role : order) {
    data["rollen_matrix"].push_back({{"rol", role}, {"anker", "rol-" + role}, {"regels", per_role[role]}});
  }
  // Only offered to whom the matrix lets set a new version; MatrixStore::Apply checks again.
  data["mag_wijzigen"] = MayEverUse(context, user.actor, policy::Action::kBeheren, policy::Resource::kMatrix);
  data["waarde_toml"] = typed;
  return RenderPage(context, status, "autorisatiematrix", data);
}

// The agreements the user's party is in: each party designates its own staff (SPEC W-10).
std::vector<const policy::Agreement*> OwnAgreements(const http::ApiServices& api, const std::string& party) {
  std::vector<const policy::Agreement*> out;
  for (const policy::Agreement* a : api.agreements.All()) {
    if (a->FindParty(party)) out.push_back(a);
  }
  return out;
}

// A positive number from a form or path; nullopt otherwise.
std::optional<std::int64_t> PositiveNumber(const std::string& text) {
  const std::optional<std::int64_t> value = ParseDecimal(text, 15);
  return value && *value > 0 ? value : std::nullopt;
}

http::Response DesignationsPage(PageContext& context, const PageUser& user, int status, nlohmann::json data,
                                const FormData& form) {
  const Date today = context.clock.Today();
  // The names of the party's users; without the right to manage users the id is shown instead.
  std::map<std::int64_t, std::string> names;
  nlohmann::json people = nlohmann::json::array();
  if (auto users = context.api->admin.ListUsers(user.actor); users.ok()) {
    for (const store::User& u : *users) {
      names[u.id] = u.display_name + " (" + u.username + ")";
      if (!u.active) continue;
      const std::string value = "gebruiker:" + std::to_string(u.id);
      people.push_back({{"waarde", value}, {"tekst", names[u.id]}, {"gekozen", form.Get("wie") == value}});
    }
  }
  nlohmann::json roles = nlohmann::json::array();
  std::vector<std::string> seen;
  for (const policy::AuthorizationRule& rule : context.api->matrices->Current()->rules()) {
    if (std::find(seen.begin(), seen.end(), rule.role) != seen.end()) continue;
    seen.push_back(rule.role);
    const std::string value = "rol:" + rule.role;
    roles.push_back({{"waarde", value}, {"tekst", "iedereen met de rol " + rule.role}, {"gekozen", form.Get("wie") == value}});
  }
  data["heeft_personen"] = !people.empty();
  data["personen"] = people;
  data["rollen"] = roles;
  data["waarde_datum"] = form.Get("datum");

  data["overeenkomsten"] = nlohmann::json::array();
  const std::vector<const policy::Agreement*> agreements = OwnAgreements(*context.api, user.session.party);
  if (agreements.empty()) {
    // No agreement to list: still ask the service, so that a role without the right is refused
    // here as on every other page, not shown an empty page.
    if (auto none = context.api->admin.ListDesignations(user.actor, ""); !none.ok()) {
      return ErrorPage(context, user, none.status());
    }
  }
  for (const policy::Agreement* a : agreements) {
    auto list = context.api->admin.ListDesignations(user.actor, a->id);
    if (!list.ok()) return ErrorPage(context, user, list.status());
    nlohmann::json rows = nlohmann::json::array();
    for (const services::DesignationView& v : *list) {
      const store::Designation& d = v.designation;
      const Date due = d.ReconfirmBy(today);
      const bool ended = d.ended_on.has_value() && !(today < *d.ended_on);
      const bool expired = v.state == "verlopen";
      const bool due_soon = !ended && !expired && today.DaysUntil(due) <= kDueSoonDays;
      std::string who;
      if (d.user_id) {
        auto it = names.find(*d.user_id);
        who = it != names.end() ? it->second : "medewerker " + std::to_string(*d.user_id);
      } else if (d.role) {
        who = "iedereen met de rol " + *d.role;
      }
      std::string state = "actief";
      if (ended) state = "beëindigd op " + DutchDate(d.ended_on->ToString());
      else if (expired) state = "verlopen: niet op tijd herbevestigd";
      else if (v.state != "actief") state = "nog niet in werking";
      rows.push_back({{"id", d.id},
                      {"wie", who},
                      {"door", d.designated_by},
                      {"sinds", DutchDate(d.designated_on.ToString())},
                      {"herbevestigd", d.reconfirmed_on ? nlohmann::json(DutchDate(d.reconfirmed_on->ToString())) : nullptr},
                      {"uiterlijk", DutchDate(due.ToString())},
                      {"status", state},
                      {"verlopen", expired && !ended},
                      {"bijna", due_soon},
                      {"open", !ended}});
    }
    data["overeenkomsten"].push_back({{"id", a->id},
                                      {"titel", a->title.empty() ? a->id : a->title},
                                      {"gekozen", form.Get("overeenkomst") == a->id},
                                      {"aanwijzingen", rows},
                                      {"heeft_aanwijzingen", !rows.empty()}});
  }
  data["heeft_overeenkomsten"] = !data["overeenkomsten"].empty();
  return RenderPage(context, status, "aanwijzingen", data);
}

}  // namespace

void AddAdminPages(http::Router& router, const std::shared_ptr<PageContext>& context) {
  AddPage(router, context, "GET", "/autorisatiematrix", [context](const http::Request& request, const PageUser& user) {
    nlohmann::json data = PageData(user, "Autorisatiematrix", "/autorisatiematrix");
    const FormData query = FormData::Parse(request.query);
    data["vastgesteld"] = query.Get("vastgesteld");
    return MatrixPage(*context, user, 200, std::move(data), "");
  });

  // SPEC R-06: a new version, in the matrix's TOML format, as POST /api/v1/autorisatiematrix.
  AddPage(router, context, "POST", "/autorisatiematrix", [context](const http::Request& request, const PageUser& user) {
    const FormData form = FormData::Parse(request.body);
    nlohmann::json data = PageData(user, "Autorisatiematrix", "/autorisatiematrix");
    const std::string toml = form.Get("toml");
    if (toml.find_first_not_of(" \t\r\n") == std::string::npos) {
      AddFormError(data, "toml", "Plak de nieuwe versie van de matrix (TOML).");
      return MatrixPage(*context, user, 400, std::move(data), toml);
    }
    auto change = context->api->matrices->Apply(user.actor, toml);
    if (!change.ok()) {
      const ErrorCode code = change.status().code();
      // Refused for the role: the error page. Invalid TOML or a separation-of-duties violation
      // by someone who may set the matrix: back to the form with the service's explanation.
      if (code != ErrorCode::kInvalidInput && !(code == ErrorCode::kRefused && MayEverUse(*context, user.actor,
                                                                                         policy::Action::kBeheren,
                                                                                         policy::Resource::kMatrix))) {
        return ErrorPage(*context, user, change.status());
      }
      AddFormError(data, "toml", "De matrix is niet vastgesteld: " + change.status().message());
      return MatrixPage(*context, user, code == ErrorCode::kInvalidInput ? 400 : 403, std::move(data), toml);
    }
    return Redirect("/autorisatiematrix?vastgesteld=" + std::to_string(change->to_version));
  });

  AddPage(router, context, "GET", "/aanwijzingen", [context](const http::Request& request, const PageUser& user) {
    const FormData query = FormData::Parse(request.query);
    nlohmann::json data = PageData(user, "Aanwijzingen", "/aanwijzingen");
    const std::string done = query.Get("gedaan");
    if (done == "vastgelegd") data["melding"] = "De aanwijzing is vastgelegd.";
    if (done == "herbevestigd") data["melding"] = "De aanwijzing is herbevestigd.";
    if (done == "beeindigd") data["melding"] = "De aanwijzing is beëindigd.";
    return DesignationsPage(*context, user, 200, std::move(data), FormData());
  });

  AddPage(router, context, "POST", "/aanwijzingen", [context](const http::Request& request, const PageUser& user) {
    const FormData form = FormData::Parse(request.body);
    nlohmann::json data = PageData(user, "Aanwijzingen", "/aanwijzingen");
    services::NewDesignation d;
    d.agreement_id = form.Get("overeenkomst");
    const std::string who = form.Get("wie");
    if (who.rfind("gebruiker:", 0) == 0) {
      d.user_id = PositiveNumber(who.substr(10));
      if (!d.user_id) AddFormError(data, "wie", "Kies een medewerker of een rol.");
    } else if (who.rfind("rol:", 0) == 0 && who.size() > 4) {
      d.role = who.substr(4);
    } else {
      AddFormError(data, "wie", "Kies een medewerker of een rol.");
    }
    if (d.agreement_id.empty()) AddFormError(data, "overeenkomst", "Kies de overeenkomst.");
    if (!form.Get("datum").empty()) d.on = form.Get("datum");
    if (data.value("heeft_fouten", false)) return DesignationsPage(*context, user, 400, std::move(data), form);
    auto id = context->api->admin.Designate(user.actor, d);
    if (!id.ok()) {
      const ErrorCode code = id.status().code();
      if (code != ErrorCode::kInvalidInput && code != ErrorCode::kNotFound) {
        return ErrorPage(*context, user, id.status());
      }
      const std::string& message = id.status().message();
      AddFormError(data, message.rfind("datum", 0) == 0 ? "datum" : "wie",
                   "De aanwijzing is niet vastgelegd: " + message);
      return DesignationsPage(*context, user, 400, std::move(data), form);
    }
    return Redirect("/aanwijzingen?gedaan=vastgelegd");
  });

  for (const bool reconfirm : {true, false}) {
    const std::string path = reconfirm ? "/aanwijzingen/{id}/herbevestigen" : "/aanwijzingen/{id}/beeindigen";
    AddPage(router, context, "POST", path, [context, reconfirm](const http::Request& request, const PageUser& user) {
      auto id = http::IdParam(request);
      if (!id) return ErrorPage(*context, user, Status::NotFound("niet gevonden"));
      Status s = reconfirm ? context->api->admin.Reconfirm(user.actor, *id)
                           : context->api->admin.EndDesignation(user.actor, *id);
      if (!s.ok()) return ErrorPage(*context, user, s);
      return Redirect(std::string("/aanwijzingen?gedaan=") + (reconfirm ? "herbevestigd" : "beeindigd"));
    });
  }
}

}  // namespace leerrecht::web
