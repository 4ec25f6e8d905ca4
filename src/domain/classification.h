// Thuiszitter classification: which verzuim categories apply to one youth on a reference date.
#pragma once

#include <optional>
#include <vector>

#include "core/date.h"
#include "domain/case_category.h"
#include "domain/leerplicht.h"
#include "domain/youth.h"

namespace leerrecht::domain {

// Seed 001 and Lpw art. 21: "16 uur in 4 weken"; SPEC Q-19 reads the four weeks as the 20
// school days up to and including the reference date (rolling, holidays excluded).
inline constexpr int kWindowSchoolDays = 20;
inline constexpr double kRelatiefVerzuimHours = 16.0;

struct CategoryFinding {
  CaseCategory category;
  std::optional<Date> since;  // start of the category where the rules define one
  bool operator==(const CategoryFinding&) const = default;
};

// A decision is a value (STYLE.md point 3): printable, comparable, loggable.
struct Classification {
  bool leerplichtig = false;
  bool kwalificatieplichtig = false;
  bool enrolled = false;
  std::vector<CategoryFinding> categories;  // in the order of DESIGN.md §11
  bool thuiszitter = false;
  std::optional<Date> thuiszitter_since;
  double unauthorised_hours_in_window = 0;  // explains relatief/beginnend
  int whole_day_streak = 0;                 // school days of unbroken whole-day absence up to the date
  ObligationWindows windows;                // the dates the leerplicht/kwalificatieplicht answers rest on

  [[nodiscard]] bool Has(CaseCategory category) const;
  bool operator==(const Classification&) const = default;
};

// Pure: the same situation and date always give the same answer.
Classification Classify(const YouthSituation& youth, Date date);

}  // namespace leerrecht::domain
