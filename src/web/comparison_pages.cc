// List comparison (SPEC C-16, C-17, C-46): the party's register against a list it received (an
// uploaded CSV) or against the records disclosed to it, and the quarterly covenant list's
// completeness check. The same ListComparisonService calls as /api/v1/vergelijkingen and
// /api/v1/convenantlijsten; the service decides who may compare and logs every BSN it shows.
#include <algorithm>
#include <map>

#include "http/api_support.h"
#include "services/list_comparison.h"
#include "web/multipart.h"
#include "web/page_routes.h"

namespace leerrecht::web {

namespace {

// Shown before any result, as on a received disclosure: the right-hand list is received data.
constexpr const char* kDefaultNotice =
    "Deze vergelijking bevat persoonsgegevens die uw organisatie van een andere partij heeft ontvangen. "
    "Gebruik ze alleen om de lijsten van thuiszitters met elkaar te vergelijken, deel ze niet verder en "
    "bewaar geen kopie buiten Leerrecht.";

std::string FieldText(const std::string& field) {
  if (field == "categorie") return "Categorie";
  if (field == "startdatum") return "Startdatum";
  if (field == "school") return "School";
  return field;
}

// The notice of the agreement under which `other` sends to the party, the general one otherwise
// (a list from any party, or an agreement without its own text).
std::string NoticeFor(const http::ApiServices& api, const std::string& party, const std::string& other) {
  for (const policy::Agreement* a : api.agreements.All()) {
    if (!a->FindParty(party) || a->confidentiality_notice.empty()) continue;
    if (other.empty() || a->FindParty(other)) return a->confidentiality_notice;
  }
  return kDefaultNotice;
}

// The other parties of the agreements the user's party is in: the senders it may compare with.
nlohmann::json Counterparts(const http::ApiServices& api, const std::string& party, const std::string& chosen,
                            bool swv_only) {
  std::map<std::string, std::string> names;
  for (const policy::Agreement* a : api.agreements.All()) {
    if (!a->FindParty(party)) continue;
    for (const policy::Party& p : a->parties) {
      if (p.id == party || (swv_only && p.role != policy::PartyRole::kSwv)) continue;
      names.emplace(p.id, p.name);
    }
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [id, name] : names) out.push_back({{"id", id}, {"naam", name}, {"gekozen", id == chosen}});
  return out;
}

std::string SideText(services::CompareSide side, const std::string& right_name) {
  return side == services::CompareSide::kLeft ? std::string("eigen register") : right_name;
}

// The reconciliation report as the template shows it: the three groups of SPEC C-17, then the
// rows that could not be used.
nlohmann::json ReportData(const services::CompareReport& report, const std::string& right_name) {
  nlohmann::json out;
  out["rechts"] = right_name;
  out["rijen_links"] = report.left_rows;
  out["rijen_rechts"] = report.right_rows;
  out["aantal_beide"] = report.matched.size();
  out["aantal_links"] = report.only_left.size();
  out["aantal_rechts"] = report.only_right.size();

  nlohmann::json differences = nlohmann::json::array();
  for (const auto& m : report.category_mismatch) {
    differences.push_back({{"bsn", services::FormatBsn(m.bsn)}, {"veld", "Categorie"}, {"links", m.left},
                           {"rechts", m.right}, {"dagen", ""}, {"sleutel", m.bsn}});
  }
  for (const auto& d : report.field_differences) {
    std::string days;
    if (d.days) {
      const std::int32_t n = *d.days;
      days = std::to_string(n < 0 ? -n : n) + (n == 1 || n == -1 ? " dag " : " dagen ") +
             (n < 0 ? "eerder" : "later");
    }
    differences.push_back({{"bsn", services::FormatBsn(d.bsn)}, {"veld", FieldText(d.field)}, {"links", d.left},
                           {"rechts", d.right}, {"dagen", days}, {"sleutel", d.bsn}});
  }
  std::stable_sort(differences.begin(), differences.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    return a["sleutel"].get<std::uint32_t>() < b["sleutel"].get<std::uint32_t>();
  });
  out["verschillen"] = differences;
  out["heeft_verschillen"] = !differences.empty();
  out["aantal_verschillen"] = differences.size();

