#include "crypto/password.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace leerrecht::crypto {
namespace {

// Each Argon2id hash at the interactive level costs ~0.1 s and 64 MiB, so the suite hashes only
// a few times and shares this one.
const std::string& StoredHash() {
  static const std::string hash = [] {
    auto result = HashPassword("correct horse battery staple");
    return result.ok() ? std::move(result).value() : std::string();
  }();
  return hash;
}

class PasswordTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(StoredHash().empty()) << "HashPassword failed"; }
  const std::string& stored_ = StoredHash();
};

TEST_F(PasswordTest, HashIsArgon2idAndDoesNotContainThePassword) {
  EXPECT_TRUE(stored_.starts_with("$argon2id$")) << stored_;
  EXPECT_NE(stored_.find("m=65536,t=2,p=1"), std::string::npos) << stored_;
  EXPECT_EQ(stored_.find("correct"), std::string::npos);
}

TEST_F(PasswordTest, VerifiesTheRightPasswordOnly) {
  EXPECT_TRUE(VerifyPassword(stored_, "correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(stored_, "correct horse battery stapl"));
  EXPECT_FALSE(VerifyPassword(stored_, "Correct horse battery staple"));
  EXPECT_FALSE(VerifyPassword(stored_, ""));
}

TEST_F(PasswordTest, SamePasswordHashesDifferently) {
  auto again = HashPassword("correct horse battery staple");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*again, stored_);  // random salt
  EXPECT_TRUE(VerifyPassword(*again, "correct horse battery staple"));
}

TEST_F(PasswordTest, MalformedStoredHashNeverVerifies) {
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("plaintext", "plaintext"));
  EXPECT_FALSE(VerifyPassword(std::string(200, 'a'), "x"));
  std::string truncated = stored_.substr(0, stored_.size() - 5);
  EXPECT_FALSE(VerifyPassword(truncated, "correct horse battery staple"));
  std::string with_nul = stored_ + std::string("\0", 1);
  EXPECT_FALSE(VerifyPassword(with_nul, "correct horse battery staple"));
}

TEST_F(PasswordTest, NeedsRehashOnlyWhenParametersOrAlgorithmDiffer) {
  EXPECT_FALSE(PasswordNeedsRehash(stored_));
  EXPECT_TRUE(PasswordNeedsRehash(stored_, PasswordCost{3, PasswordCost::Interactive().mem_limit}));
  EXPECT_TRUE(PasswordNeedsRehash("$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"));
  EXPECT_TRUE(PasswordNeedsRehash("garbage"));
  EXPECT_TRUE(PasswordNeedsRehash(""));
}

TEST_F(PasswordTest, EmptyPasswordCanBeHashed) {
  // Whether an empty password is allowed is policy elsewhere; the primitive must not misbehave.
  auto hash = HashPassword("", PasswordCost{1, 8192});  // the cheapest Argon2id libsodium allows
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(VerifyPassword(*hash, ""));
  EXPECT_FALSE(VerifyPassword(*hash, " "));
}

TEST(OneTimePasswordTest, HasFourGroupsOfFiveUnambiguousCharacters) {
  for (int i = 0; i < 200; ++i) {
    const std::string otp = GenerateOneTimePassword();
    ASSERT_EQ(otp.size(), 23u) << otp;
    for (std::size_t pos = 0; pos < otp.size(); ++pos) {
      if (pos % 6 == 5) {
        EXPECT_EQ(otp[pos], '-') << otp;
      } else {
        EXPECT_NE(kOneTimePasswordAlphabet.find(otp[pos]), std::string_view::npos) << otp;
      }
    }
    EXPECT_EQ(otp.find_first_of("0O1lI"), std::string::npos) << otp;
  }
}

TEST(OneTimePasswordTest, AlphabetHasNoLookAlikes) {
  EXPECT_EQ(kOneTimePasswordAlphabet.find_first_of("0O1lIoi"), std::string_view::npos);
  EXPECT_EQ(std::set<char>(kOneTimePasswordAlphabet.begin(), kOneTimePasswordAlphabet.end()).size(),
            kOneTimePasswordAlphabet.size());
}

TEST(OneTimePasswordTest, UsesTheWholeAlphabetAndDoesNotRepeat) {
  std::set<std::string> passwords;
  std::set<char> used;
  for (int i = 0; i < 500; ++i) {
    const std::string otp = GenerateOneTimePassword();
    passwords.insert(otp);
    used.insert(otp.begin(), otp.end());
  }
  EXPECT_EQ(passwords.size(), 500u);
  used.erase('-');
  EXPECT_EQ(used.size(), kOneTimePasswordAlphabet.size());
}

}  // namespace
}  // namespace leerrecht::crypto
