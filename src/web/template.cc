#include "web/template.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace leerrecht::web {

struct TemplateSet::Node {
  enum class Kind { kText, kEscaped, kRaw, kSection, kInverted, kPartial };
  Kind kind = Kind::kText;
  std::string text;                // literal text, or the tag's name
  std::vector<std::string> path;   // the name split at dots; empty for "."
  std::vector<Node> children;      // of a section
};

namespace {

using Node = TemplateSet::Node;

// Partials may include partials; a cycle would otherwise recurse until the stack ends.
constexpr int kMaxPartialDepth = 32;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> SplitPath(std::string_view name) {
  std::vector<std::string> parts;
  if (name == ".") return parts;
  std::size_t pos = 0;
  while (pos <= name.size()) {
    std::size_t dot = name.find('.', pos);
    if (dot == std::string_view::npos) dot = name.size();
    parts.emplace_back(name.substr(pos, dot - pos));
    pos = dot + 1;
  }
  return parts;
}

int LineAt(std::string_view source, std::size_t offset) {
  return 1 + static_cast<int>(std::count(source.begin(), source.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

struct Parser {
  std::string_view name;
  std::string_view source;
  std::vector<std::string>& partials_used;

  Status Error(std::size_t offset, const std::string& what) const {
    return Status::InvalidInput("sjabloon " + std::string(name) + ", regel " + std::to_string(LineAt(source, offset)) +
                                ": " + what);
  }

  // Parses from `pos` until the closing tag of `open` (or the end when `open` is empty).
  Status Parse(std::size_t& pos, const std::string& open, std::size_t open_at, std::vector<Node>& out) {
    while (pos < source.size()) {
      const std::size_t tag = source.find("{{", pos);
      if (tag == std::string_view::npos) break;
      if (tag > pos) out.push_back(Node{Node::Kind::kText, std::string(source.substr(pos, tag - pos)), {}, {}});
      const bool triple = source.substr(tag, 3) == "{{{";
      const std::string_view closer = triple ? "}}}" : "}}";
      const std::size_t body_start = tag + (triple ? 3 : 2);
      const std::size_t end = source.find(closer, body_start);
      if (end == std::string_view::npos) return Error(tag, "tag zonder }}");
      std::string_view body = Trim(source.substr(body_start, end - body_start));
      pos = end + closer.size();
      if (triple) {
        out.push_back(Node{Node::Kind::kRaw, std::string(body), SplitPath(body), {}});
        continue;
      }
      if (body.empty()) return Error(tag, "lege tag");
      const char sigil = body.front();
      const std::string_view rest = Trim(body.substr(1));
      switch (sigil) {
        case '!':
          break;
        case '&':
          out.push_back(Node{Node::Kind::kRaw, std::string(rest), SplitPath(rest), {}});
          break;
        case '>':
          partials_used.emplace_back(rest);
          out.push_back(Node{Node::Kind::kPartial, std::string(rest), {}, {}});
          break;
        case '#':
        case '^': {
          Node section{sigil == '#' ? Node::Kind::kSection : Node::Kind::kInverted, std::string(rest), SplitPath(rest),
                       {}};
          Status s = Parse(pos, section.text, tag, section.children);
          if (!s.ok()) return s;
          out.push_back(std::move(section));
          break;
        }
        case '/':
          if (rest != open) {
            return Error(tag, open.empty() ? "{{/" + std::string(rest) + "}} zonder opening"
                                           : "{{/" + std::string(rest) + "}} sluit {{#" + open + "}} niet");
          }
          return Status::Ok();
        case '=':
          return Error(tag, "andere scheidingstekens worden niet ondersteund");
        default:
          out.push_back(Node{Node::Kind::kEscaped, std::string(body), SplitPath(body), {}});
      }
    }
    if (pos < source.size()) {
      out.push_back(Node{Node::Kind::kText, std::string(source.substr(pos)), {}, {}});
      pos = source.size();
    }
    if (!open.empty()) return Error(open_at, "{{#" + open + "}} wordt niet gesloten");
    return Status::Ok();
  }
};

// Looks a name up the context stack (innermost first), as Mustache does: the first context that
// has the first part of the name decides; the rest is looked up inside it.
const nlohmann::json* Lookup(const std::vector<const nlohmann::json*>& stack, const std::vector<std::string>& path) {
  if (path.empty()) return stack.back();
  for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
    const nlohmann::json& context = **it;
    if (!context.is_object()) continue;
    auto found = context.find(path.front());
    if (found == context.end()) continue;
    const nlohmann::json* value = &*found;
    for (std::size_t i = 1; i < path.size(); ++i) {
      if (!value->is_object()) return nullptr;
      auto next = value->find(path[i]);
      if (next == value->end()) return nullptr;
      value = &*next;
    }
    return value;
  }
  return nullptr;
}

bool Truthy(const nlohmann::json* value) {
  if (value == nullptr || value->is_null()) return false;
  if (value->is_boolean()) return value->get<bool>();
  if (value->is_string()) return !value->get_ref<const std::string&>().empty();
  if (value->is_array()) return !value->empty();
  if (value->is_number_integer()) return value->get<std::int64_t>() != 0;
  if (value->is_number()) return value->get<double>() != 0.0;
  return true;
}

std::string Text(const nlohmann::json* value) {
  if (value == nullptr || value->is_null()) return "";
  if (value->is_string()) return value->get<std::string>();
  return value->dump();
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

Result<TemplateSet> TemplateSet::Parse(const std::vector<std::pair<std::string, std::string>>& sources) {
  TemplateSet set;
  std::vector<std::pair<std::string, std::string>> partials;  // (template, partial it uses)
  for (const auto& [name, source] : sources) {
    std::vector<std::string> used;
    Parser parser{name, source, used};
    auto nodes = std::make_shared<std::vector<Node>>();
    std::size_t pos = 0;
    Status s = parser.Parse(pos, "", 0, *nodes);
    if (!s.ok()) return s;
    for (auto& u : used) partials.emplace_back(name, std::move(u));
    set.templates_[name] = std::move(nodes);
  }
  for (const auto& [name, partial] : partials) {
    if (!set.Has(partial)) {
      return Status::InvalidInput("sjabloon " + name + ": deelsjabloon " + partial + " bestaat niet");
    }
  }
  return set;
}

bool TemplateSet::Has(std::string_view name) const { return templates_.find(name) != templates_.end(); }

namespace {

struct Renderer {
  const std::map<std::string, std::shared_ptr<const std::vector<Node>>, std::less<>>& templates;
  std::string out;
  std::vector<const nlohmann::json*> stack;

  void Render(const std::vector<Node>& nodes, int depth) {
    for (const Node& node : nodes) {
      switch (node.kind) {
        case Node::Kind::kText: out += node.text; break;
        case Node::Kind::kEscaped: out += HtmlEscape(Text(Lookup(stack, node.path))); break;
        case Node::Kind::kRaw: out += Text(Lookup(stack, node.path)); break;
        case Node::Kind::kInverted:
          if (!Truthy(Lookup(stack, node.path))) Render(node.children, depth);
          break;
        case Node::Kind::kSection: {
          const nlohmann::json* value = Lookup(stack, node.path);
          if (!Truthy(value)) break;
          if (value->is_array()) {
            for (const nlohmann::json& item : *value) {
              stack.push_back(&item);
              Render(node.children, depth);
              stack.pop_back();
            }
          } else {
            stack.push_back(value);
            Render(node.children, depth);
            stack.pop_back();
          }
          break;
        }
        case Node::Kind::kPartial: {
          // Parse() checked that every partial exists; the depth limit stops a cycle.
          auto it = templates.find(node.text);
          if (it != templates.end() && depth < kMaxPartialDepth) Render(*it->second, depth + 1);
          break;
        }
      }
    }
  }
};

}  // namespace

Result<std::string> TemplateSet::Render(std::string_view name, const nlohmann::json& data) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) return Status::NotFound("sjabloon " + std::string(name) + " bestaat niet");
  Renderer renderer{templates_, {}, {&data}};
  renderer.Render(*it->second, 0);
  return std::move(renderer.out);
}

}  // namespace leerrecht::web
