#include "services/refusal_log.h"

#include <utility>

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

}  // namespace leerrecht::services
