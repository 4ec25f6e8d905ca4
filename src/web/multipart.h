// A minimal multipart/form-data reader (RFC 7578) for the one form that uploads a file: the DUO import.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leerrecht::web {

struct FormPart {
  std::string name;          // the form field (Content-Disposition name=)
  std::string filename;      // "" for an ordinary field
  std::string content_type;  // "" when the part sends none
  std::string body;          // the bytes as sent, without the CRLF before the next boundary
};

// The boundary of a "multipart/form-data; boundary=…" Content-Type (quoted or not); nullopt for
// any other media type or a missing or over-long boundary (RFC 2046 allows at most 70 characters).
std::optional<std::string> MultipartBoundary(std::string_view content_type);

// The parts of a body, in order; nullopt when the body does not follow the format (no opening
// boundary, a part without a blank line after its headers, no closing boundary), so a truncated
// upload is refused rather than read as a shorter file. Only the headers the form needs are read.
std::optional<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary);

// The first part named `name`, or nullptr.
const FormPart* FindPart(const std::vector<FormPart>& parts, std::string_view name);

}  // namespace leerrecht::web
