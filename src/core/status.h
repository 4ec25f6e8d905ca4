// The project's one error policy: expected outcomes are values (Status, Result<T>), never exceptions.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace leerrecht {

// Codes name the kind of outcome; the HTTP and CLI layers map them to status codes / exit codes in one table each.
enum class ErrorCode {
  kOk = 0,
  kInvalidInput,  // the caller's data is wrong: bad date, BSN failing the elfproef, unknown id
  kNotFound,
  kConflict,
  kRefused,       // a rule forbids it (authorisation, agreement)
  kUnavailable,   // a resource is temporarily unusable (disk full, database locked)
  kIo,
  kInternal,      // a programmer error surfaced as a value
};

std::string_view ErrorCodeName(ErrorCode code);

class Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status InvalidInput(std::string message) { return {ErrorCode::kInvalidInput, std::move(message)}; }
  static Status NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message)}; }
  static Status Conflict(std::string message) { return {ErrorCode::kConflict, std::move(message)}; }
  static Status Refused(std::string message) { return {ErrorCode::kRefused, std::move(message)}; }
  static Status Io(std::string message) { return {ErrorCode::kIo, std::move(message)}; }
  static Status Internal(std::string message) { return {ErrorCode::kInternal, std::move(message)}; }

  [[nodiscard]] bool ok() const { return code_ == ErrorCode::kOk; }
  [[nodiscard]] ErrorCode code() const { return code_; }
  [[nodiscard]] const std::string& message() const { return message_; }

  // Prefixes the message with where the problem is ("afwezigheid[2].datum: ..."), so nested
  // parsers can report the full path of the offending field.
  [[nodiscard]] Status WithContext(std::string_view context) const;

  // "invalid-input: message"
  [[nodiscard]] std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

// A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : state_(std::in_place_index<1>, std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<1>(state_).ok() && "Result built from an OK status has no value");
  }

  [[nodiscard]] bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  [[nodiscard]] const T& value() const& { assert(ok()); return std::get<0>(state_); }
  [[nodiscard]] T& value() & { assert(ok()); return std::get<0>(state_); }
  [[nodiscard]] T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  [[nodiscard]] Status status() const { return ok() ? Status::Ok() : std::get<1>(state_); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace leerrecht
