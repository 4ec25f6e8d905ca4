#include "services/exceptional_disclosure_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/timestamp.h"
#include "policy/data_dictionary.h"
#include "services/refusal_log.h"
#include "store/repositories/case_repository.h"
#include "store/repositories/disclosure_repository.h"
#include "store/repositories/note_repository.h"
#include "store/repositories/party_repository.h"
#include "store/repositories/repository_support.h"
#include "store/repositories/user_repository.h"
#include "store/repositories/youth_field_repository.h"

namespace leerrecht::services {

namespace {

using policy::Action;
using policy::Resource;

bool Allowed(const policy::AuthorizationMatrix& matrix, const Actor& actor, Action action) {
  policy::AccessFacts facts;
  facts.same_party = true;
  return Authorize(matrix, actor, action, Resource::kUitzonderlijkeVerstrekking, facts).allowed;
}

// Why a field can never go on a separate AVG basis; "" when it can.
std::string FieldBar(const policy::FieldInfo& f) {
  if (f.IsPoliceData()) return "politiegegeven: alleen onder een art. 20 Wpg-besluit dat de ontvanger noemt (SPEC R-08)";
  if (f.IsSpecialCategory()) return "bijzonder persoonsgegeven: niet op een aparte grondslag (SPEC C-30, W-22)";
  return "";
}

}  // namespace

Result<BasisView> ExceptionalDisclosureService::ViewOf(store::Transaction& tx, const Actor& actor,
                                                       store::SeparateBasis basis) {
  store::UserRepository users(folder_.keys(), folder_.log(), clock_);
  auto user = users.Get(tx, ContextFor(actor, AccessManagement()), basis.recorded_by);
  if (!user.ok()) return user.status();
  return BasisView{std::move(basis), user->display_name};
}

Result<BasisView> ExceptionalDisclosureService::RecordBasis(const Actor& actor, store::SeparateBasis basis) {
  policy::AccessFacts facts;
  facts.same_party = true;
  AccessDecision allowed =
      Authorize(*matrices_.Current(), actor, Action::kBeheren, Resource::kUitzonderlijkeVerstrekking, facts);
  if (!allowed.allowed) return Denied(allowed);
  std::vector<std::string> fields;
  for (const std::string& f : basis.fields) {
    auto id = policy::FindField(f);
    if (!id) return Status::InvalidInput("velden: onbekend veld \"" + f.substr(0, 40) + "\"");
    if (std::string bar = FieldBar(policy::Field(*id)); !bar.empty()) {
      return Status::InvalidInput("velden: " + f + " is een " + bar);
    }
    if (std::find(fields.begin(), fields.end(), f) == fields.end()) fields.push_back(f);
  }
  basis.fields = std::move(fields);
  basis.party = actor.party;
  basis.recorded_by = actor.user_id;
  basis.recorded_at = FormatUtc(clock_.Now());
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::SeparateBasisRepository repo;
  auto id = repo.Create(**tx, basis);
  if (!id.ok()) return id.status();
  auto stored = repo.Get(**tx, actor.party, *id);
  if (!stored.ok()) return stored.status();
  auto view = ViewOf(**tx, actor, std::move(*stored));
  if (!view.ok()) return view.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return view;
}

Result<BasisView> ExceptionalDisclosureService::EndBasis(const Actor& actor, std::int64_t id) {
  if (!Allowed(*matrices_.Current(), actor, Action::kBeheren)) {
    policy::AccessFacts facts;
    facts.same_party = true;
    return Denied(Authorize(*matrices_.Current(), actor, Action::kBeheren, Resource::kUitzonderlijkeVerstrekking, facts));
  }
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::SeparateBasisRepository repo;
  if (Status s = repo.End(**tx, actor.party, id, FormatUtc(clock_.Now())); !s.ok()) return s;
  auto stored = repo.Get(**tx, actor.party, id);
  if (!stored.ok()) return stored.status();
  auto view = ViewOf(**tx, actor, std::move(*stored));
  if (!view.ok()) return view.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return view;
}

Result<std::vector<BasisView>> ExceptionalDisclosureService::Bases(const Actor& actor) {
  const auto matrix = matrices_.Current();
  if (!Allowed(*matrix, actor, Action::kLezen) && !Allowed(*matrix, actor, Action::kBeheren)) {
    policy::AccessFacts facts;
    facts.same_party = true;
    return Denied(Authorize(*matrix, actor, Action::kLezen, Resource::kUitzonderlijkeVerstrekking, facts));
  }
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::SeparateBasisRepository repo;
  auto list = repo.List(**tx, actor.party);
  if (!list.ok()) return list.status();
  std::vector<BasisView> out;
  for (store::SeparateBasis& b : *list) {
    auto view = ViewOf(**tx, actor, std::move(b));
    if (!view.ok()) return view.status();
    out.push_back(std::move(*view));
  }
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return out;
}

Result<ExceptionalDisclosure> ExceptionalDisclosureService::Disclose(const Actor& actor, const ExceptionalDraft& d) {
  if (d.fields.empty()) return Status::InvalidInput("velden: kies minstens één veld");
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::YouthRepository youths(folder_.keys(), folder_.log());
  store::CaseRepository cases(youths, folder_.log());
  auto facts = cases.Facts(**tx, d.case_id);
  if (!facts.ok()) return facts.status();
  if (!*facts || (*facts)->party != actor.party) {
    return EndCaseRequest(folder_, std::move(*tx), actor, d.case_id, Status::NotFound("zaak niet gevonden"));
  }
  auto worker = cases.IsWorker(**tx, d.case_id, actor.user_id, clock_.Today());
  if (!worker.ok()) return worker.status();
  policy::AccessFacts access;
  access.same_party = true;
  access.own_caseload = *worker;
  AccessDecision allowed =
      Authorize(*matrices_.Current(), actor, Action::kAanmaken, Resource::kUitzonderlijkeVerstrekking, access);
  if (!allowed.allowed) return EndCaseRequest(folder_, std::move(*tx), actor, d.case_id, Denied(allowed));

  // The two refusals of SPEC R-08, each logged about the youth (no data left the party).
  const std::int64_t youth_id = (*facts)->youth_id;
  auto refuse = [&](std::string message) -> Status {
    tx->reset();
    if (Status s = LogRefusalAboutYouth(folder_, actor, "uitzonderlijke-verstrekking.geweigerd", youth_id, d.fields);
        !s.ok()) {
      return s;
    }
    return Status::Refused(std::move(message));
  };
  if ((*facts)->regime_tag == store::kRegimeTagWpg) {
    return refuse("deze zaak bevat politiegegevens (Wpg): die gaan naar openbare orde en veiligheid alleen onder een "
                  "art. 20 Wpg-besluit dat de ontvanger noemt, met het doel handhaven openbare orde; gebruik Gegevens "
                  "delen (SPEC R-08)");
  }
  store::SeparateBasisRepository bases;
  std::optional<store::SeparateBasis> basis;
  if (d.basis_id != 0) {
    auto found = bases.Get(**tx, actor.party, d.basis_id);
    if (!found.ok() && found.status().code() != ErrorCode::kNotFound) return found.status();
    if (found.ok() && !found->ended_at) basis = std::move(*found);
  }
  if (!basis) {
    const std::string who = d.recipient.empty() ? std::string("deze ontvanger") : d.recipient.substr(0, 80);
    return refuse("geen doelbinding onder AVG: voor " + who +
                  " is geen aparte, verenigbare grondslag vastgelegd door de juridisch adviseur, en de gegevens zijn "
                  "voor een ander doel verzameld (SPEC R-08, Q-46)");
  }

  // The values, from the youth and the youth's recorded data; the case itself is read as well.
  store::PartyRepository parties(clock_);
  auto party = parties.Get(**tx, actor.party);
  if (!party.ok()) return party.status();
  store::AccessContext ctx = ContextFor(actor, CaseWork(party->role));
  auto youth = youths.Get(**tx, ctx, youth_id);
  if (!youth.ok()) return youth.status();
  store::YouthFieldRepository field_repo(youths, folder_.log(), clock_);
  auto stored = field_repo.All(**tx, ctx, youth_id);
  if (!stored.ok()) return stored.status();
  std::map<std::string, std::string> values = *stored;
  values["bsn"] = youth->bsn ? youth->bsn->digits() : "";
  values["naam"] = youth->name;
  values["geboortedatum"] = youth->birth_date.ToString();

  ExceptionalDisclosure out;
  out.recipient_name = basis->recipient_name;
  nlohmann::json granted = nlohmann::json::array();
  nlohmann::json refused = nlohmann::json::array();
  std::vector<std::string> sent_fields;
  for (const std::string& f : d.fields) {
    std::string why;
    if (!policy::FindField(f)) {
      why = "onbekend veld";
    } else if (std::find(basis->fields.begin(), basis->fields.end(), f) == basis->fields.end()) {
      why = "valt niet onder de aparte grondslag";
    } else if (auto it = values.find(f); it == values.end() || it->second.empty()) {
      why = "niets vastgelegd";
    }
    if (!why.empty()) {
      out.refused.emplace_back(f, why);
      refused.push_back({{"field", f}, {"reason", why}});
      continue;
    }
    out.sent.emplace_back(f, values[f]);
    sent_fields.push_back(f);
    granted.push_back(f);
  }
  if (sent_fields.empty()) {
    return refuse("niets te verstrekken: geen van de gekozen gegevens valt onder de grondslag of heeft een waarde");
  }
  store::NewExternalDisclosure record;
  record.recipient_party = basis->recipient_id;
  record.agreement_id = "aparte-grondslag-" + std::to_string(basis->id);
  record.case_id = d.case_id;
  record.purpose = basis->purpose;
  record.decision_json =
      nlohmann::json{{"decision", refused.empty() ? "granted" : "partial"}, {"granted", granted}, {"refused", refused}}
          .dump();
  std::string description;
  for (const std::string& f : sent_fields) description += (description.empty() ? "" : ", ") + f;
  record.documentation_json = nlohmann::json{{"recipient", basis->recipient_name},
                                             {"date", clock_.Today().ToString()},
                                             {"description", description},
                                             {"purpose", basis->purpose},
                                             {"legal_basis", basis->legal_basis},
                                             {"compatibility", basis->compatibility},
                                             {"separate_basis", basis->id},
                                             {"sender", actor.display_name}}
                                  .dump();
  record.legal_basis = basis->legal_basis + " (aparte grondslag " + std::to_string(basis->id) + ", SPEC R-08)";
  record.fields = sent_fields;
  store::DisclosureRepository disclosures(folder_.keys(), youths, folder_.log(), clock_);
  auto id = disclosures.RecordExternal(**tx, ctx, record);
  if (!id.ok()) return id.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  out.id = *id;
  return out;
}

}  // namespace leerrecht::services
