// Disclosure outside the agreements (SPEC ): the legal adviser records a separate,
// compatible basis; the leerplichtambtenaar discloses from a case on one and sees what to hand
// over. The same ExceptionalDisclosureService calls as /api/v1/aparte-grondslagen and
// /api/v1/zaken/{id}/uitzonderlijke-verstrekkingen.
#include "core/decimal.h"
#include "http/api_support.h"
#include "policy/data_dictionary.h"
#include "web/page_routes.h"

namespace leerrecht::web {

namespace {

bool May(const PageContext& context, const PageUser& user, policy::Action action) {
  policy::AccessFacts facts;
  facts.same_party = true;
  facts.own_caseload = true;  // only whether to offer a form: the service checks the case itself
  return services::Authorize(*context.api->matrices->Current(), user.actor, action,
                             policy::Resource::kUitzonderlijkeVerstrekking, facts)
      .allowed;
}

// The fields a separate basis may cover: neither police data nor special categories.
nlohmann::json BasisFieldChoices(const FormData& form) {
  const std::vector<std::string> chosen = form.All("velden");
  nlohmann::json out = nlohmann::json::array();
  for (const policy::FieldInfo& f : policy::AllFields()) {
    if (f.IsPoliceData() || f.IsSpecialCategory()) continue;
    const std::string id(f.id);
    out.push_back({{"id", id},
                   {"label", std::string(f.label)},
                   {"gekozen", std::find(chosen.begin(), chosen.end(), id) != chosen.end()}});
  }
  return out;
}

http::Response Overview(PageContext& context, const PageUser& user, int status, nlohmann::json data,
                        const FormData& form) {
  const bool manage = May(context, user, policy::Action::kBeheren);
  const bool disclose = May(context, user, policy::Action::kAanmaken);
  data["beheren"] = manage;
  data["verstrekken"] = disclose;
  for (const char* key : {"zaak", "ontvanger_id", "ontvanger", "doel", "grondslag", "verenigbaarheid"}) {
    data[std::string("waarde_") + key] = form.Get(key);
  }
  data["velden"] = BasisFieldChoices(form);
  nlohmann::json bases = nlohmann::json::array();
  nlohmann::json in_force = nlohmann::json::array();
  auto list = context.api->exceptional.Bases(user.actor);
  if (!list.ok()) {
    data["lijst_geweigerd"] = list.status().message();
  } else {
    for (const services::BasisView& v : *list) {
      const store::SeparateBasis& b = v.basis;
      std::string fields;
      for (const std::string& f : b.fields) fields += (fields.empty() ? "" : ", ") + FieldLabel(f);
      bases.push_back({{"id", b.id},
                       {"ontvanger", b.recipient_name},
                       {"doel", b.purpose},
                       {"grondslag", b.legal_basis},
                       {"verenigbaarheid", b.compatibility},
                       {"velden", fields},
                       {"vastgelegd", v.recorded_by + ", " + DutchDateTime(b.recorded_at)},
                       {"beeindigd", b.ended_at ? nlohmann::json(DutchDateTime(*b.ended_at)) : nlohmann::json(nullptr)},
                       {"beeindigen", manage && !b.ended_at}});
      if (!b.ended_at) {
        in_force.push_back({{"id", b.id},
                            {"tekst", b.recipient_name + " — " + b.purpose},
                            {"gekozen", form.Get("grondslag_id") == std::to_string(b.id)}});
      }
    }
  }
  data["grondslagen"] = bases;
  data["heeft_grondslagen"] = !bases.empty();
  data["in_werking"] = in_force;
  return RenderPage(context, status, "uitzonderlijke_verstrekking", data);
}

bool IsBlank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

void AddExceptionalPages(http::Router& router, const std::shared_ptr<PageContext>& context) {
  const std::string title = "Uitzonderlijke verstrekking";
  const std::string path = "/uitzonderlijke-verstrekkingen";
  AddPage(router, context, "GET", path, [context, title, path](const http::Request& request, const PageUser& user) {
    const FormData query = FormData::Parse(request.query);
    nlohmann::json data = PageData(user, title, path);
    data["vastgelegd"] = query.Get("vastgelegd") == "ja";
    data["beeindigd"] = query.Get("beeindigd") == "ja";
    return Overview(*context, user, 200, std::move(data), query);
  });

  // The legal adviser records a basis.
  AddPage(router, context, "POST", path + "/grondslagen",
          [context, title, path](const http::Request& request, const PageUser& user) {
            const FormData form = FormData::Parse(request.body);
            nlohmann::json data = PageData(user, title, path);
            store::SeparateBasis b;
            b.recipient_id = form.Get("ontvanger_id");
            b.recipient_name = form.Get("ontvanger");
            b.purpose = form.Get("doel");
            b.legal_basis = form.Get("grondslag");
            b.compatibility = form.Get("verenigbaarheid");
            b.fields = form.All("velden");
            if (IsBlank(b.recipient_name)) AddFormError(data, "ontvanger", "Noem de ontvanger.");
            if (IsBlank(b.recipient_id)) AddFormError(data, "ontvanger_id", "Geef de ontvanger een korte id.");
            if (IsBlank(b.purpose)) AddFormError(data, "doel", "Noem het doel van de ontvanger.");
            if (IsBlank(b.legal_basis)) AddFormError(data, "grondslag", "Noem de wettelijke grondslag.");
            if (IsBlank(b.compatibility)) {
              AddFormError(data, "verenigbaarheid", "Leg vast waarom het doel verenigbaar is (AVG art. 6 lid 4).");
            }
            if (b.fields.empty()) AddFormError(data, "basisvelden", "Kies de gegevens die de grondslag dekt.");
            if (data.value("heeft_fouten", false)) return Overview(*context, user, 400, std::move(data), form);
            auto view = context->api->exceptional.RecordBasis(user.actor, std::move(b));
            if (!view.ok()) {
              if (view.status().code() != ErrorCode::kInvalidInput) return ErrorPage(*context, user, view.status());
              AddFormError(data, "ontvanger_id", view.status().message());
              return Overview(*context, user, 400, std::move(data), form);
            }
            return Redirect(path + "?vastgelegd=ja");
          });

  AddPage(router, context, "POST", path + "/grondslagen/{id}/beeindigen",
          [context, path](const http::Request& request, const PageUser& user) {
            auto id = http::IdParam(request);
            if (!id) return ErrorPage(*context, user, Status::NotFound("niet gevonden"));
            auto view = context->api->exceptional.EndBasis(user.actor, *id);
            if (!view.ok()) return ErrorPage(*context, user, view.status());
            return Redirect(path + "?beeindigd=ja");
          });

  // The leerplichtambtenaar discloses from a case on a basis; the outcome shows what to hand over.
  AddPage(router, context, "POST", path, [context, title, path](const http::Request& request, const PageUser& user) {
    const FormData form = FormData::Parse(request.body);
    nlohmann::json data = PageData(user, title, path);
    services::ExceptionalDraft d;
    d.case_id = ParseDecimal(form.Get("zaak"), 15).value_or(0);
    d.basis_id = ParseDecimal(form.Get("grondslag_id"), 15).value_or(0);
    d.fields = form.All("velden");
    d.recipient = form.Get("ontvanger");
    if (d.case_id == 0) AddFormError(data, "zaak", "Vul het zaaknummer in (alleen cijfers).");
    if (d.fields.empty()) AddFormError(data, "velden", "Kies ten minste één gegeven.");
    if (data.value("heeft_fouten", false)) return Overview(*context, user, 400, std::move(data), form);
    auto sent = context->api->exceptional.Disclose(user.actor, d);
    if (!sent.ok()) {
      if (sent.status().code() == ErrorCode::kNotFound) return ErrorPage(*context, user, sent.status());
      // The refusals of SPEC R-08 (no basis, police data) belong in the form's error summary.
      AddFormError(data, "grondslag_id", sent.status().message());
      return Overview(*context, user, sent.status().code() == ErrorCode::kRefused ? 403 : 400, std::move(data), form);
    }
    nlohmann::json items = nlohmann::json::array();
    for (const auto& [field, value] : sent->sent) items.push_back({{"label", FieldLabel(field)}, {"waarde", value}});
    nlohmann::json refused = nlohmann::json::array();
    for (const auto& [field, why] : sent->refused) refused.push_back({{"label", FieldLabel(field)}, {"reden", why}});
    data["uitkomst"] = {{"id", sent->id}, {"ontvanger", sent->recipient_name}, {"gegevens", items},
                        {"geweigerd", refused}, {"heeft_geweigerd", !refused.empty()}};
    return Overview(*context, user, 201, std::move(data), FormData::Parse(""));
  });
}

}  // namespace leerrecht::web
