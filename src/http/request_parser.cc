#include "http/request_parser.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <limits>
#include <string>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

namespace leerrecht::http {
namespace {

namespace bhttp = boost::beast::http;
using BeastParser = bhttp::request_parser<bhttp::string_body>;

constexpr Rejection kMalformed{400, "Ongeldige aanvraag"};
constexpr Rejection kBodyTooLarge{413, "Aanvraag te groot"};
constexpr Rejection kHeaderTooLarge{431, "Kopregels te groot"};

std::string_view ToStd(boost::beast::string_view s) { return {s.data(), s.size()}; }

// Beast 1.74 reads a quoted chunk-extension value past the end of its line and, while the closing
// quote has not arrived, asks for more bytes; every retry then takes the chunk's size off the body
// limit again, so a request trickling in ends in a false 413 where the same bytes in one piece
// wait. A quoted string cannot hold CR LF (RFC 9112 7.1.1), so once the chunk-size line is
// complete and Beast still wants more, the line is malformed. Only the last chunk ("0", any number
// of zeros) may rightly wait past its line: its trailer section follows.
bool ChunkLineIsCompleteYetUnparsed(std::string_view pending) {
  if (pending.starts_with("\r\n")) pending.remove_prefix(2);  // the end of the previous chunk's data
  const std::size_t eol = pending.find("\r\n");
  if (eol == std::string_view::npos) return false;
  const std::string_view line = pending.substr(0, eol);
  const std::size_t digits = line.find_first_not_of("0123456789abcdefABCDEF");
  const std::string_view size = line.substr(0, digits);
  const bool last_chunk = !size.empty() && size.find_first_not_of('0') == std::string_view::npos;
  return !last_chunk;
}

Rejection RejectionFor(const boost::beast::error_code& ec) {
  if (ec == bhttp::error::body_limit) return kBodyTooLarge;
  if (ec == bhttp::error::header_limit) return kHeaderTooLarge;
  return kMalformed;
}

}  // namespace

struct RequestParser::Impl {
  explicit Impl(RequestLimits l) : limits(l) {}

  void Start() {
    parser.emplace();
    parser->header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(limits.header_limit, std::numeric_limits<std::uint32_t>::max())));
    parser->body_limit(static_cast<std::uint64_t>(limits.body_limit));
    // Stop after the header, so the target is checked before any body byte is stored.
    parser->eager(false);
    rejection.reset();
    header_bytes = 0;
    header_checked = false;
    taken = false;
    keep_alive = false;
    version = 11;
  }

  RequestLimits limits;
  std::optional<BeastParser> parser;  // optional: Beast parsers cannot be reset, only rebuilt
  std::optional<Rejection> rejection;
  std::size_t header_bytes = 0;  // of this request's header, taken by the parser so far
  bool header_checked = false;
  bool taken = false;
  bool keep_alive = false;
  unsigned version = 11;
};

RequestParser::RequestParser(RequestLimits limits) : impl_(std::make_unique<Impl>(limits)) { impl_->Start(); }

RequestParser::~RequestParser() = default;

void RequestParser::Reset() { impl_->Start(); }

std::size_t RequestParser::Feed(std::string_view bytes) {
  Impl& s = *impl_;
  std::size_t used_total = 0;
  while (!bytes.empty() && !s.rejection && !s.parser->is_done()) {
    // Beast applies its header limit to the fields after the request line when the whole header
    // comes in one piece, but to the whole header when it trickles in. Offering it no more than
    // the limit from the start of the request makes the limit exact either way.
    const bool in_header = !s.parser->is_header_done();
    std::string_view chunk = bytes;
    if (in_header) chunk = chunk.substr(0, s.limits.header_limit - s.header_bytes);  // header_bytes <= limit
    boost::beast::error_code ec;
    const std::size_t used = s.parser->put(boost::asio::const_buffer(chunk.data(), chunk.size()), ec);
    const bool offered_whole_limit = in_header && s.header_bytes + chunk.size() >= s.limits.header_limit;
    if (in_header) s.header_bytes += used;
    bytes.remove_prefix(used);
    used_total += used;
    if (ec == bhttp::error::need_more) {
      if (offered_whole_limit) {
        s.rejection = kHeaderTooLarge;
      } else if (!in_header && s.parser->chunked() && used == 0 && ChunkLineIsCompleteYetUnparsed(chunk)) {
        s.rejection = kMalformed;
      }
      break;
    }
    if (ec) {
      s.rejection = RejectionFor(ec);
      break;
    }
    if (s.parser->is_header_done() && !s.header_checked) {
      s.header_checked = true;
      // Absolute-form and asterisk-form targets are for proxies and OPTIONS *; we are neither,
      // and the router only knows paths.
      const auto& header = s.parser->get();
      const std::string_view target = ToStd(header.target());
      if (target.empty() || target.front() != '/') {
        s.rejection = kMalformed;
        break;
      }
      // One Host (RFC 9112 3.2: a second one is 400) and one Content-Type: two would let the
      // router and a handler read the body as different things.
      if (header.count(bhttp::field::host) > 1 || header.count(bhttp::field::content_type) > 1) {
        s.rejection = kMalformed;
        break;
      }
    }
    if (s.parser->is_done()) {
      s.keep_alive = s.parser->get().keep_alive();
      s.version = s.parser->get().version();
      break;
    }
    if (used == 0) break;  // no progress and no error: only more bytes can help
  }
  return used_total;
}

bool RequestParser::header_complete() const { return !impl_->rejection && impl_->parser->is_header_done(); }

bool RequestParser::complete() const { return !impl_->rejection && impl_->parser->is_done(); }

const std::optional<Rejection>& RequestParser::rejection() const { return impl_->rejection; }

bool RequestParser::expects_continue() const {
  const Impl& s = *impl_;
  if (s.rejection || s.taken || !s.parser->is_header_done() || s.parser->is_done()) return false;
  const auto& header = s.parser->get();
  return header.version() >= 11 && EqualsIgnoreCase(ToStd(header[bhttp::field::expect]), "100-continue");
}

bool RequestParser::keep_alive() const { return impl_->keep_alive; }

unsigned RequestParser::version() const { return impl_->version; }

std::string_view RequestParser::method() const {
  if (impl_->taken) return {};
  return ToStd(impl_->parser->get().method_string());
}

std::string_view RequestParser::target() const {
  if (impl_->taken) return {};
  return ToStd(impl_->parser->get().target());
}

Request RequestParser::TakeRequest() {
  Impl& s = *impl_;
  s.taken = true;
  bhttp::request<bhttp::string_body> message = s.parser->release();
  Request request;
  request.method = std::string(ToStd(message.method_string()));
  request.target = std::string(ToStd(message.target()));
  const std::size_t question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  request.headers.reserve(static_cast<std::size_t>(std::distance(message.begin(), message.end())));
  for (const auto& field : message) {
    request.headers.emplace_back(std::string(ToStd(field.name_string())), std::string(ToStd(field.value())));
  }
  request.body = std::move(message.body());
  return request;
}

ParseResult ParseRequest(std::string_view bytes, const RequestLimits& limits) {
  RequestParser parser(limits);
  ParseResult result;
  result.consumed = parser.Feed(bytes);
  if (parser.rejection()) {
    result.rejection = parser.rejection();
  } else if (parser.complete()) {
    result.keep_alive = parser.keep_alive();
    result.request = parser.TakeRequest();
  }
  return result;
}

}  // namespace leerrecht::http
