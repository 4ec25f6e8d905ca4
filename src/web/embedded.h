// The web templates, the Leerrecht theme CSS and its script, embedded in the binary at configure time.
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
// Progressive enhancements (the import's progress display); no page depends on it.
std::string_view EmbeddedScript();

}  // namespace leerrecht::web
