#include "core/postcode.h"

#include <gtest/gtest.h>

namespace leerrecht {
namespace {

TEST(PostcodeTest, NormalisesSpacingAndCase) {
  for (const char* text : {"6811AB", "6811 AB", "6811ab", " 6811 ab "}) {
    auto pc = Postcode::Parse(text);
    ASSERT_TRUE(pc.ok()) << text;
    EXPECT_EQ(pc->normalized(), "6811AB");
    EXPECT_EQ(pc->Display(), "6811 AB");
  }
}

TEST(PostcodeTest, RejectsInvalidCodes) {
  for (const char* text : {"", "0811AB", "681AB", "6811A", "6811 A1", "6811SS", "6811SA", "6811SD", "68111AB"}) {
    EXPECT_FALSE(Postcode::Parse(text).ok()) << text;
  }
}

}  // namespace
}  // namespace leerrecht