  auto only = [&report](const std::vector<std::uint32_t>& bsns, services::CompareSide side) {
    nlohmann::json rows = nlohmann::json::array();
    for (std::uint32_t bsn : bsns) {
      std::string note;
      for (const auto& n : report.notes) {
        if (n.side == side && n.bsn == bsn) note = std::string(n.note);
      }
      rows.push_back({{"bsn", services::FormatBsn(bsn)}, {"toelichting", note}});
    }
    return rows;
  };
  out["alleen_links"] = only(report.only_left, services::CompareSide::kLeft);
  out["alleen_rechts"] = only(report.only_right, services::CompareSide::kRight);
  out["heeft_alleen_links"] = !report.only_left.empty();
  out["heeft_alleen_rechts"] = !report.only_right.empty();

  nlohmann::json problems = nlohmann::json::array();
  for (const auto& row : report.invalid) {
    problems.push_back({{"lijst", SideText(row.side, right_name)}, {"regel", row.line}, {"fout", row.error}});
  }
  for (const auto& d : report.duplicates) {
    std::string lines;
    for (std::uint32_t l : d.lines) lines += (lines.empty() ? "" : ", ") + std::to_string(l);
    problems.push_back({{"lijst", SideText(d.side, right_name)},
                        {"regel", lines},
                        {"fout", "BSN " + services::FormatBsn(d.bsn) + " staat meer dan eens in de lijst"}});
  }
  out["problemen"] = problems;
  out["heeft_problemen"] = !problems.empty();
  return out;
}

// The page with its three forms; the caller adds a report or form errors.
nlohmann::json FormPage(const PageContext& context, const PageUser& user, const FormData& query) {
  nlohmann::json data = PageData(user, "Lijsten vergelijken", "/vergelijken");
  data["afzenders"] = Counterparts(*context.api, user.session.party, query.Get("van"), false);
  data["swvs"] = Counterparts(*context.api, user.session.party, query.Get("swv"), true);
  data["heeft_swvs"] = !data["swvs"].empty();
  QuarterChoice(data, context.clock, "/vergelijken/convenantlijst", RequestedQuarter(query, context.clock));
  return data;
}

// The page itself holds no personal data, but a role that can never compare is told so at once
// instead of after an upload; the services refuse the comparisons themselves in any case.
bool MayCompare(const PageContext& context, const PageUser& user) {
  return MayEverUse(context, user.actor, policy::Action::kLezen, policy::Resource::kJongere);
}

Status NotAllowed() {
  return Status::Refused("geen toegang: uw rol mag het register niet met lijsten vergelijken");
}

}  // namespace

