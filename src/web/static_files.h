// The static assets under /static/: the NL Design System CSS and htmx from npm, and the embedded Leerrecht theme.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/router.h"

namespace leerrecht::web {

struct StaticFile {
  std::string content_type;
  std::string body;
};

// A fixed list of files read once at start (never a path taken from a request, so nothing
// outside the list can be served) and kept in memory: they are small and asked on every page.
class StaticFiles {
 public:
  // Reads the npm packages from `web_dir`/node_modules (`make` installs them there with npm ci).
  // A missing file is left out and named in `missing`, so the server still starts (the pages
  // stay usable with the theme alone) and the caller can say what to install.
  static StaticFiles Load(const std::string& web_dir, std::vector<std::string>& missing);
  // LEERRECHT_WEB_DIR when set, else the source tree's web/ the binary was built from.
  static std::string DefaultWebDir();

  // GET routes for every file under /static/.
  void AddRoutes(http::Router& router) const;
  [[nodiscard]] const std::map<std::string, StaticFile, std::less<>>& files() const { return files_; }

 private:
  std::map<std::string, StaticFile, std::less<>> files_;  // URL path -> file
};

}  // namespace leerrecht::web
