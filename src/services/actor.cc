#include "services/actor.h"

namespace leerrecht::services {

Processing CaseWork(std::string_view party_role) {
  if (party_role == "leerplicht") {
    return {"leerrecht:verzuimregistratie", "toezicht-leerplicht",
            "AVG art. 6 lid 1 sub e; Leerplichtwet 1969 art. 16, 18 en 21 (toezicht op de naleving)"};
  }
  if (party_role == "swv") {
    return {"leerrecht:thuiszitters", "thuiszitters-in-beeld",
            "AVG art. 6 lid 1 sub e; WPO art. 18a en WVO art. 17a (passend onderwijs)"};
  }
  return {"leerrecht:verzuimregistratie", "eigen-wettelijke-taak", "AVG art. 6 lid 1 sub e (eigen wettelijke taak)"};
}

Processing AccessManagement() {
  return {"leerrecht:toegangsbeheer", "toegangsbeheer", "AVG art. 32 (beveiliging van de verwerking)"};
}

Processing BreakGlassProcessing(const std::string& legal_ground) {
  return {"leerrecht:verzuimregistratie", "break-glass", legal_ground};
}

Processing OmSecrecyProcessing() {
  return {"leerrecht:verzuimregistratie", "geheimhouding-om-gegevens",
          "art. 52 lid 1 Wet justitiële en strafvorderlijke gegevens"};
}

// Reading the log is itself a processing of the youth's data: accountability of the controller
// and the data subject's right of access, which covers to whom data were disclosed (AVG art. 15
// lid 1 sub c; SPEC C-37 (a), W-12).
Processing LogReview() {
  return {"leerrecht:verwerkingslogboek", "verantwoording-en-inzage",
          "AVG art. 5 lid 2 (verantwoordingsplicht) en art. 15 (recht van inzage)"};
}

store::AccessContext ContextFor(const Actor& actor, const Processing& processing) {
  store::AccessContext ctx;
  ctx.party = actor.party;
  ctx.actor = "user:" + std::to_string(actor.user_id);
  ctx.purpose = processing.purpose;
  ctx.legal_basis = processing.legal_basis;
  ctx.processing_activity_id = processing.activity_id;
  ctx.trace = actor.trace.trace_id.empty() ? audit::TraceContext::New() : actor.trace.Child();
  return ctx;
}

AccessDecision Authorize(const policy::AuthorizationMatrix& matrix, const Actor& actor, policy::Action action,
                         policy::Resource resource, policy::AccessFacts facts) {
  AccessDecision out;
  for (const std::string& role : actor.roles) {
    facts.role = role;
    policy::AuthorizationDecision d = matrix.Decide(action, resource, facts);
    if (d.allowed) {
      out.allowed = true;
      out.role = role;
      out.decision = std::move(d);
      return out;
    }
    // Keep the most informative denial: one that names unmet conditions of a near rule.
    if (out.decision.reason.empty() || !d.missing.empty()) out.decision = std::move(d);
  }
  if (actor.roles.empty()) {
    out.decision.reason = "geen rol toegekend";
  }
  return out;
}

Status Denied(const AccessDecision& decision) {
  return Status::Refused("geen toegang: " + decision.decision.reason);
}

}  // namespace leerrecht::services
