// Time as an input (DESIGN.md principle 6): every rule takes "today" from a Clock, so tests are deterministic.
#pragma once

#include <chrono>

#include "core/date.h"

namespace leerrecht {

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual std::chrono::system_clock::time_point Now() const = 0;
  // The civil date in Europe/Amsterdam, where every party of this system works.
  [[nodiscard]] virtual Date Today() const = 0;
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] std::chrono::system_clock::time_point Now() const override;
  [[nodiscard]] Date Today() const override;
};

// A clock that stands still unless a test moves it.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::chrono::system_clock::time_point now) : now_(now) {}
  explicit FixedClock(Date today);
  [[nodiscard]] std::chrono::system_clock::time_point Now() const override { return now_; }
  [[nodiscard]] Date Today() const override;
  void Advance(std::chrono::system_clock::duration by) { now_ += by; }

 private:
  std::chrono::system_clock::time_point now_;
};

}  // namespace leerrecht
