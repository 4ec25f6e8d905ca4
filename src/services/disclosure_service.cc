#include "services/disclosure_service.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/timestamp.h"
#include "domain/case_category.h"
#include "domain/youth.h"
#include "policy/data_dictionary.h"
#include "policy/decision.h"
#include "policy/explain.h"
#include "services/decide_request.h"
#include "services/disclosure_parties.h"
#include "services/refusal_log.h"
#include "store/repositories/case_repository.h"
#include "store/repositories/designation_repository.h"
#include "store/repositories/note_repository.h"
#include "store/repositories/om_exception_repository.h"
#include "store/repositories/party_repository.h"
#include "store/repositories/repository_support.h"
#include "store/repositories/user_repository.h"
#include "store/repositories/youth_field_repository.h"

namespace leerrecht::services {

namespace {

using policy::Action;
using policy::Resource;

struct Repos {
  Repos(DataFolder& folder, const Clock& clock)
      : youths(folder.keys(), folder.log()),
        cases(youths, folder.log()),
        fields(youths, folder.log(), clock),
        disclosures(folder.keys(), youths, folder.log(), clock),
        designations(folder.keys(), folder.log()),
        parties(clock),
        users(folder.keys(), folder.log(), clock),
        notes(folder.keys(), youths, folder.log(), clock),
        om_exceptions(youths, folder.log()) {}
  store::YouthRepository youths;
  store::CaseRepository cases;
  store::YouthFieldRepository fields;
  store::DisclosureRepository disclosures;
  store::DesignationRepository designations;
  store::PartyRepository parties;
  store::UserRepository users;
  store::NoteRepository notes;
  store::OmExceptionRepository om_exceptions;
};

bool IsBlank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

std::string_view MissingText(MissingConfirmation missing, bool art20) {
  switch (missing) {
    case MissingConfirmation::kQualityCheck:
      return art20 ? "bevestig de kwaliteitscontrole van de gegevens, of leg vast waarom die niet praktisch "
                     "uitvoerbaar is (SPEC W-26)"
                   : "bevestig dat de gegevens juist en actueel zijn (kwaliteitscontrole, SPEC W-26)";
    case MissingConfirmation::kAnonymisationConsidered:
      return "bevestig dat u hebt overwogen of minder of geanonimiseerde gegevens volstaan";
    case MissingConfirmation::kChoice:
      return "kies of u geanonimiseerd of identificeerbaar verstrekt (afweging, SPEC W-21)";
    case MissingConfirmation::kWeighing:
      return "leg de afweging vast: waarom weegt het algemeen belang hier zwaarder dan de privacy van de jongere "
             "(SPEC W-21)";
  }
  return "bevestiging ontbreekt";
}

}  // namespace

std::vector<MissingConfirmation> MissingConfirmations(const DisclosureConfirmation& confirm, bool art20) {
  std::vector<MissingConfirmation> missing;
  if (!confirm.quality_checked && (!art20 || IsBlank(confirm.quality_not_feasible))) {
    missing.push_back(MissingConfirmation::kQualityCheck);
  }
  if (!art20) {
    if (!confirm.anonymisation_considered) missing.push_back(MissingConfirmation::kAnonymisationConsidered);
    return missing;
  }
  if (confirm.anonymisation != "geanonimiseerd" && confirm.anonymisation != "identificeerbaar") {
    missing.push_back(MissingConfirmation::kChoice);
  } else if (confirm.anonymisation == "identificeerbaar" && IsBlank(confirm.weighing)) {
    missing.push_back(MissingConfirmation::kWeighing);
  }
  return missing;
}

struct DisclosureService::Decided {
  const policy::Agreement* agreement = nullptr;
  policy::DisclosureRequest request;
  policy::Decision decision;
  DisclosurePreview preview;
  store::CaseRecord record;
  store::AccessContext ctx;
  std::string sender_role;
  std::optional<store::OmException> om_exception;  // the approved exception the request uses (W-23)
};

Result<DisclosureService::Decided> DisclosureService::Decide(store::Transaction& tx, const Actor& actor,
                                                             const DisclosureDraft& draft,
                                                             std::optional<std::string> received_from) {
  const policy::Agreement* agreement = agreements_.Find(draft.agreement_id);
  if (agreement == nullptr) return Status::NotFound("overeenkomst \"" + draft.agreement_id + "\" niet gevonden");
  if (draft.recipient_party.empty()) return Status::InvalidInput("ontvanger ontbreekt");
  if (draft.purpose.empty()) return Status::InvalidInput("doel ontbreekt");
  const policy::PhaseProfile* profile = nullptr;
  if (!draft.profile.empty()) {
    profile = agreement->FindPhaseProfile(draft.profile);
    if (profile == nullptr) {
      return Status::InvalidInput("veldprofiel \"" + draft.profile.substr(0, 40) + "\" staat niet in " + agreement->title);
    }
  }
  if (draft.fields.empty() && profile == nullptr) return Status::InvalidInput("velden: kies minstens één veld");

  Decided d;
  d.agreement = agreement;
  policy::FieldSet seen;
  for (const std::string& token : draft.fields.empty() ? profile->fields : draft.fields) {
    if (!policy::ExpandFieldToken(token, seen, [&](policy::FieldId id) { d.request.fields.Add(id); })) {
      return Status::InvalidInput("velden: onbekend veld \"" + token.substr(0, 40) + "\"");
    }
  }
  const Date today = clock_.Today();
  Repos repos(folder_, clock_);
  auto party = repos.parties.Get(tx, actor.party);
  if (!party.ok()) return party.status();
  const std::string role_of_party = party->role;
  d.ctx = ContextFor(actor, CaseWork(role_of_party));

  // The case must be the sender's; another party's case does not exist for him.
  auto facts = repos.cases.Facts(tx, draft.case_id);
  if (!facts.ok()) return facts.status();
  if (!*facts || (*facts)->party != actor.party) return Status::NotFound("zaak niet gevonden");

  // Who sends and who receives, with their designations under the agreement (SPEC W-09).
  auto parties = ResolveDisclosureParties(tx, repos.designations, *agreement, actor, draft.recipient_party, today);
  if (!parties.ok()) return parties.status();
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  policy::AccessFacts access;
  access.same_party = true;
  access.designated = parties->sender.designated;
  access.item_regime =
      (*facts)->regime_tag == store::kRegimeTagWpg ? policy::RegimeTag::kWpg : policy::RegimeTag::kAvg;
  auto worker = repos.cases.IsWorker(tx, draft.case_id, actor.user_id, today);
  if (!worker.ok()) return worker.status();
  access.own_caseload = *worker;
  AccessDecision allowed = Authorize(*matrix, actor, Action::kVerstrekken, Resource::kVerstrekking, access);
  if (!allowed.allowed) return Denied(allowed);
  d.sender_role = allowed.role;

  auto record = repos.cases.Get(tx, d.ctx, draft.case_id);
  if (!record.ok()) return record.status();
  d.record = *record;
  auto category = domain::ParseCaseCategory(record->category);
  auto phase = policy::ParseMasPhase(record->mas_phase);
  if (!category || !phase) return Status::Internal("zaak met onbekende categorie of fase");
  // SPEC W-25: a profile is offered, and used, only in the phases the agreement names for it.
  if (profile != nullptr && !profile->FitsPhase(record->mas_phase)) {
    return Status::Refused("veldprofiel \"" + profile->label + "\" past niet bij de MAS-fase \"" + record->mas_phase +
                           "\" van deze zaak (SPEC W-25)");
  }
  d.preview.phase = record->mas_phase;
  d.preview.profile = draft.profile;

  policy::DisclosureRequest& r = d.request;
  r.date = today;
  r.sender = parties->sender;
  r.recipient = parties->recipient;
  r.purpose = draft.purpose;
  if (party->regime) {
    auto regime = policy::ParseWpgRegime(party->regime->regime);
    if (regime) r.regime = *regime;
    d.preview.regime = party->regime->regime;
  } else if (role_of_party == store::kRoleLeerplicht) {
    return Status::Refused("kies eerst het Wpg-regime van de partij (SPEC R-01)");
  }
  // SPEC C-03, Q-22, Q-29: a thuiszitter's record goes to the SWV responsible for him only, by
  // the region table; a gap in the table blocks the exchange instead of guessing.
  const bool thuiszitter = *category == domain::CaseCategory::kAbsoluutVerzuim ||
                           *category == domain::CaseCategory::kLangdurigVerzuim ||
                           *category == domain::CaseCategory::kVrijstelling5a;
  const policy::Party* recipient_party = agreement->FindParty(draft.recipient_party);
  if (thuiszitter && agreement->kind == policy::AgreementKind::kConvenant && recipient_party != nullptr &&
      recipient_party->role == policy::PartyRole::kSwv) {
    auto where = tx.Query("SELECT municipality, COALESCE(school_type, '') FROM youths WHERE id = ?",
                          {record->youth_id});
    if (!where.ok()) return where.status();
    std::optional<std::string> responsible;
    if (regions_ != nullptr && !where->empty()) {
      if (auto type = domain::ParseSchoolType(where->front().Text(1))) {
        responsible = regions_->Responsible(where->front().Text(0), *type);
      }
    }
    if (!responsible) {
      return Status::Refused("geen verantwoordelijk SWV: woongemeente of onderwijssoort ontbreekt in de "
                             "regiotabel (SPEC C-03, Q-29)");
    }
    if (*responsible != draft.recipient_party) {
      return Status::Refused("dit is niet het verantwoordelijke samenwerkingsverband voor deze jongere; dat is " +
                             *responsible + " (SPEC C-03)");
    }
  }
  r.subject.category = *category;
  r.subject.duo_melding = record->notification_id.has_value();
  r.subject.phase = *phase;
  r.subject.received_from = std::move(received_from);
  if (record->closed_on) r.subject.processing_ended = *record->closed_on;

  // SPEC W-23: OM data stay secret unless an approved exception names this case, recipient,
  // decision and purpose. Looked up only when they are asked for.
  const bool wants_om = std::any_of(r.fields.begin(), r.fields.end(), [](policy::FieldId f) { return policy::Field(f).om; });
  if (wants_om) {
    auto exception = repos.om_exceptions.Usable(tx, actor.party, draft.case_id, draft.recipient_party,
                                                agreement->id, draft.purpose);
    if (!exception.ok()) return exception.status();
    if (*exception) {
      r.om_exception = true;
      auto approver = repos.users.Get(tx, d.ctx, (*exception)->decided_by.value_or(0));
      if (!approver.ok()) return approver.status();
      d.preview.om_exception = "Uitzondering " + std::to_string((*exception)->id) +
                               " op de geheimhouding van OM-gegevens (art. 52 lid 1 Wjsg): " +
                               ((*exception)->ground == store::kOmGroundStatute
                                    ? "een wettelijk voorschrift laat mededeling toe"
                                    : "noodzakelijk voor de taak") +
                               " — " + (*exception)->explanation + "; goedgekeurd door " + approver->display_name +
                               " op " + (*exception)->decided_at.value_or("").substr(0, 10) + ".";
      d.om_exception = std::move(*exception);
    }
  }
  d.decision = policy::Decide(*agreement, r);
  if (recipient_party != nullptr && recipient_party->profile) {
    for (policy::FieldId f : d.decision.granted) {
      // OM data go on an approved exception whose explanation already says why (SPEC W-23).
      if (policy::Field(f).om && r.om_exception) continue;
      if (!recipient_party->profile->test(f)) d.preview.beyond_profile.emplace_back(policy::Field(f).id);
    }
  }
  if (agreement->kind == policy::AgreementKind::kWpgArt20) {
    // SPEC W-26: the address is only as good as its last check against the BRP.
    for (const char* address : {"adres", "ouder_adres"}) {
      auto id = policy::FindField(address);
      if (!id || std::find(d.decision.granted.begin(), d.decision.granted.end(), *id) == d.decision.granted.end()) {
        continue;
      }
      auto at = repos.fields.RecordedAt(tx, record->youth_id, address);
      if (!at.ok()) return at.status();
      if (!*at) continue;
      auto day = Date::Parse(std::string_view(**at).substr(0, 10));
      if (day.ok() && day->AddYears(1) < today) {
        d.preview.warnings.push_back("adres niet recent geverifieerd: " + std::string(policy::Field(*id).label) +
                                     " is laatst vastgelegd of bevestigd op " + day->ToString() +
                                     "; controleer het in de BRP (en leg het opnieuw vast) of leg vast waarom dat "
                                     "niet praktisch uitvoerbaar is (SPEC W-26)");
      }
    }
  }
  d.preview.decision_json = DecisionToJson(*agreement, r, d.decision);
  d.preview.outcome = std::string(policy::OutcomeId(d.decision.outcome));
  d.preview.route = agreement->kind == policy::AgreementKind::kConvenant ? "convenant" : "art. 20 Wpg-besluit";
  return d;
}

Result<DisclosurePreview> DisclosureService::Preview(const Actor& actor, const DisclosureDraft& draft) {
  // A write transaction because reading the case logs; the preview itself records nothing else.
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  auto decided = Decide(**tx, actor, draft, std::nullopt);
  if (!decided.ok()) return EndCaseRequest(folder_, std::move(*tx), actor, draft.case_id, decided.status());
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return decided->preview;
}

Result<SentDisclosure> DisclosureService::Send(const Actor& actor, const DisclosureDraft& draft,
                                               const DisclosureConfirmation& confirm) {
  const policy::Agreement* chosen = agreements_.Find(draft.agreement_id);
  const bool art20 = chosen != nullptr && chosen->kind == policy::AgreementKind::kWpgArt20;
  const bool anonymised = art20 && confirm.anonymisation == "geanonimiseerd";
  if (const auto missing = MissingConfirmations(confirm, art20); !missing.empty()) {
    return Status::InvalidInput(std::string(MissingText(missing.front(), art20)));
  }
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  auto decided = Decide(**tx, actor, draft, std::nullopt);
  if (!decided.ok()) return EndCaseRequest(folder_, std::move(*tx), actor, draft.case_id, decided.status());
  // SPEC W-20: what goes beyond the recipient's profile needs its necessity in writing. A direct
  // identifier an anonymised disclosure leaves out does not go, so needs none.
  std::map<std::string, std::string> justified;
  for (const std::string& field : decided->preview.beyond_profile) {
    if (anonymised && std::find(kDirectIdentifiers.begin(), kDirectIdentifiers.end(), field) != kDirectIdentifiers.end()) {
      continue;
    }
    auto it = confirm.justifications.find(field);
    if (it == confirm.justifications.end() || IsBlank(it->second)) {
      return Status::InvalidInput("\"" + field + "\" valt buiten het standaardprofiel van " + draft.recipient_party +
                                  ": leg schriftelijk vast waarom dit gegeven noodzakelijk is (onderbouwing, SPEC W-20)");
    }
    justified.emplace(field, it->second);
  }
  Repos repos(folder_, clock_);
  SentDisclosure out;
  out.preview = decided->preview;
  if (decided->decision.granted.empty()) {
    // Nothing may flow: record the refusal (no data left the party) and say why.
    auto subject = store::internal::YouthSubject(**tx, folder_.keys(), repos.youths, actor.party,
                                                 decided->record.youth_id);
    if (!subject.ok()) return subject.status();
    audit::LogEntry entry = store::internal::EntryFor(decided->ctx, "verstrekking.geweigerd", *subject, {});
    entry.recipient = draft.recipient_party;
    entry.purpose = draft.purpose;
    entry.outcome = "refused";
    if (Status s = folder_.log().Append(**tx, entry); !s.ok()) return s;
    if (Status s = (*tx)->Commit(); !s.ok()) return s;
    return Status::Refused("verstrekking geweigerd: geen van de gevraagde gegevens mag naar " +
                           draft.recipient_party + " (zie de beslissing)");
  }

  // The values of the granted fields, from the youth, the case and the youth's recorded data.
  auto youth = repos.youths.Get(**tx, decided->ctx, decided->record.youth_id);
  if (!youth.ok()) return youth.status();
  auto stored = repos.fields.All(**tx, decided->ctx, decided->record.youth_id);
  if (!stored.ok()) return stored.status();
  std::map<std::string, std::string> values = *stored;
  values["bsn"] = youth->bsn ? youth->bsn->digits() : "";
  values["naam"] = youth->name;
  values["geboortedatum"] = youth->birth_date.ToString();
  values.try_emplace("verzuim_soort", decided->record.category);
  values.try_emplace("verzuim_startdatum", decided->record.opened_on);
  auto party = repos.parties.Get(**tx, actor.party);
  if (!party.ok()) return party.status();
  values.try_emplace("betrokkenheid", party->name + ": zaak sinds " + decided->record.opened_on + ", fase " +
                                          decided->record.mas_phase);
  bool wants_lpa = false;
  bool wants_notes = false;
  for (policy::FieldId f : decided->decision.granted) {
    wants_lpa = wants_lpa || policy::Field(f).id == "leerplichtambtenaar";
    wants_notes = wants_notes || policy::Field(f).id == "notities";
  }
  if (wants_lpa) {
    auto workers = repos.cases.Workers(**tx, decided->ctx, decided->record.id);
    if (!workers.ok()) return workers.status();
    std::string names;
    for (const auto& w : *workers) {
      if (w.ended_on || w.role != "leerplichtambtenaar") continue;
      auto user = repos.users.Get(**tx, decided->ctx, w.user_id);
      if (!user.ok()) return user.status();
      names += (names.empty() ? "" : ", ") + user->display_name;
    }
    values.try_emplace("leerplichtambtenaar", names);
  }
  if (wants_notes) {
    auto notes = repos.notes.ListForCase(**tx, decided->ctx, decided->record.id);
    if (!notes.ok()) return notes.status();
    std::string text;
    for (const auto& n : *notes) text += n.created_at.substr(0, 10) + ": " + n.text + "\n";
    values.try_emplace("notities", text);
  }

  store::NewDisclosure nd;
  nd.recipient_party = draft.recipient_party;
  nd.agreement_id = decided->agreement->id;
  nd.agreement_version = decided->agreement->version;
  nd.case_id = decided->record.id;
  nd.purpose = draft.purpose;
  nd.decision_json = decided->preview.decision_json;
  if (anonymised) {
    // A pseudonym per case and recipient: the sender can recognise it, the recipient cannot link
    // it to anything else.
    const std::string digest = folder_.keys().SubjectPseudonym("zaak:" + actor.party + ":" +
                                                                std::to_string(decided->record.id) + ":" +
                                                                draft.recipient_party);
    out.pseudonym = "zaak-" + digest.substr(0, 12);
  }
  // SPEC W-23: the exception is used only when OM data actually leave with this disclosure.
  const bool granted_om = std::any_of(decided->decision.granted.begin(), decided->decision.granted.end(),
                                      [&](policy::FieldId f) {
                                        if (!policy::Field(f).om) return false;
                                        auto it = values.find(std::string(policy::Field(f).id));
                                        return it != values.end() && !it->second.empty();
                                      });
  if (decided->om_exception && granted_om) {
    const store::OmException& e = *decided->om_exception;
    nd.extra_legal_basis = store::OmExceptionBasis(e) + ", goedgekeurd door user:" +
                           std::to_string(e.decided_by.value_or(0)) + " (vier ogen)";
  }
  if (auto doc = policy::Documentation(decided->request, decided->decision)) {
    nlohmann::json documentation = {{"recipient", doc->recipient}, {"date", doc->date},
                                    {"description", doc->description}, {"purpose", doc->purpose},
                                    {"category", doc->category}, {"sender", actor.display_name}};
    if (!justified.empty()) documentation["justifications"] = justified;
    if (art20) {
      documentation["anonymisation"] = confirm.anonymisation;
      if (!IsBlank(confirm.weighing)) documentation["weighing"] = confirm.weighing;
      documentation["quality_check"] = confirm.quality_checked ? std::string("bevestigd")
                                                               : "niet praktisch uitvoerbaar: " + confirm.quality_not_feasible;
      if (anonymised) documentation["pseudonym"] = out.pseudonym;
      documentation["mas_phase"] = decided->record.mas_phase;  // SPEC W-25
    }
    if (!draft.profile.empty()) documentation["phase_profile"] = draft.profile;
    if (decided->om_exception && granted_om) {
      // The explanation stays in the exception's encrypted record; the id leads there.
      const store::OmException& e = *decided->om_exception;
      documentation["om_exception"] = {{"id", e.id},
                                       {"ground", e.ground},
                                       {"requested_by", "user:" + std::to_string(e.requested_by)},
                                       {"approved_by", "user:" + std::to_string(e.decided_by.value_or(0))},
                                       {"approved_at", e.decided_at.value_or("")}};
    }
    nd.documentation_json = documentation.dump();
  }
  if (decided->decision.confidentiality_notice) nd.notice = decided->agreement->confidentiality_notice;
  for (policy::FieldId f : decided->decision.granted) {
    const std::string id(policy::Field(f).id);
    if (anonymised && std::find(kDirectIdentifiers.begin(), kDirectIdentifiers.end(), id) != kDirectIdentifiers.end()) {
      out.anonymised.push_back(id);
      continue;
    }
    auto it = values.find(id);
    if (it == values.end() || it->second.empty()) {
      out.without_value.push_back(id);
      continue;
    }
    std::string value = it->second;
    if (anonymised && id == "geboortedatum") value = store::AgeText(youth->birth_date, clock_.Today());
    nd.granted.push_back({id, std::move(value)});
    out.sent_fields.push_back(id);
  }
  if (anonymised && !nd.granted.empty()) nd.granted.push_back({"pseudoniem", out.pseudonym});
  if (nd.granted.empty()) {
    return Status::Conflict("er is niets vastgelegd van de toegestane gegevens; er is niets verstrekt");
  }
  auto id = repos.disclosures.Record(**tx, decided->ctx, nd);
  if (!id.ok()) return id.status();
  if (decided->om_exception && granted_om) {
    if (Status s = repos.om_exceptions.MarkUsed(**tx, actor.party, decided->om_exception->id, *id); !s.ok()) return s;
  }
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  out.id = *id;
  return out;
}

Result<PhaseProfiles> DisclosureService::ProfilesFor(const Actor& actor, std::int64_t case_id) {
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  Repos repos(folder_, clock_);
  auto facts = repos.cases.Facts(**tx, case_id);
  if (!facts.ok()) return facts.status();
  if (!*facts || (*facts)->party != actor.party) {
    return EndCaseRequest(folder_, std::move(*tx), actor, case_id, Status::NotFound("zaak niet gevonden"));
  }
  // Who may share from the case may see what the form offers: the right to disclose, as a
  // designated sender would have it (the designation itself is checked per agreement on sending).
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  policy::AccessFacts access;
  access.same_party = true;
  access.designated = true;
  access.item_regime =
      (*facts)->regime_tag == store::kRegimeTagWpg ? policy::RegimeTag::kWpg : policy::RegimeTag::kAvg;
  auto worker = repos.cases.IsWorker(**tx, case_id, actor.user_id, clock_.Today());
  if (!worker.ok()) return worker.status();
  access.own_caseload = *worker;
  AccessDecision allowed = Authorize(*matrix, actor, Action::kVerstrekken, Resource::kVerstrekking, access);
  if (!allowed.allowed) return EndCaseRequest(folder_, std::move(*tx), actor, case_id, Denied(allowed));
  auto party = repos.parties.Get(**tx, actor.party);
  if (!party.ok()) return party.status();
  const store::AccessContext ctx = ContextFor(actor, CaseWork(party->role));
  auto subject = store::internal::YouthSubject(**tx, folder_.keys(), repos.youths, actor.party, (*facts)->youth_id);
  if (!subject.ok()) return subject.status();
  if (Status s = folder_.log().Append(**tx, store::internal::EntryFor(ctx, "zaak.fase.lezen", *subject, {"mas_fase"}));
      !s.ok()) {
    return s;
  }
  PhaseProfiles out;
  out.phase = (*facts)->mas_phase;
  const Date today = clock_.Today();
  for (const policy::Agreement* a : agreements_.All()) {
    if (a->kind != policy::AgreementKind::kWpgArt20 || !a->InForceOn(today) || a->FindParty(actor.party) == nullptr) {
      continue;
    }
    for (const policy::PhaseProfile& p : a->phase_profiles) {
      if (!p.FitsPhase(out.phase)) continue;
      PhaseProfileOffer offer{a->id, a->title, p.id, p.label, {}};
      for (const policy::FieldInfo& f : policy::AllFields()) {
        if (p.field_set.test(*policy::FindField(f.id))) offer.fields.emplace_back(f.id);
      }
      out.profiles.push_back(std::move(offer));
    }
  }
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return out;
}

Result<std::vector<store::Disclosure>> DisclosureService::ListForCase(const Actor& actor, std::int64_t case_id) {
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  Repos repos(folder_, clock_);
  auto facts = repos.cases.Facts(**tx, case_id);
  if (!facts.ok()) return facts.status();
  if (!*facts || (*facts)->party != actor.party) {
    return EndCaseRequest(folder_, std::move(*tx), actor, case_id, Status::NotFound("zaak niet gevonden"));
  }
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  policy::AccessFacts access;
  access.same_party = true;
  AccessDecision allowed = Authorize(*matrix, actor, Action::kLezen, Resource::kVerstrekking, access);
  if (!allowed.allowed) return Denied(allowed);
  auto party = repos.parties.Get(**tx, actor.party);
  if (!party.ok()) return party.status();
  auto list = repos.disclosures.ListForCase(**tx, ContextFor(actor, CaseWork(party->role)), case_id);
  if (!list.ok()) return list.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return list;
}

Result<std::vector<ReceivedDisclosure>> DisclosureService::Received(const Actor& actor,
                                                                    std::optional<std::int64_t> disclosure_id,
                                                                    bool acknowledged) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  policy::AccessFacts access;
  access.same_party = true;
  AccessDecision allowed = Authorize(*matrix, actor, Action::kLezen, Resource::kOntvangenGegevens, access);
  if (!allowed.allowed) return Denied(allowed);
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  Repos repos(folder_, clock_);
  auto party = repos.parties.Get(**tx, actor.party);
  if (!party.ok()) return party.status();
  const store::AccessContext ctx = ContextFor(actor, CaseWork(party->role));
  // SPEC C-40: copies whose end notice has run out are deleted before anything is shown, so an
  // expired copy is never read again even if no other sweep ran.
  if (auto purged = repos.disclosures.PurgeEnded(**tx, ctx, clock_.Today().ToString()); !purged.ok()) {
    return purged.status();
  }
  // Metadata first, without values: the notice must come before the content (SPEC W-29).
  std::string sql =
      "SELECT DISTINCT disclosure_id, source_party, agreement_id, purpose, notice, received_at FROM received_data "
      "WHERE party_id = ?";
  std::vector<store::Value> params = {actor.party};
  if (disclosure_id) {
    sql += " AND disclosure_id = ?";
    params.push_back(*disclosure_id);
  }
  sql += " ORDER BY disclosure_id DESC";
  auto rows = (*tx)->Query(sql, params);
  if (!rows.ok()) return rows.status();
  if (disclosure_id && rows->empty()) return Status::NotFound("ontvangen verstrekking niet gevonden");
  std::vector<ReceivedDisclosure> out;
  for (const store::Row& row : *rows) {
    ReceivedDisclosure r;
    r.disclosure_id = row.Int(0);
    r.source_party = row.Text(1);
    r.agreement_id = row.Text(2);
    r.purpose = row.Text(3);
    r.notice = store::internal::TextOrNone(row, 4);
    r.received_at = row.Text(5);
    if (disclosure_id && acknowledged && r.notice && !actor.second_factor) {
      // SPEC W-28: police data (a disclosure with the art. 7 lid 2 Wpg notice) reach only a
      // recipient who signs in with a second factor. The notice may be read; the content not.
      tx->reset();
      if (Status s = LogRefusal(folder_, actor, "ontvangen-gegevens.geweigerd",
                                "verstrekking:" + std::to_string(r.disclosure_id), "verstrekking");
          !s.ok()) {
        return s;
      }
      return Status::Refused(
          "politiegegevens opent u alleen als u inlogt met een tweede factor (SPEC W-28): stel die in onder "
          "Tweede factor en log opnieuw in");
    }
    if (disclosure_id && acknowledged && r.notice) {
      auto at = repos.disclosures.AcknowledgeNotice(**tx, ctx, r.disclosure_id);
      if (!at.ok()) return at.status();
      r.acknowledged_at = std::move(*at);
    }
    if (disclosure_id && (acknowledged || !r.notice)) {
      auto items = repos.disclosures.ListReceived(**tx, ctx, r.disclosure_id);
      if (!items.ok()) return items.status();
      r.items = std::move(*items);
    }
    out.push_back(std::move(r));
  }
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return out;
}