void AddComparisonPages(http::Router& router, const std::shared_ptr<PageContext>& context) {
  AddPage(router, context, "GET", "/vergelijken", [context](const http::Request& request, const PageUser& user) {
    if (!MayCompare(*context, user)) return ErrorPage(*context, user, NotAllowed());
    return RenderPage(*context, 200, "vergelijken", FormPage(*context, user, FormData::Parse(request.query)));
  });

  // SPEC C-17: the uploaded list of the counterpart against the register.
  AddPage(router, context, "POST", "/vergelijken", [context](const http::Request& request, const PageUser& user) {
    nlohmann::json data = FormPage(*context, user, FormData());
    const auto boundary = MultipartBoundary(request.Header("Content-Type"));
    const auto parts = boundary ? ParseMultipart(request.body, *boundary) : std::nullopt;
    const FormPart* file = parts ? FindPart(*parts, "bestand") : nullptr;
    if (file == nullptr || file->body.empty()) {
      AddFormError(data, "bestand", "Kies het CSV-bestand met de lijst die u hebt ontvangen.");
      return RenderPage(*context, 400, "vergelijken", data);
    }
    auto report = context->api->comparisons.AgainstList(user.actor, file->body);
    if (!report.ok()) {
      // Only a list that cannot be read goes back to the form; a refusal is the error page.
      if (report.status().code() != ErrorCode::kInvalidInput) return ErrorPage(*context, user, report.status());
      AddFormError(data, "bestand", "De lijst is niet vergeleken: " + report.status().message());
      return RenderPage(*context, 400, "vergelijken", data);
    }
    data["titel"] = "Vergelijking met " + file->filename;
    data["vertrouwelijkheid"] = NoticeFor(*context->api, user.session.party, "");
    data["rapport"] = ReportData(*report, "ontvangen lijst");
    data["rapport"]["bron"] = "het bestand " + file->filename;
    return RenderPage(*context, 200, "vergelijken", data);
  });

  // SPEC C-17, C-46: the records the party received against the register.
  AddPage(router, context, "GET", "/vergelijken/ontvangen", [context](const http::Request& request, const PageUser& user) {
    const FormData query = FormData::Parse(request.query);
    const std::string from = query.Get("van");
    auto compared = context->api->comparisons.AgainstReceived(user.actor, from, query.Get("kennisgenomen") == "ja");
    if (!compared.ok()) return ErrorPage(*context, user, compared.status());
    nlohmann::json data = FormPage(*context, user, query);
    const std::string source = from.empty() ? std::string("alle partijen") : PartyName(*context->api, from);
    data["titel"] = "Vergelijking met ontvangen gegevens";
    // The notices the senders attached to what is compared; the agreement's text when none did.
    std::string notice;
    for (const std::string& n : compared->notices) notice += (notice.empty() ? "" : " ") + n;
    data["vertrouwelijkheid"] = notice.empty() ? NoticeFor(*context->api, user.session.party, from) : notice;
    if (compared->acknowledgement_needed) {
      // SPEC W-29: the notice first; the comparison once the user says he has read it.
      data["eerst_kennisnemen"] = {{"van", from}};
      return RenderPage(*context, 200, "vergelijken", data);
    }
    data["rapport"] = ReportData(compared->report, "ontvangen gegevens");
    data["rapport"]["bron"] = "de gegevens ontvangen van " + source;
    data["rapport"]["csv"] = "/api/v1/vergelijkingen/ontvangen?formaat=csv&kennisgenomen=ja" +
                             (from.empty() ? "" : "&van=" + UrlEncode(from));
    return RenderPage(*context, 200, "vergelijken", data);
  });

  // SPEC C-16: is the quarter's covenant list for one SWV complete? Only then may it be exported.
  AddPage(router, context, "GET", "/vergelijken/convenantlijst",
          [context](const http::Request& request, const PageUser& user) {
            const FormData query = FormData::Parse(request.query);
            const std::string swv = query.Get("swv");
            nlohmann::json data = FormPage(*context, user, query);
            if (swv.empty()) {
              AddFormError(data, "swv", "Kies het samenwerkingsverband.");
              return RenderPage(*context, 400, "vergelijken", data);
            }
            auto check = context->api->comparisons.CovenantList(user.actor, swv, http::SmallNumber(query.Get("jaar")),
                                                                http::SmallNumber(query.Get("kwartaal")),
                                                                /*release=*/false);
            if (!check.ok()) return ErrorPage(*context, user, check.status());
            nlohmann::json counts = nlohmann::json::array();
            for (std::size_t i = 0; i < services::kThuiszitterCategories.size(); ++i) {
              counts.push_back({{"noemer", std::string(services::kThuiszitterCategories[i])},
                                {"register", check->register_counts[i]},
                                {"lijst", check->list_counts[i]},
                                {"gelijk", check->register_counts[i] == check->list_counts[i]}});
            }
            data["titel"] = "Convenantlijst controleren";
            const bool released = check->complete && check->refused.empty();
            data["convenant"] = {{"swv", PartyName(*context->api, check->swv)},
                                 {"peildatum", DutchDate(check->peildatum)},
                                 {"volledig", check->complete},
                                 {"vrijgegeven", released},
                                 {"ontvanger", PartyName(*context->api, check->recipient)},
                                 {"regels", check->rows.size()},
                                 {"noemers", counts},
                                 {"csv", "/api/v1/convenantlijsten/" + UrlEncode(check->swv) + "?formaat=csv&jaar=" +
                                             UrlEncode(query.Get("jaar")) + "&kwartaal=" + UrlEncode(query.Get("kwartaal"))}};
            if (released && !check->art20_agreement.empty()) {
              const policy::Agreement* decision = context->api->agreements.Find(check->art20_agreement);
              data["convenant"]["art20"] = {{"regels_art20", check->art20_cases.size()},
                                            {"beslissing", decision != nullptr ? decision->title : check->art20_agreement},
                                            {"kennisgeving", check->notice}};
            }
            if (!check->refused.empty()) {
              nlohmann::json refused = nlohmann::json::array();
              for (const auto& r : check->refused) {
                refused.push_back({{"zaak", r.case_id}, {"veld", r.field}, {"toelichting", r.text}});
              }
              data["convenant"]["weigering"] = {{"ontvanger", PartyName(*context->api, check->recipient)},
                                                {"regels", refused}};
            }
            // The check itself succeeded; an incomplete list is its outcome, shown as such.
            return RenderPage(*context, 200, "vergelijken", data);
          });
}

}  // namespace leerrecht::web
