#include "services/duo_import.h"

#include "services/refusal_log.h"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_map>

#include "store/repositories/party_repository.h"
#include "store/repositories/repository_support.h"
#include "store/repositories/youth_field_repository.h"
#include "store/repositories/youth_repository.h"

namespace leerrecht::services {

namespace {

using policy::Action;
using policy::Resource;

// Which youth holds a number already. Asked before anything else, so that a re-import reads no
// youth and writes no log entry: nothing is processed that was not processed before.
constexpr std::string_view kSelectNotificationYouth =
    "SELECT youth_id FROM absence_notifications WHERE notification_number = ? AND party_id = ?";
constexpr std::string_view kSelectYouthParty = "SELECT party_id FROM youths WHERE id = ?";

constexpr std::string_view kConflictOtherYouth =
    "meldingsnummer is al ingelezen voor een andere jongere; een correctie is een beslissing van een medewerker, "
    "niet van een import";
constexpr std::string_view kConflictOtherContent =
    "meldingsnummer is al ingelezen met andere inhoud; een correctie is een beslissing van een medewerker, niet "
    "van een import";

// Dutch digit grouping: 1.000.000.
std::string Grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return out;
}

// A BSN of 9 digits as a number: a compact key for the youths met in one run.
std::uint32_t BsnKey(const Bsn& bsn) {
  std::uint32_t key = 0;
  for (char c : bsn.digits()) key = key * 10 + static_cast<std::uint32_t>(c - '0');
  return key;
}

// One run over one file: the repositories, the youths met so far and the counts.
class RowWriter {
 public:
  RowWriter(DataFolder& folder, const Clock& clock, const store::AccessContext& ctx, DuoImportReport& report)
      : folder_(folder),
        ctx_(ctx),
        report_(report),
        youths_(folder.keys(), folder.log()),
        notifications_(folder.keys(), youths_, folder.log(), clock),
        fields_(youths_, folder.log(), clock) {}

  // Stores one valid row; a row-level outcome goes into the report. A Status that is not OK is a
  // storage problem that ends the run.
  Status Row(store::Transaction& tx, const DuoRecord& r) {
    Fill(r);
    std::int64_t existing_youth = 0;
    bool exists = false;
    if (Status s = tx.ForEach(kSelectNotificationYouth, {r.notification_number, ctx_.party},
                              [&](const store::RowView& row) {
                                existing_youth = row.Int(0);
                                exists = true;
                                return false;
                              });
        !s.ok()) {
      return s;
    }
    if (exists) return Known(tx, r, existing_youth);

    auto youth = YouthFor(tx, r);
    if (!youth.ok()) return youth.status();
    melding_.youth_id = *youth;
    auto outcome = notifications_.Import(tx, ctx_, melding_);
    if (!outcome.ok()) return RowFailure(r, outcome.status());
    ++(outcome->inserted ? report_.imported : report_.already_present);
    return Status::Ok();
  }

  void Reject(std::uint32_t line, DuoRowProblem problem, std::string reason) {
    ++report_.rejected;
    report_.rejected_rows.push_back({line, problem, std::move(reason)});
  }

  // A rolled-back batch takes the youths it registered with it.
  void ForgetYouths() { known_.clear(); }

 private:
  // The row as the repository stores it; the strings keep their capacity from row to row.
  void Fill(const DuoRecord& r) {
    melding_.notification_number.assign(r.notification_number);
    melding_.brin.assign(r.brin);
    melding_.location.assign(r.location);
    melding_.kind.assign(DuoKindCode(r.kind));
    melding_.start_date = r.start_date;
    melding_.end_date = r.end_date;
    melding_.hours = r.hours;
    if (r.suspected_reason.empty()) {
      melding_.suspected_reason.reset();
    } else {
      melding_.suspected_reason.emplace(r.suspected_reason);
    }
    melding_.explanation.assign(r.explanation);
    melding_.reported_on = r.reported_on;
  }

