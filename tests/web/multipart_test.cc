// The multipart/form-data reader of the DUO import form: what browsers send, and the truncated or
// foreign bodies it must refuse rather than read as a shorter file.
#include "web/multipart.h"

#include <gtest/gtest.h>

namespace leerrecht::web {
namespace {

TEST(MultipartTest, TheBoundaryComesFromTheContentType) {
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=----WebKitFormBoundaryAbC"), "----WebKitFormBoundaryAbC");
  EXPECT_EQ(MultipartBoundary("Multipart/Form-Data; charset=utf-8; boundary=\"a;b c\""), "a;b c");
  EXPECT_EQ(MultipartBoundary("application/x-www-form-urlencoded"), std::nullopt);
  EXPECT_EQ(MultipartBoundary("multipart/form-data"), std::nullopt);
  EXPECT_EQ(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'x')), std::nullopt);
}

TEST(MultipartTest, ReadsFieldsAndAFileAsABrowserSendsThem) {
  const std::string body =
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
      "token123\r\n"
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"bestand\"; filename=\"duo;maart.csv\"\r\n"
      "Content-Type: text/csv\r\n\r\n"
      "a;b\r\n--niet-de-grens\r\n1;2\n\r\n"
      "--XyZ--\r\n";
  auto parts = ParseMultipart(body, "XyZ");
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "csrf");
  EXPECT_EQ((*parts)[0].filename, "");
  EXPECT_EQ((*parts)[0].body, "token123");
  const FormPart* file = FindPart(*parts, "bestand");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->filename, "duo;maart.csv");
  EXPECT_EQ(file->content_type, "text/csv");
  EXPECT_EQ(file->body, "a;b\r\n--niet-de-grens\r\n1;2\n");  // a "--" line inside the file stays
  EXPECT_EQ(FindPart(*parts, "anders"), nullptr);
}

TEST(MultipartTest, AnEmptyFileIsAnEmptyPart) {
  auto parts = ParseMultipart(
      "--b\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"\"\r\n"
      "Content-Type: application/octet-stream\r\n\r\n\r\n--b--\r\n",
      "b");
  ASSERT_TRUE(parts.has_value());
  ASSERT_EQ(parts->size(), 1u);
  EXPECT_EQ((*parts)[0].body, "");
}

TEST(MultipartTest, TruncatedOrForeignBodiesAreRefused) {
  EXPECT_EQ(ParseMultipart("csrf=x&bestand=y", "b"), std::nullopt);
  // Cut off inside the file: no closing boundary.
  EXPECT_EQ(ParseMultipart("--b\r\nContent-Disposition: form-data; name=\"bestand\"\r\n\r\n1;2;3", "b"), std::nullopt);
  // Headers without the blank line.
  EXPECT_EQ(ParseMultipart("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n--b--", "b"), std::nullopt);
  // No parts at all is a valid, empty form.
  auto none = ParseMultipart("--b--\r\n", "b");
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace leerrecht::web
