// The request parser on raw bytes: which requests get through, and the 4xx each bad one earns.
#include "http/request_parser.h"

#include <algorithm>
#include <string>

#include <gtest/gtest.h>

namespace leerrecht::http {
namespace {

std::string Get(const std::string& target, const std::string& extra = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extra + "\r\n";
}

std::string Post(const std::string& body, const std::string& extra = "") {
  return "POST /api/v1/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n" + extra + "\r\n" + body;
}

int RejectionStatus(const std::string& bytes, const RequestLimits& limits = {}) {
  ParseResult result = ParseRequest(bytes, limits);
  EXPECT_FALSE(result.request) << bytes.substr(0, 80);
  return result.rejection ? result.rejection->status : 0;
}

TEST(RequestParserTest, GetFillsEveryField) {
  const std::string bytes = Get("/info?naam=Jan&x=1", "X-Proef: waarde\r\nAccept: */*\r\n");
  ParseResult result = ParseRequest(bytes);
  ASSERT_TRUE(result.request);
  EXPECT_FALSE(result.rejection);
  EXPECT_EQ(result.consumed, bytes.size());
  EXPECT_TRUE(result.keep_alive);
  const Request& r = *result.request;
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.target, "/info?naam=Jan&x=1");
  EXPECT_EQ(r.path, "/info");
  EXPECT_EQ(r.query, "naam=Jan&x=1");
  EXPECT_EQ(r.Header("x-proef"), "waarde");
  EXPECT_EQ(r.headers.size(), 3u);
  EXPECT_TRUE(r.body.empty());
  EXPECT_TRUE(r.remote_address.empty());
}

TEST(RequestParserTest, PostBodyArrivesWhole) {
  const std::string json = R"({"gebruiker":"beheerder","wachtwoord":"x"})";
  ParseResult result = ParseRequest(Post(json));
  ASSERT_TRUE(result.request);
  EXPECT_EQ(result.request->method, "POST");
  EXPECT_EQ(result.request->body, json);
}

TEST(RequestParserTest, ChunkedBodyIsJoined) {
  ParseResult result = ParseRequest(
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhallo\r\n7;ext=1\r\n "
      "wereld\r\n0\r\n\r\n");
  ASSERT_TRUE(result.request);
  EXPECT_EQ(result.request->body, "hallo wereld");
}

TEST(RequestParserTest, PipelinedRequestIsLeftForTheNextParse) {
  const std::string first = Get("/een");
  const std::string second = Post("{}");
  ParseResult result = ParseRequest(first + second);
  ASSERT_TRUE(result.request);
  EXPECT_EQ(result.request->path, "/een");
  EXPECT_EQ(result.consumed, first.size());
  ParseResult next = ParseRequest(std::string_view(first + second).substr(result.consumed));
  ASSERT_TRUE(next.request);
  EXPECT_EQ(next.request->body, "{}");
}

TEST(RequestParserTest, IncompleteRequestIsNeitherAcceptedNorRejected) {
  for (const std::string& bytes : {std::string(), std::string("GET /hallo HTTP/1.1\r\nHost: te"),
                                   std::string("POST /echo HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")}) {
    ParseResult result = ParseRequest(bytes);
    EXPECT_FALSE(result.request) << bytes;
    EXPECT_FALSE(result.rejection) << bytes;
  }
}

TEST(RequestParserTest, MalformedRequestsAre400) {
  EXPECT_EQ(RejectionStatus("HELLO\r\n\r\n"), 400);
  EXPECT_EQ(RejectionStatus("GET /hallo HTTP/1.1\r\nKop met spatie: x\r\n\r\n"), 400);
  EXPECT_EQ(RejectionStatus("GET /hallo HTTP/1.1\r\nX: a\x01"
                            "b\r\n\r\n"),
            400);
  EXPECT_EQ(RejectionStatus("GET /hallo HTTX/1.1\r\n\r\n"), 400);
  EXPECT_EQ(RejectionStatus("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), 400);
  EXPECT_EQ(RejectionStatus("POST /echo HTTP/1.1\r\nContent-Length: abc\r\n\r\n"), 400);
  EXPECT_EQ(RejectionStatus("POST /echo HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"), 400);
  EXPECT_EQ(RejectionStatus("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"), 400);
}

// Request smuggling: a proxy and this server must never disagree on where a request ends.
TEST(RequestParserTest, ContentLengthWithChunkedIs400) {
  EXPECT_EQ(RejectionStatus("POST /echo HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "0\r\n\r\n"),
            400);
  EXPECT_EQ(RejectionStatus("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                            "0\r\n\r\n"),
            400);
}

TEST(RequestParserTest, RepeatedHostOrContentTypeIs400) {
  EXPECT_EQ(RejectionStatus(Get("/healthz", "Host: ander\r\n")), 400);
  EXPECT_EQ(RejectionStatus(Post("{}", "Content-Type: text/csv\r\n")), 400);
  EXPECT_EQ(RejectionStatus(Post("{}", "content-type: application/json\r\n")), 400);
  // Other fields may repeat (Accept is a list).
  EXPECT_TRUE(ParseRequest(Get("/healthz", "Accept: text/html\r\nAccept: */*\r\n")).request);
}

TEST(RequestParserTest, NonOriginFormTargetsAre400) {
  EXPECT_EQ(RejectionStatus(Get("http://example.org/hallo")), 400);
  EXPECT_EQ(RejectionStatus("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n"), 400);
  EXPECT_EQ(RejectionStatus("CONNECT example.org:443 HTTP/1.1\r\nHost: t\r\n\r\n"), 400);
}

TEST(RequestParserTest, OversizedHeaderIs431) {
  EXPECT_EQ(RejectionStatus(Get("/hallo", "X-Groot: " + std::string(9 * 1024, 'a') + "\r\n")), 431);
  // Also when the header never ends: the server must not keep buffering.
  EXPECT_EQ(RejectionStatus("GET /hallo HTTP/1.1\r\nX-Groot: " + std::string(9 * 1024, 'a')), 431);
  EXPECT_EQ(RejectionStatus(Get("/" + std::string(9 * 1024, 'p'))), 431);
  EXPECT_TRUE(ParseRequest(Get("/hallo", "X-Bijna: " + std::string(7 * 1024, 'a') + "\r\n")).request);
}

// Found by the fuzzer: Beast alone counted the request line against the limit only when the
// header trickled in, so one-shot and piecewise parsing disagreed about the same bytes.
TEST(RequestParserTest, HeaderLimitIsExactHoweverTheBytesArrive) {
  RequestLimits limits;
  limits.header_limit = 256;
  const std::string start = "GET /" + std::string(100, 'p') + " HTTP/1.1\r\nX-Vul: ";
  const std::string fits = start + std::string(256 - start.size() - 4, 'a') + "\r\n\r\n";
  const std::string too_big = start + std::string(256 - start.size() - 3, 'a') + "\r\n\r\n";
  ASSERT_EQ(fits.size(), 256u);
  for (std::size_t step : {fits.size(), std::size_t{1}, std::size_t{7}, std::size_t{100}}) {
    for (const std::string* bytes : {&fits, &too_big}) {
      RequestParser parser(limits);
      std::string buffered;
      for (std::size_t offered = 0; offered < bytes->size() && !parser.complete() && !parser.rejection();) {
        const std::size_t n = std::min(step, bytes->size() - offered);
        buffered += bytes->substr(offered, n);
        offered += n;
        buffered.erase(0, parser.Feed(buffered));
      }
      if (bytes == &fits) {
        EXPECT_TRUE(parser.complete()) << "step " << step;
      } else {
        ASSERT_TRUE(parser.rejection()) << "step " << step;
        EXPECT_EQ(parser.rejection()->status, 431) << "step " << step;
      }
    }
  }
}

TEST(RequestParserTest, OversizedBodyIs413BeforeItArrives) {
  // Only the header: a declared length above the limit is refused at once.
  EXPECT_EQ(RejectionStatus("POST /echo HTTP/1.1\r\nContent-Length: 1048577\r\n\r\n"), 413);
  EXPECT_TRUE(ParseRequest(Post(std::string(1024 * 1024, 'x'))).request);
}

TEST(RequestParserTest, OversizedChunkedBodyIs413) {
  std::string bytes = "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string chunk(64 * 1024, 'y');
  for (int i = 0; i < 17; ++i) bytes += "10000\r\n" + chunk + "\r\n";
  EXPECT_EQ(RejectionStatus(bytes + "0\r\n\r\n"), 413);
}

// Found by the fuzzer: Beast reads a quoted chunk extension past the end of its line and asks for
// more; fed in pieces, each retry took the chunk size off the body limit again (a false 413).
TEST(RequestParserTest, UnclosedQuotedChunkExtensionIs400HoweverTheBytesArrive) {
  const std::string bytes =
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhallo\r\n"
      "14;ext=\"open\r\n" +
      std::string(300, 'x');
  const RequestLimits small{.header_limit = 256, .body_limit = 64};
  EXPECT_EQ(RejectionStatus(bytes), 400);
  EXPECT_EQ(RejectionStatus(bytes, small), 400);
  for (const std::size_t step : {1u, 7u, 50u}) {
    RequestParser parser(small);
    std::string buffered;
    std::size_t offered = 0;
    while (!parser.rejection() && offered < bytes.size()) {
      buffered += bytes.substr(offered, step);
      offered += std::min(step, bytes.size() - offered);
      buffered.erase(0, parser.Feed(buffered));
    }
    ASSERT_TRUE(parser.rejection()) << step;
    EXPECT_EQ(parser.rejection()->status, 400) << step;
  }
  // A closed quoted value is fine, and the last chunk may still wait for its trailer section.
  ParseResult quoted = ParseRequest(
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=\"a b\"\r\nhallo\r\n0\r\n\r\n");
  ASSERT_TRUE(quoted.request);
  EXPECT_EQ(quoted.request->body, "hallo");
  const ParseResult trailer_pending = ParseRequest(
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhallo\r\n00\r\nX-Na: 1\r\n");
  EXPECT_FALSE(trailer_pending.request);
  EXPECT_FALSE(trailer_pending.rejection);
}

TEST(RequestParserTest, LimitsAreTheCallers) {
  RequestLimits small;
  small.header_limit = 64;
  small.body_limit = 4;
  EXPECT_EQ(RejectionStatus(Get("/hallo", "X-Lang: " + std::string(80, 'a') + "\r\n"), small), 431);
  EXPECT_EQ(RejectionStatus("POST /echo HTTP/1.1\r\nContent-Length: 5\r\n\r\nhallo", small), 413);
  EXPECT_TRUE(ParseRequest("POST /echo HTTP/1.1\r\nContent-Length: 4\r\n\r\nhall", small).request);
}

TEST(RequestParserTest, KeepAliveFollowsVersionAndConnection) {
  EXPECT_TRUE(ParseRequest(Get("/")).keep_alive);
  EXPECT_FALSE(ParseRequest(Get("/", "Connection: close\r\n")).keep_alive);
  EXPECT_FALSE(ParseRequest("GET / HTTP/1.0\r\n\r\n").keep_alive);
  EXPECT_TRUE(ParseRequest("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keep_alive);
}

TEST(RequestParserTest, ExpectContinueIsReportedUntilTheBodyIsIn) {
  RequestParser parser;
  const std::string header = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n";
  EXPECT_EQ(parser.Feed(header), header.size());
  EXPECT_TRUE(parser.header_complete());
  EXPECT_FALSE(parser.complete());
  EXPECT_TRUE(parser.expects_continue());
  EXPECT_EQ(parser.Feed("data"), 4u);
  EXPECT_TRUE(parser.complete());
  EXPECT_FALSE(parser.expects_continue());
  EXPECT_EQ(parser.TakeRequest().body, "data");

  parser.Reset();
  parser.Feed("POST /echo HTTP/1.0\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_FALSE(parser.expects_continue()) << "HTTP/1.0 clients do not wait for 100";
}

// The server feeds whatever arrived and keeps the unused rest: byte by byte must give the same
// request as all at once.
TEST(RequestParserTest, ByteByByteFeedingMatchesOneShot) {
  const std::string bytes =
      "POST /echo?x=1 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n" +
      Get("/volgende");
  RequestParser parser;
  std::string buffered;
  std::size_t offered = 0;
  while (!parser.complete() && !parser.rejection() && offered < bytes.size()) {
    buffered += bytes[offered++];
    buffered.erase(0, parser.Feed(buffered));
  }
  ASSERT_TRUE(parser.complete());
  Request request = parser.TakeRequest();
  EXPECT_EQ(request.path, "/echo");
  EXPECT_EQ(request.query, "x=1");
  EXPECT_EQ(request.body, "abcde");
  EXPECT_EQ(offered, bytes.size() - Get("/volgende").size());

  parser.Reset();
  const std::string rest = bytes.substr(offered);
  EXPECT_EQ(parser.Feed(rest), rest.size());
  ASSERT_TRUE(parser.complete());
  EXPECT_EQ(parser.TakeRequest().path, "/volgende");
}

TEST(RequestParserTest, RejectedRequestKeepsItsRequestLineForTheLog) {
  RequestParser parser;
  parser.Feed("POST /login?bsn=1 HTTP/1.1\r\nContent-Length: 9999999\r\n\r\n");
  ASSERT_TRUE(parser.rejection());
  EXPECT_EQ(parser.rejection()->status, 413);
  EXPECT_EQ(parser.rejection()->text, "Aanvraag te groot");
  EXPECT_EQ(parser.method(), "POST");
  EXPECT_EQ(parser.target(), "/login?bsn=1");
  EXPECT_EQ(parser.Feed("meer"), 0u) << "a rejected parser takes nothing more";
}

TEST(RequestParserTest, RejectionTextsAreDutch) {
  EXPECT_EQ(ParseRequest("HELLO\r\n\r\n").rejection->text, "Ongeldige aanvraag");
  EXPECT_EQ(ParseRequest(Get("/", "X: " + std::string(9000, 'a') + "\r\n")).rejection->text, "Kopregels te groot");
}

}  // namespace
}  // namespace leerrecht::http
