#include "services/dossier_service.h"

#include "core/bsn.h"
#include "core/date.h"
#include "core/timestamp.h"
#include "domain/case_category.h"
#include "policy/decision.h"
#include "services/refusal_log.h"
#include <algorithm>
#include <array>

#include "store/repositories/break_glass_repository.h"
#include "store/repositories/disclosure_repository.h"
#include "store/repositories/party_repository.h"
#include "store/repositories/repository_support.h"
#include "store/repositories/user_repository.h"
#include "store/repositories/youth_field_repository.h"
#include "domain/youth.h"

namespace leerrecht::services {

namespace {

using policy::Action;
using policy::Resource;

// The repositories of one use case, over the folder's key ring and log.
struct Repos {
  explicit Repos(DataFolder& folder, const Clock& clock)
      : youths(folder.keys(), folder.log()),
        cases(youths, folder.log()),
        notes(folder.keys(), youths, folder.log(), clock),
        users(folder.keys(), folder.log(), clock),
        break_glass(youths, folder.log()),
        parties(clock) {}
  store::YouthRepository youths;
  store::CaseRepository cases;
  store::NoteRepository notes;
  store::UserRepository users;
  store::BreakGlassRepository break_glass;
  store::PartyRepository parties;
};

policy::RegimeTag TagOf(const std::string& stored) {
  return stored == store::kRegimeTagWpg ? policy::RegimeTag::kWpg : policy::RegimeTag::kAvg;
}

YouthView ViewOf(const store::Youth& y) {
  return {y.id, y.bsn ? y.bsn->digits() : std::string(), y.name, y.birth_date.ToString(), y.municipality};
}

Result<std::unique_ptr<store::Transaction>> Write(DataFolder& folder) { return folder.db().BeginWrite(); }

}  // namespace

Result<std::string> DossierService::PartyRole(store::Transaction& tx, const std::string& party) {
  store::PartyRepository parties(clock_);
  auto p = parties.Get(tx, party);
  if (!p.ok()) return p.status();
  return p->role;
}

Result<DossierService::CaseAccess> DossierService::Facts(store::Transaction& tx, const Actor& actor,
                                                         std::int64_t case_id) {
  Repos repos(folder_, clock_);
  auto facts = repos.cases.Facts(tx, case_id);
  if (!facts.ok()) return facts.status();
  // Another party's case does not exist for this user: the same answer as an unknown id.
  if (!*facts || (*facts)->party != actor.party) return Status::NotFound("zaak niet gevonden");
  CaseAccess out;
  out.facts = **facts;
  out.access.same_party = true;
  out.access.item_regime = TagOf(out.facts.regime_tag);
  auto worker = repos.cases.IsWorker(tx, case_id, actor.user_id, clock_.Today());
  if (!worker.ok()) return worker.status();
  out.access.own_caseload = *worker;
  auto grants = repos.break_glass.ActiveGrants(tx, case_id, actor.user_id, FormatUtc(clock_.Now()));
  if (!grants.ok()) return grants.status();
  for (const store::BreakGlass& g : *grants) {
    // An AVG-only grant opens nothing of a WPG case (SPEC R-07).
    if (g.scope == store::kBreakGlassScopeAvg && out.facts.regime_tag == store::kRegimeTagWpg) continue;
    out.access.break_glass_active = true;
    out.grant_id = g.id;
    out.grant_ground = g.legal_ground;
    break;
  }
  return out;
}

Status DossierService::RefuseAndLog(const Actor& actor, const store::CaseFacts& facts, std::string_view what,
                                    const AccessDecision& decision) {
  if (Status s = LogRefusalAboutYouth(folder_, actor, std::string(what) + ".geweigerd", facts.youth_id); !s.ok()) {
    return s;
  }
  return Denied(decision);
}

Result<DossierService::OpenedCase> DossierService::OpenCase(const Actor& actor, std::int64_t case_id,
                                                            policy::Action action, policy::Resource resource,
                                                            std::string_view what, TxKind kind) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  // Pure reads go to a reader connection, in parallel with other requests; their log entries are
  // written when they commit (ProcessingLog::Append), before anything is returned.
  auto tx = kind == TxKind::kRead ? folder_.db().BeginRead() : Write(folder_);
  if (!tx.ok()) return tx.status();
  auto access = Facts(**tx, actor, case_id);
  if (!access.ok()) return EndCaseRequest(folder_, std::move(*tx), actor, case_id, access.status());
  AccessDecision decision = Authorize(*matrix, actor, action, resource, access->access);
  if (!decision.allowed) {
    tx->reset();
    return RefuseAndLog(actor, access->facts, what, decision);
  }
  auto role = PartyRole(**tx, actor.party);
  if (!role.ok()) return role.status();
  return OpenedCase{std::move(*tx), std::move(*access), std::move(decision), std::move(*role)};
}

