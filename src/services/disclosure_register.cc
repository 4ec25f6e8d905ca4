#include "services/disclosure_register.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/csv_cell.h"
#include "core/timestamp.h"
#include "policy/authorization.h"
#include "services/refusal_log.h"
#include "store/repositories/disclosure_repository.h"
#include "store/repositories/repository_support.h"
#include "store/repositories/youth_repository.h"

namespace leerrecht::services {

namespace {

// Quarters run from Dutch midnight to Dutch midnight: a disclosure at 00:30 on 1 April belongs to
// Q2, though it is stored as 22:30 UTC on 31 March.
std::string QuarterStart(int year, int quarter) {
  return LocalMidnightUtc(year, static_cast<unsigned>((quarter - 1) * 3 + 1), 1);
}

std::vector<std::string> SplitFields(const std::string& description) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < description.size()) {
    std::size_t end = description.find(", ", start);
    if (end == std::string::npos) end = description.size();
    if (end > start) out.push_back(description.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

RegisterEntryOut EntryOf(const store::Disclosure& d, const std::string& party, const AgreementRegistry& agreements) {
  RegisterEntryOut e;
  e.id = d.id;
  e.direction = d.sender_party == party ? "uitgaand" : "inkomend";
  e.sent_at = d.sent_at;
  e.received_at = d.received_at;
  e.sender_party = d.sender_party;
  e.recipient_party = d.recipient_party;
  e.agreement_id = d.agreement_id;
  e.agreement_version = d.agreement_version;
  if (const policy::Agreement* a = agreements.Find(d.agreement_id)) {
    e.route = a->kind == policy::AgreementKind::kWpgArt20 ? "wpg-art20" : "convenant";
  }
  e.purpose = d.purpose;
  e.case_id = d.case_id;
  const nlohmann::json doc = nlohmann::json::parse(d.documentation_json, nullptr, false);
  if (!doc.is_object()) return e;  // stored by this program; an unreadable record still shows its row
  e.kind = doc.value("kind", std::string("verstrekking"));
  e.fields = SplitFields(doc.value("description", std::string()));
  if (const auto c = doc.find("categories"); c != doc.end() && c->is_object()) {
    for (const auto& [category, count] : c->items()) {
      if (count.is_number_integer()) e.categories[category] = count.get<int>();
    }
  } else if (const std::string category = doc.value("category", std::string()); !category.empty()) {
    e.categories[category] = 1;
  }
  e.records = doc.value("records", 1);
  if (e.direction == "uitgaand") {
    e.sender = doc.value("sender", std::string());
    // The art. 20 duties are the sender's record of its own weighing (W-21, W-26).
    e.anonymisation = doc.value("anonymisation", std::string());
    e.quality_check = doc.value("quality_check", std::string());
    e.weighing = doc.value("weighing", std::string());
  }
  return e;
}

}  // namespace

std::string DisclosureRegisterCsv(const DisclosureRegister& reg) {
  std::string out =
      "id;richting;verzonden;ontvangen;verstrekker;ontvanger;overeenkomst;versie;route;soort;aantal;categorieen;"
      "velden;doel;verzender;zaak;wijze;kwaliteitscontrole;afweging;toelichting\r\n";
  auto append_row = [&out](const auto& cells) {
    bool first = true;
    for (const std::string& cell : cells) {
      if (!first) out.push_back(';');
      first = false;
      AppendCsvCell(out, cell, ';');
    }
    out += "\r\n";
  };
  for (const RegisterEntryOut& e : reg.entries) {
    std::string categories;
    for (const auto& [category, count] : e.categories) {
      categories += (categories.empty() ? "" : " ") + category + "=" + std::to_string(count);
    }
    std::string fields;
    for (const std::string& f : e.fields) fields += (fields.empty() ? "" : " ") + f;
    const std::string cells[] = {std::to_string(e.id),
                                 e.direction,
                                 e.sent_at,
                                 e.received_at.value_or(""),
                                 e.sender_party,
                                 e.recipient_party,
                                 e.agreement_id,
                                 std::to_string(e.agreement_version),
                                 e.route,
                                 e.kind,
                                 std::to_string(e.records),
                                 categories,
                                 fields,
                                 e.purpose,
                                 e.sender,
                                 e.case_id ? std::to_string(*e.case_id) : "",
                                 e.anonymisation,
                                 e.quality_check,
                                 e.weighing,
                                 std::string()};
    append_row(cells);
  }
  // SPEC C-35: the onward disclosures under a statutory obligation, as in the JSON: passed on by
  // this party (uitgaand) or reported to it as the originating party (gemeld).
  for (const store::CorrectionNotice& n : reg.onward) {
    std::string fields = n.field;
    for (std::size_t at = fields.find(", "); at != std::string::npos; at = fields.find(", ", at)) {
      fields.replace(at, 2, " ");
    }
    const std::string cells[] = {std::to_string(n.id),
                                 n.source_party == reg.party ? "uitgaand" : "gemeld",
                                 n.created_at,
                                 "",
                                 n.source_party,
                                 "",
                                 "",
                                 "",
                                 "wettelijke-verplichting",
                                 "doorverstrekking",
                                 "1",
                                 "",
                                 fields,
                                 "wettelijke-verplichting",
                                 "",
                                 "",
                                 "",
                                 "",
                                 "",
                                 "ontvangen verstrekking " + std::to_string(n.disclosure_id) + " van " + n.party + ", " +
                                     n.detail};
    append_row(cells);
  }
  return out;
}

Result<DisclosureRegister> DisclosureRegisterService::Quarter(const Actor& actor, int year, int quarter) {
  if (year < 2000 || year > 2100) return Status::InvalidInput("jaar: 2000 tot en met 2100");
  if (quarter < 1 || quarter > 4) return Status::InvalidInput("kwartaal: 1 tot en met 4");
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  policy::AccessFacts facts;
  facts.same_party = true;
  const std::string subject = "verstrekkingenregister:" + actor.party;
  AccessDecision allowed =
      Authorize(*matrix, actor, policy::Action::kLezen, policy::Resource::kVerstrekkingenregister, facts);
  if (!allowed.allowed) {
    if (Status s = LogRefusal(folder_, actor, "verstrekkingenregister.geweigerd", subject, "register"); !s.ok()) {
      return s;
    }
    return Denied(allowed);
  }
  const std::string from = QuarterStart(year, quarter);
  const std::string until = quarter == 4 ? QuarterStart(year + 1, 1) : QuarterStart(year, quarter + 1);
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  const store::AccessContext ctx = ContextFor(actor, LogReview());
  store::YouthRepository youths(folder_.keys(), folder_.log());
  store::DisclosureRepository disclosures(folder_.keys(), youths, folder_.log(), clock_);
  auto rows = disclosures.ListRegister(**tx, ctx, from, until);
  if (!rows.ok()) return rows.status();
  DisclosureRegister reg;
  reg.party = actor.party;
  reg.year = year;
  reg.quarter = quarter;
  for (const store::Disclosure& d : *rows) reg.entries.push_back(EntryOf(d, actor.party, agreements_));
  auto onward = disclosures.ListOnward(**tx, ctx, from, until);
  if (!onward.ok()) return onward.status();
  reg.onward = std::move(*onward);
  // The register names no youth, but who read it when is part of the accountability it serves.
  audit::LogEntry entry = store::internal::EntryFor(ctx, "verstrekkingenregister.lezen", subject, {}, "register");
  if (Status s = folder_.log().Append(**tx, entry); !s.ok()) return s;
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return reg;
}

}  // namespace leerrecht::services
