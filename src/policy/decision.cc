#include "policy/decision.h"

#include <utility>

#include "policy/id_table.h"

namespace leerrecht::policy {

namespace {

constexpr std::array<std::pair<WpgRegime, std::string_view>, 2> kRegimes{{
    {WpgRegime::kVanafMelding, "vanaf-melding"},
    {WpgRegime::kVanafHandhaving, "vanaf-handhaving"},
}};

constexpr std::array<std::pair<MasPhase, std::string_view>, 7> kPhases{{
    {MasPhase::kMelding, "melding"},
    {MasPhase::kOnderzoek, "onderzoek"},
    {MasPhase::kHulp, "hulp"},
    {MasPhase::kHalt, "halt"},
    {MasPhase::kProcesVerbaal, "proces-verbaal"},
    {MasPhase::kOm, "om"},
    {MasPhase::kAfgesloten, "afgesloten"},
}};

constexpr std::array<std::string_view, 14> kReasonCodes{
    "agreement-not-in-force", "party-not-in-agreement", "party-suspended",     "sender-not-designated",
    "recipient-not-designated", "purpose-not-covered",  "processing-ended",    "no-onward-disclosure",
    "subject-not-in-scope",   "om-secrecy",             "wpg-excluded",        "not-police-data",
    "special-category",       "not-in-exchange-table",
};

// DESIGN.md §6: designated when the server says so and, where the agreement has a
// [designation] section, an entry names the actor's party with its role or person id.
bool IsDesignated(const Agreement& agreement, const std::vector<DesignationEntry>& entries, const Party& party,
                  const Actor& actor) {
  if (!actor.designated) return false;
  if (!agreement.has_designation) return true;
  const std::size_t party_index = static_cast<std::size_t>(&party - agreement.parties.data());
  for (const auto& entry : entries) {
    if (entry.party != party_index) continue;
    if (!entry.role.empty() && entry.role == actor.role) return true;
    if (!entry.person.empty() && entry.person == actor.person) return true;
  }
  return false;
}

bool Contains(const std::vector<std::size_t>& list, std::size_t value) {
  for (std::size_t v : list) {
    if (v == value) return true;
  }
  return false;
}

bool RegimeAPoliceCase(const Party& sender, const DisclosureRequest& request) {
  // SPEC R-02: under Regime A every item of a leerplicht case is police data from the melding
  // (or the detection of absoluut verzuim) onwards.
  return sender.role == PartyRole::kLeerplicht && request.regime == WpgRegime::kVanafMelding &&
         (request.subject.duo_melding || request.subject.category == domain::CaseCategory::kAbsoluutVerzuim);
}

}  // namespace

std::string_view WpgRegimeId(WpgRegime regime) {
  return regime == WpgRegime::kVanafMelding ? "vanaf-melding" : "vanaf-handhaving";
}
std::optional<WpgRegime> ParseWpgRegime(std::string_view id) { return LookupId(kRegimes, id); }
std::string_view MasPhaseId(MasPhase phase) { return kPhases[static_cast<std::size_t>(phase)].second; }
std::optional<MasPhase> ParseMasPhase(std::string_view id) { return LookupId(kPhases, id); }
std::string_view ReasonCode(Reason reason) { return kReasonCodes[static_cast<std::size_t>(reason)]; }

std::string_view OutcomeId(Outcome outcome) {
  switch (outcome) {
    case Outcome::kGranted: return "granted";
    case Outcome::kPartial: return "partial";
    case Outcome::kRefused: return "refused";
  }
  return "refused";
}

bool CaseIsPoliceData(WpgRegime regime, bool duo_melding, domain::CaseCategory category, MasPhase phase) {
  if (regime == WpgRegime::kVanafMelding) return duo_melding || category == domain::CaseCategory::kAbsoluutVerzuim;
  return phase == MasPhase::kHalt || phase == MasPhase::kProcesVerbaal || phase == MasPhase::kOm;
}

bool IsPoliceData(FieldId field, const Agreement& agreement, const DisclosureRequest& request) {
  if (Field(field).IsPoliceData()) return true;
  const Party* sender = agreement.FindParty(request.sender.party);
  if (sender == nullptr || sender->role != PartyRole::kLeerplicht) return false;
  if (RegimeAPoliceCase(*sender, request)) return true;
  // SPEC R-03: under Regime B the case file moves into the Wpg domain once enforcement is
  // decided (Halt, proces-verbaal, OM); the core registration fields stay AVG.
  const MasPhase phase = request.subject.phase;
  return request.regime == WpgRegime::kVanafHandhaving && Field(field).category == FieldCategory::kDossier &&
         (phase == MasPhase::kHalt || phase == MasPhase::kProcesVerbaal || phase == MasPhase::kOm);
}

Decision Decide(const Agreement& agreement, const DisclosureRequest& request) {
  Decision d;
  auto refuse_all = [&](Reason reason) {
    d.request_refusal = reason;
    for (FieldId f : request.fields) d.refused[d.refused_count++] = {f, reason};
    d.outcome = Outcome::kRefused;
    return d;
  };

  // Whole-request checks, in the contract's order.
  if (!agreement.InForceOn(request.date)) return refuse_all(Reason::kAgreementNotInForce);
  const Party* sender = agreement.FindParty(request.sender.party);
  const Party* recipient = agreement.FindParty(request.recipient.party);
  if (sender == nullptr || recipient == nullptr) return refuse_all(Reason::kPartyNotInAgreement);
  // SPEC W-16: a suspended partner neither sends nor receives.
  for (const Party* p : {sender, recipient}) {
    if (p->suspended_on && *p->suspended_on <= request.date) return refuse_all(Reason::kPartySuspended);
  }
  // SPEC W-11: the art. 20 route is the leerplichtambtenaar's alone.
  const bool art20_non_leerplicht_sender =
      agreement.kind == AgreementKind::kWpgArt20 && sender->role != PartyRole::kLeerplicht;
  if (art20_non_leerplicht_sender || !IsDesignated(agreement, agreement.senders, *sender, request.sender)) {
    return refuse_all(Reason::kSenderNotDesignated);
  }
  if (!IsDesignated(agreement, agreement.recipients, *recipient, request.recipient)) {
    return refuse_all(Reason::kRecipientNotDesignated);
  }
  const Purpose* purpose = agreement.FindPurpose(request.purpose);
  if (purpose == nullptr) return refuse_all(Reason::kPurposeNotCovered);
  if (request.subject.processing_ended) return refuse_all(Reason::kProcessingEnded);
  if (request.subject.received_from) return refuse_all(Reason::kNoOnwardDisclosure);

  const std::size_t sender_index = static_cast<std::size_t>(sender - agreement.parties.data());
  const std::size_t recipient_index = static_cast<std::size_t>(recipient - agreement.parties.data());
  const std::size_t purpose_index = static_cast<std::size_t>(purpose - agreement.purposes.data());
  FieldSet allowed;
  bool in_scope = false;
  for (const Flow& flow : agreement.flows) {
    if (!flow.Covers(request.subject.category)) continue;
    if (!Contains(flow.from, sender_index) || !Contains(flow.to, recipient_index) ||
        !Contains(flow.purposes, purpose_index)) {
      continue;
    }
    in_scope = true;
    allowed |= flow.field_set;
  }
  if (!in_scope) return refuse_all(Reason::kSubjectNotInScope);

  // Each field on its own, the most specific legal reason first.
  const bool convenant = agreement.kind == AgreementKind::kConvenant;
  d.regime_a_police_case = RegimeAPoliceCase(*sender, request);
  for (FieldId f : request.fields) {
    const FieldInfo& info = Field(f);
    std::optional<Reason> reason;
    const bool police = IsPoliceData(f, agreement, request);
    if (info.om && !request.om_exception) {
      reason = Reason::kOmSecrecy;  // art. 52 Wjsg (SPEC W-23)
    } else if (convenant && police) {
      reason = Reason::kWpgExcluded;  // SPEC C-31, R-11
    } else if (!convenant && !police) {
      reason = Reason::kNotPoliceData;  // SPEC W-13
    } else if (info.IsSpecialCategory() && (agreement.special_categories == SpecialCategories::kExcluded ||
                                            !recipient->special_category_basis.test(f))) {
      reason = Reason::kSpecialCategory;  // SPEC C-30, W-22
    } else if (!allowed.test(f) && !info.om) {  // with the exception, om_gegevens rests on it
      reason = Reason::kNotInExchangeTable;  // SPEC C-22..C-24, C-32
    }
    if (reason) {
      d.refused[d.refused_count++] = {f, *reason};
    } else {
      d.granted.Add(f);
    }
  }
  d.outcome = d.refused_count == 0 ? Outcome::kGranted : d.granted.empty() ? Outcome::kRefused : Outcome::kPartial;
  if (d.granted.empty() && request.fields.empty()) d.outcome = Outcome::kRefused;
  d.confidentiality_notice = !convenant && !d.granted.empty();
  return d;
}

}  // namespace leerrecht::policy
