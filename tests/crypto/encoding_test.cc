#include "crypto/encoding.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <set>
#include <string>

namespace leerrecht::crypto {
namespace {

std::string AllByteValues() {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  return bytes;
}

TEST(HexTest, EncodesLowercaseTwoCharsPerByte) {
  EXPECT_EQ(HexEncode(std::string_view("\x00\x01\xab\xff", 4)), "0001abff");
  EXPECT_EQ(HexEncode(std::string_view()), "");
  const std::array<std::uint8_t, 3> bytes = {0xde, 0xad, 0x01};
  EXPECT_EQ(HexEncode(std::span<const std::uint8_t>(bytes)), "dead01");
}

TEST(HexTest, RoundTripsEveryByteValue) {
  const std::string bytes = AllByteValues();
  auto decoded = HexDecode(HexEncode(bytes));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(*decoded, bytes);
}

TEST(HexTest, DecodesUppercaseAndEmpty) {
  auto decoded = HexDecode("DEADbeef");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, std::string("\xde\xad\xbe\xef"));
  auto empty = HexDecode("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
}

TEST(HexTest, RejectsOddLengthNonHexAndSeparators) {
  for (const char* bad : {"a", "abc", "zz", "0x00", "de ad", "dead\n", "ab:cd", "g0"}) {
    auto decoded = HexDecode(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.status().code(), ErrorCode::kInvalidInput) << bad;
  }
}

TEST(HexTest, ErrorDoesNotRepeatTheInput) {
  auto decoded = HexDecode("111222333x");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().message().find("111222333"), std::string::npos);
}

TEST(Base64Test, KnownVectorsFromRfc4648) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode(std::string_view("\xfb\xff", 2)), "+/8=");  // standard alphabet, not url-safe
}

TEST(Base64Test, RoundTripsEveryLengthAndByteValue) {
  const std::string all = AllByteValues();
  for (std::size_t length = 0; length <= all.size(); length += 1) {
    const std::string bytes = all.substr(0, length);
    auto decoded = Base64Decode(Base64Encode(bytes));
    ASSERT_TRUE(decoded.ok()) << length;
    EXPECT_EQ(*decoded, bytes) << length;
  }
}

TEST(Base64Test, RejectsMissingPaddingBadCharactersAndTrailingBits) {
  for (const char* bad :
       {"Zg", "Zg=", "Zm8", "Z", "Zm9v\n", " Zm9v", "Zm9v YmFy", "Zm9-", "Zm_v", "Zh==", "Zg==Zg==", "====", "Zm9v="}) {
    auto decoded = Base64Decode(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.status().code(), ErrorCode::kInvalidInput) << bad;
  }
}

TEST(RandomBytesTest, HasTheRequestedLength) {
  for (std::size_t n : {0u, 1u, 24u, 32u, 1000u}) EXPECT_EQ(RandomBytes(n).size(), n);
}

TEST(RandomBytesTest, DoesNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(RandomBytes(16));
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(RandomBytesTest, UsesAllByteValues) {
  // 64 KiB from a uniform source: each of the 256 values is expected 256 times; a missing value
  // would mean a broken generator (e.g. zeroes or ASCII only).
  const std::string bytes = RandomBytes(65536);
  std::array<int, 256> counts{};
  for (char c : bytes) ++counts[static_cast<unsigned char>(c)];
  for (int value = 0; value < 256; ++value) EXPECT_GT(counts[value], 100) << value;
}

std::string Fill(std::size_t n) {
  std::string out(n, '\0');
  RandomFill(out.data(), n);
  return out;
}

TEST(RandomFillTest, DoesNotRepeatAcrossBlocks) {
  // 24-byte nonces: 10,000 of them span many 4 KiB blocks.
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) seen.insert(Fill(24));
  EXPECT_EQ(seen.size(), 10000u);
  EXPECT_EQ(Fill(3000).size(), 3000u);  // larger than a quarter block: straight from the OS
}

// A forked child must not hand out the nonces its parent's block still holds.
TEST(RandomFillTest, ForkedChildDrawsOtherBytesThanItsParent) {
  (void)Fill(24);  // the parent's block is now filled
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string child = Fill(24);
    (void)!::write(fds[1], child.data(), child.size());
    ::_exit(0);
  }
  ::close(fds[1]);
  const std::string parent = Fill(24);
  std::string child(24, '\0');
  ASSERT_EQ(::read(fds[0], child.data(), child.size()), 24);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_NE(parent, child);
}

}  // namespace
}  // namespace leerrecht::crypto
