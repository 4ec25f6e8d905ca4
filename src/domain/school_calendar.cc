#include "domain/school_calendar.h"

#include <algorithm>
#include <string>

namespace leerrecht::domain {

Result<SchoolCalendar> SchoolCalendar::Create(std::vector<Holiday> holidays) {
  for (const auto& h : holidays) {
    if (h.last < h.first) return Status::InvalidInput("vakantie eindigt voordat zij begint");
    // The longest Dutch school holiday is six weeks; a longer range is a typing error, and
    // unbounded ranges would make "the next school day" never come.
    if (h.first.DaysUntil(h.last) > kMaxHolidayDays) {
      return Status::InvalidInput("vakantie langer dan " + std::to_string(kMaxHolidayDays) + " dagen");
    }
  }
  std::sort(holidays.begin(), holidays.end(), [](const Holiday& a, const Holiday& b) { return a.first < b.first; });
  SchoolCalendar calendar;
  for (const auto& h : holidays) {
    if (!calendar.holidays_.empty() && h.first.DaysSinceEpoch() <= calendar.holidays_.back().last.DaysSinceEpoch() + 1) {
      calendar.holidays_.back().last = std::max(calendar.holidays_.back().last, h.last);
    } else {
      calendar.holidays_.push_back(h);
    }
  }
  return calendar;
}

bool SchoolCalendar::IsHoliday(Date date) const {
  // First range that starts after `date`; the one before it is the only candidate.
  auto it = std::upper_bound(holidays_.begin(), holidays_.end(), date,
                             [](Date d, const Holiday& h) { return d < h.first; });
  if (it == holidays_.begin()) return false;
  --it;
  return date <= it->last;
}

Date SchoolCalendar::FirstSchoolDayOnOrAfter(Date date) const {
  while (!IsSchoolDay(date)) date = date.AddDays(1);
  return date;
}

Date SchoolCalendar::WindowStart(Date date, int count) const {
  Date start = date;
  const Date floor = Date::Ymd(1900, 1, 1);
  for (Date d = date; count > 0 && d >= floor; d = d.AddDays(-1)) {
    if (IsSchoolDay(d)) {
      start = d;
      --count;
    }
  }
  return start;
}

}  // namespace leerrecht::domain
