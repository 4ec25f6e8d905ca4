// A small Mustache-subset template engine: HTML-escaped variables, sections, inverted sections, partials.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/status.h"

namespace leerrecht::web {

// Escapes the five characters that matter in HTML text and attribute values (& < > " ').
std::string HtmlEscape(std::string_view text);

// The supported subset of Mustache (https://mustache.github.io/mustache.5.html):
//   {{name}}        the value, HTML-escaped (the default, so a forgotten escape cannot inject markup)
//   {{{name}}} {{&name}}  the value unescaped: only for markup the server built itself (the SVG chart)
//   {{#name}}…{{/name}}  a list repeats the block per item; an object or other truthy value renders it
//                         once with that value on top of the context stack
//   {{^name}}…{{/name}}  renders when the value is missing, false, null, "" or an empty list
//   {{>name}}       another template of the same set, rendered with the current context
//   {{!comment}}    nothing
// Names may be dotted (jongere.naam) and `.` is the current item. A missing name renders as ""
// (as in Mustache); lambdas and set-delimiter tags are not supported. Data are nlohmann::json.
class TemplateSet {
 public:
  // Parses every template once. kInvalidInput naming the template and line for an unclosed or
  // mismatched section, an unterminated tag or a partial that is not in the set, so a broken
  // template stops the server at start rather than on the page that uses it.
  static Result<TemplateSet> Parse(const std::vector<std::pair<std::string, std::string>>& sources);

  // kNotFound for an unknown template name. Rendering itself cannot fail.
  [[nodiscard]] Result<std::string> Render(std::string_view name, const nlohmann::json& data) const;
  [[nodiscard]] bool Has(std::string_view name) const;

  struct Node;  // the parsed tree; public only so the .cc's free functions can name it

 private:
  std::map<std::string, std::shared_ptr<const std::vector<Node>>, std::less<>> templates_;
};

}  // namespace leerrecht::web
