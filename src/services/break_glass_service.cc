#include "services/break_glass_service.h"

#include <chrono>

#include "core/timestamp.h"
#include "store/repositories/user_repository.h"

namespace leerrecht::services {

namespace {

using policy::Action;
using policy::Resource;

std::string Until(const Clock& clock, int days) {
  return FormatUtc(clock.Now() + std::chrono::hours(24) * days);
}

}  // namespace

Result<BreakGlassView> BreakGlassService::ViewOf(store::Transaction& tx, const store::AccessContext& ctx,
                                                 store::BreakGlass grant) {
  store::UserRepository users(folder_.keys(), folder_.log(), clock_);
  BreakGlassView view;
  auto user = users.Get(tx, ctx, grant.user_id);
  if (!user.ok()) return user.status();
  view.requester = user->display_name;
  view.active_now = grant.ActiveAt(FormatUtc(clock_.Now()));
  view.grant = std::move(grant);
  return view;
}

Result<BreakGlassView> BreakGlassService::Request(const Actor& actor, const BreakGlassRequest& r) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix_ptr = matrices_.Current();
  const policy::AuthorizationMatrix& matrix_ = *matrix_ptr;
  policy::AccessFacts facts;
  facts.same_party = true;
  AccessDecision allowed = Authorize(matrix_, actor, Action::kAanmaken, Resource::kBreakGlass, facts);
  if (!allowed.allowed) return Denied(allowed);
  if (r.scope != store::kBreakGlassScopeAvg && r.scope != store::kBreakGlassScopeAll) {
    return Status::InvalidInput("reikwijdte: kies \"avg\" of \"alles\"");
  }
  const int max_days = matrix_.break_glass_max_days();
  const int days = r.days == 0 ? max_days : r.days;
  if (days < 1 || days > max_days) {
    return Status::InvalidInput("looptijd: 1 tot en met " + std::to_string(max_days) + " dagen");
  }
  if (r.scope == store::kBreakGlassScopeAll && !matrix_.IsWpgRole(allowed.role)) {
    return Status::Refused(
        "politiegegevens (Wpg) gaan alleen naar wie ze zelf mag verwerken of via een art. 20 Wpg-besluit dat u "
        "als partner noemt; vraag toegang tot de AVG-gegevens aan (SPEC R-07)");
  }
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  auto owner = (*tx)->Query("SELECT party_id FROM cases WHERE id = ?", {r.case_id});
  if (!owner.ok()) return owner.status();
  if (owner->empty() || owner->front().Text(0) != actor.party) return Status::NotFound("zaak niet gevonden");

  store::BreakGlass grant;
  grant.case_id = r.case_id;
  grant.user_id = actor.user_id;
  grant.role = allowed.role;
  grant.reason = r.reason;
  grant.legal_ground = r.legal_ground;
  grant.scope = r.scope;
  grant.days = days;
  const bool immediate = !matrix_.BreakGlassNeedsApproval(allowed.role);
  const store::AccessContext ctx = ContextFor(actor, BreakGlassProcessing(r.legal_ground));
  store::YouthRepository youths(folder_.keys(), folder_.log());
  store::BreakGlassRepository repo(youths, folder_.log());
  const std::string now = FormatUtc(clock_.Now());
  auto id = repo.Create(**tx, ctx, grant, immediate, now, Until(clock_, days));
  if (!id.ok()) return id.status();
  auto stored = repo.Get(**tx, ctx, *id);
  if (!stored.ok()) return stored.status();
  auto view = ViewOf(**tx, ctx, std::move(*stored));
  if (!view.ok()) return view.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return view;
}

Result<BreakGlassView> BreakGlassService::Decide(const Actor& actor, std::int64_t id, bool approve) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix_ptr = matrices_.Current();
  const policy::AuthorizationMatrix& matrix_ = *matrix_ptr;
  policy::AccessFacts facts;
  facts.same_party = true;
  AccessDecision allowed = Authorize(matrix_, actor, Action::kBeheren, Resource::kBreakGlass, facts);
  if (!allowed.allowed) return Denied(allowed);
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::YouthRepository youths(folder_.keys(), folder_.log());
  store::BreakGlassRepository repo(youths, folder_.log());
  store::AccessContext ctx = ContextFor(actor, AccessManagement());
  auto current = repo.Get(**tx, ctx, id);
  if (!current.ok()) return current.status();
  ctx = ContextFor(actor, BreakGlassProcessing(current->legal_ground));
  if (Status s = repo.Decide(**tx, ctx, id, actor.user_id, approve, FormatUtc(clock_.Now()),
                             Until(clock_, current->days));
      !s.ok()) {
    return s;
  }
  auto stored = repo.Get(**tx, ctx, id);
  if (!stored.ok()) return stored.status();
  auto view = ViewOf(**tx, ctx, std::move(*stored));
  if (!view.ok()) return view.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return view;
}

Result<std::vector<BreakGlassView>> BreakGlassService::List(const Actor& actor) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix_ptr = matrices_.Current();
  const policy::AuthorizationMatrix& matrix_ = *matrix_ptr;
  policy::AccessFacts facts;
  facts.same_party = true;
  const bool all = Authorize(matrix_, actor, Action::kLezen, Resource::kBreakGlass, facts).allowed ||
                   Authorize(matrix_, actor, Action::kBeheren, Resource::kBreakGlass, facts).allowed;
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::YouthRepository youths(folder_.keys(), folder_.log());
  store::BreakGlassRepository repo(youths, folder_.log());
  const store::AccessContext ctx = ContextFor(actor, AccessManagement());
  auto grants = all ? repo.List(**tx, ctx) : repo.ListForUser(**tx, ctx, actor.user_id);
  if (!grants.ok()) return grants.status();
  std::vector<BreakGlassView> out;
  for (store::BreakGlass& g : *grants) {
    auto view = ViewOf(**tx, ctx, std::move(g));
    if (!view.ok()) return view.status();
    out.push_back(std::move(*view));
  }
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return out;
}

}  // namespace leerrecht::services
