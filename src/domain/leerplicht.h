// The leerplicht and kwalificatieplicht windows of the Leerplichtwet 1969 (art. 3, 4 and 4a).
#pragma once

#include "core/date.h"
#include "domain/school_calendar.h"

namespace leerrecht::domain {

struct ObligationWindows {
  Date leerplicht_start;    // first day leerplichtig
  Date leerplicht_end;      // last day leerplichtig (31 July)
  Date eighteenth_birthday; // first day no longer kwalificatieplichtig
  bool operator==(const ObligationWindows&) const = default;
};

// Art. 3: leerplicht begins on the first school day of the month after the month of the fifth
// birthday. Art. 4: full leerplicht ends at the end of the school year (1 August - 31 July) in
// which the youth turns 16. Art. 4a: kwalificatieplicht runs from then until 18 (the
// twelve-school-years rule of art. 4 is out of scope, DESIGN.md §11).
ObligationWindows ComputeObligationWindows(Date birth_date, const SchoolCalendar& calendar);

// 31 July that ends the school year containing `date`.
Date EndOfSchoolYear(Date date);

}  // namespace leerrecht::domain