  // The number is in already: the same melding again, or a conflict. Comparing through the
  // youth's pseudonym reads no personal data and logs nothing.
  Status Known(store::Transaction& tx, const DuoRecord& r, std::int64_t youth_id) {
    auto subject = store::internal::YouthSubject(tx, folder_.keys(), youths_, ctx_.party, youth_id);
    if (!subject.ok()) return subject.status();
    if (*subject != youths_.Pseudonym(*r.bsn)) {
      Reject(r.line, DuoRowProblem::kConflict, std::string(kConflictOtherYouth));
      return Status::Ok();
    }
    melding_.youth_id = youth_id;
    auto outcome = notifications_.Import(tx, ctx_, melding_);
    if (!outcome.ok()) return RowFailure(r, outcome.status());
    ++(outcome->inserted ? report_.imported : report_.already_present);
    return Status::Ok();
  }

  Status RowFailure(const DuoRecord& r, const Status& status) {
    if (status.code() == ErrorCode::kConflict) {
      Reject(r.line, DuoRowProblem::kConflict, std::string(kConflictOtherContent));
      return Status::Ok();
    }
    if (status.code() == ErrorCode::kInvalidInput) {
      // The reader checks what the repository checks; should they ever differ, the row is
      // rejected with the repository's text, which names the melding but never the youth.
      Reject(r.line, DuoRowProblem::kInvalid, status.message());
      return Status::Ok();
    }
    return status;
  }

  // The party's youth with this BSN, registered from the row when new. The lookup is logged once
  // per youth per run; the registration is not changed by an import (a correction is a person's
  // decision), so a difference only becomes a warning without the values.
  Result<std::int64_t> YouthFor(store::Transaction& tx, const DuoRecord& r) {
    const std::uint32_t key = BsnKey(*r.bsn);
    if (auto it = known_.find(key); it != known_.end()) return it->second;
    auto found = youths_.FindByBsn(tx, ctx_, *r.bsn);
    if (!found.ok()) return found.status();
    std::int64_t id = 0;
    if (*found) {
      id = (*found)->id;
      if ((*found)->name != r.name || (*found)->birth_date != r.birth_date) {
        report_.warnings.push_back(
            {r.line, "naam of geboortedatum wijkt af van de registratie van deze jongere; de registratie is niet "
                     "gewijzigd"});
      }
    } else {
      auto created = youths_.Create(tx, ctx_, *r.bsn, r.name, r.birth_date, r.municipality);
      if (!created.ok()) return created.status();
      id = *created;
      // The school level routes the youth to the responsible SWV (SPEC C-03); without it the
      // youth waits for someone to record it.
      if (!r.school_type.empty()) {
        if (Status s = fields_.SetSchoolType(tx, ctx_, id, r.school_type); !s.ok()) return s;
      }
      ++report_.new_youths;
    }
    known_.emplace(key, id);
    return id;
  }

  DataFolder& folder_;
  const store::AccessContext& ctx_;
  DuoImportReport& report_;
  store::YouthRepository youths_;
  store::NotificationRepository notifications_;
  store::YouthFieldRepository fields_;
  store::AbsenceNotification melding_;
  std::unordered_map<std::uint32_t, std::int64_t> known_;
};

}  // namespace

std::string DuoImportSummary(const DuoImportReport& r) {
  std::string out = Grouped(r.rows) + (r.rows == 1 ? " regel: " : " regels: ") + Grouped(r.imported) +
                    " ingelezen, " + Grouped(r.already_present) + " al aanwezig, " + Grouped(r.rejected) +
                    " afgewezen";
  if (r.rejected > 0) out += " (zie rapport)";
  return out;
}

