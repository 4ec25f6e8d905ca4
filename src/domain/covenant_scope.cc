#include "domain/covenant_scope.h"

namespace leerrecht::domain {

CovenantScope CovenantScopeOf(const YouthSituation& youth, const Classification& classification, Date date) {
  if (date < youth.birth_date.AddYears(5)) return {false, "jonger dan 5 jaar"};
  if (date >= youth.birth_date.AddYears(18)) return {false, "18 jaar of ouder"};
  if (classification.enrolled) {
    if (youth.enrolment->type == SchoolType::kMbo) return {false, "MBO valt buiten definitie jeugdige (Q-21)"};
    return {true, ""};
  }
  if (classification.leerplichtig || classification.kwalificatieplichtig) return {true, ""};
  return {false, "niet ingeschreven en niet leerplichtig"};
}

}  // namespace leerrecht::domain
