// Shared pieces of every web page: the logged-in user, form data, CSRF, the layout and error pages.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "http/api_routes.h"
#include "http/message.h"
#include "http/router.h"
#include "policy/authorization.h"
#include "services/actor.h"
#include "services/session_service.h"
#include "web/template.h"

namespace leerrecht::web {

// The fields of an application/x-www-form-urlencoded body or a query string, decoded, in order
// (a name may repeat: the field checkboxes of the share form).
class FormData {
 public:
  static FormData Parse(std::string_view encoded);
  // The first value of `name`, "" when absent.
  [[nodiscard]] std::string Get(std::string_view name) const;
  [[nodiscard]] std::vector<std::string> All(std::string_view name) const;
  [[nodiscard]] bool Has(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> values_;
};

// Percent-decoding with '+' as space; an invalid escape is kept as written.
std::string UrlDecode(std::string_view text);
// Percent-encoding of a query value (unreserved characters stay).
std::string UrlEncode(std::string_view text);

// Everything a page handler needs, shared by the handlers of every page.
struct PageContext {
  services::SessionService& sessions;
  std::shared_ptr<http::ApiServices> api;
  TemplateSet templates;
  const Clock& clock;
};

// The logged-in user of a page request: the same actor the JSON API builds (ActorFor), so every
// page goes through the services' authorisation exactly as the API does.
struct PageUser {
  services::Session session;
  services::Actor actor;
  // The navigation hrefs the user's roles may use (MayEverUse). A convenience only: every page
  // is still refused by its service when the role may not.
  std::vector<std::string> navigation;
};

using PageHandler = std::function<http::Response(const http::Request&, const PageUser&)>;

// A browser sends Origin with every POST; when present it must be this server (Host). A second
// line of defence beside the CSRF token and the SameSite=Strict cookie, and the only one for the
// login form, which has no session yet (a foreign login form would log a victim into another account).
bool FromThisSite(const http::Request& request);

// Whether one of the actor's roles has any rule for `action` on `resource` in the matrix in force,
// whatever its conditions: enough to offer a menu item or a form, never to show data (the
// services decide that, with the conditions).
bool MayEverUse(const PageContext& context, const services::Actor& actor, policy::Action action,
                policy::Resource resource);

// A page that needs a logged-in user. Without a session: a redirect to /inloggen. With a
// one-time password still to change: a redirect to /wachtwoord. A POST must carry the session's
// CSRF token in the form field `csrf` (a cross-site form cannot know it) and, when the browser
// sends Origin, come from this server. API tokens are not accepted: pages are for people.
void AddPage(http::Router& router, const std::shared_ptr<PageContext>& context, const std::string& method,
             const std::string& path, PageHandler handler);

// The context every page template gets: title, user, CSRF token and the navigation with the
// current item marked. `current` is the navigation href of the page ("/overzicht").
nlohmann::json PageData(const PageUser& user, std::string title, std::string_view current);
// For pages without a user (login).
nlohmann::json AnonymousPageData(std::string title);

// Renders `name` as a complete page. Pages with personal data must not be cached anywhere.
http::Response RenderPage(const PageContext& context, int status, std::string_view name, const nlohmann::json& data);
// A fragment for htmx (no layout), with the same headers.
http::Response RenderFragment(const PageContext& context, std::string_view name, const nlohmann::json& data);
// The error page for a refused, missing or failed service call, with the status the API gives
// the same outcome (http::HttpStatusFor); internal details stay out of the page.
http::Response ErrorPage(const PageContext& context, const PageUser& user, const Status& status);
http::Response Redirect(const std::string& location);

// The error summary of a form (NL Design System pattern): each error links to its field.
void AddFormError(nlohmann::json& data, const std::string& field_id, const std::string& message);

// "2025-03-14" -> "14-03-2025", as Dutch readers expect; other text unchanged.
std::string DutchDate(std::string_view iso);
// A timestamp "2025-03-14T09:30:00Z" -> "14-03-2025 09:30".
std::string DutchDateTime(std::string_view iso);
// The Dutch label of a data-dictionary field ("ouder_naam" -> "naam ouder(s)/verzorger(s)").
std::string FieldLabel(std::string_view field_id);
// The display name of a party from the agreements in force, or its id.
std::string PartyName(const http::ApiServices& api, std::string_view party_id);

// A calendar quarter, as the quarter forms ask for it.
struct Quarter {
  int year = 0;
  int quarter = 0;
};
Quarter CurrentQuarter(const Clock& clock);
// The quarter of ?jaar=&kwartaal=, the current one when both are absent (0 for an unreadable one,
// which the services refuse with a message).
Quarter RequestedQuarter(const FormData& query, const Clock& clock);
// The data of the year and quarter selects (template kwartaalvelden): the last five years, the
// four quarters, `chosen` selected; `action` is where the chooser kwartaalkeuze sends them.
void QuarterChoice(nlohmann::json& data, const Clock& clock, std::string action, Quarter chosen);

}  // namespace leerrecht::web
