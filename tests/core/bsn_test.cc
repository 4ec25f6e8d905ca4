#include "core/bsn.h"

#include <gtest/gtest.h>

namespace leerrecht {
namespace {

// SPEC C-26: the elfproef examples of the catalogue.
TEST(BsnTest, C_26_elfproef_rejects_123456789) {
  auto bsn = Bsn::Parse("123456789");
  ASSERT_FALSE(bsn.ok());
  EXPECT_EQ(bsn.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(bsn.status().message(), "BSN ongeldig (elfproef)");
}

TEST(BsnTest, C_26_elfproef_accepts_catalogue_test_numbers) {
  for (const char* text : {"111222333", "123456782", "232262536"}) {
    auto bsn = Bsn::Parse(text);
    ASSERT_TRUE(bsn.ok()) << text;
    EXPECT_EQ(bsn->digits(), text);
  }
}

TEST(BsnTest, EightDigitNumbersArePaddedWithLeadingZero) {
  // 012345672: 0*9+1*8+2*7+3*6+4*5+5*4+6*3+7*2 = 112, 112 - 2 = 110 = 10*11.
  auto bsn = Bsn::Parse("12345672");
  ASSERT_TRUE(bsn.ok());
  EXPECT_EQ(bsn->digits(), "012345672");
}

TEST(BsnTest, RejectsWrongLengthNonDigitsAndAllZeros) {
  EXPECT_FALSE(Bsn::Parse("").ok());
  EXPECT_FALSE(Bsn::Parse("1112223330").ok());
  EXPECT_FALSE(Bsn::Parse("11122233a").ok());
  EXPECT_FALSE(Bsn::Parse("111 22 333").ok());
  EXPECT_FALSE(Bsn::Parse("000000000").ok());
}

TEST(BsnTest, ErrorMessagesNeverRepeatTheNumber) {
  for (const char* text : {"123456789", "12345", "12345678x"}) {
    auto bsn = Bsn::Parse(text);
    ASSERT_FALSE(bsn.ok());
    EXPECT_EQ(bsn.status().message().find(text), std::string::npos) << bsn.status().message();
  }
}

TEST(BsnTest, EveryCheckDigitButOneFails) {
  int passing = 0;
  for (char last = '0'; last <= '9'; ++last) {
    std::string digits = "11122233";
    digits.push_back(last);
    if (Bsn::PassesElfproef(digits)) ++passing;
  }
  EXPECT_EQ(passing, 1);
}

TEST(BsnTest, MaskedShowsOnlyTheLastThreeDigits) {
  EXPECT_EQ(Bsn::Parse("111222333")->Masked(), "******333");
}

}  // namespace
}  // namespace leerrecht
