#include "services/quarterly_report.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "domain/youth.h"
#include "store/repositories/repository_support.h"

namespace leerrecht::services {

namespace {

// One pass over the party's thuiszitter cases that touch the quarter, read from the covering
// index cases_quarter_routing alone: each case carries its youth's municipality and school type
// (migration 6), so nothing is joined. The index returns the rows per category grouped by
// municipality and school type, so the routing below is decided once per run of equal rows.
// No GROUP BY: SQLite would sort every row in a temporary B-tree first (bench/quarterly_bench.cc).
// Dates are ISO text, so text comparison is date comparison.
constexpr std::string_view kCases =
    "SELECT youth_municipality, youth_school_type, category, opened_on, closed_on FROM cases "
    "WHERE party_id = ?1 AND category IN ('absoluut-verzuim', 'langdurig-verzuim', 'vrijstelling-5a') "
    "AND opened_on <= ?2 AND (closed_on IS NULL OR closed_on >= ?3)";

int CategoryIndex(std::string_view category) {
  for (std::size_t i = 0; i < kThuiszitterCategories.size(); ++i) {
    if (kThuiszitterCategories[i] == category) return static_cast<int>(i);
  }
  return -1;
}

// The same day three months earlier, clamped to the month's end (31 May → 28/29 Feb).
Date ThreeMonthsBefore(Date d) {
  int year = d.Year();
  int month = static_cast<int>(d.Month()) - 3;
  if (month < 1) {
    month += 12;
    --year;
  }
  unsigned day = d.Day();
  while (day > 28) {
    if (auto ok = Date::FromYmd(year, static_cast<unsigned>(month), day); ok.ok()) return *ok;
    --day;
  }
  return Date::Ymd(year, static_cast<unsigned>(month), day);
}

}  // namespace

int SwvCounts::Total() const {
  int total = 0;
  for (const CategoryCounts& c : categories) total += c.on_peildatum;
  return total;
}

Result<QuarterlyReport> CountQuarter(store::Database& db, std::string_view party, int year, int quarter,
                                     const policy::SwvRegions* regions, std::string_view own_party_role) {
  if (year < 2000 || year > 2100) return Status::InvalidInput("jaar: 2000 tot en met 2100");
  if (quarter < 1 || quarter > 4) return Status::InvalidInput("kwartaal: 1 tot en met 4");
  QuarterlyReport report;
  report.year = year;
  report.quarter = quarter;
  report.party = std::string(party);
  const Date first = Date::Ymd(year, static_cast<unsigned>(quarter * 3 - 2), 1);
  const Date peil = Date::Ymd(quarter == 4 ? year + 1 : year, quarter == 4 ? 1u : static_cast<unsigned>(quarter * 3 + 1), 1)
                        .AddDays(-1);
  report.first_day = first.ToString();
  report.peildatum = peil.ToString();
  // An SWV counts its own register as its own; a leerplicht party's register is split over the
  // SWVs by the region table.
  const bool route = own_party_role != "swv";
  const std::string peil_text = report.peildatum;
  const std::string recent_after = ThreeMonthsBefore(peil).ToString();  // opened after: at most 3 months
  std::map<std::string, SwvCounts> by_swv;
  // Municipality and school type to the SWV's counts, decided once per pair: a million rows have
  // only a few hundred distinct pairs, and they arrive in runs.
  std::unordered_map<std::string, SwvCounts*> route_cache;
  std::string key;
  std::string run_municipality;
  std::string run_school_type;
  SwvCounts* run_group = nullptr;
  auto group_of = [&](std::string_view municipality, std::string_view school_type) {
    key.assign(municipality);
    key.push_back('\x1f');
    key.append(school_type);
    if (auto cached = route_cache.find(key); cached != route_cache.end()) return cached->second;
    std::string swv = std::string(party);
    if (route) {
      auto type = domain::ParseSchoolType(school_type);
      std::optional<std::string> responsible;
      if (regions != nullptr && type) responsible = regions->Responsible(municipality, *type);
      swv = responsible.value_or("");
    }
    SwvCounts& counts = by_swv[swv];
    counts.swv = swv;
    return route_cache.emplace(key, &counts).first->second;
  };
  auto tx = db.BeginRead();
  if (!tx.ok()) return tx.status();
  Status s = (*tx)->ForEach(
      kCases, {std::string(party), report.peildatum, report.first_day}, [&](const store::RowView& row) {
        const int index = CategoryIndex(row.Text(2));
        if (index < 0) return true;
        const std::string_view municipality = row.Text(0);
        const std::string_view school_type = row.Text(1);
        if (run_group == nullptr || municipality != run_municipality || school_type != run_school_type) {
          run_municipality.assign(municipality);
          run_school_type.assign(school_type);
          run_group = group_of(municipality, school_type);
        }
        CategoryCounts& c = run_group->categories[static_cast<std::size_t>(index)];
        const std::string_view opened = row.Text(3);
        const bool open_at_end = row.IsNull(4) || row.Text(4) > peil_text;
        if (open_at_end) {
          ++c.on_peildatum;
          if (opened > recent_after) {
            ++c.up_to_3_months;
          } else {
            ++c.over_3_months;
          }
        }
        if (opened >= report.first_day) ++c.new_in_quarter;
        if (!row.IsNull(4) && row.Text(4) >= report.first_day && row.Text(4) <= peil_text) ++c.ended_in_quarter;
        return true;
      });
  if (!s.ok()) return s;
  // Every SWV of the table appears, also with zero counts: "0 thuiszitters" is a figure too.
  if (route && regions != nullptr) {
    for (const std::string& swv : regions->Swvs()) by_swv.try_emplace(swv, SwvCounts{swv, {}});
  }
  for (auto& [swv, counts] : by_swv) {
    if (!swv.empty()) report.per_swv.push_back(counts);
  }
  if (auto it = by_swv.find(""); it != by_swv.end()) report.per_swv.push_back(it->second);
  return report;
}

std::string QuarterlyCsv(const QuarterlyReport& r) {
  std::string out =
      "jaar;kwartaal;peildatum;swv;noemer;aantal_op_peildatum;tot_en_met_3_maanden;langer_dan_3_maanden;"
      "nieuw_in_kwartaal;beeindigd_in_kwartaal\r\n";
  for (const SwvCounts& s : r.per_swv) {
    for (std::size_t i = 0; i < kThuiszitterCategories.size(); ++i) {
      const CategoryCounts& c = s.categories[i];
      out += std::to_string(r.year) + ";" + std::to_string(r.quarter) + ";" + r.peildatum + ";" +
             (s.swv.empty() ? std::string("geen verantwoordelijk SWV") : s.swv) + ";" +
             std::string(kThuiszitterCategories[i]) + ";" + std::to_string(c.on_peildatum) + ";" +
             std::to_string(c.up_to_3_months) + ";" + std::to_string(c.over_3_months) + ";" +
             std::to_string(c.new_in_quarter) + ";" + std::to_string(c.ended_in_quarter) + "\r\n";
    }
  }
  return out;
}

Result<QuarterlyReport> ReportService::Quarterly(const Actor& actor, int year, int quarter, bool for_export) {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix = matrices_.Current();
  policy::AccessFacts facts;
  facts.same_party = true;
  AccessDecision allowed = Authorize(*matrix, actor, for_export ? policy::Action::kExporteren : policy::Action::kLezen,
                                     policy::Resource::kRapportage, facts);
  if (!allowed.allowed) return Denied(allowed);
  std::string role;
  {
    auto tx = folder_.db().BeginRead();
    if (!tx.ok()) return tx.status();
    auto rows = (*tx)->Query("SELECT role FROM parties WHERE id = ?", {actor.party});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::NotFound("partij niet gevonden");
    role = rows->front().Text(0);
  }
  auto report = CountQuarter(folder_.db(), actor.party, year, quarter, regions_, role);
  if (!report.ok()) return report.status();
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  audit::LogEntry entry = store::internal::EntryFor(
      ContextFor(actor, CaseWork(role)), for_export ? "rapportage.exporteren" : "rapportage.lezen",
      "kwartaal:" + std::to_string(year) + "-" + std::to_string(quarter), {"verzuim_soort", "verzuim_startdatum"},
      "rapportage");
  if (Status s = folder_.log().Append(**tx, entry); !s.ok()) return s;
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return report;
}

}  // namespace leerrecht::services
