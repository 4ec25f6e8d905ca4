#include "crypto/hash.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/encoding.h"

namespace leerrecht::crypto {
namespace {

std::string Hex(const Hash32& hash) { return HexEncode(std::span<const std::uint8_t>(hash)); }

// Reference values: python3 -c "import hashlib; print(hashlib.blake2b(b'abc', digest_size=32).hexdigest())"
TEST(Blake2b256Test, MatchesKnownVectors) {
  EXPECT_EQ(Hex(Blake2b256("")), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(Hex(Blake2b256("abc")), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
}

TEST(Blake2b256Test, HashesBinaryDataIncludingNul) {
  EXPECT_NE(Blake2b256(std::string_view("a\0b", 3)), Blake2b256("a"));
  EXPECT_NE(Blake2b256(std::string_view("\0", 1)), Blake2b256(""));
}

TEST(Blake2bHasherTest, IncrementalEqualsOneShot) {
  std::string data;
  for (int i = 0; i < 1000; ++i) data += static_cast<char>(i * 7);
  // Split points around BLAKE2b's 128-byte block boundary are where an incremental hash goes wrong.
  for (std::size_t split : {0u, 1u, 127u, 128u, 129u, 256u, 999u, 1000u}) {
    Blake2bHasher hasher;
    hasher.Update(std::string_view(data).substr(0, split));
    hasher.Update(std::string_view(data).substr(split));
    EXPECT_EQ(hasher.Final(), Blake2b256(data)) << split;
  }
  Blake2bHasher bytewise;
  for (char c : data) bytewise.Update(std::string_view(&c, 1));
  EXPECT_EQ(bytewise.Final(), Blake2b256(data));
}

TEST(Blake2bHasherTest, EmptyHasherGivesHashOfEmptyString) {
  Blake2bHasher hasher;
  EXPECT_EQ(hasher.Final(), Blake2b256(""));
  Blake2bHasher with_empty_update;
  with_empty_update.Update(std::string_view());
  EXPECT_EQ(with_empty_update.Final(), Blake2b256(""));
}

TEST(Blake2bHasherTest, FinalStartsOverForTheNextMessage) {
  Blake2bHasher hasher;
  hasher.Update("first entry");
  EXPECT_EQ(hasher.Final(), Blake2b256("first entry"));
  hasher.Update("a");
  hasher.Update("bc");
  EXPECT_EQ(hasher.Final(), Blake2b256("abc"));
  EXPECT_EQ(hasher.Final(), Blake2b256(""));
}

TEST(Blake2bHasherTest, ChainOfHashesIsOrderSensitive) {
  // The processing log's use: h_n = H(h_{n-1} || entry_n). Swapping two entries changes the head.
  auto chain = [](std::initializer_list<std::string_view> entries) {
    Hash32 head{};
    Blake2bHasher hasher;
    for (std::string_view entry : entries) {
      hasher.Update(std::string_view(reinterpret_cast<const char*>(head.data()), head.size()));
      hasher.Update(entry);
      head = hasher.Final();
    }
    return head;
  };
  EXPECT_EQ(chain({"a", "b", "c"}), chain({"a", "b", "c"}));
  EXPECT_NE(chain({"a", "b", "c"}), chain({"a", "c", "b"}));
}

}  // namespace
}  // namespace leerrecht::crypto
