// Reading the command's input files ("-" is standard input) with clear, bounded errors.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace leerrecht::cli {

// Files larger than this are refused rather than read into memory.
inline constexpr std::size_t kMaxInputBytes = 256u * 1024u * 1024u;

Result<std::string> ReadInput(const std::string& path);

// A large input file's bytes (a DUO file, a comparison list): mapped when it is a regular file,
// so that a million rows are not copied; read otherwise (standard input "-", a pipe).
class InputFile {
 public:
  struct Limits {
    std::size_t max_bytes = kMaxInputBytes;
    std::string_view too_large;  // appended to "PATH: " when the file is larger than max_bytes
    bool sequential = true;      // read front to back once: let the kernel read ahead
  };

  InputFile() = default;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&& other) noexcept;
  ~InputFile();

  static Result<InputFile> Open(const std::string& path, const Limits& limits);

  [[nodiscard]] std::string_view text() const;

 private:
  Status ReadAll(int fd, const std::string& path, const Limits& limits);

  void* map_ = nullptr;
  std::size_t size_ = 0;
  std::string buffer_;
};

// strerror(errno), for the messages below.
std::string ErrnoText();

// Writes a report that may hold BSNs: it appears under `path` only when complete and on disk,
// readable by its owner only. `fill` writes the content into the temporary file, through `fd` or
// by its name `temporary` (libxlsxwriter writes by name); on failure nothing is left behind.
Status WritePrivateFile(const std::string& path,
                        const std::function<Status(int fd, const std::string& temporary)>& fill);

// All of `text` to `fd`; the error names `path`.
Status WriteAll(int fd, std::string_view text, const std::string& path);

// Prints "leerrecht: <message>" on stderr on one line.
void PrintError(std::string_view message);

}  // namespace leerrecht::cli
