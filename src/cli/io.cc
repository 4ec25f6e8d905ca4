#include "cli/io.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <utility>

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

namespace {

Status ReadFailed(const std::string& path, const std::string& why) {
  return Status::Io("kan bestand niet lezen: " + path + " (" + why + ")");
}

Status TooLarge(const std::string& path, const InputFile::Limits& limits) {
  return Status::InvalidInput(path + ": " + std::string(limits.too_large.empty() ? "bestand te groot" : limits.too_large));
}

}  // namespace

InputFile::InputFile(InputFile&& other) noexcept { *this = std::move(other); }

InputFile& InputFile::operator=(InputFile&& other) noexcept {
  std::swap(map_, other.map_);
  std::swap(size_, other.size_);
  std::swap(buffer_, other.buffer_);
  return *this;
}

InputFile::~InputFile() {
  if (map_ != nullptr) ::munmap(map_, size_);
}

Result<InputFile> InputFile::Open(const std::string& path, const Limits& limits) {
  InputFile file;
  if (path == "-") {
    if (Status s = file.ReadAll(STDIN_FILENO, path, limits); !s.ok()) return s;
    return file;
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ReadFailed(path, std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return ReadFailed(path, std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return ReadFailed(path, "is een map");
  if (S_ISREG(st.st_mode)) {
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size > limits.max_bytes) return TooLarge(path, limits);
    if (size == 0) return file;
    // Not populated here: a reader that splits the file over threads faults it in side by side.
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map != MAP_FAILED) {
      if (limits.sequential) ::madvise(map, size, MADV_SEQUENTIAL);
      file.map_ = map;
      file.size_ = size;
      return file;
    }
  }
  if (Status s = file.ReadAll(fd, path, limits); !s.ok()) return s;
  return file;
}

std::string_view InputFile::text() const {
  if (map_ != nullptr) return {static_cast<const char*>(map_), size_};
  return buffer_;
}

Status InputFile::ReadAll(int fd, const std::string& path, const Limits& limits) {
  char chunk[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n == 0) return Status::Ok();
    if (n < 0) {
      if (errno == EINTR) continue;
      return ReadFailed(path, std::strerror(errno));
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    if (buffer_.size() > limits.max_bytes) return TooLarge(path, limits);
  }
}

std::string ErrnoText() { return std::strerror(errno); }

Status WriteAll(int fd, std::string_view text, const std::string& path) {
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::Io("kan " + path + " niet schrijven (" + ErrnoText() + ")");
    written += static_cast<std::size_t>(n);
  }
  return Status::Ok();
}

Status WritePrivateFile(const std::string& path,
                        const std::function<Status(int fd, const std::string& temporary)>& fill) {
  const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
  auto failed = [&path] { return Status::Io("kan " + path + " niet schrijven (" + ErrnoText() + ")"); };
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return failed();
  Status status = fill(fd, temporary);
  if (::close(fd) != 0 && status.ok()) status = failed();
  // Synced by name: a writer that works by name may have replaced the file the descriptor saw.
  if (status.ok()) {
    const int written = ::open(temporary.c_str(), O_RDONLY | O_CLOEXEC);
    if (written < 0 || ::fsync(written) != 0) status = failed();
    if (written >= 0) ::close(written);
  }
  if (status.ok() && ::chmod(temporary.c_str(), 0600) != 0) status = failed();
  if (status.ok() && ::rename(temporary.c_str(), path.c_str()) != 0) status = failed();
  if (!status.ok()) {
    ::unlink(temporary.c_str());
    return status;
  }
  // The new name is durable once its directory is.
  const std::string folder = path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/') + 1);
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    (void)::fsync(dir);
    ::close(dir);
  }
  return Status::Ok();
}

void PrintError(std::string_view message) {
  std::string line(message);
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  std::fprintf(stderr, "leerrecht: %s\n", line.c_str());
}

}  // namespace leerrecht::cli
