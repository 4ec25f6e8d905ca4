// Logging in and out and changing the password, with the same SessionService as the JSON API.
#include "http/auth.h"
#include "web/page_routes.h"

namespace leerrecht::web {

namespace {

// The same cookie as POST /api/v1/login sets: a browser logged in on a page can use the API too.
std::string SessionCookie(const std::string& token, long max_age_seconds) {
  return std::string(http::kSessionCookie) + "=" + token +
         "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=" + std::to_string(max_age_seconds);
}

nlohmann::json LoginData(const FormData& form) {
  nlohmann::json data = AnonymousPageData("Inloggen");
  data["waarde_gebruiker"] = form.Get("gebruiker");
  return data;
}

nlohmann::json PasswordData(const PageUser& user) {
  nlohmann::json data = PageData(user, "Wachtwoord wijzigen", "");
  data["eenmalig"] = user.session.must_change_password;
  data["velden"] = nlohmann::json::array({
      {{"id", "huidig"}, {"label", "Huidig wachtwoord"}, {"autocomplete", "current-password"}, {"fout", nullptr}},
      {{"id", "nieuw"}, {"label", "Nieuw wachtwoord (minstens 12 tekens)"}, {"autocomplete", "new-password"},
       {"fout", nullptr}},
      {{"id", "herhaling"}, {"label", "Nieuw wachtwoord nogmaals"}, {"autocomplete", "new-password"},
       {"fout", nullptr}},
  });
  return data;
}

nlohmann::json SecondFactorData(const PageUser& user) {
  nlohmann::json data = PageData(user, "Tweede factor", "");
  data["actief"] = user.session.second_factor;
  return data;
}

void PasswordError(nlohmann::json& data, std::size_t index, const std::string& message) {
  AddFormError(data, data["velden"][index]["id"].get<std::string>(), message);
  data["velden"][index]["fout"] = message;
}

}  // namespace

void AddAccountPages(http::Router& router, const std::shared_ptr<PageContext>& context) {
  router.Add("GET", "/", [context](const http::Request& request) {
    return Redirect(context->sessions.Authenticate(http::SessionToken(request)) ? "/overzicht" : "/inloggen");
  });

  router.Add("GET", "/inloggen", [context](const http::Request& request) {
    if (context->sessions.Authenticate(http::SessionToken(request))) return Redirect("/overzicht");
    nlohmann::json data = LoginData(FormData());
    data["uitgelogd"] = FormData::Parse(request.query).Get("uitgelogd") == "ja";
    return RenderPage(*context, 200, "inloggen", data);
  });

  router.Add("POST", "/inloggen", [context](const http::Request& request) {
    const FormData form = FormData::Parse(request.body);
    nlohmann::json data = LoginData(form);
    if (!FromThisSite(request)) {
      AddFormError(data, "gebruiker", "Dit formulier komt niet van deze site. Open de inlogpagina opnieuw.");
      return RenderPage(*context, 403, "inloggen", data);
    }
    const std::string username = form.Get("gebruiker");
    const std::string password = form.Get("wachtwoord");
    if (form.Has("code")) data["vraag_code"] = true;
    if (username.empty()) AddFormError(data, "gebruiker", "Vul uw gebruikersnaam in.");
    if (password.empty()) AddFormError(data, "wachtwoord", "Vul uw wachtwoord in.");
    if (data.value("heeft_fouten", false)) return RenderPage(*context, 400, "inloggen", data);

    auto login = context->sessions.Login(username, password, request.remote_address, form.Get("code"));
    if (!login.ok()) {
      const Status& s = login.status();
      if (services::IsSecondFactorRefusal(s)) {
        data["vraag_code"] = true;
        AddFormError(data, "code",
                     form.Get("code").empty() ? std::string("Vul de code uit uw authenticator-app in.")
                                              : "De code klopt niet: " + s.message() + ".");
        return RenderPage(*context, 401, "inloggen", data);
      }
      if (s.code() == ErrorCode::kUnavailable) {
        AddFormError(data, "gebruiker", s.message());
        return RenderPage(*context, 429, "inloggen", data);
      }
      // The same sentence for a wrong name and a wrong password: it must not reveal which exist.
      AddFormError(data, "gebruiker", "Gebruikersnaam of wachtwoord onjuist.");
      return RenderPage(*context, 401, "inloggen", data);
    }
    http::Response r = Redirect(login->session.must_change_password ? "/wachtwoord" : "/overzicht");
    r.headers.emplace_back("Set-Cookie", SessionCookie(login->token, 12 * 3600));
    return r;
  });

  AddPage(router, context, "POST", "/uitloggen", [context](const http::Request& request, const PageUser&) {
    context->sessions.Logout(http::SessionToken(request));
    http::Response r = Redirect("/inloggen?uitgelogd=ja");
    r.headers.emplace_back("Set-Cookie", SessionCookie("", 0));
    return r;
  });

  AddPage(router, context, "GET", "/wachtwoord", [context](const http::Request&, const PageUser& user) {
    return RenderPage(*context, 200, "wachtwoord", PasswordData(user));
  });
  AddPage(router, context, "POST", "/wachtwoord", [context](const http::Request& request, const PageUser& user) {
    const FormData form = FormData::Parse(request.body);
    nlohmann::json data = PasswordData(user);
    if (form.Get("huidig").empty()) PasswordError(data, 0, "Vul uw huidige wachtwoord in.");
    if (form.Get("nieuw").empty()) PasswordError(data, 1, "Vul een nieuw wachtwoord in.");
    if (form.Get("nieuw") != form.Get("herhaling")) PasswordError(data, 2, "De twee nieuwe wachtwoorden verschillen.");
    if (data.value("heeft_fouten", false)) return RenderPage(*context, 400, "wachtwoord", data);
    Status s = context->sessions.ChangePassword(http::SessionToken(request), form.Get("huidig"), form.Get("nieuw"));
    if (!s.ok()) {
      // The service names what is wrong (current password, length) in Dutch.
      PasswordError(data, s.message().find("huidig") != std::string::npos ? 0 : 1, s.message());
      return RenderPage(*context, s.code() == ErrorCode::kInvalidInput ? 400 : 403, "wachtwoord", data);
    }
    return Redirect("/overzicht");
  });

  // The TOTP second factor, as /api/v1/tweede-factor: start (the secret is shown once, as text to
  // type into an authenticator app), confirm with a code, switch off with password and code.
  AddPage(router, context, "GET", "/tweede-factor", [context](const http::Request& request, const PageUser& user) {
    nlohmann::json data = SecondFactorData(user);
    const std::string done = FormData::Parse(request.query).Get("gedaan");
    if (done == "aan") data["melding"] = "De tweede factor staat aan. Voortaan vraagt Leerrecht bij het inloggen om een code.";
    if (done == "uit") data["melding"] = "De tweede factor staat uit.";
    return RenderPage(*context, 200, "tweede_factor", data);
  });
  AddPage(router, context, "POST", "/tweede-factor/instellen", [context](const http::Request&, const PageUser& user) {
    auto enrolment = context->sessions.StartSecondFactor(user.session);
    if (!enrolment.ok()) return ErrorPage(*context, user, enrolment.status());
    nlohmann::json data = SecondFactorData(user);
    data["inschrijving"] = true;
    data["geheim"] = enrolment->secret;
    data["uri"] = enrolment->uri;
    return RenderPage(*context, 200, "tweede_factor", data);
  });
  AddPage(router, context, "POST", "/tweede-factor/bevestigen", [context](const http::Request& request, const PageUser& user) {
    const FormData form = FormData::Parse(request.body);
    nlohmann::json data = SecondFactorData(user);
    data["inschrijving"] = true;
    const std::string code = form.Get("code");
    if (code.empty()) {
      AddFormError(data, "code", "Vul de code uit uw authenticator-app in.");
      return RenderPage(*context, 400, "tweede_factor", data);
    }
    Status s = context->sessions.ConfirmSecondFactor(user.session, code);
    if (!s.ok()) {
      if (s.code() != ErrorCode::kInvalidInput && s.code() != ErrorCode::kRefused) return ErrorPage(*context, user, s);
      AddFormError(data, "code", "De code is niet geaccepteerd: " + s.message() + ".");
      return RenderPage(*context, 400, "tweede_factor", data);
    }
    return Redirect("/tweede-factor?gedaan=aan");
  });
  AddPage(router, context, "POST", "/tweede-factor/uitschakelen", [context](const http::Request& request, const PageUser& user) {
    const FormData form = FormData::Parse(request.body);
    nlohmann::json data = SecondFactorData(user);
    if (form.Get("wachtwoord").empty()) AddFormError(data, "wachtwoord", "Vul uw wachtwoord in.");
    if (form.Get("code").empty()) AddFormError(data, "code", "Vul de code uit uw authenticator-app in.");
    if (data.value("heeft_fouten", false)) return RenderPage(*context, 400, "tweede_factor", data);
    Status s = context->sessions.DisableSecondFactor(user.session, form.Get("wachtwoord"), form.Get("code"));
    if (!s.ok()) {
      const ErrorCode code = s.code();
      if (code != ErrorCode::kInvalidInput && code != ErrorCode::kRefused && code != ErrorCode::kUnavailable) {
        return ErrorPage(*context, user, s);
      }
      // The service does not say which of the two was wrong when the password is; both stay empty.
      AddFormError(data, "wachtwoord", "De tweede factor is niet uitgeschakeld: " + s.message() + ".");
      return RenderPage(*context, code == ErrorCode::kUnavailable ? 429 : 400, "tweede_factor", data);
    }
    return Redirect("/tweede-factor?gedaan=uit");
  });
}

}  // namespace leerrecht::web