Result<std::int64_t> DossierService::CreateYouth(const Actor& actor, const NewYouth& y) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  policy::AccessFacts facts;
  facts.same_party = true;
  AccessDecision allowed = Authorize(*matrix, actor, Action::kAanmaken, Resource::kJongere, facts);
  if (!allowed.allowed) return Denied(allowed);
  auto bsn = Bsn::Parse(y.bsn);
  if (!bsn.ok()) return Status::InvalidInput("bsn: geen geldig burgerservicenummer");
  auto birth = Date::Parse(y.birth_date);
  if (!birth.ok()) return Status::InvalidInput("geboortedatum: verwacht JJJJ-MM-DD");
  if (y.name.empty()) return Status::InvalidInput("naam ontbreekt");
  if (!y.school_type.empty() && !domain::ParseSchoolType(y.school_type)) {
    return Status::InvalidInput("schoolsoort: kies po, so, vo, vso of mbo");
  }
  auto tx = Write(folder_);
  if (!tx.ok()) return tx.status();
  auto role = PartyRole(**tx, actor.party);
  if (!role.ok()) return role.status();
  Repos repos(folder_, clock_);
  const store::AccessContext ctx = ContextFor(actor, CaseWork(*role));
  auto id = repos.youths.Create(**tx, ctx, *bsn, y.name, *birth, y.municipality);
  if (!id.ok()) return id.status();
  if (!y.school_type.empty()) {
    store::YouthFieldRepository fields(repos.youths, folder_.log(), clock_);
    if (Status s = fields.SetSchoolType(**tx, ctx, *id, y.school_type); !s.ok()) return s;
  }
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return *id;
}

Result<YouthView> DossierService::GetYouth(const Actor& actor, std::int64_t id) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  auto tx = folder_.db().BeginRead();
  if (!tx.ok()) return tx.status();
  auto owner = (*tx)->Query("SELECT party_id FROM youths WHERE id = ?", {id});
  if (!owner.ok()) return owner.status();
  if (owner->empty() || owner->front().Text(0) != actor.party) return Status::NotFound("jongere niet gevonden");
  policy::AccessFacts facts;
  facts.same_party = true;
  AccessDecision allowed = Authorize(*matrix, actor, Action::kLezen, Resource::kJongere, facts);
  if (!allowed.allowed) {
    tx->reset();
    store::CaseFacts pseudo;
    pseudo.youth_id = id;
    return RefuseAndLog(actor, pseudo, "jongere.lezen", allowed);
  }
  auto role = PartyRole(**tx, actor.party);
  if (!role.ok()) return role.status();
  Repos repos(folder_, clock_);
  auto youth = repos.youths.Get(**tx, ContextFor(actor, CaseWork(*role)), id);
  if (!youth.ok()) return youth.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return ViewOf(*youth);
}

