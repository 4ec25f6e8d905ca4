// Reading the command's input files ("-" is standard input) with clear, bounded errors.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace leerrecht::cli {

// Files larger than this are refused rather than read into memory.
inline constexpr std::size_t kMaxInputBytes = 256u * 1024u * 1024u;

Result<std::string> ReadInput(const std::string& path);

// Prints "leerrecht: <message>" on stderr on one line.
void PrintError(std::string_view message);

}  // namespace leerrecht::cli
