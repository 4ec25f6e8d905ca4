// The quarterly counts (SPEC C-18, Q-26, Q-47) on a real data folder: the noemers, the 3-month
// buckets, new and ended in the quarter, routing per SWV, and routing that follows the youth.
#include "services/quarterly_report.h"

#include <gtest/gtest.h>

#include <string>

#include "../store/folder_fixture.h"
#include "store/repositories/youth_field_repository.h"

namespace leerrecht::services {
namespace {

// Two SWVs by municipality; Utrecht is outside the table.
constexpr const char* kRegions = R"(schema = "leerrecht.swv-regions/1"
version = 1
maintained_by = "test"

[[regions]]
municipality = "Arnhem"
level = "po"
swv = "swv-passend-wijs"

[[regions]]
municipality = "Arnhem"
level = "vo"
swv = "swv-passend-wijs"

[[regions]]
municipality = "Duiven"
level = "vo"
swv = "swv-de-liemers"
)";

class QuarterlyReportTest : public leerrecht::testing::FolderFixture {
 protected:
  void SetUp() override {
    FolderFixture::SetUp();
    if (HasFatalFailure()) return;
    auto load = policy::SwvRegions::Load(kRegions, "swv-regions.toml");
    ASSERT_TRUE(load.regions.has_value());
    regions_ = std::move(*load.regions);
    fields_ = std::make_unique<store::YouthFieldRepository>(*youths_, folder_->log(), clock_);
  }

  // A youth with a valid BSN (elfproef) per n, living in `municipality`, at school level `type`.
  std::int64_t Youth(int n, const std::string& municipality, const std::string& type) {
    std::string bsn;
    for (int candidate = 100000000 + n * 100;; ++candidate) {
      bsn = std::to_string(candidate);
      if (Bsn::PassesElfproef(bsn)) break;
    }
    auto tx = folder_->db().BeginWrite();
    EXPECT_TRUE(tx.ok());
    auto id = youths_->Create(**tx, Ctx(), *Bsn::Parse(bsn), "Jongere " + std::to_string(n), Date::Ymd(2011, 1, 1),
                              municipality);
    EXPECT_TRUE(id.ok()) << id.status().message();
    if (!type.empty()) {
      EXPECT_TRUE(fields_->SetSchoolType(**tx, Ctx(), *id, type).ok());
    }
    EXPECT_TRUE((*tx)->Commit().ok());
    return *id;
  }

  void Case(std::int64_t youth, const std::string& category, const std::string& opened,
            std::optional<Date> closed = std::nullopt) {
    auto tx = folder_->db().BeginWrite();
    ASSERT_TRUE(tx.ok());
    store::CaseRecord r;
    r.youth_id = youth;
    r.category = category;
    r.mas_phase = "onderzoek";
    r.regime_tag = "AVG";
    r.opened_on = opened;
    auto id = cases_->Create(**tx, Ctx(), r);
    ASSERT_TRUE(id.ok()) << id.status().message();
    if (closed) {
      ASSERT_TRUE(cases_->SetPhase(**tx, Ctx(), *id, "afgesloten", "AVG", std::nullopt, *closed).ok());
    }
    ASSERT_TRUE((*tx)->Commit().ok());
  }

  QuarterlyReport Count(int year, int quarter) {
    auto report = CountQuarter(folder_->db(), "eigen-organisatie", year, quarter, &regions_, "leerplicht");
    EXPECT_TRUE(report.ok()) << report.status().message();
    return report.ok() ? *report : QuarterlyReport{};
  }

  static const SwvCounts* Find(const QuarterlyReport& r, const std::string& swv) {
    for (const SwvCounts& s : r.per_swv) {
      if (s.swv == swv) return &s;
    }
    return nullptr;
  }

