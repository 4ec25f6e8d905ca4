#include "services/subject_log_service.h"

#include <map>
#include <optional>

#include "audit/processing_log.h"
#include "core/decimal.h"
#include "services/refusal_log.h"
#include "store/repositories/case_repository.h"
#include "store/repositories/repository_support.h"
#include "store/repositories/user_repository.h"
#include "store/repositories/youth_repository.h"

namespace leerrecht::services {

namespace {

using policy::Action;
using policy::Resource;

constexpr std::string_view kCasesOfYouth = "SELECT id FROM cases WHERE youth_id = ? AND party_id = ? ORDER BY id";

// "user:12" -> 12; nothing for "system" or anything else.
std::optional<std::int64_t> UserIdOf(std::string_view actor) {
  constexpr std::string_view kPrefix = "user:";
  if (!actor.starts_with(kPrefix)) return std::nullopt;
  return ParseDecimal(actor.substr(kPrefix.size()), 18);
}

}  // namespace

Result<SubjectLogPage> SubjectLogService::ForYouth(const Actor& actor, std::int64_t youth_id, int page, int per_page) {
  return Read(actor, youth_id, page, per_page);
}

Result<SubjectLogPage> SubjectLogService::ForCase(const Actor& actor, std::int64_t case_id, int page, int per_page) {
  std::int64_t youth_id = 0;
  {
    auto tx = folder_.db().BeginRead();
    if (!tx.ok()) return tx.status();
    store::YouthRepository youths(folder_.keys(), folder_.log());
    store::CaseRepository cases(youths, folder_.log());
    auto facts = cases.Facts(**tx, case_id);
    if (!facts.ok()) return facts.status();
    // Another party's case does not exist for this user: the same answer as an unknown id, and the
    // attempt logged once the read is over (SPEC C-34).
    if (!*facts || (*facts)->party != actor.party) {
      tx->reset();
      if (Status s = LogIfOtherPartysCase(folder_, actor, case_id); !s.ok()) return s;
      return Status::NotFound("zaak niet gevonden");
    }
    youth_id = (*facts)->youth_id;
    if (Status s = (*tx)->Commit(); !s.ok()) return s;
  }
  return Read(actor, youth_id, page, per_page);
}

Result<SubjectLogPage> SubjectLogService::Read(const Actor& actor, std::int64_t youth_id, int page, int per_page) {
  if (page < 1) return Status::InvalidInput("pagina: verwacht 1 of hoger");
  if (per_page < 1 || per_page > kLogPageSizeMax) {
    return Status::InvalidInput("per_pagina: verwacht 1 tot en met " + std::to_string(kLogPageSizeMax));
  }
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  // Only reads: a reader connection; the read's own entry is written when it commits.
  auto tx = folder_.db().BeginRead();
  if (!tx.ok()) return tx.status();
  store::YouthRepository youths(folder_.keys(), folder_.log());
  // The pseudonym is resolved within the actor's party, so another party's youth is not found.
  auto subject = store::internal::YouthSubject(**tx, folder_.keys(), youths, actor.party, youth_id);
  if (!subject.ok()) return subject.status();

  policy::AccessFacts facts;
  facts.same_party = true;
  // The handler of a case of the youth answers his and his parents' questions (SPEC W-30, C-37).
  store::CaseRepository cases(youths, folder_.log());
  auto case_ids = (*tx)->Query(kCasesOfYouth, {youth_id, actor.party});
  if (!case_ids.ok()) return case_ids.status();
  for (const store::Row& row : *case_ids) {
    auto worker = cases.IsWorker(**tx, row.Int(0), actor.user_id, clock_.Today());
    if (!worker.ok()) return worker.status();
    if (*worker) {
      facts.own_caseload = true;
      break;
    }
  }
  AccessDecision allowed = Authorize(*matrix, actor, Action::kLezen, Resource::kLogboek, facts);
  if (!allowed.allowed) {
    tx->reset();
    return RefuseAndLog(actor, youth_id, allowed);
  }

  const std::int64_t offset = static_cast<std::int64_t>(page - 1) * per_page;
  auto total = audit::CountSubjectEntries(**tx, actor.party, *subject);
  if (!total.ok()) return total.status();
  auto stored = audit::ReadSubjectEntries(**tx, actor.party, *subject, per_page, offset);
  if (!stored.ok()) return stored.status();

  const store::AccessContext ctx = ContextFor(actor, LogReview());
  SubjectLogPage out;
  out.youth_id = youth_id;
  out.total = *total;
  out.page = page;
  out.per_page = per_page;
  // Who acted is the point of the log; each colleague's name is read once (and that read is
  // logged about him, as every read of a medewerker's data is).
  store::UserRepository users(folder_.keys(), folder_.log(), clock_);
  std::map<std::int64_t, std::string> names;
  for (audit::StoredEntry& e : *stored) {
    SubjectLogEntry v;
    v.seq = e.seq;
    v.logged_at = std::move(e.logged_at);
    v.activity = std::move(e.entry.activity);
    v.processing_activity_id = std::move(e.entry.processing_activity_id);
    v.actor = std::move(e.entry.actor);
    if (auto user_id = UserIdOf(v.actor)) {
      auto known = names.find(*user_id);
      if (known == names.end()) {
        auto user = users.Get(**tx, ctx, *user_id);
        std::string name;
        if (user.ok()) {
          name = user->display_name;
        } else if (user.status().code() == ErrorCode::kNotFound) {
          name = "medewerker van een andere partij";
        } else {
          return user.status();
        }
        known = names.emplace(*user_id, std::move(name)).first;
      }
      v.actor_name = known->second;
    }
    v.fields = std::move(e.entry.fields);
    v.purpose = std::move(e.entry.purpose);
    v.legal_basis = std::move(e.entry.legal_basis);
    v.recipient = std::move(e.entry.recipient);
    v.outcome = std::move(e.entry.outcome);
    v.trace_id = std::move(e.entry.trace.trace_id);
    out.entries.push_back(std::move(v));
  }
  if (Status s = folder_.log().Append(**tx, store::internal::EntryFor(ctx, "logboek.lezen", *subject, {"logboek"}));
      !s.ok()) {
    return s;
  }
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return out;
}

Status SubjectLogService::RefuseAndLog(const Actor& actor, std::int64_t youth_id, const AccessDecision& decision) {
  if (Status s = LogRefusalAboutYouth(folder_, actor, "logboek.lezen.geweigerd", youth_id, {"logboek"}); !s.ok()) {
    return s;
  }
  return Denied(decision);
}

}  // namespace leerrecht::services
