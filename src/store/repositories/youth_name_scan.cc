#include "store/repositories/youth_name_scan.h"

#include <string>

#include "store/repositories/repository_support.h"

namespace leerrecht::store {

namespace {

constexpr std::string_view kSelectNames = "SELECT id, name_enc FROM youths WHERE party_id = ? AND name_enc IS NOT NULL";

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

// ASCII letters and digits, and every byte of a UTF-8 sequence (é, ë), are word characters.
bool WordChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u >= 0x80;
}

bool ContainsWord(const std::string& haystack, const std::string& needle) {
  if (needle.empty()) return false;
  for (std::size_t pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) {
    const bool start = pos == 0 || !WordChar(haystack[pos - 1]);
    const std::size_t end = pos + needle.size();
    const bool finish = end == haystack.size() || !WordChar(haystack[end]);
    if (start && finish) return true;
  }
  return false;
}

}  // namespace

Result<bool> YouthNameScan::NamesAYouth(Transaction& tx, std::string_view party, std::string_view text) {
  const std::string lowered = Lower(text);
  auto rows = tx.Query(kSelectNames, {std::string(party)});
  if (!rows.ok()) return rows.status();
  for (const Row& row : *rows) {
    auto name = keys_.Decrypt(row.Text(1), internal::Ad("youths.name", party));
    if (!name.ok()) return Status::Internal("versleutelde naam van jongere " + std::to_string(row.Int(0)) + " is onleesbaar");
    if (ContainsWord(lowered, Lower(*name))) return true;
  }
  return false;
}

}  // namespace leerrecht::store
