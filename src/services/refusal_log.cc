#include "services/refusal_log.h"

#include <utility>

#include "store/repositories/case_repository.h"
#include "store/repositories/repository_support.h"
#include "store/repositories/youth_repository.h"

namespace leerrecht::services {

namespace {

Status Write(DataFolder& folder, store::Transaction& tx, const Actor& actor, std::string activity,
             std::string subject, std::string subject_type, std::vector<std::string> fields) {
  audit::LogEntry entry = store::internal::EntryFor(ContextFor(actor, AccessManagement()), std::move(activity),
                                                    std::move(subject), std::move(fields), std::move(subject_type));
  entry.outcome = "refused";
  if (Status s = folder.log().Append(tx, entry); !s.ok()) return s;
  return tx.Commit();
}

}  // namespace

Status LogRefusal(DataFolder& folder, const Actor& actor, std::string activity, std::string subject,
                  std::string subject_type, std::vector<std::string> fields) {
  auto tx = folder.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  return Write(folder, **tx, actor, std::move(activity), std::move(subject), std::move(subject_type),
               std::move(fields));
}

Status LogRefusalAboutYouth(DataFolder& folder, const Actor& actor, std::string activity, std::int64_t youth_id,
                            std::vector<std::string> fields) {
  auto tx = folder.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  const store::YouthRepository youths(folder.keys(), folder.log());
  auto subject = store::internal::YouthSubject(**tx, folder.keys(), youths, actor.party, youth_id);
  if (!subject.ok()) return subject.status();
  return Write(folder, **tx, actor, std::move(activity), std::move(*subject), "jongere", std::move(fields));
}

Status LogIfOtherPartysCase(DataFolder& folder, const Actor& actor, std::int64_t case_id) {
  {
    auto tx = folder.db().BeginRead();
    if (!tx.ok()) return tx.status();
    store::YouthRepository youths(folder.keys(), folder.log());
    store::CaseRepository cases(youths, folder.log());
    auto facts = cases.Facts(**tx, case_id);
    if (!facts.ok()) return facts.status();
    if (!*facts || (*facts)->party == actor.party) return Status::Ok();
  }
  return LogRefusal(folder, actor, "zaak.andere-partij", "zaak:" + std::to_string(case_id), "zaak");
}

Status EndCaseRequest(DataFolder& folder, std::unique_ptr<store::Transaction> tx, const Actor& actor,
                      std::int64_t case_id, Status status) {
  tx.reset();  // the attempt's entry gets a transaction of its own
  if (status.code() == ErrorCode::kNotFound) {
    if (Status s = LogIfOtherPartysCase(folder, actor, case_id); !s.ok()) return s;
  }
  return status;
}

}  // namespace leerrecht::services
