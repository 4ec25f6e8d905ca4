// Parsing "host:port" for --listen, with the checks a server operator needs before binding.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace leerrecht::cli {

struct ListenAddress {
  std::string host;
  std::uint16_t port = 0;
};

// "127.0.0.1:8080", "[::1]:8080", "localhost:0" (0 = any free port).
Result<ListenAddress> ParseListenAddress(std::string_view text);

}  // namespace leerrecht::cli
