#include "cli/io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>


namespace leerrecht::cli {

Result<std::string> ReadInput(const std::string& path) {
  std::string content;
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    content = buffer.str();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::Io("kan bestand niet lezen: " + path + " (" + std::strerror(errno) + ")");
    in.seekg(0, std::ios::end);
    const auto size = in.tellg();
    if (size < 0) return Status::Io("kan bestand niet lezen: " + path);
    if (static_cast<std::size_t>(size) > kMaxInputBytes) return Status::InvalidInput("bestand te groot: " + path);
    in.seekg(0, std::ios::beg);
    content.resize(static_cast<std::size_t>(size));
    if (!in.read(content.data(), size)) return Status::Io("kan bestand niet lezen: " + path);
  }
  if (content.size() > kMaxInputBytes) return Status::InvalidInput("invoer te groot");
  return content;
}

void PrintError(std::string_view message) {
  std::string line(message);
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::fprintf(stderr, "leerrecht: %s\n", line.c_str());
}

}  // namespace leerrecht::cli
