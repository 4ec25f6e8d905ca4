#include "policy/explain.h"

namespace leerrecht::policy {

namespace {

std::string Q(std::string_view s) { return "\u201c" + std::string(s) + "\u201d"; }

std::string Cite(const Agreement& a) { return Q(a.title) + " (versie " + std::to_string(a.version) + ")"; }

// "convenant “…”" or "besluit art. 20 Wpg “…”": SPEC quotes refusals by the kind of instrument.
std::string CiteKind(const Agreement& a) {
  return std::string(a.kind == AgreementKind::kConvenant ? "convenant " : "besluit art. 20 Wpg ") + Cite(a);
}

std::string PartyName(const Agreement& a, std::string_view id) {
  const Party* p = a.FindParty(id);
  return p ? p->name : std::string(id);
}

std::string_view CategoryLabel(domain::CaseCategory c) {
  switch (c) {
    case domain::CaseCategory::kAbsoluutVerzuim: return "absoluut verzuim";
    case domain::CaseCategory::kLangdurigVerzuim: return "langdurig verzuim";
    case domain::CaseCategory::kVrijstelling5a: return "vrijstelling 5 onder a";
    case domain::CaseCategory::kRelatiefVerzuim: return "relatief verzuim";
    case domain::CaseCategory::kLuxeVerzuim: return "luxe verzuim";
    case domain::CaseCategory::kOverigVerzuim: return "overig verzuim";
    case domain::CaseCategory::kBeginnendVerzuim: return "beginnend verzuim";
  }
  return "?";
}

std::string NotInForce(const Agreement& a, Date date) {
  const auto first = a.FirstDayInForce();
  const auto last = a.LastDayInForce();
  std::string why;
  if (a.revoked_on && *a.revoked_on <= date) {
    why = "ingetrokken op " + a.revoked_on->ToString();
  } else if (first && date < *first) {
    why = "nog niet in werking (vanaf " + first->ToString() + ")";
  } else if (last && *last < date) {
    why = "verlopen (geldig tot en met " + last->ToString() + ")";
  } else {
    why = "niet in werking";
  }
  return Cite(a) + " is op " + date.ToString() + " " + why + "; er mag niets onder worden verstrekt.";
}

}  // namespace

std::string Explain(const Agreement& a, const DisclosureRequest& r, const Decision& d, const Refusal& refusal) {
  const FieldInfo& field = Field(refusal.field);
  switch (refusal.reason) {
    case Reason::kAgreementNotInForce:
      return NotInForce(a, r.date);
    case Reason::kPartyNotInAgreement: {
      const bool sender_missing = a.FindParty(r.sender.party) == nullptr;
      const std::string& missing = sender_missing ? r.sender.party : r.recipient.party;
      if (a.kind == AgreementKind::kWpgArt20 && !sender_missing) {
        return Q(missing) + " is geen partij bij " + CiteKind(a) + ": ontvanger is geen partner in beslissing (SPEC W-07).";
      }
      return Q(missing) + " is geen partij bij " + CiteKind(a) + "; alleen de partijen die het ondertekenden wisselen uit.";
    }
    case Reason::kPartySuspended: {
      const Party* s = a.FindParty(r.sender.party);
      const Party* p = (s && s->suspended_on && *s->suspended_on <= r.date) ? s : a.FindParty(r.recipient.party);
      return "Samenwerking opgeschort: de samenwerking met " + (p ? p->name : std::string("de partij")) +
             " is opgeschort sinds " +
             (p && p->suspended_on ? p->suspended_on->ToString() : std::string("?")) + " (" + Cite(a) + ").";
    }
    case Reason::kSenderNotDesignated:
      if (const Party* s = a.FindParty(r.sender.party);
          a.kind == AgreementKind::kWpgArt20 && s != nullptr && s->role != PartyRole::kLeerplicht) {
        return "De art. 20 Wpg-verstrekking is alleen voor aangewezen leerplichtambtenaren; " + s->name +
               " kan onder " + Cite(a) + " niet verstrekken (SPEC W-11).";
      }
      return "De verstrekker (" + r.sender.role + " van " + PartyName(a, r.sender.party) + ") is niet aangewezen onder " +
             Cite(a) + ".";
    case Reason::kRecipientNotDesignated:
      return "De ontvanger (" + r.recipient.role + " van " + PartyName(a, r.recipient.party) +
             ") is niet aangewezen onder " + Cite(a) + ", of de aanwijzing is verlopen.";
    case Reason::kPurposeNotCovered:
      return "Het doel " + Q(r.purpose) + " staat niet in " + Cite(a) + ".";
    case Reason::kProcessingEnded:
      return "De verwerking is beëindigd (" + r.subject.processing_ended.value_or("") +
             "); onder " + Cite(a) + " wordt daarna niets meer uitgewisseld.";
    case Reason::kNoOnwardDisclosure:
      return "Deze gegevens zijn ontvangen van " + PartyName(a, r.subject.received_from.value_or("")) +
             " en mogen niet verder worden verstrekt, tenzij een wettelijke verplichting is vastgelegd (" + Cite(a) + ").";
    case Reason::kSubjectNotInScope:
      return Cite(a) + " kent geen uitwisseling bij " + std::string(CategoryLabel(r.subject.category)) + " van " +
             PartyName(a, r.sender.party) + " aan " + PartyName(a, r.recipient.party) + " voor dit doel.";
    case Reason::kOmSecrecy:
      return "Geheimhouding art. 52 Wjsg: gegevens van het Openbaar Ministerie over derden vallen onder de "
             "geheimhouding van art. 52 lid 1 Wjsg; "
             "verstrekken kan alleen met een vastgelegde uitzondering en goedkeuring door een tweede functionaris.";
    case Reason::kWpgExcluded:
      if (d.regime_a_police_case && !field.IsPoliceData()) {
        return "Regime A (Wpg vanaf melding): alle gegevens van deze zaak zijn politiegegevens. Wpg-gegevens worden "
               "niet uitgewisseld onder " + CiteKind(a) + "; convenantuitwisseling vereist een art. 20-beslissing met " +
               PartyName(a, r.recipient.party) + " als partner (Wpg-gegevens — alleen via art. 20-beslissing).";
      }
      if (!field.IsPoliceData()) {
        return "Regime B: na het besluit tot handhaving (" + std::string(MasPhaseId(r.subject.phase)) +
               ") is het dossier politiegegeven; Wpg-gegevens worden niet uitgewisseld onder " + CiteKind(a) + ".";
      }
      return "Wpg-gegevens worden niet uitgewisseld onder " + CiteKind(a) + ": " + std::string(field.label) +
             " is een politiegegeven.";
    case Reason::kNotPoliceData:
      return Cite(a) + " is een besluit op grond van art. 20 Wpg en geldt alleen voor politiegegevens; " +
             std::string(field.label) + ": geen politiegegevens — gebruik AVG-grondslag (convenant).";
    case Reason::kSpecialCategory:
      if (a.special_categories == SpecialCategories::kExcluded) {
        return "Geen bijzondere persoonsgegevens onder " + CiteKind(a) + " (" + std::string(field.label) + ").";
      }
      return "Geen expliciete wettelijke grondslag bij " + PartyName(a, r.recipient.party) + " voor categorie " +
             std::string(field.label) + " (" + Cite(a) + ").";
    case Reason::kNotInExchangeTable:
      return "Veld niet toegestaan voor categorie " + std::string(CategoryLabel(r.subject.category)) + ": " +
             std::string(field.label) + " staat niet in " +
             (a.exchange_table.empty() ? std::string("de uitwisselingstabel") : Q(a.exchange_table)) + " van " +
             Cite(a) + (a.kind == AgreementKind::kWpgArt20 ? " — categorie niet in beslissing." : ".");
  }
  return std::string(ReasonCode(refusal.reason));
}

std::optional<DocumentationRecord> Documentation(const DisclosureRequest& request, const Decision& decision) {
  if (decision.granted.empty()) return std::nullopt;
  DocumentationRecord record{request.recipient.party, request.date.ToString(), "", request.purpose,
                             std::string(domain::CaseCategoryId(request.subject.category))};
  for (FieldId f : decision.granted) {
    if (!record.description.empty()) record.description += ", ";
    record.description += Field(f).id;
  }
  return record;
}

}  // namespace leerrecht::policy
