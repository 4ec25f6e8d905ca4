#include "cli/listen_address.h"

#include <gtest/gtest.h>

namespace leerrecht::cli {
namespace {

TEST(ListenAddressTest, ParsesHostAndPort) {
  auto a = ParseListenAddress("127.0.0.1:8080");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 8080);
  auto v6 = ParseListenAddress("[::1]:0");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  EXPECT_EQ(ParseListenAddress("localhost:9000")->host, "127.0.0.1");
}

TEST(ListenAddressTest, RejectsMalformedAddresses) {
  for (const char* text : {"", "8080", ":8080", "127.0.0.1:", "127.0.0.1:70000", "127.0.0.1:80x", "[::1:80"}) {
    EXPECT_FALSE(ParseListenAddress(text).ok()) << text;
  }
}

}  // namespace
}  // namespace leerrecht::cli
