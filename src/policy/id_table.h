// Tables from enum values to their contract ids ("langdurig-verzuim", "wpg-excluded"), both ways.
#pragma once

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace leerrecht::policy {

template <typename E, std::size_t N>
using IdTable = std::array<std::pair<E, std::string_view>, N>;

template <typename E, std::size_t N>
std::optional<E> LookupId(const IdTable<E, N>& table, std::string_view id) {
  for (const auto& [value, text] : table) {
    if (text == id) return value;
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view IdOf(const IdTable<E, N>& table, E value) {
  for (const auto& [v, text] : table) {
    if (v == value) return text;
  }
  return "?";
}

}  // namespace leerrecht::policy
