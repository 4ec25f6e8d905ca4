#include "domain/classification.h"

#include <gtest/gtest.h>

#include "youth_builder.h"

namespace leerrecht::domain {
namespace {

using testing::D;
using testing::YouthBuilder;

std::vector<CaseCategory> Categories(const Classification& c) {
  std::vector<CaseCategory> out;
  for (const auto& f : c.categories) out.push_back(f.category);
  return out;
}

// Test persons of SPEC §0.3.
const Date kSemBirth = D(2013, 4, 12);
const Date kNoorBirth = D(2010, 9, 1);
const Date kDaanBirth = D(2016, 2, 20);
const Date kLinaBirth = D(2008, 1, 30);

// --- C-05 absoluut verzuim --------------------------------------------------------------------

TEST(ClassificationTest, C_05_daan_not_enrolled_is_absoluut_verzuim) {
  const auto c = Classify(YouthBuilder(kDaanBirth).Build(), D(2025, 10, 10));
  EXPECT_TRUE(c.leerplichtig);
  EXPECT_EQ(Categories(c), std::vector{CaseCategory::kAbsoluutVerzuim});
  EXPECT_TRUE(c.thuiszitter);
  // Fifth birthday 2021-02-20: leerplicht from Monday 2021-03-01.
  ASSERT_TRUE(c.thuiszitter_since.has_value());
  EXPECT_EQ(*c.thuiszitter_since, D(2021, 3, 1));
}

TEST(ClassificationTest, C_05_daan_with_vrijstelling_5a_is_category_3_not_absoluut) {
  const auto c =
      Classify(YouthBuilder(kDaanBirth).Exempt(ExemptionArticle::k5a, D(2025, 1, 15)).Build(), D(2025, 10, 10));
  EXPECT_FALSE(c.Has(CaseCategory::kAbsoluutVerzuim));
  EXPECT_EQ(Categories(c), std::vector{CaseCategory::kVrijstelling5a});
  EXPECT_TRUE(c.thuiszitter);
  EXPECT_EQ(*c.thuiszitter_since, D(2025, 1, 15));
}

TEST(ClassificationTest, C_05_any_exemption_in_force_prevents_absoluut_verzuim) {
  const auto c =
      Classify(YouthBuilder(kDaanBirth).Exempt(ExemptionArticle::k5b, D(2025, 1, 15)).Build(), D(2025, 10, 10));
  EXPECT_TRUE(c.categories.empty());
  EXPECT_FALSE(c.thuiszitter);
}

TEST(ClassificationTest, C_05_absoluut_since_the_day_after_enrolment_ended) {
  const auto youth = YouthBuilder(kDaanBirth).Enrolled(D(2021, 3, 1), D(2025, 6, 30), SchoolType::kPo).Build();
  EXPECT_TRUE(Classify(youth, D(2025, 6, 30)).categories.empty());  // the last enrolled day
  const auto c = Classify(youth, D(2025, 7, 1));
  EXPECT_EQ(Categories(c), std::vector{CaseCategory::kAbsoluutVerzuim});
  EXPECT_EQ(*c.thuiszitter_since, D(2025, 7, 1));
}

TEST(ClassificationTest, C_05_not_enrolled_kwalificatieplichtig_is_absoluut_verzuim) {
  const auto c = Classify(YouthBuilder(kLinaBirth).Build(), D(2025, 10, 1));
  EXPECT_FALSE(c.leerplichtig);
  EXPECT_TRUE(c.kwalificatieplichtig);
  EXPECT_TRUE(c.Has(CaseCategory::kAbsoluutVerzuim));
}

TEST(ClassificationTest, C_05_nothing_applies_to_an_adult_or_a_toddler) {
  EXPECT_TRUE(Classify(YouthBuilder(kLinaBirth).Build(), D(2026, 1, 30)).categories.empty());
  const auto toddler = Classify(YouthBuilder(D(2021, 6, 1)).Build(), D(2025, 10, 10));
  EXPECT_FALSE(toddler.leerplichtig);
  EXPECT_TRUE(toddler.categories.empty());
  EXPECT_FALSE(toddler.thuiszitter);
}

// --- C-06 relatief verzuim and P-09 beginnend verzuim ---------------------------------------

YouthBuilder EnrolledSem() { return std::move(YouthBuilder(kSemBirth).Enrolled(D(2024, 8, 26))); }

TEST(ClassificationTest, C_06_fifteen_and_a_half_hours_is_beginnend) {
  const auto c = Classify(EnrolledSem().Absent(D(2025, 3, 3), 8).Absent(D(2025, 3, 10), 7.5).Build(), D(2025, 3, 14));
  EXPECT_DOUBLE_EQ(c.unauthorised_hours_in_window, 15.5);
  EXPECT_EQ(Categories(c), std::vector{CaseCategory::kBeginnendVerzuim});
  EXPECT_FALSE(c.thuiszitter);
}

TEST(ClassificationTest, C_06_sixteen_hours_is_relatief) {
  const auto c = Classify(EnrolledSem().Absent(D(2025, 3, 3), 8).Absent(D(2025, 3, 10), 8).Build(), D(2025, 3, 14));
  EXPECT_EQ(Categories(c), std::vector{CaseCategory::kRelatiefVerzuim});
  EXPECT_FALSE(c.thuiszitter);
}

TEST(ClassificationTest, C_06_authorised_hours_do_not_count) {
  // 20 hours absent, of which 6 are geoorloofd sick leave: 14 unauthorised.
  const auto c = Classify(EnrolledSem()
                              .Absent(D(2025, 3, 3), 8)
                              .Absent(D(2025, 3, 5), 6, /*whole_day=*/true, /*authorised=*/true)
                              .Absent(D(2025, 3, 10), 6)
                              .Build(),
                          D(2025, 3, 14));
  EXPECT_DOUBLE_EQ(c.unauthorised_hours_in_window, 14);
  EXPECT_FALSE(c.Has(CaseCategory::kRelatiefVerzuim));
  EXPECT_EQ(Categories(c), std::vector{CaseCategory::kBeginnendVerzuim});
}

TEST(ClassificationTest, C_06_window_is_rolling_twenty_school_days) {
  // 2025-03-14 is a Friday: the 20 school days run from Monday 2025-02-17.
  const auto youth = EnrolledSem().Absent(D(2025, 2, 14), 8).Absent(D(2025, 2, 17), 8).Absent(D(2025, 3, 14), 8).Build();
  EXPECT_DOUBLE_EQ(Classify(youth, D(2025, 3, 14)).unauthorised_hours_in_window, 16);
  EXPECT_DOUBLE_EQ(Classify(youth, D(2025, 3, 13)).unauthorised_hours_in_window, 16);  // 2/14 .. 3/13
  EXPECT_DOUBLE_EQ(Classify(youth, D(2025, 3, 17)).unauthorised_hours_in_window, 8);   // 2/18 .. 3/17
}

TEST(ClassificationTest, C_06_holiday_inside_window_extends_it_and_its_hours_do_not_count) {
  // Voorjaarsvakantie 17-21 Feb: the 20 school days up to Friday 7 March start on 3 February.
  auto builder = EnrolledSem().Holiday(D(2025, 2, 17), D(2025, 2, 21));
  builder.Absent(D(2025, 2, 3), 8).Absent(D(2025, 2, 4), 8).Absent(D(2025, 2, 18), 6);
  const auto c = Classify(builder.Build(), D(2025, 3, 7));
  EXPECT_DOUBLE_EQ(c.unauthorised_hours_in_window, 16);
  EXPECT_TRUE(c.Has(CaseCategory::kRelatiefVerzuim));
  // Without the holiday the window would start on 10 February and miss both days.
  const auto without = EnrolledSem().Absent(D(2025, 2, 3), 8).Absent(D(2025, 2, 4), 8).Build();
  EXPECT_FALSE(Classify(without, D(2025, 3, 7)).Has(CaseCategory::kRelatiefVerzuim));
}

TEST(ClassificationTest, P_09_eight_hours_reported_is_beginnend_verzuim) {
  const auto c = Classify(EnrolledSem().Absent(D(2025, 3, 11), 8).Build(), D(2025, 3, 14));
  EXPECT_EQ(Categories(c), std::vector{CaseCategory::kBeginnendVerzuim});
}

TEST(ClassificationTest, P_09_no_absence_means_no_category) {
  const auto c = Classify(EnrolledSem().Build(), D(2025, 3, 14));
  EXPECT_TRUE(c.leerplichtig);
  EXPECT_TRUE(c.categories.empty());
  EXPECT_DOUBLE_EQ(c.unauthorised_hours_in_window, 0);
}

TEST(ClassificationTest, P_09_only_authorised_absence_is_not_beginnend) {
  const auto c = Classify(EnrolledSem().Absent(D(2025, 3, 11), 6, true, true).Build(), D(2025, 3, 14));
  EXPECT_TRUE(c.categories.empty());
}

// --- C-07 langdurig verzuim -------------------------------------------------------------------

YouthBuilder EnrolledNoor() { return std::move(YouthBuilder(kNoorBirth).Enrolled(D(2022, 8, 29))); }

TEST(ClassificationTest, C_07_noor_langdurig_on_the_twentieth_school_day) {
  const auto youth = EnrolledNoor().AbsentWholeDays(D(2025, 1, 6), D(2025, 2, 28)).Build();
  const auto before = Classify(youth, D(2025, 1, 30));
  EXPECT_EQ(before.whole_day_streak, 19);
  EXPECT_FALSE(before.Has(CaseCategory::kLangdurigVerzuim));
  EXPECT_FALSE(before.thuiszitter);

  const auto on = Classify(youth, D(2025, 1, 31));
  ASSERT_TRUE(on.Has(CaseCategory::kLangdurigVerzuim));
  EXPECT_EQ(on.categories.front(), (CategoryFinding{CaseCategory::kLangdurigVerzuim, D(2025, 1, 6)}));
  EXPECT_TRUE(on.thuiszitter);
  EXPECT_EQ(*on.thuiszitter_since, D(2025, 1, 6));
}

TEST(ClassificationTest, C_07_attending_two_hours_restarts_the_count_next_day) {
  auto builder = EnrolledNoor().AbsentWholeDays(D(2025, 1, 6), D(2025, 1, 17));
  builder.Absent(D(2025, 1, 20), 4);  // present for 2 of 6 hours
  builder.AbsentWholeDays(D(2025, 1, 21), D(2025, 2, 28));
  const auto youth = builder.Build();
  EXPECT_FALSE(Classify(youth, D(2025, 1, 31)).Has(CaseCategory::kLangdurigVerzuim));
  // From 21 January, the 20th school day is 17 February.
  EXPECT_FALSE(Classify(youth, D(2025, 2, 14)).Has(CaseCategory::kLangdurigVerzuim));
  const auto c = Classify(youth, D(2025, 2, 17));
  ASSERT_TRUE(c.Has(CaseCategory::kLangdurigVerzuim));
  EXPECT_EQ(*c.thuiszitter_since, D(2025, 1, 21));
}

TEST(ClassificationTest, C_07_a_school_day_without_any_record_is_attendance) {
  auto builder = EnrolledNoor().AbsentWholeDays(D(2025, 1, 6), D(2025, 1, 14));
  builder.AbsentWholeDays(D(2025, 1, 16), D(2025, 2, 28));  // at school on 15 January
  EXPECT_EQ(Classify(builder.Build(), D(2025, 2, 11)).whole_day_streak, 19);
  EXPECT_TRUE(Classify(builder.Build(), D(2025, 2, 12)).Has(CaseCategory::kLangdurigVerzuim));
}

TEST(ClassificationTest, C_07_holidays_neither_count_nor_reset) {
  auto builder = EnrolledNoor().Holiday(D(2025, 2, 17), D(2025, 2, 21));
  builder.AbsentWholeDays(D(2025, 1, 27), D(2025, 3, 14));
  const auto youth = builder.Build();
  EXPECT_EQ(Classify(youth, D(2025, 2, 21)).whole_day_streak, 15);
  EXPECT_FALSE(Classify(youth, D(2025, 2, 27)).Has(CaseCategory::kLangdurigVerzuim));
  const auto c = Classify(youth, D(2025, 2, 28));
  ASSERT_TRUE(c.Has(CaseCategory::kLangdurigVerzuim));
  EXPECT_EQ(*c.thuiszitter_since, D(2025, 1, 27));
}

TEST(ClassificationTest, C_07_authorised_whole_days_count_too) {
  // SPEC Q-20: the covenant definition does not separate authorised from unauthorised absence.
  const auto youth = EnrolledNoor().AbsentWholeDays(D(2025, 1, 6), D(2025, 1, 31), /*authorised=*/true).Build();
  const auto c = Classify(youth, D(2025, 1, 31));
  EXPECT_EQ(Categories(c), std::vector{CaseCategory::kLangdurigVerzuim});
  EXPECT_DOUBLE_EQ(c.unauthorised_hours_in_window, 0);
}

TEST(ClassificationTest, C_07_unauthorised_langdurig_is_also_relatief) {
  const auto c = Classify(EnrolledNoor().AbsentWholeDays(D(2025, 1, 6), D(2025, 1, 31)).Build(), D(2025, 1, 31));
  EXPECT_EQ(Categories(c), (std::vector{CaseCategory::kLangdurigVerzuim, CaseCategory::kRelatiefVerzuim}));
}

TEST(ClassificationTest, C_07_records_in_any_order_give_the_same_answer) {
  auto youth = EnrolledNoor().AbsentWholeDays(D(2025, 1, 6), D(2025, 1, 31)).Build();
  const auto sorted = Classify(youth, D(2025, 1, 31));
  std::reverse(youth.absences.begin(), youth.absences.end());
  EXPECT_EQ(Classify(youth, D(2025, 1, 31)), sorted);
}

// --- C-08 vrijstelling 5 onder a --------------------------------------------------------------

TEST(ClassificationTest, C_08_exemption_for_one_school_year) {
  const auto youth =
      YouthBuilder(kDaanBirth).Exempt(ExemptionArticle::k5a, D(2024, 9, 1), D(2025, 8, 31)).Build();
  const auto during = Classify(youth, D(2025, 8, 31));
  EXPECT_EQ(Categories(during), std::vector{CaseCategory::kVrijstelling5a});
  EXPECT_EQ(during.categories.front().since, D(2024, 9, 1));
  EXPECT_TRUE(during.thuiszitter);
  // The day after: no enrolment recorded, so possible absoluut verzuim (the LPA re-assesses).
  const auto after = Classify(youth, D(2025, 9, 1));
  EXPECT_EQ(Categories(after), std::vector{CaseCategory::kAbsoluutVerzuim});
  EXPECT_EQ(*after.thuiszitter_since, D(2025, 9, 1));
}

TEST(ClassificationTest, C_08_enrolled_pupil_with_5a_is_category_3) {
  const auto youth = EnrolledNoor().Exempt(ExemptionArticle::k5a, D(2024, 11, 1)).Build();
  const auto c = Classify(youth, D(2025, 3, 14));
  EXPECT_EQ(Categories(c), std::vector{CaseCategory::kVrijstelling5a});
  EXPECT_TRUE(c.thuiszitter);
}

// --- C-09 thuiszitter status ------------------------------------------------------------------

TEST(ClassificationTest, C_09_relatief_alone_never_makes_a_thuiszitter) {
  // Sem: 16 unauthorised hours in four weeks, attending part-time.
  auto builder = EnrolledSem();
  for (Date d = D(2025, 2, 17); d <= D(2025, 3, 14); d = d.AddDays(1)) {
    if (!d.IsWeekend()) builder.Absent(d, 0.8);
  }
  const auto c = Classify(builder.Build(), D(2025, 3, 14));
  EXPECT_NEAR(c.unauthorised_hours_in_window, 16, 1e-9);
  EXPECT_EQ(Categories(c), std::vector{CaseCategory::kRelatiefVerzuim});
  EXPECT_FALSE(c.thuiszitter);
  EXPECT_FALSE(c.thuiszitter_since.has_value());
}

TEST(ClassificationTest, C_09_thuiszitter_since_is_the_earliest_start) {
  const auto youth = EnrolledNoor()
                         .Exempt(ExemptionArticle::k5a, D(2025, 1, 20))
                         .AbsentWholeDays(D(2025, 1, 6), D(2025, 1, 31), /*authorised=*/true)
                         .Build();
  const auto c = Classify(youth, D(2025, 1, 31));
  EXPECT_EQ(Categories(c), (std::vector{CaseCategory::kLangdurigVerzuim, CaseCategory::kVrijstelling5a}));
  EXPECT_TRUE(c.thuiszitter);
  EXPECT_EQ(*c.thuiszitter_since, D(2025, 1, 6));
}

// --- Leerplicht and kwalificatieplicht boundaries ---------------------------------------------

TEST(ClassificationTest, Leerplicht_starts_first_school_day_of_month_after_fifth_birthday) {
  const auto youth = YouthBuilder(D(2019, 3, 15)).Build();
  EXPECT_FALSE(Classify(youth, D(2024, 3, 29)).leerplichtig);
  EXPECT_FALSE(Classify(youth, D(2024, 3, 31)).leerplichtig);
  EXPECT_TRUE(Classify(youth, D(2024, 4, 1)).leerplichtig);
  EXPECT_TRUE(Classify(youth, D(2024, 4, 1)).Has(CaseCategory::kAbsoluutVerzuim));
  EXPECT_TRUE(Classify(youth, D(2024, 3, 31)).categories.empty());
}

TEST(ClassificationTest, Leerplicht_saturday_first_moves_to_monday) {
  const auto youth = YouthBuilder(D(2020, 2, 10)).Build();  // 1 March 2025 is a Saturday
  EXPECT_FALSE(Classify(youth, D(2025, 3, 1)).leerplichtig);
  EXPECT_FALSE(Classify(youth, D(2025, 3, 2)).leerplichtig);
  EXPECT_TRUE(Classify(youth, D(2025, 3, 3)).leerplichtig);
}

TEST(ClassificationTest, Leerplicht_holiday_on_the_first_moves_the_start) {
  const auto youth = YouthBuilder(D(2020, 4, 20)).Holiday(D(2025, 4, 26), D(2025, 5, 4)).Build();
  EXPECT_FALSE(Classify(youth, D(2025, 5, 1)).leerplichtig);
  EXPECT_FALSE(Classify(youth, D(2025, 5, 4)).leerplichtig);
  EXPECT_TRUE(Classify(youth, D(2025, 5, 5)).leerplichtig);
}

TEST(ClassificationTest, Leerplicht_ends_31_july_of_school_year_of_sixteenth_birthday) {
  const auto youth = YouthBuilder(D(2009, 10, 5)).Enrolled(D(2021, 8, 30)).Build();
  const auto on_31_july = Classify(youth, D(2026, 7, 31));
  EXPECT_TRUE(on_31_july.leerplichtig);
  EXPECT_FALSE(on_31_july.kwalificatieplichtig);
  const auto on_1_august = Classify(youth, D(2026, 8, 1));
  EXPECT_FALSE(on_1_august.leerplichtig);
  EXPECT_TRUE(on_1_august.kwalificatieplichtig);
}

TEST(ClassificationTest, Leerplicht_birthday_on_31_july_or_1_august) {
  // Turning 16 on 31 July closes that school year; on 1 August it opens the next one.
  EXPECT_FALSE(Classify(YouthBuilder(D(2009, 7, 31)).Build(), D(2025, 8, 1)).leerplichtig);
  EXPECT_TRUE(Classify(YouthBuilder(D(2009, 7, 31)).Build(), D(2025, 7, 31)).leerplichtig);
  EXPECT_TRUE(Classify(YouthBuilder(D(2009, 8, 1)).Build(), D(2026, 7, 31)).leerplichtig);
  EXPECT_FALSE(Classify(YouthBuilder(D(2009, 8, 1)).Build(), D(2026, 8, 1)).leerplichtig);
}

TEST(ClassificationTest, Kwalificatieplicht_ends_on_the_eighteenth_birthday) {
  const auto youth = YouthBuilder(kLinaBirth).Enrolled(D(2020, 8, 31)).Build();
  EXPECT_TRUE(Classify(youth, D(2026, 1, 29)).kwalificatieplichtig);
  EXPECT_FALSE(Classify(youth, D(2026, 1, 30)).kwalificatieplichtig);
  EXPECT_FALSE(Classify(youth, D(2026, 1, 30)).leerplichtig);
}

TEST(ClassificationTest, Startkwalificatie_ends_kwalificatieplicht) {
  const auto youth = YouthBuilder(kLinaBirth).Startkwalificatie().Build();
  const auto c = Classify(youth, D(2025, 10, 1));
  EXPECT_FALSE(c.kwalificatieplichtig);
  EXPECT_TRUE(c.categories.empty());
}

TEST(ClassificationTest, Verzuim_categories_need_an_obligation) {
  // Enrolled four-year-old with absence: not leerplichtig, so no verzuim category.
  const auto youth = YouthBuilder(D(2021, 1, 10)).Enrolled(D(2025, 1, 13), std::nullopt, SchoolType::kPo)
                         .Absent(D(2025, 3, 10), 20)
                         .Build();
  const auto c = Classify(youth, D(2025, 3, 14));
  EXPECT_FALSE(c.leerplichtig);
  EXPECT_TRUE(c.categories.empty());
}

}  // namespace
}  // namespace leerrecht::domain
