#include "domain/classification.h"

#include <algorithm>
#include <array>


namespace leerrecht::domain {

bool Classification::Has(CaseCategory category) const {
  return std::any_of(categories.begin(), categories.end(),
                     [category](const CategoryFinding& f) { return f.category == category; });
}

namespace {

// Absence records ordered by date, without copying when the caller already sorted them (the
// common case for data from a database); reused per thread to keep the hot path allocation-free.
const std::vector<AbsenceRecord>& SortedAbsences(const std::vector<AbsenceRecord>& absences) {
  auto by_date = [](const AbsenceRecord& a, const AbsenceRecord& b) { return a.date < b.date; };
  if (std::is_sorted(absences.begin(), absences.end(), by_date)) return absences;
  thread_local std::vector<AbsenceRecord> scratch;
  scratch.assign(absences.begin(), absences.end());
  std::sort(scratch.begin(), scratch.end(), by_date);
  return scratch;
}

bool HasWholeDayAbsence(const std::vector<AbsenceRecord>& sorted, Date day) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), day,
                             [](const AbsenceRecord& r, Date d) { return r.date < d; });
  for (; it != sorted.end() && it->date == day; ++it) {
    if (it->whole_day) return true;
  }
  return false;
}

// Seed 001 / SPEC C-06, Q-19: unauthorised hours on the school days of the window.
double UnauthorisedHours(const std::vector<AbsenceRecord>& sorted, const SchoolCalendar& calendar, Date first,
                         Date last) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), first,
                             [](const AbsenceRecord& r, Date d) { return r.date < d; });
  double hours = 0;
  for (; it != sorted.end() && it->date <= last; ++it) {
    if (!it->authorised && calendar.IsSchoolDay(it->date)) hours += it->hours;
  }
  return hours;
}

// SPEC C-07, Q-20: the unbroken run of school days with a whole-day absence ending at the last
// school day on or before `date`. Holidays and weekends are skipped: they neither count nor
// reset. Returns the run length and its first day.
struct Streak {
  int length = 0;
  std::optional<Date> first;
};

Streak WholeDayStreak(const std::vector<AbsenceRecord>& sorted, const SchoolCalendar& calendar, Date date) {
  Streak streak;
  if (sorted.empty()) return streak;
  const Date earliest = sorted.front().date;
  for (Date d = date; d >= earliest; d = d.AddDays(-1)) {
    if (!calendar.IsSchoolDay(d)) continue;
    if (!HasWholeDayAbsence(sorted, d)) break;  // any attendance resets the count
    ++streak.length;
    streak.first = d;
  }
  return streak;
}

}  // namespace

Classification Classify(const YouthSituation& youth, Date date) {
  Classification result;
  result.windows = ComputeObligationWindows(youth.birth_date, youth.calendar);
  const ObligationWindows& windows = result.windows;
  result.leerplichtig = windows.leerplicht_start <= date && date <= windows.leerplicht_end;
  result.kwalificatieplichtig =
      !youth.startkwalificatie && windows.leerplicht_end < date && date < windows.eighteenth_birthday;
  result.enrolled = youth.enrolment && youth.enrolment->EnrolledOn(date);
  if (!result.leerplichtig && !result.kwalificatieplichtig) return result;

  bool exempt = false;
  std::optional<Date> vrijstelling_5a_since;
  for (const auto& e : youth.exemptions) {
    if (!e.InForceOn(date)) continue;
    exempt = true;
    if (e.article == ExemptionArticle::k5a && (!vrijstelling_5a_since || e.granted_on < *vrijstelling_5a_since)) {
      vrijstelling_5a_since = e.granted_on;
    }
  }

  // Seed 001 / SPEC C-05: absoluut verzuim is not being enrolled anywhere without an exemption.
  if (!result.enrolled && !exempt) {
    Date since = windows.leerplicht_start;
    if (youth.enrolment && youth.enrolment->until && *youth.enrolment->until < date) {
      since = std::max(since, youth.enrolment->until->AddDays(1));
    }
    for (const auto& e : youth.exemptions) {
      if (e.until && *e.until < date) since = std::max(since, e.until->AddDays(1));
    }
    result.categories.push_back({CaseCategory::kAbsoluutVerzuim, since});
  }

  if (result.enrolled) {
    const auto& absences = SortedAbsences(youth.absences);

    const Streak streak = WholeDayStreak(absences, youth.calendar, date);
    result.whole_day_streak = streak.length;
    if (streak.length >= kWindowSchoolDays) {
      result.categories.push_back({CaseCategory::kLangdurigVerzuim, streak.first});
    }
    result.unauthorised_hours_in_window =
        UnauthorisedHours(absences, youth.calendar, youth.calendar.WindowStart(date, kWindowSchoolDays), date);
    // Hours are often recorded in tenths; a sum such as 20 x 0.8 must reach 16 exactly.
    constexpr double kTolerance = 1e-6;
    if (result.unauthorised_hours_in_window >= kRelatiefVerzuimHours - kTolerance) {
      result.categories.push_back({CaseCategory::kRelatiefVerzuim, std::nullopt});
    } else if (result.unauthorised_hours_in_window > kTolerance) {
      // Seed 002 / SPEC P-09: under the legal threshold.
      result.categories.push_back({CaseCategory::kBeginnendVerzuim, std::nullopt});
    }
  }
  // Seed 001 / SPEC C-08: category 3, dated by the grant, enrolled or not.
  if (vrijstelling_5a_since) {
    result.categories.push_back({CaseCategory::kVrijstelling5a, vrijstelling_5a_since});
  }
  // The order of DESIGN.md §4, so output is stable whatever rule fired first.
  std::sort(result.categories.begin(), result.categories.end(),
            [](const CategoryFinding& a, const CategoryFinding& b) { return a.category < b.category; });

  for (const auto& finding : result.categories) {
    if (!IsThuiszitterCategory(finding.category)) continue;
    result.thuiszitter = true;
    if (finding.since && (!result.thuiszitter_since || *finding.since < *result.thuiszitter_since)) {
      result.thuiszitter_since = finding.since;
    }
  }
  return result;
}

}  // namespace leerrecht::domain
