// The Mustache subset of src/web/template.h: escaping by default, sections, inverted sections,
// partials, dotted names, and the parse errors that stop the server at start.
#include "web/template.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "web/embedded.h"

namespace leerrecht::web {
namespace {

std::string Render(const std::string& source, const nlohmann::json& data,
                   std::vector<std::pair<std::string, std::string>> partials = {}) {
  partials.emplace_back("t", source);
  auto set = TemplateSet::Parse(partials);
  EXPECT_TRUE(set.ok()) << set.status().message();
  if (!set.ok()) return "";
  auto out = set->Render("t", data);
  EXPECT_TRUE(out.ok());
  return out.ok() ? *out : "";
}

TEST(TemplateTest, VariablesAreHtmlEscapedByDefault) {
  EXPECT_EQ(Render("<p>{{naam}}</p>", {{"naam", "<script>alert('x') & \"y\"</script>"}}),
            "<p>&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;</p>");
}

TEST(TemplateTest, TripleMustacheAndAmpersandAreRaw) {
  EXPECT_EQ(Render("{{{svg}}}|{{& svg}}", {{"svg", "<svg></svg>"}}), "<svg></svg>|<svg></svg>");
}

TEST(TemplateTest, MissingNamesRenderEmptyAndNumbersAsText) {
  EXPECT_EQ(Render("[{{weg}}] {{n}} {{x}}", {{"n", 42}, {"x", nullptr}}), "[] 42 ");
}

TEST(TemplateTest, SectionsIterateListsAndPushObjects) {
  const nlohmann::json data = {{"zaken", {{{"id", 1}, {"naam", "A"}}, {{"id", 2}, {"naam", "B"}}}},
                               {"jongere", {{"naam", "Noor"}}},
                               {"csrf", "t"}};
  EXPECT_EQ(Render("{{#zaken}}<{{id}}:{{naam}}:{{csrf}}>{{/zaken}}", data), "<1:A:t><2:B:t>");
  EXPECT_EQ(Render("{{#jongere}}{{naam}}{{/jongere}} {{jongere.naam}}", data), "Noor Noor");
}

TEST(TemplateTest, FalsyValuesSkipSectionsAndOpenInvertedOnes) {
  const nlohmann::json data = {{"f", false}, {"n", nullptr}, {"e", ""}, {"l", nlohmann::json::array()}, {"z", 0},
                               {"t", true}, {"s", "ja"}};
  for (const char* name : {"f", "n", "e", "l", "z", "weg"}) {
    const std::string n(name);
    EXPECT_EQ(Render("{{#" + n + "}}x{{/" + n + "}}{{^" + n + "}}y{{/" + n + "}}", data), "y") << name;
  }
  EXPECT_EQ(Render("{{#t}}x{{/t}}{{^t}}y{{/t}}{{#s}}[{{.}}]{{/s}}", data), "x[ja]");
}

TEST(TemplateTest, DotIsTheCurrentItem) {
  EXPECT_EQ(Render("{{#l}}<li>{{.}}</li>{{/l}}", {{"l", {"a<", "b"}}}), "<li>a&lt;</li><li>b</li>");
}

TEST(TemplateTest, InnerNullHidesTheOuterValue) {
  // A note without a WPG date must not show its case's date (web/templates/regime.html).
  EXPECT_EQ(Render("{{#notes}}[{{sinds}}]{{/notes}}", {{"sinds", "zaak"}, {"notes", {{{"sinds", nullptr}}}}}), "[]");
}

TEST(TemplateTest, PartialsRenderWithTheCurrentContext) {
  EXPECT_EQ(Render("{{>kop}}body{{#items}}{{>item}}{{/items}}", {{"titel", "T"}, {"items", {{{"v", 1}}, {{"v", 2}}}}},
                   {{"kop", "<h1>{{titel}}</h1>"}, {"item", "({{v}})"}}),
            "<h1>T</h1>body(1)(2)");
}

TEST(TemplateTest, CommentsRenderNothing) { EXPECT_EQ(Render("a{{! uitleg }}b", {}), "ab"); }

TEST(TemplateTest, ParseErrorsNameTemplateAndLine) {
  auto unclosed = TemplateSet::Parse({{"pagina", "a\n{{#x}}b"}});
  ASSERT_FALSE(unclosed.ok());
  EXPECT_EQ(unclosed.status().message(), "sjabloon pagina, regel 2: {{#x}} wordt niet gesloten");
  auto mismatched = TemplateSet::Parse({{"p", "{{#x}}{{/y}}"}});
  ASSERT_FALSE(mismatched.ok());
  EXPECT_NE(mismatched.status().message().find("{{/y}} sluit {{#x}} niet"), std::string::npos);
  EXPECT_FALSE(TemplateSet::Parse({{"p", "{{/y}}"}}).ok());
  EXPECT_FALSE(TemplateSet::Parse({{"p", "{{naam"}}).ok());
  EXPECT_FALSE(TemplateSet::Parse({{"p", "{{=<% %>=}}"}}).ok());
  auto partial = TemplateSet::Parse({{"p", "{{>onbekend}}"}});
  ASSERT_FALSE(partial.ok());
  EXPECT_EQ(partial.status().message(), "sjabloon p: deelsjabloon onbekend bestaat niet");
}

TEST(TemplateTest, UnknownTemplateIsNotFound) {
  auto set = TemplateSet::Parse({{"a", "x"}});
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->Render("b", {}).status().code(), ErrorCode::kNotFound);
}

TEST(TemplateTest, APartialCycleEndsInsteadOfOverflowingTheStack) {
  auto set = TemplateSet::Parse({{"a", "a{{>b}}"}, {"b", "b{{>a}}"}});
  ASSERT_TRUE(set.ok());
  auto out = set->Render("a", {});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->substr(0, 4), "abab");
}

TEST(TemplateTest, TheEmbeddedTemplatesParse) {
  std::vector<std::pair<std::string, std::string>> sources;
  for (const EmbeddedFile& f : EmbeddedTemplates()) sources.emplace_back(f.name, f.content);
  EXPECT_GE(sources.size(), 10u);
  auto set = TemplateSet::Parse(sources);
  ASSERT_TRUE(set.ok()) << set.status().message();
  for (const char* name : {"kop", "voet", "inloggen", "overzicht", "dossier", "delen", "ontvangen", "kwartaal"}) {
    EXPECT_TRUE(set->Has(name)) << name;
  }
}

}  // namespace
}  // namespace leerrecht::web
