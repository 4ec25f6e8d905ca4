// School days of one youth's school: Monday to Friday outside the listed holidays (DESIGN.md §11).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/date.h"
#include "core/status.h"

namespace leerrecht::domain {

struct Holiday {
  Date first;
  Date last;  // inclusive
};

class SchoolCalendar {
 public:
  static constexpr int kMaxHolidayDays = 92;

  SchoolCalendar() = default;
  // Holidays may overlap or come in any order; a holiday whose last day precedes its first is invalid.
  static Result<SchoolCalendar> Create(std::vector<Holiday> holidays);

  [[nodiscard]] bool IsHoliday(Date date) const;
  [[nodiscard]] bool IsSchoolDay(Date date) const { return !date.IsWeekend() && !IsHoliday(date); }
  [[nodiscard]] Date FirstSchoolDayOnOrAfter(Date date) const;
  // The oldest of the `count` school days up to and including `date`: the first day of a
  // rolling window such as "4 school weeks" (DESIGN.md §11).
  [[nodiscard]] Date WindowStart(Date date, int count) const;

 private:
  // Sorted, merged ranges, so lookups are a binary search.
  std::vector<Holiday> holidays_;
};

}  // namespace leerrecht::domain
