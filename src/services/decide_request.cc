#include "services/decide_request.h"

#include <nlohmann/json.hpp>

#include "policy/explain.h"
#include "services/json_support.h"

namespace leerrecht::services {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

Result<policy::Actor> ParseActor(const json& doc, std::string_view key) {
  const std::string path(key);
  auto it = doc.find(path);
  if (it == doc.end() || it->is_null()) return Status::InvalidInput(path + ": ontbreekt");
  if (!it->is_object()) return Status::InvalidInput(path + ": verwacht een object");
  policy::Actor actor;
  auto party = RequireString(*it, "party", path + ".party");
  if (!party.ok()) return party.status();
  auto person = OptionalString(*it, "person", path + ".person");
  if (!person.ok()) return person.status();
  auto role = OptionalString(*it, "role", path + ".role");
  if (!role.ok()) return role.status();
  auto designated = OptionalBool(*it, "designated", path + ".designated", false);
  if (!designated.ok()) return designated.status();
  actor.party = *party;
  actor.person = person->value_or("");
  actor.role = role->value_or("");
  actor.designated = *designated;
  return actor;
}

Status ParseSubject(const json& doc, policy::DisclosureRequest& request) {
  auto it = doc.find("subject");
  if (it == doc.end() || it->is_null()) return Status::InvalidInput("subject: ontbreekt");
  if (!it->is_object()) return Status::InvalidInput("subject: verwacht een object");
  auto category = RequireString(*it, "category", "subject.category");
  if (!category.ok()) return category.status();
  auto parsed_category = domain::ParseCaseCategory(*category);
  if (!parsed_category) {
    return Status::InvalidInput("subject.category: onbekende categorie \"" + category->substr(0, 40) + "\"");
  }
  request.subject.category = *parsed_category;
  auto duo = OptionalBool(*it, "duo_melding", "subject.duo_melding", false);
  if (!duo.ok()) return duo.status();
  request.subject.duo_melding = *duo;
  auto phase = OptionalString(*it, "phase", "subject.phase");
  if (!phase.ok()) return phase.status();
  if (*phase) {
    auto parsed_phase = policy::ParseMasPhase(**phase);
    if (!parsed_phase) {
      return Status::InvalidInput("subject.phase: onbekende fase \"" + (*phase)->substr(0, 40) +
                                  "\" (bekend: melding, onderzoek, hulp, halt, proces-verbaal, om, afgesloten)");
    }
    request.subject.phase = *parsed_phase;
  }
  auto received_from = OptionalString(*it, "received_from", "subject.received_from");
  if (!received_from.ok()) return received_from.status();
  request.subject.received_from = *received_from;
  auto ended = OptionalString(*it, "processing_ended", "subject.processing_ended");
  if (!ended.ok()) return ended.status();
  request.subject.processing_ended = *ended;
  return Status::Ok();
}

Status ParseFields(const json& doc, policy::DisclosureRequest& request) {
  auto it = doc.find("fields");
  if (it == doc.end() || it->is_null()) return Status::InvalidInput("fields: ontbreekt");
  if (!it->is_array()) return Status::InvalidInput("fields: verwacht een lijst van veld-ids");
  if (it->empty()) return Status::InvalidInput("fields: de lijst is leeg");
  policy::FieldSet seen;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& f = (*it)[i];
    const std::string path = "fields[" + std::to_string(i) + "]";
    if (!f.is_string()) return Status::InvalidInput(path + ": verwacht een veld-id als tekst");
    const std::string& token = f.get_ref<const std::string&>();
    if (!policy::ExpandFieldToken(token, seen, [&](policy::FieldId id) { request.fields.Add(id); })) {
      return Status::InvalidInput(path + ": onbekend veld \"" + token.substr(0, 40) + "\"");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<policy::DisclosureRequest> ParseDisclosureRequest(std::string_view json_text) {
  auto parsed = ParseJsonDocument(json_text);
  if (!parsed.ok()) return parsed.status();
  const json& doc = *parsed;
  if (!doc.is_object()) return Status::InvalidInput("verwacht een JSON-object");
  policy::DisclosureRequest request;
  auto date = RequireDate(doc, "date", "date");
  if (!date.ok()) return date.status();
  request.date = *date;
  auto sender = ParseActor(doc, "sender");
  if (!sender.ok()) return sender.status();
  request.sender = std::move(*sender);
  auto recipient = ParseActor(doc, "recipient");
  if (!recipient.ok()) return recipient.status();
  request.recipient = std::move(*recipient);
  auto purpose = RequireString(doc, "purpose", "purpose");
  if (!purpose.ok()) return purpose.status();
  request.purpose = *purpose;
  auto regime = RequireString(doc, "regime", "regime");
  if (!regime.ok()) return regime.status();
  auto parsed_regime = policy::ParseWpgRegime(*regime);
  if (!parsed_regime) {
    return Status::InvalidInput("regime: onbekend regime \"" + regime->substr(0, 40) +
                                "\" (bekend: vanaf-melding, vanaf-handhaving)");
  }
  request.regime = *parsed_regime;
  if (Status s = ParseSubject(doc, request); !s.ok()) return s;
  if (Status s = ParseFields(doc, request); !s.ok()) return s;
  // Our extension (docs/design-notes.md): an approved art. 52 Wjsg exception (SPEC W-23).
  auto om_exception = OptionalBool(doc, "om_exception", "om_exception", false);
  if (!om_exception.ok()) return om_exception.status();
  request.om_exception = *om_exception;
  return request;
}

std::string DecisionToJson(const policy::Agreement& agreement, const policy::DisclosureRequest& request,
                           const policy::Decision& decision) {
  ordered_json out;
  out["decision"] = std::string(policy::OutcomeId(decision.outcome));
  out["agreement"] = {{"id", agreement.id}, {"version", agreement.version}};
  ordered_json granted = ordered_json::array();
  for (policy::FieldId f : decision.granted) granted.push_back(std::string(policy::Field(f).id));
  out["granted"] = std::move(granted);
  ordered_json refused = ordered_json::array();
  for (const auto& r : decision.Refused()) {
    ordered_json item;
    item["field"] = std::string(policy::Field(r.field).id);
    item["reason"] = std::string(policy::ReasonCode(r.reason));
    item["explanation"] = policy::Explain(agreement, request, decision, r);
    refused.push_back(std::move(item));
  }
  out["refused"] = std::move(refused);
  ordered_json notices = ordered_json::array();
  if (decision.confidentiality_notice) notices.push_back(agreement.confidentiality_notice);
  out["notices"] = std::move(notices);
  if (auto doc = policy::Documentation(request, decision)) {
    out["documentation"] = {{"recipient", doc->recipient},
                            {"date", doc->date},
                            {"description", doc->description},
                            {"purpose", doc->purpose}};
  }
  return out.dump(2);
}

}  // namespace leerrecht::services
