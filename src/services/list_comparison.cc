#include "services/list_comparison.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <nlohmann/json.hpp>

#include "core/bsn.h"
#include "domain/case_category.h"
#include "domain/youth.h"
#include "policy/data_dictionary.h"
#include "policy/decision.h"
#include "policy/explain.h"
#include "services/disclosure_parties.h"
#include "services/refusal_log.h"
#include "store/repositories/designation_repository.h"
#include "store/repositories/disclosure_repository.h"
#include "store/repositories/party_repository.h"
#include "store/repositories/repository_support.h"

namespace leerrecht::services {

namespace {

void AppendCsvValue(std::string& out, std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += value;
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

// One row of a list; `extra` is a fifth column when the list has one (CovenantListCsv).
void AppendCsvRow(std::string& out, std::string_view bsn, std::string_view category, std::string_view start,
                  std::string_view school, std::optional<std::string_view> extra = std::nullopt) {
  AppendCsvValue(out, bsn);
  out += ',';
  AppendCsvValue(out, category);
  out += ',';
  AppendCsvValue(out, start);
  out += ',';
  AppendCsvValue(out, school);
  if (extra) {
    out += ',';
    AppendCsvValue(out, *extra);
  }
  out += "\r\n";
}

constexpr std::string_view kListHeader = "bsn,categorie,startdatum,school\r\n";

int CategoryIndex(std::string_view category) {
  for (std::size_t i = 0; i < kThuiszitterCategories.size(); ++i) {
    if (kThuiszitterCategories[i] == category) return static_cast<int>(i);
  }
  return -1;
}

// The purpose of the quarterly list, under the covenant and under an art. 20 decision alike.
constexpr std::string_view kListPurpose = "kwartaalvergelijking";

// SPEC R-11: a covenant refusal that only says "police data" (wpg-excluded) is the one an art. 20
// decision can lift; any other reason stands.
bool OnlyPoliceDataRefused(const policy::Decision& d) {
  if (d.refused_count == 0) return false;
  for (std::size_t i = 0; i < d.refused_count; ++i) {
    if (d.refused[i].reason != policy::Reason::kWpgExcluded) return false;
  }
  return true;
}

Result<std::string> PartyRole(store::Transaction& tx, const std::string& party) {
  auto rows = tx.Query("SELECT role FROM parties WHERE id = ?", {party});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("partij niet gevonden");
  return rows->front().Text(0);
}

}  // namespace

std::string RegisterCsv(const std::vector<store::RegisterEntry>& rows) {
  std::string out(kListHeader);
  out.reserve(kListHeader.size() + rows.size() * 48);
  for (const store::RegisterEntry& r : rows) AppendCsvRow(out, r.bsn, r.category, r.start_date, r.school);
  return out;
}

std::string CovenantListCsv(const CovenantListCheck& check) {
  if (check.art20_cases.empty()) return RegisterCsv(check.rows);
  std::string out = std::string(kListHeader.substr(0, kListHeader.size() - 2)) + ",geheimhoudingsplicht\r\n";
  for (const store::RegisterEntry& r : check.rows) {
    AppendCsvRow(out, r.bsn, r.category, r.start_date, r.school,
                 check.UnderArt20(r.case_id) ? std::string_view(check.notice) : std::string_view());
  }
  return out;
}

CovenantListCheck CheckCovenantList(std::string swv, std::string peildatum, const SwvCounts& register_counts,
                                    std::vector<store::RegisterEntry> list_rows) {
  CovenantListCheck check;
  check.swv = std::move(swv);
  check.peildatum = std::move(peildatum);
  bool foreign = false;  // a row of a category that is no noemer: never part of a covenant list
  for (std::size_t i = 0; i < kThuiszitterCategories.size(); ++i) {
    check.register_counts[i] = register_counts.categories[i].on_peildatum;
  }
  for (const store::RegisterEntry& r : list_rows) {
    const int index = CategoryIndex(r.category);
    if (index < 0) {
      foreign = true;
      continue;
    }
    ++check.list_counts[static_cast<std::size_t>(index)];
  }
  check.complete = !foreign && check.list_counts == check.register_counts;
  if (check.complete) check.rows = std::move(list_rows);
  return check;
}

Status ListComparisonService::Check(const Actor& actor, bool received_too, std::string_view activity) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  policy::AccessFacts facts;
  facts.same_party = true;
  AccessDecision allowed = Authorize(*matrix, actor, policy::Action::kLezen, policy::Resource::kJongere, facts);
  if (allowed.allowed && received_too) {
    allowed = Authorize(*matrix, actor, policy::Action::kLezen, policy::Resource::kOntvangenGegevens, facts);
  }
  if (allowed.allowed) return Status::Ok();
  // The subject of a refused comparison is the register, not a person.
  if (Status s = LogRefusal(folder_, actor, std::string(activity) + ".geweigerd", "register:" + actor.party, "register");
      !s.ok()) {
    return s;
  }
  return Denied(allowed);
}

Result<std::vector<store::RegisterEntry>> ListComparisonService::Register(const Actor& actor, Date on,
                                                                         std::string_view activity) {
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  auto role = PartyRole(**tx, actor.party);
  if (!role.ok()) return role.status();
  store::YouthRepository youths(folder_.keys(), folder_.log());
  store::ThuiszitterRegisterRepository register_repo(folder_.keys(), youths, folder_.log());
  auto rows = register_repo.OpenOn(**tx, ContextFor(actor, CaseWork(*role)), on, activity);
  if (!rows.ok()) return rows.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return rows;
}

Status ListComparisonService::LogListed(const Actor& actor, const CompareReport& report, bool right_side) {
  const auto& bsns = right_side ? report.only_right : report.only_left;
  if (bsns.empty()) return Status::Ok();
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  auto role = PartyRole(**tx, actor.party);
  if (!role.ok()) return role.status();
  const store::AccessContext ctx = ContextFor(actor, CaseWork(*role));
  store::YouthRepository youths(folder_.keys(), folder_.log());
  for (const std::uint32_t number : bsns) {
    auto bsn = Bsn::Parse(FormatBsn(number));
    if (!bsn.ok()) continue;  // CompareLists only keeps numbers that pass the elfproef
    if (Status s = folder_.log().Append(**tx, store::internal::EntryFor(ctx, "vergelijking", youths.Pseudonym(*bsn),
                                                                        {"bsn", "verzuim_soort", "verzuim_startdatum",
                                                                         "school_laatst_bekend"}));
        !s.ok()) {
      return s;
    }
  }
  return (*tx)->Commit();
}

Result<CompareReport> ListComparisonService::AgainstList(const Actor& actor, std::string_view list) {
  if (Status s = Check(actor, false, "vergelijking"); !s.ok()) return s;
  auto rows = Register(actor, clock_.Today(), "vergelijking");
  if (!rows.ok()) return rows.status();
  const std::string left = RegisterCsv(*rows);
  CompareOptions options;
  options.parallel = false;  // a request thread; the lists of one party are small
  auto report = CompareLists({left, "register"}, {list, "lijst"}, options);
  if (!report.ok()) return report.status();
  // The persons only on the other list were processed too, though the register does not hold them.
  if (Status s = LogListed(actor, *report, true); !s.ok()) return s;
  return report;
}

Result<ReceivedComparison> ListComparisonService::AgainstReceived(const Actor& actor, const std::string& source_party,
                                                                  bool acknowledged) {
  if (Status s = Check(actor, true, "vergelijking"); !s.ok()) return s;
  ReceivedComparison out;
  std::vector<store::ReceivedItem> items;
  {
    auto tx = folder_.db().BeginWrite();
    if (!tx.ok()) return tx.status();
    auto role = PartyRole(**tx, actor.party);
    if (!role.ok()) return role.status();
    store::YouthRepository youths(folder_.keys(), folder_.log());
    store::DisclosureRepository disclosures(folder_.keys(), youths, folder_.log(), clock_);
    const store::AccessContext ctx = ContextFor(actor, CaseWork(*role));
    // SPEC C-40: copies whose end notice has run out are gone before anything is compared.
    if (auto purged = disclosures.PurgeEnded(**tx, ctx, clock_.Today().ToString()); !purged.ok()) {
      return purged.status();
    }
    // SPEC W-29: the notices before the content, as for a single received disclosure.
    auto notices = disclosures.NoticesOfReceived(**tx, ctx, source_party);
    if (!notices.ok()) return notices.status();
    for (const store::ReceivedNotice& n : *notices) {
      if (std::find(out.notices.begin(), out.notices.end(), n.notice) == out.notices.end()) {
        out.notices.push_back(n.notice);
      }
    }
    if (!notices->empty() && !acknowledged) {
      if (Status s = (*tx)->Commit(); !s.ok()) return s;  // the purge
      out.acknowledgement_needed = true;
      return out;
    }
    if (!notices->empty() && !actor.second_factor) {
      // SPEC W-28: police data reach only a recipient signed in with a second factor.
      if (Status s = (*tx)->Commit(); !s.ok()) return s;
      if (Status s = LogRefusal(folder_, actor, "ontvangen-gegevens.geweigerd", "vergelijking", "verstrekking");
          !s.ok()) {
        return s;
      }
      return Status::Refused(
          "de ontvangen gegevens bevatten politiegegevens; die vergelijkt u alleen als u inlogt met een tweede "
          "factor (SPEC W-28): stel die in onder Tweede factor en log opnieuw in");
    }
    for (const store::ReceivedNotice& n : *notices) {
      if (auto at = disclosures.AcknowledgeNotice(**tx, ctx, n.disclosure_id); !at.ok()) return at.status();
    }
    auto received = disclosures.ListReceived(**tx, ctx, std::nullopt, source_party);
    if (!received.ok()) return received.status();
    items = std::move(*received);
    if (Status s = (*tx)->Commit(); !s.ok()) return s;
  }
  auto rows = Register(actor, clock_.Today(), "vergelijking");
  if (!rows.ok()) return rows.status();
  // One record per disclosure; per BSN the latest disclosure stands for the counterpart's list.
  struct Received {
    std::map<std::string, std::string> fields;
  };
  std::map<std::int64_t, Received> by_disclosure;
  for (const store::ReceivedItem& item : items) by_disclosure[item.disclosure_id].fields[item.field] = item.value;
  std::map<std::string, const Received*> latest;  // by BSN; disclosures come in id order
  for (const auto& [id, r] : by_disclosure) {
    auto bsn = r.fields.find("bsn");
    if (bsn == r.fields.end()) continue;  // a record without a BSN cannot be matched (SPEC C-26)
    latest[bsn->second] = &r;
  }
  std::string right(kListHeader);
  auto value = [](const Received& r, const char* field) -> std::string_view {
    auto it = r.fields.find(field);
    return it == r.fields.end() ? std::string_view() : std::string_view(it->second);
  };
  for (const auto& [bsn, r] : latest) {
    AppendCsvRow(right, bsn, value(*r, "verzuim_soort"), value(*r, "verzuim_startdatum"),
                 value(*r, "school_laatst_bekend"));
  }
  const std::string left = RegisterCsv(*rows);
  CompareOptions options;
  options.parallel = false;
  auto report = CompareLists({left, "register"}, {right, "ontvangen"}, options);
  if (!report.ok()) return report.status();
  out.report = std::move(*report);
  return out;
}

Result<CovenantListCheck> ListComparisonService::CovenantList(const Actor& actor, const std::string& swv, int year,
                                                              int quarter, bool release) {
  if (swv.empty()) return Status::InvalidInput("swv: kies het samenwerkingsverband");
  if (Status s = Check(actor, false, "convenantlijst"); !s.ok()) return s;
  std::string role;
  {
    auto tx = folder_.db().BeginRead();
    if (!tx.ok()) return tx.status();
    auto r = PartyRole(**tx, actor.party);
    if (!r.ok()) return r.status();
    role = *r;
  }
  // The counts come from the aggregate of the quarterly report; the list from the rows. Two paths,
  // so that a filter error in one shows up as a difference instead of a silently short list.
  auto counted = CountQuarter(folder_.db(), actor.party, year, quarter, regions_, role);
  if (!counted.ok()) return counted.status();
  const SwvCounts* register_counts = nullptr;
  for (const SwvCounts& s : counted->per_swv) {
    if (s.swv == swv) register_counts = &s;
  }
  if (register_counts == nullptr) return Status::NotFound("onbekend samenwerkingsverband: " + swv);
  auto peil = Date::Parse(counted->peildatum);
  if (!peil.ok()) return peil.status();
  auto rows = Register(actor, *peil, "convenantlijst");
  if (!rows.ok()) return rows.status();
  // An SWV's own register is its own scope; a leerplicht party's is split by the region table (C-03).
  const bool route = role != "swv";
  std::vector<store::RegisterEntry> in_scope;
  for (store::RegisterEntry& r : *rows) {
    std::string responsible = actor.party;
    if (route) {
      auto type = domain::ParseSchoolType(r.school_type);
      std::optional<std::string> found;
      if (regions_ != nullptr && type) found = regions_->Responsible(r.municipality, *type);
      responsible = found.value_or("");
    }
    if (responsible == swv) in_scope.push_back(std::move(r));
  }
  CovenantListCheck check = CheckCovenantList(swv, counted->peildatum, *register_counts, std::move(in_scope));
  if (!check.complete) return check;
  if (Status s = Gate(actor, role, swv, check); !s.ok()) return s;
  if (release && check.refused.empty()) {
    if (check.art20_cases.size() < check.rows.size()) {
      auto id = RecordRelease(actor, role, check, check.agreement);
      if (!id.ok()) return id.status();
      check.disclosure_id = *id;
    }
    if (!check.art20_cases.empty()) {
      auto id = RecordRelease(actor, role, check, check.art20_agreement);
      if (!id.ok()) return id.status();
      check.art20_disclosure_id = *id;
    }
  }
  if (!check.refused.empty()) {
    std::vector<std::int64_t> youths;
    for (const store::RegisterEntry& r : check.rows) {
      for (const CovenantListCheck::Refusal& refusal : check.refused) {
        if (refusal.case_id == r.case_id && std::find(youths.begin(), youths.end(), r.youth_id) == youths.end()) {
          youths.push_back(r.youth_id);
        }
      }
    }
    check.rows.clear();
    for (std::int64_t youth : youths) {
      if (Status s = LogRefusalAboutYouth(folder_, actor, "convenantlijst.geweigerd", youth); !s.ok()) return s;
    }
  }
  return check;
}

Result<std::int64_t> ListComparisonService::RecordRelease(const Actor& actor, const std::string& role,
                                                         const CovenantListCheck& check,
                                                         const std::string& agreement_id) {
  const policy::Agreement* instrument = agreements_.Find(agreement_id);
  if (instrument == nullptr) return Status::Internal("overeenkomst " + agreement_id + " niet meer geladen");
  const bool art20 = agreement_id == check.art20_agreement;
  // What leaves: the list's columns as far as a row carries them, and the rows per category.
  std::map<std::string, int> categories;
  std::size_t records = 0;
  bool start = false;
  bool granted = false;
  bool school = false;
  std::map<std::int64_t, std::set<std::string>> subjects;
  for (const store::RegisterEntry& row : check.rows) {
    if (check.UnderArt20(row.case_id) != art20) continue;
    ++records;
    ++categories[row.category];
    const bool vrijstelling = row.category == domain::CaseCategoryId(domain::CaseCategory::kVrijstelling5a);
    (vrijstelling ? granted : start) = true;
    school = school || !row.school.empty();
    std::set<std::string>& fields = subjects[row.youth_id];
    fields.insert("bsn");
    fields.insert(vrijstelling ? "vrijstelling_datum_toekenning" : "verzuim_startdatum");
    if (!row.school.empty()) fields.insert("school_laatst_bekend");
  }
  std::string description = "bsn";
  if (start) description += ", verzuim_startdatum";
  if (granted) description += ", vrijstelling_datum_toekenning";
  if (school) description += ", school_laatst_bekend";
  const std::string today = clock_.Today().ToString();
  nlohmann::json documentation = {{"recipient", check.recipient},
                                  {"date", today},
                                  {"description", description},
                                  {"purpose", std::string(kListPurpose)},
                                  {"kind", "kwartaallijst"},
                                  {"peildatum", check.peildatum},
                                  {"records", records},
                                  {"categories", categories},
                                  {"sender", actor.display_name}};
  if (art20) documentation["confidentiality_notice"] = check.notice;  // W-29: it travelled with every record
  const nlohmann::json decision = {{"decision", "granted"}, {"rows", records}};
  store::NewListDisclosure list{check.recipient,   instrument->id,      instrument->version, std::string(kListPurpose),
                                decision.dump(),   documentation.dump(), std::move(subjects)};
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::YouthRepository youths(folder_.keys(), folder_.log());
  store::DisclosureRepository disclosures(folder_.keys(), youths, folder_.log(), clock_);
  auto id = disclosures.RecordList(**tx, ContextFor(actor, CaseWork(role)), list);
  if (!id.ok()) return id.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return id;
}

Status ListComparisonService::Gate(const Actor& actor, const std::string& role, const std::string& swv,
                                   CovenantListCheck& check) {
  const Date today = clock_.Today();
  // The counterpart: the SWV for a leerplicht party's list; the leerplicht party of the covenant
  // for an SWV's own list (it goes to the RBL for the comparison, SPEC C-17).
  const bool from_swv = role == "swv";
  const policy::Agreement* covenant = nullptr;
  for (const policy::Agreement* a : agreements_.All()) {
    if (a->kind != policy::AgreementKind::kConvenant || !a->InForceOn(today) || a->FindParty(actor.party) == nullptr) {
      continue;
    }
    std::string to = swv;
    if (from_swv) {
      to.clear();
      for (const policy::Party& p : a->parties) {
        if (p.role == policy::PartyRole::kLeerplicht) to = p.id;
      }
    }
    if (to.empty() || to == actor.party || a->FindParty(to) == nullptr) continue;
    covenant = a;
    check.recipient = to;
    break;
  }
  if (covenant == nullptr) {
    return Status::Refused("er is geen convenant in werking tussen " + actor.party + " en " +
                           (from_swv ? std::string("de leerplichtpartij") : swv) +
                           "; de lijst kan niet worden verstrekt");
  }
  check.agreement = covenant->id;

  // SPEC R-11: police data under Regime A may go to the counterpart only under an art. 20
  // decision that names it; the list is the leerplichtambtenaar's, as the art. 20 route is (W-11).
  const policy::Agreement* art20 = from_swv ? nullptr : Art20DecisionFor(actor.party, check.recipient, today);
  policy::DisclosureRequest base;
  base.date = today;
  base.purpose = std::string(kListPurpose);
  DisclosureParties art20_who;
  {
    auto tx = folder_.db().BeginRead();
    if (!tx.ok()) return tx.status();
    store::PartyRepository parties(clock_);
    auto party = parties.Get(**tx, actor.party);
    if (!party.ok()) return party.status();
    if (party->regime) {
      if (auto regime = policy::ParseWpgRegime(party->regime->regime)) base.regime = *regime;
    } else if (party->role == store::kRoleLeerplicht) {
      return Status::Refused("kies eerst het Wpg-regime van de partij (SPEC R-01)");
    }
    // Who sends and who receives, with their designations under the covenant (SPEC W-09).
    store::DesignationRepository designations(folder_.keys(), folder_.log());
    auto who = ResolveDisclosureParties(**tx, designations, *covenant, actor, check.recipient, today);
    if (!who.ok()) return who.status();
    base.sender = who->sender;
    base.recipient = who->recipient;
    if (art20 != nullptr) {
      auto art20_parties = ResolveDisclosureParties(**tx, designations, *art20, actor, check.recipient, today);
      if (!art20_parties.ok()) return art20_parties.status();
      art20_who = std::move(*art20_parties);
    }
  }

  // Each row discloses the list's columns (DESIGN.md §12): the BSN, the start date and the
  // school; the category is the Bijlage-1 table the row belongs to. For a vrijstelling the start
  // date is the day it was granted (V4).
  for (const store::RegisterEntry& row : check.rows) {
    auto category = domain::ParseCaseCategory(row.category);
    auto phase = policy::ParseMasPhase(row.mas_phase);
    if (!category || !phase) return Status::Internal("zaak met onbekende categorie of fase");
    policy::DisclosureRequest r = base;
    r.subject.category = *category;
    r.subject.duo_melding = row.duo_melding;
    r.subject.phase = *phase;
    const bool vrijstelling = *category == domain::CaseCategory::kVrijstelling5a;
    policy::FieldSet seen;
    for (std::string_view id : {std::string_view("bsn"),
                                vrijstelling ? std::string_view("vrijstelling_datum_toekenning")
                                             : std::string_view("verzuim_startdatum"),
                                std::string_view("school_laatst_bekend")}) {
      if (id == "school_laatst_bekend" && row.school.empty()) continue;  // nothing of it leaves
      policy::ExpandFieldToken(id, seen, [&](policy::FieldId f) { r.fields.Add(f); });
    }
    const policy::Agreement* instrument = covenant;
    policy::Decision d = policy::Decide(*covenant, r);
    if (art20 != nullptr && d.regime_a_police_case && OnlyPoliceDataRefused(d)) {
      // The same row under the decision: its own parties, designations and exchange table.
      instrument = art20;
      r.sender = art20_who.sender;
      r.recipient = art20_who.recipient;
      d = policy::Decide(*art20, r);
      if (d.refused_count == 0) check.art20_cases.push_back(row.case_id);
    }
    for (std::size_t i = 0; i < d.refused_count; ++i) {
      const policy::Refusal& refusal = d.refused[i];
      check.refused.push_back({row.case_id, std::string(policy::Field(refusal.field).id),
                               std::string(policy::ReasonCode(refusal.reason)),
                               policy::Explain(*instrument, r, d, refusal), instrument->id});
    }
  }
  if (!check.art20_cases.empty()) {
    check.art20_agreement = art20->id;
    check.notice = art20->confidentiality_notice;
  }
  return Status::Ok();
}

const policy::Agreement* ListComparisonService::Art20DecisionFor(const std::string& party,
                                                                 const std::string& counterpart, Date on) const {
  for (const policy::Agreement* a : agreements_.All()) {
    if (a->kind == policy::AgreementKind::kWpgArt20 && a->InForceOn(on) && a->FindParty(party) != nullptr &&
        a->FindParty(counterpart) != nullptr) {
      return a;
    }
  }
  return nullptr;
}

}  // namespace leerrecht::services