std::string DuoImportReportToJson(const DuoImportReport& r) {
  nlohmann::ordered_json j;
  j["schema"] = "leerrecht.duo-import-rapport/1";
  j["partij"] = r.party;
  j["scheidingsteken"] = std::string(1, r.separator);
  j["regels"] = r.rows;
  j["ingelezen"] = r.imported;
  j["al_aanwezig"] = r.already_present;
  j["afgewezen"] = r.rejected;
  j["nieuwe_jongeren"] = r.new_youths;
  nlohmann::ordered_json rejected = nlohmann::ordered_json::array();
  for (const DuoRejectedRow& row : r.rejected_rows) {
    rejected.push_back({{"regel", row.line}, {"code", DuoRowProblemCode(row.problem)}, {"reden", row.reason}});
  }
  j["afgewezen_regels"] = std::move(rejected);
  nlohmann::ordered_json warnings = nlohmann::ordered_json::array();
  for (const DuoWarning& w : r.warnings) warnings.push_back({{"regel", w.line}, {"tekst", w.text}});
  j["waarschuwingen"] = std::move(warnings);
  j["samenvatting"] = DuoImportSummary(r);
  return j.dump(2);
}

Result<std::string> DuoImporter::LeerplichtRole(const std::string& party) {
  auto tx = folder_.db().BeginRead();
  if (!tx.ok()) return tx.status();
  store::PartyRepository parties(clock_);
  auto p = parties.Get(**tx, party);
  if (!p.ok()) {
    if (p.status().code() == ErrorCode::kNotFound) return Status::NotFound("partij " + party + " bestaat niet");
    return p.status();
  }
  (void)(*tx)->Commit();
  // DUO sends verzuimmeldingen to leerplicht; an SWV gets them only when the law changes (SPEC M-27).
  if (p->role != store::kRoleLeerplicht) {
    return Status::Refused("DUO-meldingen komen binnen bij leerplicht; partij " + party + " heeft rol " + p->role);
  }
  return p->role;
}

Result<DuoImportReport> DuoImporter::Import(const Actor& actor, std::string_view csv, const DuoProgressFn& progress) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  policy::AccessFacts facts;
  facts.same_party = true;
  // A row may register a new youth, so both rights are needed before any row is read.
  for (Resource resource : {Resource::kVerzuimmelding, Resource::kJongere}) {
    const AccessDecision allowed = Authorize(*matrix, actor, Action::kAanmaken, resource, facts);
    if (!allowed.allowed) {
      // The import concerns no person yet: its refusal is an entry about the system.
      if (Status s = LogRefusal(folder_, actor, "verzuimmelding.importeren.geweigerd", "verzuimmeldingen-import",
                                "systeem");
          !s.ok()) {
        return s;
      }
      return Denied(allowed);
    }
  }
  auto role = LeerplichtRole(actor.party);
  if (!role.ok()) return role.status();
  return Run(ContextFor(actor, CaseWork(*role)), csv, progress);
}

Result<DuoImportReport> DuoImporter::ImportAsSystem(const std::string& party, std::string_view csv,
                                                    const DuoProgressFn& progress) {
  auto role = LeerplichtRole(party);
  if (!role.ok()) return role.status();
  const Processing processing = CaseWork(*role);
  store::AccessContext ctx;
  ctx.party = party;
  ctx.actor = "system";
  ctx.purpose = processing.purpose;
  ctx.legal_basis = processing.legal_basis;
  ctx.processing_activity_id = processing.activity_id;
  ctx.trace = audit::TraceContext::New();
  return Run(ctx, csv, progress);
}

