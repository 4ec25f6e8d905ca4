#include "web/multipart.h"

namespace leerrecht::web {

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The value of parameter `key` in "form-data; name=\"csv\"; filename=\"a;b.csv\"". Read left to
// right, so a quoted value may hold ';'. Browsers escape a quote in a file name as %22, so no
// backslash escapes are read.
std::string Parameter(std::string_view header, std::string_view key) {
  std::size_t pos = header.find(';');
  while (pos != std::string_view::npos && pos < header.size()) {
    ++pos;
    const std::size_t eq = header.find('=', pos);
    if (eq == std::string_view::npos) return "";
    const std::string name = Lower(Trim(header.substr(pos, eq - pos)));
    std::size_t at = eq + 1;
    while (at < header.size() && (header[at] == ' ' || header[at] == '\t')) ++at;
    std::string value;
    if (at < header.size() && header[at] == '"') {
      const std::size_t close = header.find('"', at + 1);
      if (close == std::string_view::npos) return "";
      value = std::string(header.substr(at + 1, close - at - 1));
      pos = header.find(';', close);
    } else {
      const std::size_t end = header.find(';', at);
      value = std::string(Trim(header.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at)));
      pos = end;
    }
    if (name == key) return value;
  }
  return "";
}

}  // namespace

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
  const std::string_view type = Trim(content_type.substr(0, content_type.find(';')));
  if (Lower(type) != "multipart/form-data") return std::nullopt;
  std::string boundary = Parameter(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 70) return std::nullopt;
  return boundary;
}

std::optional<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary) {
  const std::string delimiter = "--" + std::string(boundary);
  // The preamble before the first boundary is ignored (RFC 2046); browsers send none.
  std::size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return std::nullopt;
  std::vector<FormPart> parts;
  const std::string next_delimiter = "\r\n" + delimiter;
  while (true) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return parts;  // the closing boundary
    if (body.substr(pos, 2) != "\r\n") return std::nullopt;
    pos += 2;
    const std::size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) return std::nullopt;
    FormPart part;
    std::string_view headers = body.substr(pos, headers_end - pos);
    while (!headers.empty()) {
      const std::size_t eol = headers.find("\r\n");
      const std::string_view line = headers.substr(0, eol);
      headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      const std::string key = Lower(Trim(line.substr(0, colon)));
      const std::string_view value = Trim(line.substr(colon + 1));
      if (key == "content-disposition") {
        part.name = Parameter(value, "name");
        part.filename = Parameter(value, "filename");
      } else if (key == "content-type") {
        part.content_type = std::string(value);
      }
    }
    const std::size_t content = headers_end + 4;
    // The part ends at CRLF + the delimiter; a file may contain "--" lines of its own, but not
    // the boundary, which the browser chose not to occur in it.
    const std::size_t end = body.find(next_delimiter, content);
    if (end == std::string_view::npos) return std::nullopt;
    part.body = std::string(body.substr(content, end - content));
    parts.push_back(std::move(part));
    pos = end + 2;
  }
}

const FormPart* FindPart(const std::vector<FormPart>& parts, std::string_view name) {
  for (const FormPart& p : parts) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace leerrecht::web
