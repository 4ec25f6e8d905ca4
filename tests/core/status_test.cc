#include "core/status.h"

#include <gtest/gtest.h>

namespace leerrecht {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return Status::InvalidInput("oneven");
  return n / 2;
}

TEST(StatusTest, ResultCarriesValueOrStatus) {
  auto ok = Half(4);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 2);
  EXPECT_TRUE(ok.status().ok());
  auto bad = Half(3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(bad.status().ToString(), "invalid-input: oneven");
}

TEST(StatusTest, WithContextPrefixesThePath) {
  const Status s = Status::InvalidInput("ongeldige datum").WithContext("afwezigheid[2].datum");
  EXPECT_EQ(s.message(), "afwezigheid[2].datum: ongeldige datum");
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  EXPECT_TRUE(Status::Ok().WithContext("x").ok());
}

}  // namespace
}  // namespace leerrecht