Result<DuoImportReport> DuoImporter::Run(const store::AccessContext& ctx, std::string_view csv,
                                         const DuoProgressFn& progress) {
  auto reader = DuoCsvReader::Open(csv, clock_.Today());
  if (!reader.ok()) return reader.status();
  DuoImportReport report;
  report.party = ctx.party;
  report.separator = reader->separator();
  RowWriter run(folder_, clock_, ctx, report);

  // What is durable so far, for the message when the run stops.
  std::uint64_t committed_imported = 0;
  std::uint32_t committed_through = 0;
  auto stopped = [&](const Status& cause, std::uint32_t line) {
    run.ForgetYouths();
    std::string message = "inlezen gestopt bij regel " + std::to_string(line) + ": " + cause.message() + ". ";
    if (committed_through == 0) {
      message += "Er is niets vastgelegd.";
    } else {
      message += "De regels tot en met regel " + std::to_string(committed_through) + " zijn vastgelegd (" +
                 Grouped(committed_imported) + " ingelezen).";
    }
    message += " Lees het bestand opnieuw in: wat er al is, wordt overgeslagen.";
    return Status(cause.code(), std::move(message));
  };

  std::unique_ptr<store::Transaction> tx;
  std::size_t in_batch = 0;
  std::uint32_t last_line = 0;
  auto commit = [&]() -> Status {
    Status s = tx->Commit();
    tx.reset();
    in_batch = 0;
    if (!s.ok()) return s;
    committed_imported = report.imported;
    committed_through = last_line;
    if (progress) progress({report.rows, reader->position(), reader->size()});
    return Status::Ok();
  };

  DuoRecord record;
  DuoRowError error;
  while (reader->Next(record, error)) {
    ++report.rows;
    if (progress && report.rows % 1000 == 0) progress({report.rows, reader->position(), reader->size()});
    if (!error.message.empty()) {
      run.Reject(error.line, error.problem, std::move(error.message));
      continue;
    }
    if (!tx) {
      auto begun = folder_.db().BeginWrite();
      if (!begun.ok()) return stopped(begun.status(), record.line);
      tx = std::move(*begun);
    }
    if (Status s = run.Row(*tx, record); !s.ok()) return stopped(s, record.line);
    last_line = record.line;
    if (++in_batch >= options_.batch_rows) {
      if (Status s = commit(); !s.ok()) return stopped(s, record.line);
    }
  }
  if (tx) {
    if (Status s = commit(); !s.ok()) return stopped(s, last_line);
  }
  if (progress) progress({report.rows, reader->size(), reader->size()});

  // Header and encoding warnings first, then the rows', all by line.
  std::vector<DuoWarning> warnings = reader->warnings();
  warnings.insert(warnings.end(), std::make_move_iterator(report.warnings.begin()),
                  std::make_move_iterator(report.warnings.end()));
  std::stable_sort(warnings.begin(), warnings.end(),
                   [](const DuoWarning& a, const DuoWarning& b) { return a.line < b.line; });
  report.warnings = std::move(warnings);
  return report;
}

Result<std::vector<store::AbsenceNotification>> DuoImporter::ListForYouth(const Actor& actor, std::int64_t youth_id) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  auto owner = (*tx)->Query(kSelectYouthParty, {youth_id});
  if (!owner.ok()) return owner.status();
  // Another party's youth does not exist for this user: the same answer as an unknown id.
  if (owner->empty() || owner->front().Text(0) != actor.party) return Status::NotFound("jongere niet gevonden");
  policy::AccessFacts facts;
  facts.same_party = true;
  const AccessDecision allowed = Authorize(*matrix, actor, Action::kLezen, Resource::kVerzuimmelding, facts);
  if (!allowed.allowed) {
    tx->reset();
    if (Status s = LogRefusalAboutYouth(folder_, actor, "verzuimmelding.lezen.geweigerd", youth_id); !s.ok()) return s;
    return Denied(allowed);
  }
  store::YouthRepository youths(folder_.keys(), folder_.log());
  store::PartyRepository parties(clock_);
  auto party = parties.Get(**tx, actor.party);
  if (!party.ok()) return party.status();
  store::NotificationRepository notifications(folder_.keys(), youths, folder_.log(), clock_);
  auto list = notifications.ListForYouth(**tx, ContextFor(actor, CaseWork(party->role)), youth_id);
  if (!list.ok()) return list.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return list;
}

}  // namespace leerrecht::services