Result<std::int64_t> DossierService::CreateCase(const Actor& actor, const NewCase& c) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  auto category = domain::ParseCaseCategory(c.category);
  if (!category) return Status::InvalidInput("categorie: onbekende zaakcategorie \"" + c.category + "\"");
  // SPEC C-21, P-07: relative absence is known only from a school's melding through DUO; without
  // one there is no ground for a person-level file (absoluut verzuim and vrijstellingen are the
  // RBL's own findings, C-21).
  using domain::CaseCategory;
  const bool needs_melding = *category == CaseCategory::kRelatiefVerzuim || *category == CaseCategory::kLuxeVerzuim ||
                             *category == CaseCategory::kOverigVerzuim || *category == CaseCategory::kBeginnendVerzuim;
  if (needs_melding && !c.notification_id) {
    return Status::Refused("geen persoonsdossier zonder DUO-melding: koppel de verzuimmelding van school "
                           "(SPEC C-21, P-07); preventief werk zonder melding hoort op schoolniveau (P-06)");
  }
  auto tx = Write(folder_);
  if (!tx.ok()) return tx.status();
  Repos repos(folder_, clock_);
  auto owner = (*tx)->Query("SELECT party_id FROM youths WHERE id = ?", {c.youth_id});
  if (!owner.ok()) return owner.status();
  if (owner->empty() || owner->front().Text(0) != actor.party) return Status::NotFound("jongere niet gevonden");
  const Date today = clock_.Today();
  if (Status s = repos.parties.CheckCaseRegistration(**tx, actor.party, today); !s.ok()) return s;
  auto party = repos.parties.Get(**tx, actor.party);
  if (!party.ok()) return party.status();
  if (c.notification_id) {
    auto n = (*tx)->Query("SELECT youth_id FROM absence_notifications WHERE id = ? AND party_id = ?",
                          {*c.notification_id, actor.party});
    if (!n.ok()) return n.status();
    if (n->empty() || n->front().Int(0) != c.youth_id) {
      return Status::InvalidInput("melding: geen verzuimmelding van deze jongere");
    }
  }
  // The tag follows the regime (SPEC ); only leerplicht holds police data at all.
  bool police = false;
  if (party->role == store::kRoleLeerplicht && party->regime) {
    auto regime = policy::ParseWpgRegime(party->regime->regime);
    police = regime && policy::CaseIsPoliceData(*regime, c.notification_id.has_value(), *category,
                                                policy::MasPhase::kMelding);
  }
  policy::AccessFacts facts;
  facts.same_party = true;
  facts.own_caseload = true;  // a new case enters its creator's caseload
  facts.item_regime = police ? policy::RegimeTag::kWpg : policy::RegimeTag::kAvg;
  AccessDecision allowed = Authorize(*matrix, actor, Action::kAanmaken, Resource::kDossier, facts);
  if (!allowed.allowed) return Denied(allowed);

  store::CaseRecord record;
  record.youth_id = c.youth_id;
  record.category = c.category;
  record.mas_phase = std::string(policy::MasPhaseId(policy::MasPhase::kMelding));
  record.regime_tag = std::string(police ? store::kRegimeTagWpg : store::kRegimeTagAvg);
  if (police) record.wpg_since = today.ToString();
  record.opened_on = today.ToString();
  record.notification_id = c.notification_id;
  const store::AccessContext ctx = ContextFor(actor, CaseWork(party->role));
  auto id = repos.cases.Create(**tx, ctx, record);
  if (!id.ok()) return id.status();
  if (Status s = repos.cases.AssignWorker(**tx, ctx, *id, actor.user_id, allowed.role, today); !s.ok()) return s;
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return *id;
}

