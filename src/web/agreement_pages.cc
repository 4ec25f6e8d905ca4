// The agreements page: the covenants and art. 20 Wpg decisions the user's party is a party to,
// each with its exchange table (fields per case category, with the document's reasons), as
// `leerrecht agreement show` prints it. The same AgreementRegistry as GET /api/v1/overeenkomsten.
#include <string>
#include <vector>

#include "domain/case_category.h"
#include "policy/agreement.h"
#include "policy/data_dictionary.h"
#include "web/page_routes.h"

namespace leerrecht::web {

namespace {

std::string CategoryTitle(const std::optional<domain::CaseCategory>& c) {
  if (!c) return "Elke zaak";
  switch (*c) {
    case domain::CaseCategory::kAbsoluutVerzuim: return "Absoluut verzuim";
    case domain::CaseCategory::kLangdurigVerzuim: return "Langdurig verzuim";
    case domain::CaseCategory::kVrijstelling5a: return "Vrijstelling 5 onder a";
    case domain::CaseCategory::kRelatiefVerzuim: return "Relatief verzuim";
    case domain::CaseCategory::kLuxeVerzuim: return "Luxe verzuim";
    case domain::CaseCategory::kOverigVerzuim: return "Overig verzuim";
    case domain::CaseCategory::kBeginnendVerzuim: return "Beginnend verzuim";
  }
  return "?";
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string PartyNames(const policy::Agreement& a, const std::vector<std::size_t>& indexes) {
  std::vector<std::string> names;
  for (std::size_t i : indexes) names.push_back(a.parties[i].name);
  return Join(names);
}

nlohmann::json AgreementJson(const policy::Agreement& a, const std::string& own_party) {
  const auto first = a.FirstDayInForce();
  const auto last = a.LastDayInForce();
  nlohmann::json parties = nlohmann::json::array();
  for (const policy::Party& p : a.parties) {
    std::string profile;  // SPEC W-20: what the partner gets by default, by label
    if (p.profile) {
      for (const policy::FieldInfo& f : policy::AllFields()) {
        if (auto id = policy::FindField(f.id); id && p.profile->test(*id)) {
          profile += (profile.empty() ? "" : ", ") + std::string(f.label);
        }
      }
    }
    parties.push_back({{"naam", p.name},
                       {"profiel", profile.empty() ? nlohmann::json(nullptr) : nlohmann::json(profile)},
                       {"rol", std::string(policy::PartyRoleId(p.role))},
                       {"grondslag", Join(p.legal_basis)},
                       {"eigen", p.id == own_party},
                       {"opgeschort", p.suspended_on ? nlohmann::json(DutchDate(p.suspended_on->ToString())) : nullptr}});
  }
  nlohmann::json purposes = nlohmann::json::array();
  for (const policy::Purpose& p : a.purposes) purposes.push_back({{"id", p.id}, {"tekst", p.text}});
  nlohmann::json flows = nlohmann::json::array();
  for (std::size_t i = 0; i < a.flows.size(); ++i) {
    const policy::Flow& flow = a.flows[i];
    std::vector<std::string> flow_purposes;
    for (std::size_t p : flow.purposes) flow_purposes.push_back(a.purposes[p].text);
    nlohmann::json rows = nlohmann::json::array();
    for (const policy::FlowField& entry : flow.fields) {
      // A shorthand ("naw") is shown with the fields it stands for, so the reader sees exactly
      // what may go.
      std::vector<std::string> labels;
      for (policy::FieldId f : entry.fields) labels.emplace_back(policy::Field(f).label);
      rows.push_back({{"ref", entry.ref.empty() ? std::string("–") : entry.ref},
                      {"velden", Join(labels)},
                      {"reden", entry.reason}});
    }
    flows.push_back({{"nummer", i + 1},
                     {"categorie", CategoryTitle(flow.category)},
                     {"van", PartyNames(a, flow.from)},
                     {"aan", PartyNames(a, flow.to)},
                     {"doelen", Join(flow_purposes)},
                     {"rijen", rows}});
  }
  const bool wpg = a.kind == policy::AgreementKind::kWpgArt20;
  return {{"id", a.id},
          {"versie", a.version},
          {"titel", a.title},
          {"soort", wpg ? "besluit art. 20 Wpg" : "convenant (AVG)"},
          {"wpg", wpg},
          {"van", first ? DutchDate(first->ToString()) : std::string("?")},
          {"tot", last ? DutchDate(last->ToString()) : std::string("onbepaald")},
          {"ingetrokken", a.revoked_on ? nlohmann::json(DutchDate(a.revoked_on->ToString())) : nullptr},
          {"verantwoordelijke", a.controller},
          {"bijzonder", a.special_categories == policy::SpecialCategories::kExcluded
                            ? "uitgesloten"
                            : "alleen met een expliciete grondslag van de ontvanger"},
          {"geheimhouding", wpg ? nlohmann::json(a.confidentiality_notice) : nullptr},
          {"tabel_titel", a.exchange_table.empty() ? std::string("Uitwisselingstabel") : a.exchange_table},
          {"partijen", parties},
          {"doelen", purposes},
          {"stromen", flows}};
}

// Only the agreements the user's own party is a party to: the page is for the work of that
// party, and which other parties exchange what with whom is theirs to show.
std::vector<const policy::Agreement*> OwnAgreements(const http::ApiServices& api, const std::string& party) {
  std::vector<const policy::Agreement*> out;
  for (const policy::Agreement* a : api.agreements.All()) {
    if (a->FindParty(party) != nullptr) out.push_back(a);
  }
  return out;
}

}  // namespace

void AddAgreementPages(http::Router& router, const std::shared_ptr<PageContext>& context) {
  AddPage(router, context, "GET", "/overeenkomsten", [context](const http::Request&, const PageUser& user) {
    nlohmann::json data = PageData(user, "Overeenkomsten", "/overeenkomsten");
    data["partij_naam"] = PartyName(*context->api, user.session.party);
    data["overeenkomsten"] = nlohmann::json::array();
    for (const policy::Agreement* a : OwnAgreements(*context->api, user.session.party)) {
      const auto first = a->FirstDayInForce();
      const auto last = a->LastDayInForce();
      data["overeenkomsten"].push_back(
          {{"id", a->id},
           {"versie", a->version},
           {"titel", a->title},
           {"soort", a->kind == policy::AgreementKind::kWpgArt20 ? "besluit art. 20 Wpg" : "convenant (AVG)"},
           {"van", first ? DutchDate(first->ToString()) : std::string("?")},
           {"tot", last ? DutchDate(last->ToString()) : std::string("onbepaald")},
           {"ingetrokken", a->revoked_on ? nlohmann::json(DutchDate(a->revoked_on->ToString())) : nullptr}});
    }
    data["heeft_overeenkomsten"] = !data["overeenkomsten"].empty();
    return RenderPage(*context, 200, "overeenkomsten", data);
  });

  AddPage(router, context, "GET", "/overeenkomsten/{id}", [context](const http::Request& request, const PageUser& user) {
    const std::string_view id = request.Param("id");
    for (const policy::Agreement* a : OwnAgreements(*context->api, user.session.party)) {
      if (a->id != id) continue;
      nlohmann::json data = PageData(user, a->title, "/overeenkomsten");
      data["overeenkomst"] = AgreementJson(*a, user.session.party);
      return RenderPage(*context, 200, "overeenkomst", data);
    }
    // Another party's agreement is "not found", as the API says of another party's case.
    return ErrorPage(*context, user, Status::NotFound("deze overeenkomst is niet gevonden bij uw organisatie"));
  });
}

}  // namespace leerrecht::web
