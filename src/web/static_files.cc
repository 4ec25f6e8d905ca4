#include "web/static_files.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "web/embedded.h"

namespace leerrecht::web {

namespace {

struct Asset {
  const char* url;
  const char* file;  // under web_dir
  const char* content_type;
};

// The npm packages of web/package.json that pages load (web/templates/kop.html).
constexpr Asset kAssets[] = {
    {"/static/utrecht/component-library.css", "node_modules/@utrecht/component-library-css/dist/index.css",
     "text/css; charset=utf-8"},
    // The NL Design System's example theme (EUPL-1.2) gives every component its variables; Utrecht's
    // own design tokens are the municipality's proprietary brand ("all rights reserved").
    {"/static/nlds/voorbeeld-theme.css", "node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css",
     "text/css; charset=utf-8"},
    {"/static/htmx.min.js", "node_modules/htmx.org/dist/htmx.min.js", "text/javascript; charset=utf-8"},
};

}  // namespace

std::string StaticFiles::DefaultWebDir() {
  if (const char* dir = std::getenv("LEERRECHT_WEB_DIR"); dir != nullptr && *dir != '\0') return dir;
  return LEERRECHT_WEB_SOURCE_DIR;
}

StaticFiles StaticFiles::Load(const std::string& web_dir, std::vector<std::string>& missing) {
  StaticFiles files;
  for (const Asset& asset : kAssets) {
    const std::string path = web_dir + "/" + asset.file;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      missing.push_back(path);
      continue;
    }
    std::ostringstream text;
    text << in.rdbuf();
    files.files_[asset.url] = StaticFile{asset.content_type, text.str()};
  }
  files.files_["/static/leerrecht.css"] = StaticFile{"text/css; charset=utf-8", std::string(EmbeddedThemeCss())};
  files.files_["/static/leerrecht.js"] = StaticFile{"text/javascript; charset=utf-8", std::string(EmbeddedScript())};
  return files;
}

void StaticFiles::AddRoutes(http::Router& router) const {
  for (const auto& [url, file] : files_) {
    router.Add("GET", url, [file](const http::Request&) {
      http::Response r;
      r.status = 200;
      r.content_type = file.content_type;
      r.body = file.body;
      // Public and unchanging while the server runs; an hour keeps a page change visible soon.
      r.headers.emplace_back("Cache-Control", "public, max-age=3600");
      r.headers.emplace_back("X-Content-Type-Options", "nosniff");
      return r;
    });
  }
}

}  // namespace leerrecht::web