Result<DisclosureService::StatutoryDisclosure> DisclosureService::ReportStatutoryDisclosure(
    const Actor& actor, std::int64_t disclosure_id, const std::string& recipient, const std::string& obligation) {
  if (IsBlank(recipient)) return Status::InvalidInput("ontvanger: aan wie zijn de gegevens verstrekt?");
  if (IsBlank(obligation)) {
    return Status::InvalidInput("wettelijke_verplichting: noem de wettelijke verplichting (artikel en wet, SPEC C-35)");
  }
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  policy::AccessFacts access;
  access.same_party = true;
  AccessDecision allowed = Authorize(*matrix, actor, Action::kLezen, Resource::kOntvangenGegevens, access);
  if (!allowed.allowed) return Denied(allowed);
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  Repos repos(folder_, clock_);
  auto party = repos.parties.Get(**tx, actor.party);
  if (!party.ok()) return party.status();
  auto reported = repos.disclosures.ReportStatutoryDisclosure(**tx, ContextFor(actor, CaseWork(party->role)),
                                                              disclosure_id, recipient, obligation);
  if (!reported.ok()) return reported.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return reported;
}

Result<DisclosurePreview> DisclosureService::Forward(const Actor& actor, std::int64_t disclosure_id,
                                                     const std::string& recipient, const std::string& agreement_id,
                                                     const std::string& purpose) {
  const policy::Agreement* agreement = agreements_.Find(agreement_id);
  if (agreement == nullptr) return Status::NotFound("overeenkomst \"" + agreement_id + "\" niet gevonden");
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  auto rows = (*tx)->Query(
      "SELECT DISTINCT source_party, field FROM received_data WHERE party_id = ? AND disclosure_id = ?",
      {actor.party, disclosure_id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("ontvangen verstrekking niet gevonden");
  policy::DisclosureRequest r;
  r.date = clock_.Today();
  r.sender = {actor.party, actor.username, actor.roles.empty() ? "" : actor.roles.front(), true};
  r.recipient = {recipient, "", RecipientRole(*agreement, recipient), true};
  r.purpose = purpose;
  r.subject.received_from = rows->front().Text(0);
  policy::FieldSet seen;
  for (const store::Row& row : *rows) {
    if (auto f = policy::FindField(row.Text(1)); f && !seen.test(*f)) {
      seen.set(*f);
      r.fields.Add(*f);
    }
  }
  const policy::Decision decision = policy::Decide(*agreement, r);
  DisclosurePreview preview;
  preview.decision_json = DecisionToJson(*agreement, r, decision);
  preview.outcome = std::string(policy::OutcomeId(decision.outcome));
  preview.route = agreement->kind == policy::AgreementKind::kConvenant ? "convenant" : "art. 20 Wpg-besluit";
  // The attempt is logged about the youth the received data concern.
  store::YouthRepository youths(folder_.keys(), folder_.log());
  store::DisclosureRepository repo(folder_.keys(), youths, folder_.log(), clock_);
  auto party = store::PartyRepository(clock_).Get(**tx, actor.party);
  if (!party.ok()) return party.status();
  const store::AccessContext ctx = ContextFor(actor, CaseWork(party->role));
  auto items = repo.ListReceived(**tx, ctx, disclosure_id);  // logs the read of the subject
  if (!items.ok()) return items.status();
  // The youth's own entry is the read above; this one records the refused attempt itself.
  audit::LogEntry entry = store::internal::EntryFor(ctx, "verstrekking.geweigerd",
                                                    "ontvangen:" + std::to_string(disclosure_id), {}, "verstrekking");
  entry.recipient = recipient;
  entry.purpose = purpose;
  entry.outcome = decision.granted.empty() ? "refused" : "ok";
  if (Status s = folder_.log().Append(**tx, entry); !s.ok()) return s;
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  if (!decision.granted.empty()) {
    return Status::Internal("doorsturen van ontvangen gegevens is niet toegestaan, ook al zou de afspraak het toelaten");
  }
  return preview;
}

Result<FieldCorrection> DisclosureService::SetField(const Actor& actor, std::int64_t youth_id,
                                                    const std::string& field, const std::string& value) {
  auto id = policy::FindField(field);
  if (!id) return Status::InvalidInput("veld: onbekend veld \"" + field.substr(0, 40) + "\"");
  if (field == "bsn") {
    return Status::InvalidInput(
        "veld: het BSN is de identiteit van de registratie en wordt niet gewijzigd; registreer de jongere met het "
        "juiste BSN");
  }
  // Name and date of birth belong to the registration itself; a correction of either reaches
  // every recipient like any other field (SPEC W-27: the spec's own example is the date of birth).
  const bool registration = field == "naam" || field == "geboortedatum";
  if (value.size() > 2000) return Status::InvalidInput("waarde: hoogstens 2000 tekens");
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  policy::AccessFacts access;
  access.same_party = true;
  AccessDecision allowed = Authorize(*matrix, actor, Action::kWijzigen, Resource::kJongere, access);
  if (!allowed.allowed) return Denied(allowed);
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  Repos repos(folder_, clock_);
  auto party = repos.parties.Get(**tx, actor.party);
  if (!party.ok()) return party.status();
  const store::AccessContext ctx = ContextFor(actor, CaseWork(party->role));
  FieldCorrection out;
  if (registration && value.empty()) return Status::InvalidInput("waarde: " + field + " kan niet leeg zijn");
  auto changed = registration ? repos.youths.Correct(**tx, ctx, youth_id, field, value)
                              : repos.fields.Set(**tx, ctx, youth_id, field, value);
  if (!changed.ok()) return changed.status();
  out.changed = *changed;
  if (out.changed && !value.empty()) {
    auto notified = repos.disclosures.Correct(**tx, ctx, youth_id, field, value);
    if (!notified.ok()) return notified.status();
    out.notified = std::move(*notified);
  }
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return out;
}

Result<std::vector<store::CorrectionNotice>> DisclosureService::Corrections(const Actor& actor) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  policy::AccessFacts access;
  access.same_party = true;
  AccessDecision allowed = Authorize(*matrix, actor, Action::kLezen, Resource::kOntvangenGegevens, access);
  if (!allowed.allowed) return Denied(allowed);
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::YouthRepository youths(folder_.keys(), folder_.log());
  store::DisclosureRepository repo(folder_.keys(), youths, folder_.log(), clock_);
  const store::AccessContext ctx = ContextFor(actor, AccessManagement());
  if (auto purged = repo.PurgeEnded(**tx, ctx, clock_.Today().ToString()); !purged.ok()) return purged.status();
  auto notices = repo.Notices(**tx, ctx);
  if (!notices.ok()) return notices.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return notices;
}

}  // namespace leerrecht::services
