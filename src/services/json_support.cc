#include "services/json_support.h"

#include <algorithm>

namespace leerrecht::services {

using nlohmann::json;

std::string JoinPath(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string out(parent);
  out += '.';
  out += key;
  return out;
}

namespace {

// nlohmann's parser recurses per nesting level; a hostile document of a million '[' would
// exhaust the stack. No document of ours nests deeper than a few levels.
constexpr int kMaxJsonDepth = 64;

bool NestsTooDeep(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace

Result<json> ParseJsonDocument(std::string_view text) {
  if (NestsTooDeep(text)) {
    return Status::InvalidInput("ongeldige JSON: dieper genest dan " + std::to_string(kMaxJsonDepth) + " niveaus");
  }
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::out_of_range&) {
    // A number too large for a double ("1e999"): a value error, not a syntax error.
    return Status::InvalidInput("ongeldige JSON: getal buiten bereik");
  } catch (const json::parse_error& e) {
    // Translate the byte offset into a line and column a person can find in an editor.
    const std::size_t offset = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    return Status::InvalidInput("ongeldige JSON op regel " + std::to_string(line) + ", kolom " +
                                std::to_string(column));
  } catch (const json::exception&) {
    return Status::InvalidInput("ongeldige JSON");
  }
}

namespace {

const json* Member(const json& object, std::string_view key) {
  auto it = object.find(std::string(key));
  return it == object.end() ? nullptr : &*it;
}

Status TypeError(std::string_view path, std::string_view expected) {
  return Status::InvalidInput(std::string(path) + ": verwacht " + std::string(expected));
}

}  // namespace

Result<Date> RequireDate(const json& object, std::string_view key, std::string_view path) {
  auto value = OptionalDate(object, key, path);
  if (!value.ok()) return value.status();
  if (!value->has_value()) return Status::InvalidInput(std::string(path) + ": ontbreekt");
  return **value;
}

Result<std::optional<Date>> OptionalDate(const json& object, std::string_view key, std::string_view path) {
  const json* member = Member(object, key);
  if (member == nullptr || member->is_null()) return std::optional<Date>{};
  if (!member->is_string()) return TypeError(path, "een datum als tekst (JJJJ-MM-DD)");
  auto date = Date::Parse(member->get_ref<const std::string&>());
  if (!date.ok()) return date.status().WithContext(path);
  return std::optional<Date>{*date};
}

Result<std::string> RequireString(const json& object, std::string_view key, std::string_view path) {
  auto value = OptionalString(object, key, path);
  if (!value.ok()) return value.status();
  if (!value->has_value()) return Status::InvalidInput(std::string(path) + ": ontbreekt");
  return **value;
}

Result<std::optional<std::string>> OptionalString(const json& object, std::string_view key, std::string_view path) {
  const json* member = Member(object, key);
  if (member == nullptr || member->is_null()) return std::optional<std::string>{};
  if (!member->is_string()) return TypeError(path, "tekst");
  return std::optional<std::string>{member->get<std::string>()};
}

Result<bool> OptionalBool(const json& object, std::string_view key, std::string_view path, bool default_value) {
  const json* member = Member(object, key);
  if (member == nullptr || member->is_null()) return default_value;
  if (!member->is_boolean()) return TypeError(path, "true of false");
  return member->get<bool>();
}

Result<double> RequireNumber(const json& object, std::string_view key, std::string_view path) {
  const json* member = Member(object, key);
  if (member == nullptr || member->is_null()) return Status::InvalidInput(std::string(path) + ": ontbreekt");
  if (!member->is_number()) return TypeError(path, "een getal");
  return member->get<double>();
}

void CollectUnknownKeys(const json& object, const std::vector<std::string_view>& known, std::string_view path,
                        std::vector<std::string>& out) {
  for (const auto& item : object.items()) {
    if (std::find(known.begin(), known.end(), item.key()) == known.end()) out.push_back(JoinPath(path, item.key()));
  }
}

}  // namespace leerrecht::services