Result<CaseRead> DossierService::GetCase(const Actor& actor, std::int64_t id) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  // Only reads: a reader connection, in parallel with other requests. The log entries of the
  // read are written when it commits (ProcessingLog::Append), before anything is returned.
  auto tx = folder_.db().BeginRead();
  if (!tx.ok()) return tx.status();
  auto access = Facts(**tx, actor, id);
  if (!access.ok()) return EndCaseRequest(folder_, std::move(*tx), actor, id, access.status());
  auto role = PartyRole(**tx, actor.party);
  if (!role.ok()) return role.status();
  Repos repos(folder_, clock_);
  AccessDecision full = Authorize(*matrix, actor, Action::kLezen, Resource::kDossier, access->access);
  CaseRead out;
  if (full.allowed) {
    // A read through the door in the fence is logged as such: purpose break-glass, the grant's
    // ground as legal basis (SPEC R-07, DESIGN.md §9).
    const bool via_grant = !access->access.own_caseload && access->grant_id.has_value();
    const store::AccessContext ctx =
        ContextFor(actor, via_grant ? BreakGlassProcessing(access->grant_ground) : CaseWork(*role));
    auto record = repos.cases.Get(**tx, ctx, id);
    if (!record.ok()) return record.status();
    CaseView view;
    view.record = std::move(*record);
    auto youth = repos.youths.Get(**tx, ctx, view.record.youth_id);
    if (!youth.ok()) return youth.status();
    view.youth = ViewOf(*youth);
    auto party = repos.parties.Get(**tx, actor.party);
    if (!party.ok()) return party.status();
    if (party->regime) {
      view.regime = party->regime->regime;
      view.regime_since = party->regime->since.ToString();
    }
    auto workers = repos.cases.Workers(**tx, ctx, id);
    if (!workers.ok()) return workers.status();
    for (const store::CaseWorker& w : *workers) {
      if (w.ended_on) continue;
      auto user = repos.users.Get(**tx, ctx, w.user_id);
      if (!user.ok()) return user.status();
      view.workers.push_back({w.user_id, user->display_name, w.role, w.assigned_on.ToString()});
    }
    if (via_grant) view.break_glass_id = access->grant_id;
    out.full = std::move(view);
    if (Status s = (*tx)->Commit(); !s.ok()) return s;
    return out;
  }
  policy::AccessFacts youth_facts;
  youth_facts.same_party = true;
  AccessDecision minimal = Authorize(*matrix, actor, Action::kLezen, Resource::kJongere, youth_facts);
  if (!minimal.allowed) {
    tx->reset();
    return RefuseAndLog(actor, access->facts, "zaak.lezen", full);
  }
  // SPEC R-07: "Leerplicht betrokken: ja; LPA: K. Jansen; status: lopend" and nothing more.
  const store::AccessContext ctx = ContextFor(actor, CaseWork(*role));
  InBeeldView view;
  view.case_id = id;
  view.status = access->facts.closed ? "afgesloten" : "lopend";
  auto workers = repos.cases.Workers(**tx, ctx, id);
  if (!workers.ok()) return workers.status();
  for (const store::CaseWorker& w : *workers) {
    if (w.ended_on || w.role != "leerplichtambtenaar") continue;
    auto user = repos.users.Get(**tx, ctx, w.user_id);
    if (!user.ok()) return user.status();
    view.contact = user->display_name;
    break;
  }
  view.may_request_break_glass =
      Authorize(*matrix, actor, Action::kAanmaken, Resource::kBreakGlass, youth_facts).allowed;
  auto subject = store::internal::YouthSubject(**tx, folder_.keys(), repos.youths, actor.party, access->facts.youth_id);
  if (!subject.ok()) return subject.status();
  if (Status s = folder_.log().Append(**tx, store::internal::EntryFor(ctx, "zaak.in-beeld", *subject, {"in_beeld"}));
      !s.ok()) {
    return s;
  }
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  out.minimal = view;
  return out;
}

