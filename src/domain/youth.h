// What the classification needs to know about one youth: birth, enrolment, exemptions, absence.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "domain/exemption.h"
#include "domain/school_calendar.h"

namespace leerrecht::domain {

// Onderwijssoort of the school; the covenant covers PO, (V)SO and VO but not MBO (SPEC Q-21).
enum class SchoolType { kUnknown, kPo, kSo, kVso, kVo, kMbo };

std::string_view SchoolTypeId(SchoolType type);
std::optional<SchoolType> ParseSchoolType(std::string_view id);

struct Enrolment {
  std::string school;
  std::string brin;
  SchoolType type = SchoolType::kUnknown;
  Date since;
  std::optional<Date> until;  // last day enrolled; open-ended when absent

  [[nodiscard]] bool EnrolledOn(Date date) const { return since <= date && (!until || date <= *until); }
};

// One day's absence as the school registered it.
struct AbsenceRecord {
  Date date;
  double hours = 0;        // lesuren missed that day
  bool whole_day = false;  // not at school at all that day
  bool authorised = false; // geoorloofd (e.g. sick leave with a valid reason)
};

struct YouthSituation {
  Date birth_date;
  std::optional<Enrolment> enrolment;
  bool startkwalificatie = false;
  std::vector<Exemption> exemptions;
  SchoolCalendar calendar;
  std::vector<AbsenceRecord> absences;  // any order; several records on one day add up
};

}  // namespace leerrecht::domain
