#include "web/page_support.h"

#include <algorithm>
#include <stdexcept>

#include "http/api_support.h"
#include "http/auth.h"
#include "policy/data_dictionary.h"
#include "web/multipart.h"

namespace leerrecht::web {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Compares without stopping at the first difference, so response times say nothing about how
// much of a guessed CSRF token was right.
bool SameSecret(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// A menu item with the right that makes it worth offering; `any_action` for pages where any
// right on the resource applies (break-glass: request, see the overview or decide).
struct NavItem {
  const char* href;
  const char* text;
  bool always;
  policy::Action action;
  policy::Resource resource;
  bool any_action;
};
constexpr NavItem kNavigation[] = {
    {"/overzicht", "Overzicht", true, policy::Action::kLezen, policy::Resource::kDossier, false},
    {"/ontvangen", "Ontvangen gegevens", false, policy::Action::kLezen, policy::Resource::kOntvangenGegevens, false},
    {"/vergelijken", "Lijsten vergelijken", false, policy::Action::kLezen, policy::Resource::kJongere, false},
    {"/rapportages/kwartaal", "Kwartaalcijfers", false, policy::Action::kLezen, policy::Resource::kRapportage, false},
    {"/import", "DUO-import", false, policy::Action::kAanmaken, policy::Resource::kVerzuimmelding, false},
    // Every party sees the agreements it is party to; the page needs no right of its own.
    {"/overeenkomsten", "Overeenkomsten", true, policy::Action::kLezen, policy::Resource::kAgreement, false},
    {"/break-glass", "Break-glass", false, policy::Action::kLezen, policy::Resource::kBreakGlass, true},
    {"/om-uitzonderingen", "OM-geheimhouding", false, policy::Action::kLezen, policy::Resource::kOmUitzondering, true},
    {"/uitzonderlijke-verstrekkingen", "Uitzonderlijke verstrekking", false, policy::Action::kLezen,
     policy::Resource::kUitzonderlijkeVerstrekking, true},
    {"/autorisatiematrix", "Autorisatiematrix", false, policy::Action::kLezen, policy::Resource::kMatrix, false},
    {"/aanwijzingen", "Aanwijzingen", false, policy::Action::kBeheren, policy::Resource::kAanwijzing, false},
    {"/verstrekkingenregister", "Verstrekkingenregister", false, policy::Action::kLezen,
     policy::Resource::kVerstrekkingenregister, false},
};

bool HasRole(const services::Actor& actor, std::string_view role) {
  for (const std::string& r : actor.roles) {
    if (r == role) return true;
  }
  return false;
}

std::vector<std::string> NavigationFor(const PageContext& context, const services::Actor& actor) {
  const auto matrix = context.api->matrices->Current();
  std::vector<std::string> out;
  for (const NavItem& item : kNavigation) {
    bool offered = item.always;
    for (const policy::AuthorizationRule& rule : matrix->rules()) {
      if (offered) break;
      offered = rule.resource == item.resource && (item.any_action || rule.action == item.action) &&
                HasRole(actor, rule.role);
    }
    if (offered) out.emplace_back(item.href);
  }
  return out;
}

// The csrf field of a POST: urlencoded for every form but the file upload, which is multipart.
std::string CsrfField(const http::Request& request) {
  if (auto boundary = MultipartBoundary(request.Header("Content-Type"))) {
    auto parts = ParseMultipart(request.body, *boundary);
    const FormPart* csrf = parts ? FindPart(*parts, "csrf") : nullptr;
    return csrf ? csrf->body : "";
  }
  return FormData::Parse(request.body).Get("csrf");
}

void SetPageHeaders(http::Response& r) {
  // Pages show personal data: no cache, no framing, no foreign scripts or styles.
  r.headers.emplace_back("Cache-Control", "no-store");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "same-origin");
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                         "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
}

std::string RolesText(const std::vector<std::string>& roles) {
  std::string text;
  for (const auto& r : roles) text += (text.empty() ? "" : ", ") + r;
  return text;
}

}  // namespace

