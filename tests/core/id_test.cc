#include "core/id.h"

#include <gtest/gtest.h>

namespace leerrecht {
namespace {

TEST(IdTest, AcceptsPlainSlugs) {
  EXPECT_TRUE(IsValidSlug("rbl-midden-gelre"));
  EXPECT_TRUE(IsValidSlug("lpa-1"));
  EXPECT_TRUE(IsValidSlug("a"));
  auto id = PartyId::Parse("swv-passend-wijs");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->str(), "swv-passend-wijs");
}

TEST(IdTest, RejectsEverythingElse) {
  for (const char* text : {"", "-a", "a-", "a--b", "Rbl", "a b", "a_b", "a/b", "é"}) {
    EXPECT_FALSE(IsValidSlug(text)) << text;
  }
  EXPECT_FALSE(IsValidSlug(std::string(65, 'a')));
  EXPECT_TRUE(IsValidSlug(std::string(64, 'a')));
  EXPECT_FALSE(PurposeId::Parse("Niet Goed").ok());
}

}  // namespace
}  // namespace leerrecht