Result<std::vector<CaseSummary>> DossierService::ListCases(const Actor& actor) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  auto tx = folder_.db().BeginRead();
  if (!tx.ok()) return tx.status();
  auto role = PartyRole(**tx, actor.party);
  if (!role.ok()) return role.status();
  Repos repos(folder_, clock_);
  const store::AccessContext ctx = ContextFor(actor, CaseWork(*role));
  auto ids = repos.cases.ListIds(**tx, ctx);
  if (!ids.ok()) return ids.status();
  std::vector<CaseSummary> out;
  for (std::int64_t id : *ids) {
    auto access = Facts(**tx, actor, id);
    if (!access.ok()) return access.status();
    if (!Authorize(*matrix, actor, Action::kLezen, Resource::kDossier, access->access).allowed) continue;
    auto record = repos.cases.Get(**tx, ctx, id);
    if (!record.ok()) return record.status();
    auto youth = repos.youths.Get(**tx, ctx, record->youth_id);
    if (!youth.ok()) return youth.status();
    out.push_back({record->id, record->youth_id, youth->name, record->category, record->mas_phase,
                   record->regime_tag, record->wpg_since, record->opened_on});
  }
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return out;
}

Result<std::int64_t> DossierService::AddNote(const Actor& actor, std::int64_t case_id, const std::string& text) {
  if (text.empty()) return Status::InvalidInput("tekst: de notitie is leeg");
  auto c = OpenCase(actor, case_id, Action::kAanmaken, Resource::kNotitie, "notitie.aanmaken", TxKind::kWrite);
  if (!c.ok()) return c.status();
  if (Status s = CheckNoteGround(*c->tx, actor.party, c->party_role, case_id); !s.ok()) return s;
  Repos repos(folder_, clock_);
  // A note carries its case's tag (SPEC R-10); a WPG note is police data from today.
  const bool wpg = c->access.facts.regime_tag == store::kRegimeTagWpg;
  auto id = repos.notes.AddToCase(*c->tx, ContextFor(actor, CaseWork(c->party_role)), case_id, text,
                                  wpg ? store::kRegimeTagWpg : store::kRegimeTagAvg,
                                  wpg ? std::optional<Date>(clock_.Today()) : std::nullopt);
  if (!id.ok()) return id.status();
  if (Status s = c->tx->Commit(); !s.ok()) return s;
  return *id;
}

Status DossierService::CheckNoteGround(store::Transaction& tx, const std::string& party, const std::string& role,
                                       std::int64_t case_id) {
  auto rows = tx.Query("SELECT category, notification_id FROM cases WHERE id = ? AND party_id = ?", {case_id, party});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("zaak niet gevonden");
  // SPEC P-07, C-21: the ground of a person-level note is the school's DUO melding behind the case;
  // absoluut verzuim and vrijstelling 5a are the RBL's own findings, and an SWV registers from the
  // meldingen schools make to it (C-20), so those cases carry their own source.
  const bool has_melding = !rows->front().IsNull(1);
  const std::string category = rows->front().Text(0);
  const bool own_finding = category == "absoluut-verzuim" || category == "vrijstelling-5a";
  if (has_melding || own_finding || role == "swv") return Status::Ok();
  return Status::Refused(
      "geen persoonsnotitie zonder grondslag: deze zaak heeft geen verzuimmelding van school via het DUO-verzuimloket "
      "(SPEC P-07); open de zaak met de melding, of leg preventief werk zonder melding vast op schoolniveau (P-06)");
}

Result<std::vector<store::Note>> DossierService::ListNotes(const Actor& actor, std::int64_t case_id) {
  auto c = OpenCase(actor, case_id, Action::kLezen, Resource::kNotitie, "notitie.lezen", TxKind::kRead);
  if (!c.ok()) return c.status();
  Repos repos(folder_, clock_);
  auto notes = repos.notes.ListForCase(
      *c->tx,
      ContextFor(actor, c->via_grant() ? BreakGlassProcessing(c->access.grant_ground) : CaseWork(c->party_role)),
      case_id);
  if (!notes.ok()) return notes.status();
  if (Status s = c->tx->Commit(); !s.ok()) return s;
  return notes;
}

