#include "crypto/totp.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace leerrecht::crypto {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

system_clock::time_point At(std::int64_t unix_seconds) { return system_clock::time_point(seconds(unix_seconds)); }

// RFC 6238 appendix B: the ASCII secret "12345678901234567890", SHA-1, 8 digits.
constexpr std::string_view kRfcSecret = "12345678901234567890";

TEST(TotpTest, MatchesTheRfc6238AppendixBVectorsForSha1) {
  struct Vector {
    std::int64_t time;
    std::int64_t step;
    const char* code;
  };
  for (const Vector& v : {Vector{59, 0x1, "94287082"}, Vector{1111111109, 0x23523EC, "07081804"},
                          Vector{1111111111, 0x23523ED, "14050471"}, Vector{1234567890, 0x273EF07, "89005924"},
                          Vector{2000000000, 0x3F940AA, "69279037"}, Vector{20000000000, 0x27BC86AA, "65353130"}}) {
    EXPECT_EQ(TotpCode(kRfcSecret, v.step, 8), v.code) << v.time;
    // The year-2603 moment does not fit a nanosecond system_clock; its code is checked from the RFC step.
    if (v.time > std::chrono::duration_cast<seconds>(system_clock::duration::max()).count()) continue;
    EXPECT_EQ(TotpStep(At(v.time)), v.step) << v.time;
  }
}

// RFC 4226 appendix D: the HOTP values of the same secret for counters 0..9, six digits.
TEST(TotpTest, SixDigitCodesAreTheRfc4226HotpValues) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (int counter = 0; counter < 10; ++counter) {
    EXPECT_EQ(TotpCode(kRfcSecret, counter), expected[counter]) << counter;
  }
}

TEST(TotpTest, StepsRoundTowardsThePast) {
  EXPECT_EQ(TotpStep(At(0)), 0);
  EXPECT_EQ(TotpStep(At(29)), 0);
  EXPECT_EQ(TotpStep(At(30)), 1);
  EXPECT_EQ(TotpStep(At(-1)), -1);
}

// RFC 4648 §10 test vectors, without the padding otpauth URIs leave off.
TEST(TotpTest, Base32FollowsRfc4648) {
  EXPECT_EQ(Base32Encode(""), "");
  EXPECT_EQ(Base32Encode("f"), "MY");
  EXPECT_EQ(Base32Encode("fo"), "MZXQ");
  EXPECT_EQ(Base32Encode("foo"), "MZXW6");
  EXPECT_EQ(Base32Encode("foob"), "MZXW6YQ");
  EXPECT_EQ(Base32Encode("fooba"), "MZXW6YTB");
  EXPECT_EQ(Base32Encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(*Base32Decode("MZXW6YTBOI======"), "foobar");
  EXPECT_EQ(*Base32Decode("mzxw 6ytb oi"), "foobar");
  EXPECT_FALSE(Base32Decode("MZXW1").ok());  // '1' is not in the alphabet
  EXPECT_EQ(*Base32Decode("MY"), "f");
  EXPECT_FALSE(Base32Decode("MZ").ok());   // non-zero trailing bits: a typo
  EXPECT_FALSE(Base32Decode("MYA").ok());  // a dangling character: cut off
  const std::string secret = NewTotpSecret();
  EXPECT_EQ(secret.size(), kTotpSecretBytes);
  EXPECT_EQ(*Base32Decode(Base32Encode(secret)), secret);
}

TEST(TotpTest, UriFollowsTheKeyUriFormat) {
  EXPECT_EQ(TotpUri("beheerder", "foobar"), "otpauth://totp/Leerrecht:beheerder?secret=MZXW6YTBOI&issuer=Leerrecht");
  // A name with characters that have a meaning in a URI stays one label.
  EXPECT_EQ(TotpUri("a:b&c?d", "f"), "otpauth://totp/Leerrecht:a%3Ab%26c%3Fd?secret=MY&issuer=Leerrecht");
}

TEST(TotpTest, VerifyAcceptsOneStepEitherSideAndNothingFurther) {
  const auto now = At(1111111111);
  const std::int64_t step = TotpStep(now);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, step), now), step);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, step - 1), now), step - 1);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, step + 1), now), step + 1);
  EXPECT_FALSE(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, step - 2), now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, step + 2), now));
  EXPECT_FALSE(VerifyTotp("een ander geheim", TotpCode(kRfcSecret, step), now));
}

TEST(TotpTest, VerifyRefusesAStepAlreadyAccepted) {
  const auto now = At(1234567890);
  const std::int64_t step = TotpStep(now);
  const std::string code = TotpCode(kRfcSecret, step);
  EXPECT_FALSE(VerifyTotp(kRfcSecret, code, now, step));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, step - 1), now, step));
  EXPECT_EQ(VerifyTotp(kRfcSecret, code, now, step - 1), step);
  EXPECT_EQ(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, step + 1), now, step), step + 1);
}

TEST(TotpTest, VerifyWantsExactlySixDigitsBlanksAside) {
  const auto now = At(2000000000);
  const std::string code = TotpCode(kRfcSecret, TotpStep(now));
  EXPECT_TRUE(VerifyTotp(kRfcSecret, code.substr(0, 3) + " " + code.substr(3), now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, "", now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, code.substr(0, 5), now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, code + "0", now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, "12345a", now));
  EXPECT_FALSE(VerifyTotp(kRfcSecret, TotpCode(kRfcSecret, TotpStep(now), 8), now));
}

}  // namespace
}  // namespace leerrecht::crypto