  policy::SwvRegions regions_;
  std::unique_ptr<store::YouthFieldRepository> fields_;
};

TEST_F(QuarterlyReportTest, C_18_counts_per_noemer_with_buckets_new_and_ended) {
  const auto arnhem = Youth(1, "Arnhem", "vo");
  const auto arnhem2 = Youth(2, "Arnhem", "po");
  // 2025-Q1: peildatum 2025-03-31, three months before it 2024-12-31.
  Case(arnhem, "langdurig-verzuim", "2024-10-01");                           // open, over 3 months
  Case(arnhem, "langdurig-verzuim", "2025-02-01");                           // open, new, at most 3 months
  Case(arnhem2, "langdurig-verzuim", "2024-11-01", Date::Ymd(2025, 2, 15));  // ended in the quarter
  Case(arnhem2, "absoluut-verzuim", "2025-01-10");                           // open, new
  Case(arnhem2, "vrijstelling-5a", "2024-06-01", Date::Ymd(2024, 12, 1));    // ended before: not counted
  Case(arnhem2, "vrijstelling-5a", "2025-04-02");                            // opened after: not counted
  Case(arnhem, "relatief-verzuim", "2025-01-05");                            // no noemer of the covenant

  const QuarterlyReport r = Count(2025, 1);
  EXPECT_EQ(r.first_day, "2025-01-01");
  EXPECT_EQ(r.peildatum, "2025-03-31");
  const SwvCounts* pw = Find(r, "swv-passend-wijs");
  ASSERT_NE(pw, nullptr);
  const CategoryCounts& absoluut = pw->categories[0];
  const CategoryCounts& langdurig = pw->categories[1];
  const CategoryCounts& vrijstelling = pw->categories[2];
  EXPECT_EQ(langdurig.on_peildatum, 2);
  EXPECT_EQ(langdurig.up_to_3_months, 1);
  EXPECT_EQ(langdurig.over_3_months, 1);
  EXPECT_EQ(langdurig.new_in_quarter, 1);
  EXPECT_EQ(langdurig.ended_in_quarter, 1);
  EXPECT_EQ(absoluut.on_peildatum, 1);
  EXPECT_EQ(absoluut.new_in_quarter, 1);
  EXPECT_EQ(vrijstelling.on_peildatum, 0);
  EXPECT_EQ(vrijstelling.ended_in_quarter, 0);
  EXPECT_EQ(pw->Total(), 3);
  // Every SWV of the table appears, also with zero counts; no unrouted group without cases.
  const SwvCounts* liemers = Find(r, "swv-de-liemers");
  ASSERT_NE(liemers, nullptr);
  EXPECT_EQ(liemers->Total(), 0);
  EXPECT_EQ(Find(r, ""), nullptr);
}

TEST_F(QuarterlyReportTest, C_18_routes_by_municipality_and_school_type_and_keeps_the_unrouted_apart) {
  Case(Youth(1, "Duiven", "vo"), "langdurig-verzuim", "2025-01-02");
  Case(Youth(2, "Duiven", "po"), "langdurig-verzuim", "2025-01-02");  // Duiven po: not in the table
  Case(Youth(3, "Utrecht", "vo"), "absoluut-verzuim", "2025-01-02");  // outside the region
  Case(Youth(4, "Arnhem", ""), "vrijstelling-5a", "2025-01-02");      // school level unknown
  const QuarterlyReport r = Count(2025, 1);
  ASSERT_NE(Find(r, "swv-de-liemers"), nullptr);
  EXPECT_EQ(Find(r, "swv-de-liemers")->Total(), 1);
  EXPECT_EQ(Find(r, "swv-passend-wijs")->Total(), 0);
  const SwvCounts* unrouted = Find(r, "");
  ASSERT_NE(unrouted, nullptr);
  EXPECT_EQ(unrouted->categories[0].on_peildatum, 1);
  EXPECT_EQ(unrouted->categories[1].on_peildatum, 1);
  EXPECT_EQ(unrouted->categories[2].on_peildatum, 1);
  EXPECT_EQ(r.per_swv.back().swv, "");  // the unrouted group comes last
}

// Each case carries a copy of its youth's routing columns (migration 6): when the school level
// changes after the case was opened, the count must follow the youth, not the copy of the day.
TEST_F(QuarterlyReportTest, C_18_routing_follows_a_change_of_school_level_after_the_case_opened) {
  const auto youth = Youth(1, "Duiven", "po");
  Case(youth, "langdurig-verzuim", "2025-01-02");
  EXPECT_EQ(Find(Count(2025, 1), "swv-de-liemers")->Total(), 0);
  {
    auto tx = folder_->db().BeginWrite();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(fields_->SetSchoolType(**tx, Ctx(), youth, "vo").ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  const QuarterlyReport r = Count(2025, 1);
  EXPECT_EQ(Find(r, "swv-de-liemers")->Total(), 1);
  EXPECT_EQ(Find(r, ""), nullptr);
}

TEST_F(QuarterlyReportTest, C_18_an_swv_counts_its_own_register_as_its_own) {
  Case(Youth(1, "Utrecht", "vo"), "langdurig-verzuim", "2025-01-02");
  auto report = CountQuarter(folder_->db(), "eigen-organisatie", 2025, 1, &regions_, "swv");
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->per_swv.size(), 1u);
  EXPECT_EQ(report->per_swv[0].swv, "eigen-organisatie");
  EXPECT_EQ(report->per_swv[0].Total(), 1);
}

TEST_F(QuarterlyReportTest, C_18_year_and_quarter_are_checked) {
  EXPECT_EQ(CountQuarter(folder_->db(), "eigen-organisatie", 2025, 5, &regions_, "leerplicht").status().code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(CountQuarter(folder_->db(), "eigen-organisatie", 1999, 1, &regions_, "leerplicht").status().code(),
            ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace leerrecht::services