namespace {

// SPEC C-40: the last day of the quarter after the one `d` falls in.
Date EndOfFollowingQuarter(Date d) {
  int year = d.Year();
  int quarter = static_cast<int>((d.Month() - 1) / 3) + 2;  // the following quarter, 2..5
  if (quarter == 5) {
    quarter = 1;
    ++year;
  }
  const int next_month = quarter * 3 + 1;  // first month after that quarter
  return Date::Ymd(next_month > 12 ? year + 1 : year, static_cast<unsigned>(next_month > 12 ? 1 : next_month), 1)
      .AddDays(-1);
}

constexpr std::array<std::string_view, 4> kEndTriggers = {"terug-naar-onderwijs", "startkwalificatie",
                                                          "verhuisd-buiten-regio", "overleden"};

}  // namespace

Result<std::vector<std::string>> DossierService::EndCase(const Actor& actor, std::int64_t case_id,
                                                         const std::string& trigger, std::optional<std::string> on) {
  if (std::find(kEndTriggers.begin(), kEndTriggers.end(), trigger) == kEndTriggers.end()) {
    return Status::InvalidInput(
        "reden: kies terug-naar-onderwijs, startkwalificatie, verhuisd-buiten-regio of overleden (SPEC C-39)");
  }
  Date day = clock_.Today();
  if (on) {
    auto parsed = Date::Parse(*on);
    if (!parsed.ok()) return Status::InvalidInput("datum: verwacht JJJJ-MM-DD");
    if (*parsed > clock_.Today()) return Status::InvalidInput("datum: een einde ligt niet in de toekomst");
    day = *parsed;
  }
  // Who may not change the case learns nothing of its state: the matrix decides before the
  // closed check.
  auto c = OpenCase(actor, case_id, Action::kWijzigen, Resource::kDossier, "zaak.wijzigen", TxKind::kWrite);
  if (!c.ok()) return c.status();
  if (c->access.facts.closed) return Status::Conflict("de zaak is al afgesloten");
  store::Transaction& tx = *c->tx;
  Repos repos(folder_, clock_);
  const store::AccessContext ctx = ContextFor(actor, CaseWork(c->party_role));
  // The tag stays as it is: closing never moves police data back to AVG.
  std::optional<std::string> since;
  if (Status s = repos.cases.SetPhase(tx, ctx, case_id, "afgesloten", c->access.facts.regime_tag, since, day);
      !s.ok()) {
    return s;
  }
  if (Status s = tx.Execute("UPDATE cases SET end_trigger = ? WHERE id = ? AND party_id = ?",
                                {trigger, case_id, actor.party});
      !s.ok()) {
    return s;
  }
  store::DisclosureRepository disclosures(folder_.keys(), repos.youths, folder_.log(), clock_);
  auto notified = disclosures.NotifyEnd(tx, ctx, case_id, trigger, EndOfFollowingQuarter(day).ToString());
  if (!notified.ok()) return notified.status();
  if (Status s = tx.Commit(); !s.ok()) return s;
  std::vector<std::string> parties;
  for (const auto& n : *notified) {
    if (std::find(parties.begin(), parties.end(), n.recipient_party) == parties.end()) {
      parties.push_back(n.recipient_party);
    }
  }
  return parties;
}

