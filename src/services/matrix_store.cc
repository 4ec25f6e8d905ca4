#include "services/matrix_store.h"

#include "core/timestamp.h"
#include "store/repositories/repository_support.h"

namespace leerrecht::services {

namespace {

constexpr std::string_view kLatest = "SELECT version, toml FROM authorization_matrices ORDER BY version DESC LIMIT 1";
constexpr std::string_view kInsert =
    "INSERT INTO authorization_matrices (version, toml, approved_by, applied_by, applied_at) VALUES (?, ?, ?, ?, ?)";

}  // namespace

Result<std::unique_ptr<MatrixStore>> MatrixStore::Open(DataFolder& folder, const policy::AuthorizationMatrix& fallback,
                                                       const Clock& clock) {
  std::unique_ptr<MatrixStore> store(new MatrixStore(folder, clock));
  store->current_ = std::make_shared<const policy::AuthorizationMatrix>(fallback);
  auto tx = folder.db().BeginRead();
  if (!tx.ok()) return tx.status();
  auto rows = (*tx)->Query(kLatest);
  if (!rows.ok()) return rows.status();
  if (!rows->empty() && rows->front().Int(0) >= fallback.version()) {
    policy::AuthorizationLoad load = policy::AuthorizationMatrix::Load(rows->front().Text(1), "autorisatiematrix");
    if (!load.matrix) {
      return Status::Internal("de opgeslagen autorisatiematrix v" + std::to_string(rows->front().Int(0)) +
                              " laadt niet meer");
    }
    store->current_ = std::make_shared<const policy::AuthorizationMatrix>(std::move(*load.matrix));
  }
  return store;
}

std::shared_ptr<const policy::AuthorizationMatrix> MatrixStore::Current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

Status MatrixStore::LogChange(const Actor& actor, int version, bool accepted) {
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  // The matrix concerns no person; its entry is about the system, so that an auditor finds every
  // change (and every refused attempt) in the one log.
  audit::LogEntry entry = store::internal::EntryFor(ContextFor(actor, AccessManagement()),
                                                    "autorisatiematrix.vaststellen",
                                                    "autorisatiematrix:v" + std::to_string(version), {"regels"},
                                                    "systeem");
  entry.outcome = accepted ? "ok" : "refused";
  if (Status s = folder_.log().Append(**tx, entry); !s.ok()) return s;
  return (*tx)->Commit();
}

Result<MatrixChange> MatrixStore::Apply(const Actor& actor, const std::string& toml) {
  const std::shared_ptr<const policy::AuthorizationMatrix> current = Current();
  policy::AccessFacts facts;
  facts.same_party = true;
  AccessDecision allowed = Authorize(*current, actor, policy::Action::kBeheren, policy::Resource::kMatrix, facts);
  if (!allowed.allowed) {
    if (Status s = LogChange(actor, current->version(), false); !s.ok()) return s;
    return Denied(allowed);
  }
  policy::AuthorizationLoad load = policy::AuthorizationMatrix::Load(toml, "autorisatiematrix");
  if (!load.matrix) {
    std::string message = "de autorisatiematrix is ongeldig:";
    for (const auto& p : load.problems) message += "\nregel " + std::to_string(p.line) + ": " + p.message;
    return Status::InvalidInput(message);
  }
  const std::vector<std::string> violations = policy::CheckChange(*current, *load.matrix, allowed.role);
  if (!violations.empty()) {
    if (Status s = LogChange(actor, load.matrix->version(), false); !s.ok()) return s;
    std::string message = "wijziging geweigerd (scheiding van functies):";
    for (const std::string& v : violations) message += "\n- " + v;
    return Status::Refused(message);
  }
  std::lock_guard apply_lock(apply_mutex_);
  if (Current() != current) return Status::Conflict("de matrix is intussen gewijzigd; probeer het opnieuw");
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  if (Status s = (*tx)->Execute(kInsert, {static_cast<std::int64_t>(load.matrix->version()), toml,
                                          load.matrix->approved_by(), "user:" + std::to_string(actor.user_id),
                                          FormatUtc(clock_.Now())});
      !s.ok()) {
    return s.code() == ErrorCode::kConflict ? Status::Conflict("deze versie is al vastgesteld") : s;
  }
  audit::LogEntry entry = store::internal::EntryFor(ContextFor(actor, AccessManagement()),
                                                    "autorisatiematrix.vaststellen",
                                                    "autorisatiematrix:v" + std::to_string(load.matrix->version()),
                                                    {"regels"}, "systeem");
  if (Status s = folder_.log().Append(**tx, entry); !s.ok()) return s;
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  MatrixChange change{current->version(), load.matrix->version()};
  auto next = std::make_shared<const policy::AuthorizationMatrix>(std::move(*load.matrix));
  std::lock_guard lock(mutex_);
  current_ = std::move(next);
  return change;
}

}  // namespace leerrecht::services
