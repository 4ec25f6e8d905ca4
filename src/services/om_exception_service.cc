#include "services/om_exception_service.h"

#include "core/timestamp.h"
#include "store/repositories/case_repository.h"
#include "store/repositories/user_repository.h"

namespace leerrecht::services {

namespace {

using policy::Action;
using policy::Resource;

bool Allowed(const policy::AuthorizationMatrix& matrix, const Actor& actor, Action action) {
  policy::AccessFacts facts;
  facts.same_party = true;
  return Authorize(matrix, actor, action, Resource::kOmUitzondering, facts).allowed;
}

}  // namespace

Result<OmExceptionView> OmExceptionService::ViewOf(store::Transaction& tx, const store::AccessContext& ctx,
                                                   const Actor& actor, store::OmException exception,
                                                   bool may_judge) {
  store::UserRepository users(folder_.keys(), folder_.log(), clock_);
  OmExceptionView view;
  auto requester = users.Get(tx, ctx, exception.requested_by);
  if (!requester.ok()) return requester.status();
  view.requester = requester->display_name;
  if (exception.decided_by) {
    auto decider = users.Get(tx, ctx, *exception.decided_by);
    if (!decider.ok()) return decider.status();
    view.decider = decider->display_name;
  }
  view.may_decide =
      may_judge && exception.status == store::kOmRequested && exception.requested_by != actor.user_id;
  view.exception = std::move(exception);
  return view;
}

Result<OmExceptionView> OmExceptionService::Request(const Actor& actor, const OmExceptionRequest& r) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  {
    // Whether the role may ask at all, before anything about the case is looked at; the caseload
    // is checked below, once the case is known to be the party's.
    policy::AccessFacts facts;
    facts.same_party = true;
    facts.own_caseload = true;
    AccessDecision may_ask = Authorize(*matrix, actor, Action::kAanmaken, Resource::kOmUitzondering, facts);
    if (!may_ask.allowed) return Denied(may_ask);
  }
  const policy::Agreement* agreement = agreements_.Find(r.agreement_id);
  if (agreement == nullptr) return Status::InvalidInput("besluit \"" + r.agreement_id.substr(0, 60) + "\" niet gevonden");
  if (agreement->kind != policy::AgreementKind::kWpgArt20) {
    return Status::InvalidInput("OM-gegevens zijn politiegegevens en gaan nooit onder een convenant; kies het "
                                "art. 20 Wpg-besluit (SPEC C-31, W-23)");
  }
  const policy::Party* recipient = agreement->FindParty(r.recipient_party);
  if (recipient == nullptr || r.recipient_party == actor.party) {
    return Status::InvalidInput("ontvanger: kies een partner uit " + agreement->title);
  }
  if (agreement->FindPurpose(r.purpose) == nullptr) {
    return Status::InvalidInput("doel: kies een doel uit " + agreement->title);
  }
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  auto owner = (*tx)->Query("SELECT party_id FROM cases WHERE id = ?", {r.case_id});
  if (!owner.ok()) return owner.status();
  if (owner->empty() || owner->front().Text(0) != actor.party) return Status::NotFound("zaak niet gevonden");
  store::YouthRepository youths(folder_.keys(), folder_.log());
  store::CaseRepository cases(youths, folder_.log());
  auto worker = cases.IsWorker(**tx, r.case_id, actor.user_id, clock_.Today());
  if (!worker.ok()) return worker.status();
  policy::AccessFacts facts;
  facts.same_party = true;
  facts.own_caseload = *worker;
  AccessDecision allowed = Authorize(*matrix, actor, Action::kAanmaken, Resource::kOmUitzondering, facts);
  if (!allowed.allowed) return Denied(allowed);

  store::OmException e;
  e.case_id = r.case_id;
  e.recipient_party = r.recipient_party;
  e.agreement_id = r.agreement_id;
  e.purpose = r.purpose;
  e.ground = r.ground;
  e.explanation = r.explanation;
  e.requested_by = actor.user_id;
  const store::AccessContext ctx = ContextFor(actor, OmSecrecyProcessing());
  store::OmExceptionRepository repo(youths, folder_.log());
  auto id = repo.Create(**tx, ctx, e, FormatUtc(clock_.Now()));
  if (!id.ok()) return id.status();
  auto stored = repo.Get(**tx, ctx, *id);
  if (!stored.ok()) return stored.status();
  auto view = ViewOf(**tx, ctx, actor, std::move(*stored), Allowed(*matrix, actor, Action::kBeheren));
  if (!view.ok()) return view.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return view;
}

Result<OmExceptionView> OmExceptionService::Decide(const Actor& actor, std::int64_t id, bool approve) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  policy::AccessFacts facts;
  facts.same_party = true;
  AccessDecision allowed = Authorize(*matrix, actor, Action::kBeheren, Resource::kOmUitzondering, facts);
  if (!allowed.allowed) return Denied(allowed);
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::YouthRepository youths(folder_.keys(), folder_.log());
  store::OmExceptionRepository repo(youths, folder_.log());
  const store::AccessContext ctx = ContextFor(actor, OmSecrecyProcessing());
  if (Status s = repo.Decide(**tx, ctx, id, actor.user_id, approve, FormatUtc(clock_.Now())); !s.ok()) return s;
  auto stored = repo.Get(**tx, ctx, id);
  if (!stored.ok()) return stored.status();
  auto view = ViewOf(**tx, ctx, actor, std::move(*stored), true);
  if (!view.ok()) return view.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return view;
}

Result<std::vector<OmExceptionView>> OmExceptionService::List(const Actor& actor) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  const bool judge = Allowed(*matrix, actor, Action::kBeheren);
  const bool all = judge || Allowed(*matrix, actor, Action::kLezen);
  if (!all) {
    // A requester sees his own: the caseload condition cannot hold for a list, so ask whether
    // any rule lets one of his roles ask at all.
    policy::AccessFacts facts;
    facts.same_party = true;
    facts.own_caseload = true;
    AccessDecision asks = Authorize(*matrix, actor, Action::kAanmaken, Resource::kOmUitzondering, facts);
    if (!asks.allowed) return Denied(Authorize(*matrix, actor, Action::kLezen, Resource::kOmUitzondering, {}));
  }
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::YouthRepository youths(folder_.keys(), folder_.log());
  store::OmExceptionRepository repo(youths, folder_.log());
  const store::AccessContext ctx = ContextFor(actor, OmSecrecyProcessing());
  auto list = repo.List(**tx, ctx, all ? std::nullopt : std::optional<std::int64_t>(actor.user_id));
  if (!list.ok()) return list.status();
  std::vector<OmExceptionView> out;
  for (store::OmException& e : *list) {
    auto view = ViewOf(**tx, ctx, actor, std::move(e), judge);
    if (!view.ok()) return view.status();
    out.push_back(std::move(*view));
  }
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return out;
}

}  // namespace leerrecht::services