std::string UrlDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' || u == '_' ||
        u == '.' || u == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

FormData FormData::Parse(std::string_view encoded) {
  FormData form;
  std::size_t pos = 0;
  while (pos < encoded.size()) {
    std::size_t end = encoded.find('&', pos);
    if (end == std::string_view::npos) end = encoded.size();
    const std::string_view part = encoded.substr(pos, end - pos);
    if (!part.empty()) {
      const std::size_t eq = part.find('=');
      if (eq == std::string_view::npos) {
        form.values_.emplace_back(UrlDecode(part), "");
      } else {
        form.values_.emplace_back(UrlDecode(part.substr(0, eq)), UrlDecode(part.substr(eq + 1)));
      }
    }
    pos = end + 1;
  }
  return form;
}

std::string FormData::Get(std::string_view name) const {
  for (const auto& [k, v] : values_) {
    if (k == name) return v;
  }
  return "";
}

std::vector<std::string> FormData::All(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : values_) {
    if (k == name) out.push_back(v);
  }
  return out;
}

bool FormData::Has(std::string_view name) const {
  for (const auto& kv : values_) {
    if (kv.first == name) return true;
  }
  return false;
}

bool MayEverUse(const PageContext& context, const services::Actor& actor, policy::Action action,
                policy::Resource resource) {
  const auto matrix = context.api->matrices->Current();
  for (const policy::AuthorizationRule& rule : matrix->rules()) {
    if (rule.action == action && rule.resource == resource && HasRole(actor, rule.role)) return true;
  }
  return false;
}

bool FromThisSite(const http::Request& request) {
  const std::string_view origin = request.Header("Origin");
  if (origin.empty()) return true;  // not sent by older browsers or non-browser clients
  const std::size_t scheme = origin.find("://");  // "null" (a sandboxed or file page) has none
  const std::string_view host = request.Header("Host");
  return scheme != std::string_view::npos && !host.empty() && origin.substr(scheme + 3) == host;
}

void AddPage(http::Router& router, const std::shared_ptr<PageContext>& context, const std::string& method,
             const std::string& path, PageHandler handler) {
  const bool state_changing = method != "GET" && method != "HEAD";
  router.Add(method, path,
             [context, state_changing, path, handler = std::move(handler)](const http::Request& request) {
               auto session = context->sessions.Authenticate(http::SessionToken(request));
               if (!session) return Redirect("/inloggen");
               if (session->must_change_password && path != "/wachtwoord") return Redirect("/wachtwoord");
               PageUser user{*session, http::ActorFor(*session, request), {}};
               user.navigation = NavigationFor(*context, user.actor);
               if (state_changing) {
                 if (!SameSecret(CsrfField(request), session->csrf_token) || !FromThisSite(request)) {
                   return ErrorPage(*context, user,
                                    Status::Refused("het formulier is verlopen of komt niet van deze site; "
                                                    "open de pagina opnieuw en probeer het nog eens"));
                 }
               }
               return handler(request, user);
             });
}

nlohmann::json AnonymousPageData(std::string title) {
  return {{"titel", std::move(title)}, {"fouten", nlohmann::json::array()}};
}

nlohmann::json PageData(const PageUser& user, std::string title, std::string_view current) {
  nlohmann::json data = AnonymousPageData(std::move(title));
  data["gebruiker"] = {{"naam", user.session.display_name},
                       {"partij", user.session.party},
                       {"rollen", RolesText(user.session.roles)}};
  data["csrf"] = user.session.csrf_token;
  nlohmann::json nav = nlohmann::json::array();
  for (const NavItem& item : kNavigation) {
    if (std::find(user.navigation.begin(), user.navigation.end(), item.href) == user.navigation.end()) continue;
    nav.push_back({{"href", item.href}, {"tekst", item.text}, {"huidig", current == item.href}});
  }
  data["navigatie"] = nav;
  return data;
}

