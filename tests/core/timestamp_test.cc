// The UTC text of stored moments and the local midnight that bounds a period of them.
#include "core/timestamp.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

namespace leerrecht {
namespace {

// Runs the test in `zone`, restoring the process's zone after: the bound depends on it.
class ZoneScope {
 public:
  explicit ZoneScope(const char* zone) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    ::setenv("TZ", zone, 1);
    ::tzset();
  }
  ~ZoneScope() {
    if (old_) {
      ::setenv("TZ", old_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }
  ZoneScope(const ZoneScope&) = delete;
  ZoneScope& operator=(const ZoneScope&) = delete;

 private:
  std::optional<std::string> old_;
};

TEST(TimestampTest, FormatUtcWithAndWithoutMicroseconds) {
  const auto tp = std::chrono::sys_days{std::chrono::year{2025} / 3 / 14} + std::chrono::hours(9) +
                  std::chrono::minutes(30) + std::chrono::microseconds(123456);
  EXPECT_EQ(FormatUtc(tp), "2025-03-14T09:30:00.123456Z");
  EXPECT_EQ(FormatUtc(tp, false), "2025-03-14T09:30:00Z");
}

// SPEC C-36, W-30: the FG's register is cut per quarter at Dutch midnight, winter and summer time.
TEST(TimestampTest, C_36_quarters_begin_at_dutch_midnight) {
  const ZoneScope amsterdam("Europe/Amsterdam");
  EXPECT_EQ(LocalMidnightUtc(2025, 1, 1), "2024-12-31T23:00:00.000000Z");  // CET, UTC+1
  EXPECT_EQ(LocalMidnightUtc(2025, 4, 1), "2025-03-31T22:00:00.000000Z");  // CEST, UTC+2
  EXPECT_EQ(LocalMidnightUtc(2025, 10, 1), "2025-09-30T22:00:00.000000Z");
  // A disclosure stored at 22:30 UTC on 31 March happened on 1 April in the Netherlands.
  EXPECT_GE(std::string("2025-03-31T22:30:00.000000Z"), LocalMidnightUtc(2025, 4, 1));
}

TEST(TimestampTest, LocalMidnightInUtcIsMidnight) {
  const ZoneScope utc("UTC");
  EXPECT_EQ(LocalMidnightUtc(2025, 4, 1), "2025-04-01T00:00:00.000000Z");
}

}  // namespace
}  // namespace leerrecht
