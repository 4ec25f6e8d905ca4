// Test helper: builds a YouthSituation fluently so each test states only what matters to it.
#pragma once

#include <utility>
#include <vector>

#include "domain/youth.h"

namespace leerrecht::domain::testing {

inline Date D(int y, unsigned m, unsigned d) { return Date::Ymd(y, m, d); }

class YouthBuilder {
 public:
  explicit YouthBuilder(Date birth) { youth_.birth_date = birth; }

  YouthBuilder& Enrolled(Date since, std::optional<Date> until = std::nullopt, SchoolType type = SchoolType::kVo) {
    youth_.enrolment = Enrolment{"Het Baken", "12AB", type, since, until};
    return *this;
  }
  YouthBuilder& Startkwalificatie() {
    youth_.startkwalificatie = true;
    return *this;
  }
  YouthBuilder& Exempt(ExemptionArticle article, Date granted, std::optional<Date> until = std::nullopt) {
    youth_.exemptions.push_back({article, granted, granted, until});
    return *this;
  }
  YouthBuilder& Holiday(Date first, Date last) {
    holidays_.push_back({first, last});
    youth_.calendar = *SchoolCalendar::Create(holidays_);
    return *this;
  }
  YouthBuilder& Absent(Date date, double hours, bool whole_day = false, bool authorised = false) {
    youth_.absences.push_back({date, hours, whole_day, authorised});
    return *this;
  }
  // Whole-day absence (6 hours, unauthorised unless stated) on every school day in [first, last].
  YouthBuilder& AbsentWholeDays(Date first, Date last, bool authorised = false) {
    for (Date d = first; d <= last; d = d.AddDays(1)) {
      if (youth_.calendar.IsSchoolDay(d)) Absent(d, 6, true, authorised);
    }
    return *this;
  }
  [[nodiscard]] const YouthSituation& Build() const { return youth_; }

 private:
  YouthSituation youth_;
  std::vector<domain::Holiday> holidays_;
};

}  // namespace leerrecht::domain::testing
