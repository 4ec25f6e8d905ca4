#include "domain/covenant_scope.h"

#include <gtest/gtest.h>

#include "youth_builder.h"

namespace leerrecht::domain {
namespace {

using testing::D;
using testing::YouthBuilder;

CovenantScope ScopeOn(const YouthSituation& youth, Date date) {
  return CovenantScopeOf(youth, Classify(youth, date), date);
}

TEST(CovenantScopeTest, C_04_four_year_old_is_excluded) {
  const auto scope = ScopeOn(YouthBuilder(D(2021, 6, 1)).Enrolled(D(2025, 6, 2), std::nullopt, SchoolType::kPo).Build(),
                             D(2025, 10, 10));
  EXPECT_FALSE(scope.included);
  EXPECT_EQ(scope.reason, "jonger dan 5 jaar");
}

TEST(CovenantScopeTest, C_04_seventeen_year_old_in_havo_5_is_included) {
  const auto scope =
      ScopeOn(YouthBuilder(D(2008, 3, 1)).Enrolled(D(2020, 8, 31), std::nullopt, SchoolType::kVo).Build(),
              D(2025, 10, 10));
  EXPECT_TRUE(scope.included);
  EXPECT_TRUE(scope.reason.empty());
}

TEST(CovenantScopeTest, C_04_sixteen_year_old_in_mbo_is_excluded) {
  const auto scope =
      ScopeOn(YouthBuilder(D(2009, 6, 1)).Enrolled(D(2025, 8, 25), std::nullopt, SchoolType::kMbo).Build(),
              D(2025, 10, 10));
  EXPECT_FALSE(scope.included);
  EXPECT_EQ(scope.reason, "MBO valt buiten definitie jeugdige (Q-21)");
}

TEST(CovenantScopeTest, C_04_unenrolled_leerplichtig_is_included_and_eighteen_is_not) {
  EXPECT_TRUE(ScopeOn(YouthBuilder(D(2016, 2, 20)).Build(), D(2025, 10, 10)).included);
  const auto adult = ScopeOn(YouthBuilder(D(2007, 10, 10)).Build(), D(2025, 10, 10));
  EXPECT_FALSE(adult.included);
  EXPECT_EQ(adult.reason, "18 jaar of ouder");
}

TEST(CovenantScopeTest, C_04_special_education_is_included) {
  EXPECT_TRUE(ScopeOn(YouthBuilder(D(2012, 1, 1)).Enrolled(D(2024, 8, 26), std::nullopt, SchoolType::kVso).Build(),
                      D(2025, 10, 10))
                  .included);
}

}  // namespace
}  // namespace leerrecht::domain