Result<std::string> DossierService::ChangePhase(const Actor& actor, std::int64_t case_id, const std::string& phase) {
  auto parsed = policy::ParseMasPhase(phase);
  if (!parsed || *parsed == policy::MasPhase::kAfgesloten) {
    return Status::InvalidInput("fase: kies melding, onderzoek, hulp, halt, proces-verbaal of om (afsluiten gaat via beëindigen)");
  }
  auto c = OpenCase(actor, case_id, Action::kWijzigen, Resource::kDossier, "zaak.wijzigen", TxKind::kWrite);
  if (!c.ok()) return c.status();
  if (c->access.facts.closed) return Status::Conflict("de zaak is afgesloten");
  store::Transaction& tx = *c->tx;
  Repos repos(folder_, clock_);
  auto party = repos.parties.Get(tx, actor.party);
  if (!party.ok()) return party.status();
  const store::AccessContext ctx = ContextFor(actor, CaseWork(party->role));
  auto record = repos.cases.Get(tx, ctx, case_id);
  if (!record.ok()) return record.status();
  auto category = domain::ParseCaseCategory(record->category);
  bool police = record->regime_tag == store::kRegimeTagWpg;
  if (!police && category && party->role == store::kRoleLeerplicht && party->regime) {
    if (auto regime = policy::ParseWpgRegime(party->regime->regime)) {
      police = policy::CaseIsPoliceData(*regime, record->notification_id.has_value(), *category, *parsed);
    }
  }
  const std::string tag(police ? store::kRegimeTagWpg : store::kRegimeTagAvg);
  std::optional<std::string> since;
  if (police) since = clock_.Today().ToString();
  if (Status s = repos.cases.SetPhase(tx, ctx, case_id, phase, tag, since, clock_.Today()); !s.ok()) return s;
  if (Status s = tx.Commit(); !s.ok()) return s;
  return tag;
}

Result<std::string> DossierService::HandOverToBoa(const Actor& actor, std::int64_t case_id, std::int64_t boa_user_id) {
  {
    auto tx = folder_.db().BeginRead();
    if (!tx.ok()) return tx.status();
    Repos repos(folder_, clock_);
    auto party = repos.parties.Get(**tx, actor.party);
    if (!party.ok()) return party.status();
    auto boa = repos.users.Get(**tx, ContextFor(actor, CaseWork(party->role)), boa_user_id);
    if (!boa.ok()) return boa.status();
    if (!boa->active || std::find(boa->roles.begin(), boa->roles.end(), "boa") == boa->roles.end()) {
      return Status::InvalidInput("boa: deze medewerker is geen actieve boa van de partij");
    }
    if (Status s = (*tx)->Commit(); !s.ok()) return s;
  }
  auto tag = ChangePhase(actor, case_id, "proces-verbaal");
  if (!tag.ok()) return tag.status();
  auto tx = Write(folder_);
  if (!tx.ok()) return tx.status();
  Repos repos(folder_, clock_);
  auto party = repos.parties.Get(**tx, actor.party);
  if (!party.ok()) return party.status();
  if (Status s = repos.cases.AssignWorker(**tx, ContextFor(actor, CaseWork(party->role)), case_id, boa_user_id, "boa",
                                          clock_.Today());
      !s.ok()) {
    return s;
  }
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return tag;
}

Status DossierService::AssignWorker(const Actor& actor, std::int64_t case_id, std::int64_t user_id) {
  auto c = OpenCase(actor, case_id, Action::kWijzigen, Resource::kDossier, "zaak.wijzigen", TxKind::kWrite);
  if (!c.ok()) return c.status();
  Repos repos(folder_, clock_);
  const store::AccessContext ctx = ContextFor(actor, CaseWork(c->party_role));
  auto colleague = repos.users.Get(*c->tx, ctx, user_id);
  if (!colleague.ok()) return colleague.status();
  if (!colleague->active) return Status::InvalidInput("medewerker is niet actief");
  // The colleague works on the case in a role the matrix lets hold it: the first of his roles
  // that may read this case in its own caseload.
  policy::AccessFacts theirs = c->access.access;
  theirs.own_caseload = true;
  theirs.break_glass_active = false;
  Actor colleague_actor;
  colleague_actor.roles = colleague->roles;
  AccessDecision fits = Authorize(*matrices_.Current(), colleague_actor, Action::kLezen, Resource::kDossier, theirs);
  if (!fits.allowed) {
    return Status::InvalidInput("deze medewerker mag deze zaak niet behandelen: " + fits.decision.reason);
  }
  if (Status s = repos.cases.AssignWorker(*c->tx, ctx, case_id, user_id, fits.role, clock_.Today()); !s.ok()) {
    return s;
  }
  return c->tx->Commit();
}

}  // namespace leerrecht::services
