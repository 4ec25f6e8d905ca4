#include "services/classify_request.h"

#include <nlohmann/json.hpp>

#include "services/json_support.h"

namespace leerrecht::services {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

std::string Indexed(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

// "5 onder a", "5a" and "5A" all name art. 5 onder a.
std::string NormaliseArticle(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i, 5) == "onder") {
      i += 4;
      continue;
    }
    char c = text[i];
    if (c == ' ' || c == '-' || c == '.') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.push_back(c);
  }
  return out;
}

Status ParseEnrolment(const json& doc, ClassifyRequest& request) {
  auto it = doc.find("inschrijving");
  if (it == doc.end() || it->is_null()) return Status::Ok();
  if (!it->is_object()) return Status::InvalidInput("inschrijving: verwacht een object of null");
  const json& e = *it;
  CollectUnknownKeys(e, {"school", "brin", "onderwijssoort", "sinds", "tot"}, "inschrijving", request.unknown_keys);
  domain::Enrolment enrolment;
  auto school = OptionalString(e, "school", "inschrijving.school");
  if (!school.ok()) return school.status();
  auto brin = OptionalString(e, "brin", "inschrijving.brin");
  if (!brin.ok()) return brin.status();
  auto since = RequireDate(e, "sinds", "inschrijving.sinds");
  if (!since.ok()) return since.status();
  auto until = OptionalDate(e, "tot", "inschrijving.tot");
  if (!until.ok()) return until.status();
  if (*until && **until < *since) return Status::InvalidInput("inschrijving.tot: ligt voor inschrijving.sinds");
  auto type_text = OptionalString(e, "onderwijssoort", "inschrijving.onderwijssoort");
  if (!type_text.ok()) return type_text.status();
  if (*type_text) {
    auto type = domain::ParseSchoolType(**type_text);
    if (!type) {
      return Status::InvalidInput("inschrijving.onderwijssoort: onbekend \"" + (*type_text)->substr(0, 20) +
                                  "\" (bekend: po, so, vso, vo, mbo)");
    }
    enrolment.type = *type;
  }
  enrolment.school = school->value_or("");
  enrolment.brin = brin->value_or("");
  enrolment.since = *since;
  enrolment.until = *until;
  request.youth.enrolment = std::move(enrolment);
  return Status::Ok();
}

Status ParseExemptions(const json& doc, ClassifyRequest& request) {
  auto it = doc.find("vrijstellingen");
  if (it == doc.end() || it->is_null()) return Status::Ok();
  if (!it->is_array()) return Status::InvalidInput("vrijstellingen: verwacht een lijst");
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& v = (*it)[i];
    const std::string path = Indexed("vrijstellingen", i);
    if (!v.is_object()) return Status::InvalidInput(path + ": verwacht een object");
    CollectUnknownKeys(v, {"artikel", "datum_toekenning", "sinds", "tot"}, path, request.unknown_keys);
    auto article_text = RequireString(v, "artikel", path + ".artikel");
    if (!article_text.ok()) return article_text.status();
    auto article = domain::ParseExemptionArticle(NormaliseArticle(*article_text));
    if (!article) {
      return Status::InvalidInput(path + ".artikel: onbekend artikel \"" + article_text->substr(0, 20) +
                                  "\" (bekend: 3a, 3b, 5a, 5b, 5c, 15)");
    }
    auto granted = RequireDate(v, "datum_toekenning", path + ".datum_toekenning");
    if (!granted.ok()) return granted.status();
    auto from = OptionalDate(v, "sinds", path + ".sinds");
    if (!from.ok()) return from.status();
    auto until = OptionalDate(v, "tot", path + ".tot");
    if (!until.ok()) return until.status();
    domain::Exemption exemption;
    exemption.article = *article;
    exemption.granted_on = *granted;
    exemption.from = from->value_or(*granted);
    exemption.until = *until;
    if (exemption.until && *exemption.until < exemption.from) {
      return Status::InvalidInput(path + ".tot: ligt voor de ingangsdatum");
    }
    request.youth.exemptions.push_back(exemption);
  }
  return Status::Ok();
}

Status ParseCalendar(const json& doc, ClassifyRequest& request) {
  auto it = doc.find("schooldagen");
  if (it == doc.end() || it->is_null()) return Status::Ok();
  if (!it->is_object()) return Status::InvalidInput("schooldagen: verwacht een object");
  CollectUnknownKeys(*it, {"vakanties"}, "schooldagen", request.unknown_keys);
  std::vector<domain::Holiday> holidays;
  auto list = it->find("vakanties");
  if (list != it->end() && !list->is_null()) {
    if (!list->is_array()) return Status::InvalidInput("schooldagen.vakanties: verwacht een lijst");
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& pair = (*list)[i];
      const std::string path = Indexed("schooldagen.vakanties", i);
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
        return Status::InvalidInput(path + ": verwacht [\"eerste dag\", \"laatste dag\"]");
      }
      auto first = Date::Parse(pair[0].get_ref<const std::string&>());
      if (!first.ok()) return first.status().WithContext(path + "[0]");
      auto last = Date::Parse(pair[1].get_ref<const std::string&>());
      if (!last.ok()) return last.status().WithContext(path + "[1]");
      holidays.push_back({*first, *last});
    }
  }
  auto calendar = domain::SchoolCalendar::Create(std::move(holidays));
  if (!calendar.ok()) return calendar.status().WithContext("schooldagen.vakanties");
  request.youth.calendar = std::move(*calendar);
  return Status::Ok();
}