http::Response RenderPage(const PageContext& context, int status, std::string_view name, const nlohmann::json& data) {
  auto html = context.templates.Render(name, data);
  // Templates are checked at start; a missing one is a programming error, reported as 500.
  if (!html.ok()) throw std::runtime_error(html.status().message());
  http::Response r = http::Response::Html(status, std::move(*html));
  SetPageHeaders(r);
  return r;
}

http::Response RenderFragment(const PageContext& context, std::string_view name, const nlohmann::json& data) {
  return RenderPage(context, 200, name, data);
}

http::Response ErrorPage(const PageContext& context, const PageUser& user, const Status& status) {
  const int code = http::HttpStatusFor(status.code());
  const bool internal = code >= 500;
  std::string title = "Er ging iets mis";
  if (code == 403) title = "Geen toegang";
  if (code == 404) title = "Niet gevonden";
  if (code == 400) title = "Onjuiste invoer";
  if (code == 409) title = "Conflict";
  nlohmann::json data = PageData(user, title, "");
  data["melding"] = internal ? std::string("Interne fout; probeer het later opnieuw.") : status.message();
  data["status"] = code;
  return RenderPage(context, code, "fout", data);
}

http::Response Redirect(const std::string& location) {
  http::Response r;
  r.status = 303;  // See Other: after a POST the browser GETs the new page
  r.content_type = "";
  r.headers.emplace_back("Location", location);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

void AddFormError(nlohmann::json& data, const std::string& field_id, const std::string& message) {
  data["fouten"].push_back({{"veld", field_id}, {"tekst", message}});
  data["fout_" + field_id] = message;
  data["heeft_fouten"] = true;
  // The page title starts with "Fout:" so a screen reader user hears it first (WCAG 3.3.1).
  const std::string title = data.value("titel", "");
  if (title.rfind("Fout: ", 0) != 0) data["titel"] = "Fout: " + title;
}

std::string DutchDate(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::string(iso);
  return std::string(iso.substr(8, 2)) + "-" + std::string(iso.substr(5, 2)) + "-" + std::string(iso.substr(0, 4));
}

std::string DutchDateTime(std::string_view iso) {
  if (iso.size() < 16 || (iso[10] != 'T' && iso[10] != ' ')) return DutchDate(iso);
  return DutchDate(iso.substr(0, 10)) + " " + std::string(iso.substr(11, 5));
}

std::string FieldLabel(std::string_view field_id) {
  auto id = policy::FindField(field_id);
  return id ? std::string(policy::Field(*id).label) : std::string(field_id);
}

std::string PartyName(const http::ApiServices& api, std::string_view party_id) {
  for (const policy::Agreement* a : api.agreements.All()) {
    if (const policy::Party* p = a->FindParty(party_id)) return p->name;
  }
  return std::string(party_id);
}

Quarter CurrentQuarter(const Clock& clock) {
  const auto ymd = clock.Today().Ymd();
  return {static_cast<int>(ymd.year()), static_cast<int>((static_cast<unsigned>(ymd.month()) - 1) / 3 + 1)};
}

Quarter RequestedQuarter(const FormData& query, const Clock& clock) {
  if (!query.Has("jaar") && !query.Has("kwartaal")) return CurrentQuarter(clock);
  return {http::SmallNumber(query.Get("jaar")), http::SmallNumber(query.Get("kwartaal"))};
}

void QuarterChoice(nlohmann::json& data, const Clock& clock, std::string action, Quarter chosen) {
  const int this_year = CurrentQuarter(clock).year;
  data["kwartaal_actie"] = std::move(action);
  data["jaren"] = nlohmann::json::array();
  for (int y = this_year - 4; y <= this_year; ++y) data["jaren"].push_back({{"jaar", y}, {"gekozen", y == chosen.year}});
  data["kwartalen"] = nlohmann::json::array();
  for (int k = 1; k <= 4; ++k) data["kwartalen"].push_back({{"nummer", k}, {"gekozen", k == chosen.quarter}});
}

}  // namespace leerrecht::web
