// Strict decimal numbers from text (paths, queries, forms, headers): digits only, bounded length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace leerrecht {

// The value of 1..max_digits ASCII digits (max_digits at most 18, so it always fits); nothing
// for an empty text, a sign, a space or any other character. Leading zeros are allowed.
std::optional<std::int64_t> ParseDecimal(std::string_view text, std::size_t max_digits);

}  // namespace leerrecht