Status ParseAbsences(const json& doc, ClassifyRequest& request) {
  auto it = doc.find("afwezigheid");
  if (it == doc.end() || it->is_null()) return Status::Ok();
  if (!it->is_array()) return Status::InvalidInput("afwezigheid: verwacht een lijst");
  request.youth.absences.reserve(it->size());
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& a = (*it)[i];
    const std::string path = Indexed("afwezigheid", i);
    if (!a.is_object()) return Status::InvalidInput(path + ": verwacht een object");
    CollectUnknownKeys(a, {"datum", "uren", "hele_dag", "geoorloofd"}, path, request.unknown_keys);
    auto date = RequireDate(a, "datum", path + ".datum");
    if (!date.ok()) return date.status();
    auto hours = RequireNumber(a, "uren", path + ".uren");
    if (!hours.ok()) return hours.status();
    if (!(*hours >= 0 && *hours <= 24)) return Status::InvalidInput(path + ".uren: moet tussen 0 en 24 liggen");
    auto whole_day = OptionalBool(a, "hele_dag", path + ".hele_dag", false);
    if (!whole_day.ok()) return whole_day.status();
    auto authorised = OptionalBool(a, "geoorloofd", path + ".geoorloofd", false);
    if (!authorised.ok()) return authorised.status();
    request.youth.absences.push_back({*date, *hours, *whole_day, *authorised});
  }
  return Status::Ok();
}

}  // namespace

Result<ClassifyRequest> ParseClassifyRequest(std::string_view json_text) {
  auto parsed = ParseJsonDocument(json_text);
  if (!parsed.ok()) return parsed.status();
  const json& doc = *parsed;
  if (!doc.is_object()) return Status::InvalidInput("verwacht een JSON-object");

  ClassifyRequest request;
  CollectUnknownKeys(doc,
                     {"date", "bsn", "geboortedatum", "inschrijving", "startkwalificatie", "vrijstellingen",
                      "schooldagen", "afwezigheid"},
                     "", request.unknown_keys);
  auto date = RequireDate(doc, "date", "date");
  if (!date.ok()) return date.status();
  request.date = *date;
  auto birth = RequireDate(doc, "geboortedatum", "geboortedatum");
  if (!birth.ok()) return birth.status();
  if (request.date < *birth) return Status::InvalidInput("geboortedatum: ligt na de peildatum (date)");
  request.youth.birth_date = *birth;

  auto bsn_text = OptionalString(doc, "bsn", "bsn");
  if (!bsn_text.ok()) return bsn_text.status();
  if (*bsn_text) {
    auto bsn = Bsn::Parse(**bsn_text);
    if (!bsn.ok()) return bsn.status().WithContext("bsn");
    request.bsn = *bsn;
  }
  auto startkwalificatie = OptionalBool(doc, "startkwalificatie", "startkwalificatie", false);
  if (!startkwalificatie.ok()) return startkwalificatie.status();
  request.youth.startkwalificatie = *startkwalificatie;

  for (auto* step : {&ParseEnrolment, &ParseExemptions, &ParseCalendar, &ParseAbsences}) {
    Status status = step(doc, request);
    if (!status.ok()) return status;
  }
  return request;
}

std::string ClassificationToJson(const domain::Classification& c, const domain::CovenantScope* scope) {
  ordered_json out;
  out["leerplichtig"] = c.leerplichtig;
  out["kwalificatieplichtig"] = c.kwalificatieplichtig;
  ordered_json categories = ordered_json::array();
  for (const auto& finding : c.categories) categories.push_back(std::string(domain::CaseCategoryId(finding.category)));
  out["categorieen"] = std::move(categories);
  out["thuiszitter"] = c.thuiszitter;
  if (c.thuiszitter_since) out["sinds"] = c.thuiszitter_since->ToString();
  if (scope != nullptr) {
    ordered_json why;
    why["leerplichtig_vanaf"] = c.windows.leerplicht_start.ToString();
    why["leerplichtig_tot_en_met"] = c.windows.leerplicht_end.ToString();
    why["kwalificatieplichtig_tot"] = c.windows.eighteenth_birthday.ToString();
    why["ingeschreven"] = c.enrolled;
    why["ongeoorloofde_uren_laatste_4_schoolweken"] = c.unauthorised_hours_in_window;
    why["schooldagen_aaneengesloten_hele_dag_afwezig"] = c.whole_day_streak;
    ordered_json since = ordered_json::object();
    for (const auto& finding : c.categories) {
      if (finding.since) since[std::string(domain::CaseCategoryId(finding.category))] = finding.since->ToString();
    }
    why["categorie_sinds"] = std::move(since);
    why["valt_onder_convenant"] = scope->included;
    if (!scope->included) why["reden_buiten_convenant"] = scope->reason;
    out["toelichting"] = std::move(why);
  }
  return out.dump(2);
}

}  // namespace leerrecht::services
