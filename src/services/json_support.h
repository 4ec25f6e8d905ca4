// Reading untrusted JSON documents into domain values with errors that name the field's path.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/date.h"
#include "core/status.h"

namespace leerrecht::services {

// Parses text into a JSON value; a syntax error becomes "ongeldige JSON op regel L, kolom C: ...".
Result<nlohmann::json> ParseJsonDocument(std::string_view text);

// Accessors for one object member. `path` is the member's full path for messages.
Result<Date> RequireDate(const nlohmann::json& object, std::string_view key, std::string_view path);
Result<std::optional<Date>> OptionalDate(const nlohmann::json& object, std::string_view key, std::string_view path);
Result<std::string> RequireString(const nlohmann::json& object, std::string_view key, std::string_view path);
Result<std::optional<std::string>> OptionalString(const nlohmann::json& object, std::string_view key,
                                                  std::string_view path);
Result<bool> OptionalBool(const nlohmann::json& object, std::string_view key, std::string_view path,
                          bool default_value);
Result<double> RequireNumber(const nlohmann::json& object, std::string_view key, std::string_view path);

// Keys of `object` not in `known`, with their paths ("inschrijving.scool").
void CollectUnknownKeys(const nlohmann::json& object, const std::vector<std::string_view>& known,
                        std::string_view path, std::vector<std::string>& out);

// "a" + "b" -> "a.b"; "" + "b" -> "b".
std::string JoinPath(std::string_view parent, std::string_view key);

}  // namespace leerrecht::services
