// The web templates and the Leerrecht theme CSS, embedded in the binary at configure time.
#pragma once

#include <span>
#include <string_view>

namespace leerrecht::web {

struct EmbeddedFile {
  std::string_view name;     // the template's file name without .html ("dossier")
  std::string_view content;
};

std::span<const EmbeddedFile> EmbeddedTemplates();
std::string_view EmbeddedThemeCss();

}  // namespace leerrecht::web
