#include "domain/leerplicht.h"

namespace leerrecht::domain {

Date EndOfSchoolYear(Date date) {
  const int year = date.Month() >= 8 ? date.Year() + 1 : date.Year();
  return Date::Ymd(year, 7, 31);
}

ObligationWindows ComputeObligationWindows(Date birth_date, const SchoolCalendar& calendar) {
  ObligationWindows w;
  // A Saturday 1st or a holiday moves the start to the next school day.
  w.leerplicht_start = calendar.FirstSchoolDayOnOrAfter(birth_date.AddYears(5).FirstOfNextMonth());
  w.leerplicht_end = EndOfSchoolYear(birth_date.AddYears(16));
  w.eighteenth_birthday = birth_date.AddYears(18);
  return w;
}

}  // namespace leerrecht::domain
