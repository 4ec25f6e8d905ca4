// List comparison (docs/commands/compare.md). Built for two lists of a million rows within
// DESIGN.md §13's 0.3 s on a small virtual machine, where the first touch of fresh memory and
// every cache miss are expensive:
// - the lists are read where they lie (the caller maps the files), by a CSV scanner that finds
//   a row's separators 64 bytes at a time and keeps fields as offsets, never as strings;
// - each valid row becomes one 16-byte key (BSN as a 32-bit number, the row's offset, a keyed
//   fingerprint of its compared values) in memory of its own, sorted in place;
// - the two sorted key lists are merged in two threads; only rows whose fingerprints differ are
//   read again and compared value by value;
// - the report is streamed out through a small buffer.
#include "services/compare.h"

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstring>
#include <limits>
#include <new>
#include <random>
#include <system_error>
#include <thread>
#include <utility>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/csv_cell.h"
#include "core/date.h"
#include "domain/case_category.h"

namespace leerrecht::services {

namespace {

using InvalidRow = CompareReport::InvalidRow;

// Field offsets with this bit set point into the scanner's scratch space (unescaped quoted
// fields) instead of the text; lists are limited to 2 GiB so that the bit is free.
constexpr std::uint32_t kArenaBit = 0x8000'0000u;
// A row's key: the BSN in bits 31..60 and the offset where the row starts in bits 0..30, so
// that ordering the keys orders by BSN and keeps the rows of one BSN in file order; the offset
// is all that is needed to read the row again. Bit 63 marks a row whose category is absoluut
// verzuim (for the notes) and is left out of the order.
constexpr int kBsnShift = 31;
constexpr std::uint64_t kBsnMask = (std::uint64_t{1} << 30) - 1;
constexpr std::uint64_t kOffsetMask = (std::uint64_t{1} << 31) - 1;
constexpr std::uint64_t kAbsoluutFlag = std::uint64_t{1} << 63;
// Progress is reported in steps of this many bytes, so that the atomic is touched rarely.
constexpr std::size_t kProgressStep = std::size_t{1} << 20;

constexpr std::string_view kNoteAbsoluut = "verwacht: absoluut verzuim alleen bij RBL bekend";

struct Span {
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
};

std::uint32_t BsnOf(std::uint64_t key) { return static_cast<std::uint32_t>((key >> kBsnShift) & kBsnMask); }
std::uint32_t OffsetOf(std::uint64_t key) { return static_cast<std::uint32_t>(key & kOffsetMask); }
std::uint64_t OrderOf(std::uint64_t key) { return key & ~kAbsoluutFlag; }

inline bool IsBlank(char c) { return c == ' ' || c == '\t'; }
inline bool IsNbspAt(std::string_view s, std::size_t i) {
  return i + 1 < s.size() && static_cast<unsigned char>(s[i]) == 0xC2 && static_cast<unsigned char>(s[i + 1]) == 0xA0;
}

// Spaces, tabs and no-break spaces (spreadsheets put those in "empty" cells) at either end.
inline std::string_view Trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && IsBlank(s.front())) {
      s.remove_prefix(1);
    } else if (IsNbspAt(s, 0)) {
      s.remove_prefix(2);
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && IsBlank(s.back())) {
      s.remove_suffix(1);
    } else if (s.size() >= 2 && IsNbspAt(s, s.size() - 2)) {
      s.remove_suffix(2);
    } else {
      break;
    }
  }
  return s;
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Encoding and line ends

bool IsValidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = p + text.size();
  while (p < end) {
    if (end - p >= 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, p, 8);
      if ((word & 0x8080'8080'8080'8080ull) == 0) {
        p += 8;
        continue;
      }
    }
    const unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    std::ptrdiff_t follow = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      follow = 1;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      follow = 2;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      follow = 3;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (end - p <= follow) return false;
    for (std::ptrdiff_t i = 1; i <= follow; ++i) {
      if ((p[i] & 0xC0u) != 0x80u) return false;
      cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    if (follow == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return false;
    if (follow == 3 && (cp < 0x10000 || cp > 0x10FFFF)) return false;
    p += follow + 1;
  }
  return true;
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Line ends in text[from, to): "\n", "\r\n" and a lone "\r" each count once, as the scanner
// counts lines. Sixteen bytes at a time where the processor allows.
std::uint64_t CountLineEnds(std::string_view text, std::size_t from, std::size_t to) {
  std::uint64_t count = 0;
  std::size_t i = from;
  auto lone_cr = [&](std::size_t at) { return at + 1 >= text.size() || text[at + 1] != '\n'; };
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i carriage = _mm_set1_epi8('\r');
  const __m128i zero = _mm_setzero_si128();
  __m128i newlines = zero;  // per byte lane, counts up to 255
  int rounds = 0;
  auto drain = [&] {
    const __m128i sums = _mm_sad_epu8(newlines, zero);
    count += static_cast<std::uint64_t>(_mm_cvtsi128_si64(sums)) +
             static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
    newlines = zero;
    rounds = 0;
  };
  for (; i + 16 <= to; i += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    newlines = _mm_sub_epi8(newlines, _mm_cmpeq_epi8(bytes, newline));
    auto returns = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, carriage)));
    while (returns != 0) {
      const std::size_t at = i + static_cast<std::size_t>(__builtin_ctz(returns));
      if (lone_cr(at)) ++count;
      returns &= returns - 1;
    }
    if (++rounds == 255) drain();
  }
  drain();
#endif
  for (; i < to; ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && lone_cr(i))) ++count;
  }
  return count;
}

// Windows-1252 as the WHATWG Encoding Standard decodes it (the five unassigned bytes map to
// the C1 controls of the same value): what older Excel versions write for "CSV".
std::string FromWindows1252(std::string_view text) {
  static constexpr std::array<std::uint16_t, 32> kHigh = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out.push_back(ch);
    } else if (c < 0xA0) {
      AppendUtf8(out, kHigh[c - 0x80]);
    } else {
      AppendUtf8(out, c);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The CSV scanner

enum class RecordError { kNone, kUnterminatedQuote, kTextAfterQuote };

std::string_view RecordErrorText(RecordError error) {
  switch (error) {
    case RecordError::kUnterminatedQuote: return "aanhalingsteken niet afgesloten";
    case RecordError::kTextAfterQuote: return "tekst na een afsluitend aanhalingsteken";
    case RecordError::kNone: break;
  }
  return "";
}

inline std::uint64_t LowBits(std::size_t n) { return n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1; }

// Reads records from a list's text. Fields are trimmed spans of the text, or of the scanner's
// own scratch space for quoted fields with "" in them; they stay valid until the next record.
class Scanner {
 public:
  Scanner(std::string_view text, char separator) : text_(text), separator_(separator) {
    stop_.fill(0);
    stop_[static_cast<unsigned char>(separator)] = 1;
    stop_[static_cast<unsigned char>('\n')] = 1;
    stop_[static_cast<unsigned char>('\r')] = 1;
  }

  [[nodiscard]] bool AtEnd() const { return pos_ >= text_.size(); }
  [[nodiscard]] std::size_t pos() const { return pos_; }
  [[nodiscard]] std::uint32_t line() const { return line_; }
  void Seek(std::size_t pos, std::uint32_t line) {
    pos_ = pos;
    line_ = line;
  }

  // Reads the record at pos() into `fields` (trimmed) and moves past its line end.
  RecordError Next(std::vector<Span>& fields) {
    if (NextPlain(fields)) return RecordError::kNone;
    return NextGeneral(fields);
  }

  // After a broken record: go on at the physical line after the one where it started, so that
  // a stray quote costs one row and not the rest of the file.
  void SkipLine(std::size_t record_start, std::uint32_t record_line) {
    std::size_t q = record_start;
    const std::size_t n = text_.size();
    while (q < n && text_[q] != '\n' && text_[q] != '\r') ++q;
    if (q < n) q += (text_[q] == '\r' && q + 1 < n && text_[q + 1] == '\n') ? 2 : 1;
    Seek(q, record_line + 1);
  }

  [[nodiscard]] std::string_view View(Span span) const {
    if ((span.offset & kArenaBit) != 0) return std::string_view(scratch_).substr(span.offset & ~kArenaBit, span.length);
    return text_.substr(span.offset, span.length);
  }

 private:
  // The common row: no quote before its line end, which comes within 128 bytes. Separators and
  // line ends of 64 bytes are found at once as bit masks, so finding the fields is a walk over
  // set bits instead of a chain of byte tests.
  bool NextPlain(std::vector<Span>& fields) {
#if defined(__SSE2__)
    const std::size_t p = pos_;
    const std::size_t n = text_.size();
    if (p + 128 > n) return false;
    const char* const base = text_.data() + p;
    std::uint64_t separators[2] = {0, 0};
    std::uint64_t quotes[2] = {0, 0};
    std::size_t end = 0;
    std::size_t words = 0;
    for (; words < 2; ++words) {
      std::uint64_t ends = 0;
      Masks(base + 64 * words, separators[words], ends, quotes[words]);
      if (ends != 0) {
        end = 64 * words + static_cast<std::size_t>(__builtin_ctzll(ends));
        break;
      }
    }
    if (words == 2) return false;
    if ((quotes[0] & LowBits(end)) != 0 || (end > 64 && (quotes[1] & LowBits(end - 64)) != 0)) return false;
    fields.clear();
    std::size_t start = 0;
    for (std::size_t w = 0; w <= words; ++w) {
      std::uint64_t bits = separators[w] & LowBits(end - 64 * w);
      while (bits != 0) {
        const std::size_t at = 64 * w + static_cast<std::size_t>(__builtin_ctzll(bits));
        fields.push_back(SpanOf(Trim(std::string_view(base + start, at - start))));
        start = at + 1;
        bits &= bits - 1;
      }
    }
    fields.push_back(SpanOf(Trim(std::string_view(base + start, end - start))));
    std::size_t next = p + end;
    next += (text_[next] == '\r' && next + 1 < n && text_[next + 1] == '\n') ? 2 : 1;
    pos_ = next;
    ++line_;
    return true;
#else
    (void)fields;
    return false;
#endif
  }

#if defined(__SSE2__)
  void Masks(const char* at, std::uint64_t& separators, std::uint64_t& ends, std::uint64_t& quotes) const {
    const __m128i separator = _mm_set1_epi8(separator_);
    const __m128i newline = _mm_set1_epi8('\n');
    const __m128i carriage = _mm_set1_epi8('\r');
    const __m128i quote = _mm_set1_epi8('"');
    for (int k = 0; k < 4; ++k) {
      const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at + 16 * k));
      const int shift = 16 * k;
      separators |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, separator)))}
                    << shift;
      ends |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(
                  _mm_or_si128(_mm_cmpeq_epi8(bytes, newline), _mm_cmpeq_epi8(bytes, carriage))))}
              << shift;
      quotes |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, quote)))} << shift;
    }
  }
#endif

  RecordError NextGeneral(std::vector<Span>& fields) {
    const char* const base = text_.data();
    const std::size_t n = text_.size();
    std::size_t p = pos_;
    std::uint32_t inner_lines = 0;
    fields.clear();
    scratch_.clear();
    for (;;) {
      std::size_t q = p;
      while (q < n && (base[q] == ' ' || (base[q] == '\t' && separator_ != '\t'))) ++q;
      if (q < n && base[q] == '"') {
        const std::size_t content = q + 1;
        bool escaped = false;
        std::size_t close = 0;
        for (std::size_t from = content;;) {
          const void* hit = std::memchr(base + from, '"', n - from);
          if (hit == nullptr) return RecordError::kUnterminatedQuote;
          const auto at = static_cast<std::size_t>(static_cast<const char*>(hit) - base);
          if (at + 1 < n && base[at + 1] == '"') {
            escaped = true;
            from = at + 2;
            continue;
          }
          close = at;
          break;
        }
        const std::string_view raw = text_.substr(content, close - content);
        inner_lines += static_cast<std::uint32_t>(CountLineEnds(text_, content, close));
        fields.push_back(escaped ? Unescape(raw) : SpanOf(Trim(raw)));
        q = close + 1;
        while (q < n && base[q] != separator_ && IsBlank(base[q])) ++q;
        if (q < n && base[q] != separator_ && base[q] != '\n' && base[q] != '\r') return RecordError::kTextAfterQuote;
      } else {
        q = p;
        while (q < n && stop_[static_cast<unsigned char>(base[q])] == 0) ++q;
        fields.push_back(SpanOf(Trim(text_.substr(p, q - p))));
      }
      if (q >= n) {
        pos_ = n;
        line_ += inner_lines;
        return RecordError::kNone;
      }
      if (base[q] == separator_) {
        p = q + 1;
        continue;
      }
      q += (base[q] == '\r' && q + 1 < n && base[q + 1] == '\n') ? 2 : 1;
      pos_ = q;
      line_ += inner_lines + 1;
      return RecordError::kNone;
    }
  }

  Span SpanOf(std::string_view piece) const {
    return {static_cast<std::uint32_t>(piece.data() - text_.data()), static_cast<std::uint32_t>(piece.size())};
  }

  Span Unescape(std::string_view raw) {
    const auto start = scratch_.size();
    for (std::size_t i = 0; i < raw.size(); ++i) {
      scratch_.push_back(raw[i]);
      if (raw[i] == '"') ++i;  // "" stands for one quote
    }
    const std::string_view value = std::string_view(scratch_).substr(start);
    const std::string_view trimmed = Trim(value);
    return {static_cast<std::uint32_t>(start + static_cast<std::size_t>(trimmed.data() - value.data())) | kArenaBit,
            static_cast<std::uint32_t>(trimmed.size())};
  }

  std::string_view text_;
  char separator_;
  std::string scratch_;
  std::array<unsigned char, 256> stop_{};
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
};

// ---------------------------------------------------------------------------------------------
// BSN (SPEC C-26): the messages are core/bsn.h's, and none repeats the number.

struct BsnParse {
  std::uint32_t value = 0;
  std::string_view error;  // empty when valid
};

BsnParse ParseBsn(std::string_view text) {
  std::array<int, 9> digits{};
  int count = 0;
  bool other = false;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      if (count < 9) digits[static_cast<std::size_t>(count)] = c - '0';
      ++count;
    } else if (c != ' ' && c != '.') {
      other = true;
    }
  }
  // No number at all ("", "onbekend", "-"): a youth without a BSN, to be matched by hand (SPEC C-26).
  if (count == 0) return {0, "BSN onbekend"};
  if (other) return {0, "BSN ongeldig (alleen cijfers toegestaan)"};
  if (count != 8 && count != 9) return {0, "BSN ongeldig (moet 9 cijfers hebben)"};
  if (count == 8) {
    std::copy_backward(digits.begin(), digits.begin() + 8, digits.end());
    digits[0] = 0;
  }
  int sum = 0;
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < 9; ++i) {
    sum += (i < 8) ? digits[i] * static_cast<int>(9 - i) : -digits[i];
    value = value * 10 + static_cast<std::uint32_t>(digits[i]);
  }
  // 000000000 satisfies the arithmetic but is never issued (core/bsn.cc).
  if (value == 0 || sum % 11 != 0) return {0, "BSN ongeldig (elfproef)"};
  return {value, {}};
}

// ---------------------------------------------------------------------------------------------
// Row keys

// A valid row as the merge sees it: its key, and a keyed 64-bit fingerprint of the values it
// is compared on (0 when nothing is compared). Rows with equal fingerprints hold the same bytes
// in those values, so the merge reads rows again only where the fingerprints differ: reading a
// row again costs cache and TLB misses, as the rows of one BSN lie far apart in the two files.
struct RowKey {
  std::uint64_t key;
  std::uint64_t fingerprint;
};

// The row keys of a list, in memory of their own, aligned for huge pages and advised to use
// them: on a virtual machine the first touch of fresh memory can cost more than parsing what
// goes in it, and 2 MiB pages take 512 times fewer such touches. The capacity is reserved once as
// an upper bound (untouched pages cost nothing); should it run out, the mapping grows without copying.
class KeyArray {
 public:
  KeyArray() = default;
  KeyArray(const KeyArray&) = delete;
  KeyArray& operator=(const KeyArray&) = delete;
  ~KeyArray() {
    if (data_ != nullptr) ::munmap(data_, Bytes(capacity_));
  }

  void Reserve(std::size_t capacity) {
    if (capacity <= capacity_) return;
    void* memory = nullptr;
    constexpr std::size_t kHuge = std::size_t{2} << 20;
    const bool huge = Bytes(capacity) >= 2 * kHuge;  // a small list is not worth a 2 MiB page
    if (data_ == nullptr && !huge) {
      memory = ::mmap(nullptr, Bytes(capacity), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (memory == MAP_FAILED) throw std::bad_alloc();
    } else if (data_ == nullptr) {
      const std::size_t bytes = Bytes(capacity);
      void* raw = ::mmap(nullptr, bytes + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (raw == MAP_FAILED) throw std::bad_alloc();
      const auto start = reinterpret_cast<std::uintptr_t>(raw);
      const std::uintptr_t aligned = (start + kHuge - 1) & ~(kHuge - 1);
      if (aligned > start) ::munmap(raw, aligned - start);
      const std::size_t tail = (start + bytes + kHuge) - (aligned + bytes);
      if (tail > 0) ::munmap(reinterpret_cast<void*>(aligned + bytes), tail);
      memory = reinterpret_cast<void*>(aligned);
    } else {
      memory = ::mremap(data_, Bytes(capacity_), Bytes(capacity), MREMAP_MAYMOVE);
      if (memory == MAP_FAILED) throw std::bad_alloc();
    }
    if (huge) ::madvise(memory, Bytes(capacity), MADV_HUGEPAGE);  // advice only: fine if the kernel says no
    data_ = static_cast<RowKey*>(memory);
    capacity_ = capacity;
  }
  void push_back(const RowKey& row) {
    if (size_ == capacity_) Reserve(std::max<std::size_t>(capacity_ * 2, 4096));
    data_[size_++] = row;
  }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  const RowKey& operator[](std::size_t i) const { return data_[i]; }
  RowKey* begin() { return data_; }
  RowKey* end() { return data_ + size_; }
  [[nodiscard]] const RowKey* begin() const { return data_; }
  [[nodiscard]] const RowKey* end() const { return data_ + size_; }

 private:
  static std::size_t Bytes(std::size_t count) {
    constexpr std::size_t kPage = 4096;
    return (count * sizeof(RowKey) + kPage - 1) / kPage * kPage;
  }

  RowKey* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

// A keyed 64-bit hash of a row's compared values: two multiply-rotate lanes over 8-byte words
// (two lanes halve the chain of dependent multiplications), each value preceded by its length
// so that "ab","c" and "a","bc" differ, and a final avalanche. The key is random per run, so no
// list can be prepared to make different values share a fingerprint.
class Fingerprint {
 public:
  explicit Fingerprint(std::uint64_t key) : a_(key), b_(key ^ 0x6A09'E667'F3BC'C909ull) {}
  void Add(std::string_view value) {
    a_ = Step(a_, value.size() + 0x1000'0000'0000'0000ull);
    std::size_t i = 0;
    for (; i + 16 <= value.size(); i += 16) {
      a_ = Step(a_, Word(value.data() + i, 8));
      b_ = Step(b_, Word(value.data() + i + 8, 8));
    }
    if (i + 8 <= value.size()) {
      a_ = Step(a_, Word(value.data() + i, 8));
      i += 8;
    }
    if (i < value.size()) b_ = Step(b_, Word(value.data() + i, value.size() - i));
  }
  [[nodiscard]] std::uint64_t value() const {
    std::uint64_t h = a_ ^ ((b_ << 23) | (b_ >> 41));
    h ^= h >> 33;
    h *= 0xFF51'AFD7'ED55'8CCDull;
    h ^= h >> 33;
    h *= 0xC4CE'B9FE'1A85'EC53ull;
    h ^= h >> 33;
    return h;
  }

 private:
  static std::uint64_t Word(const char* at, std::size_t size) {
    std::uint64_t word = 0;
    std::memcpy(&word, at, size);
    return word;
  }
  static std::uint64_t Step(std::uint64_t state, std::uint64_t word) {
    const std::uint64_t x = (state ^ word) * 0x9E37'79B9'7F4A'7C15ull;
    return (x << 31) | (x >> 33);
  }
  std::uint64_t a_;
  std::uint64_t b_;
};

// A fresh key per run for the fingerprints.
std::uint64_t FingerprintKey() {
  std::uint64_t key = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  try {
    std::random_device device;
    key ^= (std::uint64_t{device()} << 32) ^ device();
  } catch (const std::exception&) {
    // No entropy source: the clock alone still differs per run.
  }
  return key;
}

void InsertionSort(RowKey* first, RowKey* last) {
  for (RowKey* i = first + 1; i < last; ++i) {
    const RowKey row = *i;
    RowKey* j = i;
    for (; j > first && OrderOf((j - 1)->key) > OrderOf(row.key); --j) *j = *(j - 1);
    *j = row;
  }
}

// Sorts by OrderOf in place, so that no second array has to be faulted in: American-flag
// passes into at most 256 buckets spread over the BSN range in hand (256 write positions stay in
// the L1 cache), recursing into each bucket until it is small enough for insertion sort.
void SortKeys(RowKey* a, std::size_t n) {
  if (n <= 32) {
    InsertionSort(a, a + n);
    return;
  }
  std::uint32_t low = std::numeric_limits<std::uint32_t>::max();
  std::uint32_t high = 0;
  for (std::size_t i = 0; i < n; ++i) {
    low = std::min(low, BsnOf(a[i].key));
    high = std::max(high, BsnOf(a[i].key));
  }
  if (low == high) {  // one BSN many times: its rows by offset
    std::sort(a, a + n, [](const RowKey& x, const RowKey& y) { return OrderOf(x.key) < OrderOf(y.key); });
    return;
  }
  constexpr std::size_t kBuckets = 256;
  // bucket = (bsn - low) * 256 / range, as a multiplication by a precomputed ratio.
  const std::uint64_t ratio = (std::uint64_t{kBuckets} << 32) / (std::uint64_t{high - low} + 1);
  auto bucket = [low, ratio](const RowKey& row) {
    return static_cast<std::size_t>((std::uint64_t{BsnOf(row.key) - low} * ratio) >> 32);
  };
  std::array<std::size_t, kBuckets + 1> start{};
  for (std::size_t i = 0; i < n; ++i) ++start[bucket(a[i]) + 1];
  for (std::size_t b = 0; b < kBuckets; ++b) start[b + 1] += start[b];
  std::array<std::size_t, kBuckets> next{};
  std::copy(start.begin(), start.end() - 1, next.begin());
  for (std::size_t b = 0; b < kBuckets; ++b) {
    while (next[b] < start[b + 1]) {
      RowKey row = a[next[b]];
      std::size_t d = bucket(row);
      while (d != b) {
        std::swap(row, a[next[d]++]);
        d = bucket(row);
      }
      a[next[b]++] = row;
    }
  }
  for (std::size_t b = 0; b < kBuckets; ++b) SortKeys(a + start[b], start[b + 1] - start[b]);
}

void SortKeys(KeyArray& keys) { SortKeys(keys.begin(), keys.size()); }

// ---------------------------------------------------------------------------------------------
// One list

struct List {
  std::string name;
  std::string transcoded;  // the text in UTF-8 when the file was Windows-1252
  std::string_view text;
  CsvDialect dialect;
  std::vector<std::string> columns;  // normalised header names; "" = ignored column
  std::size_t bsn_column = 0;
  std::optional<std::size_t> category_column;
  std::size_t body_pos = 0;
  std::uint32_t body_line = 1;

  KeyArray keys;  // sorted by OrderOf once parsed
  std::vector<InvalidRow> invalid;
  std::uint64_t data_rows = 0;
};

Status ListError(const List& list, std::string_view message) {
  return Status::InvalidInput(list.name + ": " + std::string(message));
}

// The separator of the header line: the most frequent of ; , and tab outside quotes.
char DetectSeparator(std::string_view text, std::size_t pos) {
  std::size_t semicolons = 0;
  std::size_t commas = 0;
  std::size_t tabs = 0;
  bool quoted = false;
  for (std::size_t i = pos; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted) {
      if (c == '\n' || c == '\r') break;
      if (c == ';') ++semicolons;
      if (c == ',') ++commas;
      if (c == '\t') ++tabs;
    }
  }
  if (semicolons > 0 && semicolons >= commas && semicolons >= tabs) return ';';
  if (commas > 0 && commas >= tabs) return ',';
  if (tabs > 0) return '\t';
  return ',';
}

std::size_t LineEnd(std::string_view text, std::size_t pos) {
  while (pos < text.size() && text[pos] != '\n' && text[pos] != '\r') ++pos;
  return pos;
}

std::size_t AfterLineEnd(std::string_view text, std::size_t end) {
  if (end >= text.size()) return end;
  return end + ((text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1);
}

// Encoding, dialect and header: everything before the first data row.
Status Prepare(const CompareInput& input, List& list) {
  list.name = input.name;
  std::string_view raw = input.text;
  if (raw.size() > kMaxCompareListBytes) return ListError(list, "bestand te groot (meer dan 2 GiB)");
  if (raw.size() >= 2 && ((raw[0] == '\xFF' && raw[1] == '\xFE') || (raw[0] == '\xFE' && raw[1] == '\xFF'))) {
    return ListError(list, "bestand is UTF-16; sla het op als CSV UTF-8");
  }
  if (raw.substr(0, 3) == "\xEF\xBB\xBF") {
    list.dialect.bom = true;
    raw.remove_prefix(3);
  }
  if (IsValidUtf8(raw)) {
    list.text = raw;
  } else {
    list.transcoded = FromWindows1252(raw);
    list.text = list.transcoded;
  }
  const std::string_view text = list.text;

  std::size_t pos = 0;
  std::uint32_t line = 1;
  auto skip_blank_lines = [&] {
    while (pos < text.size()) {
      const std::size_t end = LineEnd(text, pos);
      if (!Trim(text.substr(pos, end - pos)).empty()) return;
      pos = AfterLineEnd(text, end);
      ++line;
    }
  };
  skip_blank_lines();
  if (pos >= text.size()) return ListError(list, "bestand is leeg");

  // Excel's hint line "sep=;" names the separator.
  std::optional<char> separator;
  {
    const std::size_t end = LineEnd(text, pos);
    std::string_view first = Trim(text.substr(pos, end - pos));
    if (first.size() >= 2 && first.front() == '"' && first.back() == '"') first = first.substr(1, first.size() - 2);
    if (first.size() == 5 && LowerAscii(first.substr(0, 4)) == "sep=" && first[4] != '"' &&
        std::isalnum(static_cast<unsigned char>(first[4])) == 0) {
      separator = first[4];
      pos = AfterLineEnd(text, end);
      ++line;
      skip_blank_lines();
      if (pos >= text.size()) return ListError(list, "bestand is leeg");
    }
  }
  list.dialect.separator = separator ? *separator : DetectSeparator(text, pos);

  Scanner scanner(text, list.dialect.separator);
  scanner.Seek(pos, line);
  std::vector<Span> fields;
  const RecordError error = scanner.Next(fields);
  if (error != RecordError::kNone) return ListError(list, "kopregel: " + std::string(RecordErrorText(error)));
  {
    const std::size_t end = LineEnd(text, pos);
    list.dialect.crlf = end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n';
  }
  list.body_pos = scanner.pos();
  list.body_line = scanner.line();
  // A valid row holds at least 8 digits and a line end: room for all of them at once, without
  // a pass to count lines. Only what is written is ever touched, so the rest costs nothing.
  list.keys.Reserve((text.size() - list.body_pos) / 9 + 1);

  std::optional<std::size_t> bsn;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::string name = LowerAscii(scanner.View(fields[i]));
    if (!name.empty()) {
      for (std::size_t j = 0; j < i; ++j) {
        if (list.columns[j] == name) {
          // A file without a header has data in its first line: never echo what may be a BSN.
          const bool may_be_data = std::count_if(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }) >= 8;
          if (may_be_data || name.size() > 40) return ListError(list, "een kolomnaam staat twee keer in de kopregel");
          return ListError(list, "kolom '" + name + "' staat twee keer in de kopregel");
        }
      }
      if (name == "bsn") bsn = i;
      if (name == "categorie") list.category_column = i;
    }
    list.columns.push_back(std::move(name));
  }
  if (!bsn) return ListError(list, "geen kolom 'bsn' in de kopregel (regel " + std::to_string(line) + ")");
  list.bsn_column = *bsn;
  return Status::Ok();
}

// A row counts as absoluut verzuim for the notes. Checked on every row, so without allocating:
// the canonical spelling (CanonicalCategory) of every way to write it.
bool IsAbsoluut(std::string_view category) {
  if (category.empty() || LowerAscii(category.front()) != 'a') return false;
  std::array<char, 24> key{};
  std::size_t size = 0;
  for (std::size_t i = 0; i < category.size(); ++i) {
    const char c = category[i];
    if (IsNbspAt(category, i)) {
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '-' || c == '_' || c == '.') continue;
    if (size == key.size()) return false;
    key[size++] = LowerAscii(c);
  }
  const std::string_view canonical(key.data(), size);
  return canonical == "absoluut" || canonical == "absoluutverzuim";
}

// `compared` lists the header columns the fingerprint covers, in the order both sides share.
void ParseBody(List& list, CompareSide side, const std::vector<std::size_t>& compared, std::uint64_t fingerprint_key,
               std::atomic<std::uint64_t>* progress) {
  Scanner scanner(list.text, list.dialect.separator);
  scanner.Seek(list.body_pos, list.body_line);
  const std::size_t columns = list.columns.size();
  std::vector<Span> fields;
  fields.reserve(columns + 8);
  std::size_t reported = 0;
  while (!scanner.AtEnd()) {
    if (progress != nullptr && scanner.pos() - reported >= kProgressStep) {
      progress->fetch_add(scanner.pos() - reported, std::memory_order_relaxed);
      reported = scanner.pos();
    }
    const std::size_t start = scanner.pos();
    const std::uint32_t line = scanner.line();
    const RecordError error = scanner.Next(fields);
    if (error != RecordError::kNone) {
      ++list.data_rows;
      list.invalid.push_back({side, line, std::string(RecordErrorText(error))});
      scanner.SkipLine(start, line);
      continue;
    }
    bool blank = true;
    for (const Span& f : fields) {
      if (f.length != 0) {
        blank = false;
        break;
      }
    }
    if (blank) continue;
    ++list.data_rows;
    if (fields.size() > columns) {
      bool extra = false;
      for (std::size_t i = columns; i < fields.size(); ++i) extra = extra || fields[i].length != 0;
      if (extra) {
        list.invalid.push_back(
            {side, line, "meer velden dan de kopregel (scheidingsteken in een waarde zonder aanhalingstekens?)"});
        continue;
      }
    }
    const std::string_view bsn_text = list.bsn_column < fields.size() ? scanner.View(fields[list.bsn_column]) : "";
    const BsnParse bsn = ParseBsn(bsn_text);
    if (!bsn.error.empty()) {
      list.invalid.push_back({side, line, std::string(bsn.error)});
      continue;
    }
    std::uint64_t key = (std::uint64_t{bsn.value} << kBsnShift) | start;
    if (list.category_column && *list.category_column < fields.size() &&
        IsAbsoluut(scanner.View(fields[*list.category_column]))) {
      key |= kAbsoluutFlag;
    }
    std::uint64_t fingerprint = 0;
    if (!compared.empty()) {
      Fingerprint hash(fingerprint_key);
      for (const std::size_t column : compared) hash.Add(column < fields.size() ? scanner.View(fields[column]) : "");
      fingerprint = hash.value();
    }
    list.keys.push_back({key, fingerprint});
  }
  if (progress != nullptr) progress->fetch_add(list.text.size() - reported, std::memory_order_relaxed);
  SortKeys(list.keys);
}

// Line numbers of rows given by their offsets (sorted): 1 + the line ends before each. Only
// duplicates need this, so rows do not carry their line.
std::vector<std::uint32_t> LinesAt(std::string_view text, const std::vector<std::uint32_t>& offsets) {
  std::vector<std::uint32_t> lines;
  lines.reserve(offsets.size());
  std::uint64_t line = 1;
  std::size_t pos = 0;
  for (const std::uint32_t target : offsets) {
    line += CountLineEnds(text, pos, target);
    pos = target;
    lines.push_back(static_cast<std::uint32_t>(line));
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Comparing values

std::string CollapsedLower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || IsNbspAt(s, i)) {
      if (IsNbspAt(s, i)) ++i;
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(LowerAscii(c));
  }
  return out;
}

bool SameText(std::string_view a, std::string_view b) { return a == b || CollapsedLower(a) == CollapsedLower(b); }

struct FieldPair {
  std::string name;
  std::size_t left_column = 0;  // header index on each side
  std::size_t right_column = 0;
};

struct Layout {
  bool category = false;  // both sides have categorie
  std::vector<FieldPair> fields;
};

// Columns on both sides except bsn and categorie, by name.
Layout PlanColumns(const List& left, const List& right) {
  Layout layout;
  layout.category = left.category_column.has_value() && right.category_column.has_value();
  for (std::size_t i = 0; i < left.columns.size(); ++i) {
    const std::string& name = left.columns[i];
    if (name.empty() || name == "bsn" || name == "categorie") continue;
    for (std::size_t j = 0; j < right.columns.size(); ++j) {
      if (right.columns[j] == name) layout.fields.push_back({name, i, j});
    }
  }
  std::sort(layout.fields.begin(), layout.fields.end(),
            [](const FieldPair& a, const FieldPair& b) { return a.name < b.name; });
  return layout;
}

struct DuplicateRows {
  std::uint32_t bsn = 0;
  std::vector<std::uint32_t> offsets;
};

// A matched BSN whose rows must be compared value by value.
struct PairToCompare {
  std::uint32_t bsn;
  std::uint32_t left_offset;
  std::uint32_t right_offset;
};

// What one range of BSNs contributes to the report, in BSN order.
struct Partial {
  std::vector<std::uint32_t> matched;
  std::vector<std::uint32_t> only_left;
  std::vector<std::uint32_t> only_right;
  std::vector<CompareReport::Note> notes_left;
  std::vector<CompareReport::Note> notes_right;
  std::vector<DuplicateRows> duplicates_left;
  std::vector<DuplicateRows> duplicates_right;
  std::vector<PairToCompare> to_compare;
  std::vector<CompareReport::CategoryMismatch> category_mismatch;
  std::vector<CompareReport::FieldDifference> field_differences;
};

// Reads both rows of a matched BSN again (they are found by offset) and compares them.
class PairComparer {
 public:
  PairComparer(const List& left, const List& right, const Layout& layout)
      : left_(left), right_(right), layout_(layout), left_scanner_(left.text, left.dialect.separator),
        right_scanner_(right.text, right.dialect.separator) {}

  void Compare(const PairToCompare& pair, Partial& out) {
    left_scanner_.Seek(pair.left_offset, 0);
    right_scanner_.Seek(pair.right_offset, 0);
    (void)left_scanner_.Next(left_fields_);  // read without error the first time, so again
    (void)right_scanner_.Next(right_fields_);
    if (layout_.category) {
      const std::string_view a = Cell(left_scanner_, left_fields_, *left_.category_column);
      const std::string_view b = Cell(right_scanner_, right_fields_, *right_.category_column);
      if (!a.empty() && !b.empty() && a != b && CanonicalCategory(a) != CanonicalCategory(b)) {
        out.category_mismatch.push_back({pair.bsn, std::string(a), std::string(b)});
      }
    }
    for (const FieldPair& field : layout_.fields) {
      const std::string_view a = Cell(left_scanner_, left_fields_, field.left_column);
      const std::string_view b = Cell(right_scanner_, right_fields_, field.right_column);
      if (a == b || SameText(a, b)) continue;
      std::optional<std::int32_t> days;
      const auto da = ParseListDate(a);
      const auto db = ParseListDate(b);
      if (da && db) {
        if (*da == *db) continue;
        days = *db - *da;
      }
      out.field_differences.push_back({pair.bsn, field.name, std::string(a), std::string(b), days});
    }
  }

 private:
  static std::string_view Cell(const Scanner& scanner, const std::vector<Span>& fields, std::size_t column) {
    return column < fields.size() ? scanner.View(fields[column]) : std::string_view();
  }

  const List& left_;
  const List& right_;
  const Layout& layout_;
  Scanner left_scanner_;
  Scanner right_scanner_;
  std::vector<Span> left_fields_;
  std::vector<Span> right_fields_;
};

// Merges the sorted keys left[i, i_end) and right[j, j_end), which cover the same BSN range,
// then compares the pairs whose fingerprints differ.
void MergeRange(const List& left, const List& right, const Layout& layout, std::size_t i, std::size_t i_end,
                std::size_t j, std::size_t j_end, Partial& out) {
  const bool compares = layout.category || !layout.fields.empty();
  constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  while (i < i_end || j < j_end) {
    const std::uint32_t a = i < i_end ? BsnOf(left.keys[i].key) : kNone;
    const std::uint32_t b = j < j_end ? BsnOf(right.keys[j].key) : kNone;
    const std::uint32_t bsn = std::min(a, b);
    std::size_t i_next = i;
    std::size_t j_next = j;
    while (i_next < i_end && BsnOf(left.keys[i_next].key) == bsn) ++i_next;
    while (j_next < j_end && BsnOf(right.keys[j_next].key) == bsn) ++j_next;
    auto duplicate = [&](const List& list, std::size_t from, std::size_t to, std::vector<DuplicateRows>& into) {
      DuplicateRows rows{bsn, {}};
      for (std::size_t k = from; k < to; ++k) rows.offsets.push_back(OffsetOf(list.keys[k].key));
      into.push_back(std::move(rows));
    };
    if (i_next - i > 1) duplicate(left, i, i_next, out.duplicates_left);
    if (j_next - j > 1) duplicate(right, j, j_next, out.duplicates_right);
    if (i_next > i && j_next > j) {
      out.matched.push_back(bsn);
      if (compares && left.keys[i].fingerprint != right.keys[j].fingerprint) {
        out.to_compare.push_back({bsn, OffsetOf(left.keys[i].key), OffsetOf(right.keys[j].key)});
      }
    } else if (i_next > i) {
      out.only_left.push_back(bsn);
      if ((left.keys[i].key & kAbsoluutFlag) != 0) out.notes_left.push_back({CompareSide::kLeft, bsn, kNoteAbsoluut});
    } else {
      out.only_right.push_back(bsn);
      if ((right.keys[j].key & kAbsoluutFlag) != 0) out.notes_right.push_back({CompareSide::kRight, bsn, kNoteAbsoluut});
    }
    i = i_next;
    j = j_next;
  }
  // The rows to read again lie far apart in both files: ask for them a few pairs ahead, so
  // that the cache and TLB misses overlap instead of queueing.
  PairComparer comparer(left, right, layout);
  constexpr std::size_t kAhead = 8;
  const std::vector<PairToCompare>& pairs = out.to_compare;
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    if (k + kAhead < pairs.size()) {
      const char* l = left.text.data() + pairs[k + kAhead].left_offset;
      const char* r = right.text.data() + pairs[k + kAhead].right_offset;
      __builtin_prefetch(l);
      __builtin_prefetch(l + 64);
      __builtin_prefetch(r);
      __builtin_prefetch(r + 64);
    }
    comparer.Compare(pairs[k], out);
  }
}

// Runs both, the second in a thread of its own when asked (and when the system gives one).
template <typename First, typename Second>
void RunBoth(bool parallel, First&& first, Second&& second) {
  if (parallel) {
    std::thread other;
    try {
      other = std::thread(second);
    } catch (const std::system_error&) {
      parallel = false;
    }
    if (parallel) {
      first();
      other.join();
      return;
    }
  }
  first();
  second();
}

template <typename T>
void Append(std::vector<T>& to, std::vector<T>&& from) {
  if (to.empty()) {
    to = std::move(from);
    return;
  }
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

void AppendDuplicates(const List& list, CompareSide side, std::vector<DuplicateRows> rows,
                      std::vector<CompareReport::Duplicate>& out) {
  if (rows.empty()) return;
  std::vector<std::uint32_t> offsets;
  for (const auto& r : rows) offsets.insert(offsets.end(), r.offsets.begin(), r.offsets.end());
  std::sort(offsets.begin(), offsets.end());
  const std::vector<std::uint32_t> lines = LinesAt(list.text, offsets);
  for (const auto& r : rows) {
    CompareReport::Duplicate duplicate{side, r.bsn, {}};
    for (const std::uint32_t offset : r.offsets) {
      const auto at = std::lower_bound(offsets.begin(), offsets.end(), offset) - offsets.begin();
      duplicate.lines.push_back(lines[static_cast<std::size_t>(at)]);
    }
    out.push_back(std::move(duplicate));
  }
}

// ---------------------------------------------------------------------------------------------
// Output

void WriteBsn(char* out, std::uint32_t bsn) {
  for (int i = 8; i >= 0; --i) {
    out[i] = static_cast<char>('0' + bsn % 10);
    bsn /= 10;
  }
}

void AppendBsn(std::string& out, std::uint32_t bsn) {
  char digits[9];
  WriteBsn(digits, bsn);
  out.append(digits, 9);
}

void AppendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t plain = 0;  // start of the run of characters that need no escape
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + plain, s.size() - plain);
  out.push_back('"');
}

void AppendJsonBsn(std::string& out, std::uint32_t bsn) {
  out.push_back('"');
  AppendBsn(out, bsn);
  out.push_back('"');
}

// A report is written through a buffer of about a megabyte that is handed to the sink whenever
// it fills: a report of a million BSNs never sits in memory as a whole (fresh memory is what
// costs most on a virtual machine).
class Emitter {
 public:
  static constexpr std::size_t kChunk = std::size_t{1} << 20;

  explicit Emitter(const ReportSink& sink) : sink_(sink) {}
  std::string& buffer() { return buffer_; }
  void Check() {
    if (buffer_.size() >= kChunk) Flush();
  }
  void Flush() {
    if (!buffer_.empty()) sink_(buffer_);
    buffer_.clear();
  }

 private:
  const ReportSink& sink_;
  std::string buffer_;
};

// The three BSN lists can hold a million entries: written straight into the buffer, a block at a time.
void AppendBsnList(Emitter& emitter, std::string_view key, const std::vector<std::uint32_t>& list) {
  std::string& out = emitter.buffer();
  out += "  \"";
  out += key;
  out += "\": [";
  constexpr std::size_t kEntry = 13;  // , "123456782"
  constexpr std::size_t kBlock = 16384;
  for (std::size_t from = 0; from < list.size(); from += kBlock) {
    const std::size_t to = std::min(list.size(), from + kBlock);
    const std::size_t at = out.size();
    out.resize(at + kEntry * (to - from) - (from == 0 ? 2 : 0));
    char* p = out.data() + at;
    for (std::size_t i = from; i < to; ++i) {
      if (i != 0) {
        *p++ = ',';
        *p++ = ' ';
      }
      *p++ = '"';
      WriteBsn(p, list[i]);
      p += 9;
      *p++ = '"';
    }
    emitter.Check();
  }
  out += "],\n";
}

// Arrays of objects: one object per line.
template <typename T, typename Fn>
void AppendObjectList(Emitter& emitter, std::string_view key, const std::vector<T>& list, Fn&& object) {
  std::string& out = emitter.buffer();
  out += "  \"";
  out += key;
  out += "\": [";
  for (std::size_t i = 0; i < list.size(); ++i) {
    out += i == 0 ? "\n    {" : ",\n    {";
    object(list[i]);
    out.push_back('}');
    emitter.Check();
  }
  out += list.empty() ? "],\n" : "\n  ],\n";
}

std::string_view GroupOf(CompareSide side) { return side == CompareSide::kLeft ? "only_left" : "only_right"; }

std::string DaysText(std::int32_t days) {
  const std::int32_t n = days < 0 ? -days : days;
  return "rechts " + std::to_string(n) + (n == 1 ? " dag " : " dagen ") + (days < 0 ? "eerder" : "later");
}

class CsvWriter {
 public:
  CsvWriter(const CsvDialect& dialect, Emitter& emitter) : dialect_(dialect), emitter_(emitter), out_(emitter.buffer()) {}

  void Row(std::string_view group, std::string_view bsn, std::string_view field, std::string_view left,
           std::string_view right, std::string_view note) {
    Field(group);
    Sep();
    Field(bsn);
    Sep();
    Field(field);
    Sep();
    Field(left);
    Sep();
    Field(right);
    Sep();
    Field(note);
    out_ += dialect_.crlf ? "\r\n" : "\n";
    emitter_.Check();
  }

 private:
  void Sep() { out_.push_back(dialect_.separator); }
  // Values from another party's list must never run as a formula (CSV injection).
  void Field(std::string_view value) { AppendCsvCell(out_, value, dialect_.separator); }

  CsvDialect dialect_;
  Emitter& emitter_;
  std::string& out_;
};

}  // namespace

std::string_view CompareSideId(CompareSide side) { return side == CompareSide::kLeft ? "left" : "right"; }

std::string FormatBsn(std::uint32_t bsn) {
  std::string out;
  AppendBsn(out, bsn);
  return out;
}

std::optional<std::int32_t> ParseListDate(std::string_view text) {
  text = Trim(text);
  std::array<int, 3> parts{};
  std::array<int, 3> widths{};
  std::size_t part = 0;
  char separator = 0;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      if (++widths[part] > 4) return std::nullopt;
      parts[part] = parts[part] * 10 + (c - '0');
    } else if (c == '-' || c == '/' || c == '.') {
      if (widths[part] == 0 || part == 2) return std::nullopt;
      if (separator != 0 && c != separator) return std::nullopt;
      separator = c;
      ++part;
    } else {
      return std::nullopt;
    }
  }
  if (part != 2 || widths[2] == 0) return std::nullopt;
  int year = 0;
  int month = parts[1];
  int day = 0;
  if (widths[0] == 4 && widths[1] <= 2 && widths[2] <= 2) {
    year = parts[0];
    day = parts[2];
  } else if (widths[2] == 4 && widths[0] <= 2 && widths[1] <= 2) {
    year = parts[2];
    day = parts[0];
  } else {
    return std::nullopt;
  }
  if (year < 1900 || year > 2999) return std::nullopt;
  auto date = Date::FromYmd(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  if (!date.ok()) return std::nullopt;
  return date->DaysSinceEpoch();
}

std::string CanonicalCategory(std::string_view text) {
  std::string key;
  key.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsNbspAt(text, i)) {
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '-' || c == '_' || c == '.') continue;
    key.push_back(LowerAscii(c));
  }
  using domain::CaseCategory;
  static constexpr std::array<std::pair<std::string_view, CaseCategory>, 22> kSpellings{{
      {"absoluut", CaseCategory::kAbsoluutVerzuim},
      {"absoluutverzuim", CaseCategory::kAbsoluutVerzuim},
      {"langdurig", CaseCategory::kLangdurigVerzuim},
      {"langdurigverzuim", CaseCategory::kLangdurigVerzuim},
      {"langdurigrelatiefverzuim", CaseCategory::kLangdurigVerzuim},
      {"5a", CaseCategory::kVrijstelling5a},
      {"5ondera", CaseCategory::kVrijstelling5a},
      {"vrijstelling5a", CaseCategory::kVrijstelling5a},
      {"vrijstelling5ondera", CaseCategory::kVrijstelling5a},
      {"vrijstellingart5a", CaseCategory::kVrijstelling5a},
      {"vrijstellingart5ondera", CaseCategory::kVrijstelling5a},
      {"vrijstellingartikel5ondera", CaseCategory::kVrijstelling5a},
      {"relatief", CaseCategory::kRelatiefVerzuim},
      {"relatiefverzuim", CaseCategory::kRelatiefVerzuim},
      {"luxe", CaseCategory::kLuxeVerzuim},
      {"luxeverzuim", CaseCategory::kLuxeVerzuim},
      {"overig", CaseCategory::kOverigVerzuim},
      {"overigverzuim", CaseCategory::kOverigVerzuim},
      {"beginnend", CaseCategory::kBeginnendVerzuim},
      {"beginnendverzuim", CaseCategory::kBeginnendVerzuim},
      {"vrijstelling5onderaleerplichtwet", CaseCategory::kVrijstelling5a},
      {"langdurigverzuimer", CaseCategory::kLangdurigVerzuim},
  }};
  for (const auto& [spelling, category] : kSpellings) {
    if (key == spelling) return std::string(domain::CaseCategoryId(category));
  }
  return key;
}

Result<CompareReport> CompareLists(const CompareInput& left_input, const CompareInput& right_input,
                                   const CompareOptions& options) {
  List left;
  List right;
  Status left_status;
  Status right_status;
  RunBoth(options.parallel, [&] { left_status = Prepare(left_input, left); },
          [&] { right_status = Prepare(right_input, right); });
  if (!left_status.ok()) return left_status;
  if (!right_status.ok()) return right_status;

  const Layout layout = PlanColumns(left, right);
  std::vector<std::size_t> left_compared;
  std::vector<std::size_t> right_compared;
  if (layout.category) {
    left_compared.push_back(*left.category_column);
    right_compared.push_back(*right.category_column);
  }
  for (const FieldPair& field : layout.fields) {
    left_compared.push_back(field.left_column);
    right_compared.push_back(field.right_column);
  }
  const std::uint64_t fingerprint_key = FingerprintKey();
  RunBoth(options.parallel,
          [&] { ParseBody(left, CompareSide::kLeft, left_compared, fingerprint_key, options.bytes_done); },
          [&] { ParseBody(right, CompareSide::kRight, right_compared, fingerprint_key, options.bytes_done); });

  // Two ranges of BSNs, split at the left list's median, merged and compared side by side.
  Partial low;
  Partial high;
  // Room for both halves in the first (untouched capacity costs nothing), so that joining them
  // moves no data.
  low.matched.reserve(std::min(left.keys.size(), right.keys.size()));
  low.only_left.reserve(left.keys.size());
  low.only_right.reserve(right.keys.size());
  const KeyArray& pivot_keys = left.keys.empty() ? right.keys : left.keys;
  if (options.parallel && left.keys.size() + right.keys.size() >= 8192) {
    const std::uint32_t pivot = BsnOf(pivot_keys[pivot_keys.size() / 2].key);
    auto split = [pivot](const KeyArray& keys) {
      return static_cast<std::size_t>(
          std::lower_bound(keys.begin(), keys.end(), pivot,
                           [](const RowKey& row, std::uint32_t value) { return BsnOf(row.key) < value; }) -
          keys.begin());
    };
    const std::size_t i_mid = split(left.keys);
    const std::size_t j_mid = split(right.keys);
    high.matched.reserve(std::min(left.keys.size() - i_mid, right.keys.size() - j_mid));
    high.only_left.reserve(left.keys.size() - i_mid);
    high.only_right.reserve(right.keys.size() - j_mid);
    RunBoth(true, [&] { MergeRange(left, right, layout, 0, i_mid, 0, j_mid, low); },
            [&] { MergeRange(left, right, layout, i_mid, left.keys.size(), j_mid, right.keys.size(), high); });
  } else {
    MergeRange(left, right, layout, 0, left.keys.size(), 0, right.keys.size(), low);
  }

  CompareReport report;
  report.left_rows = left.data_rows;
  report.right_rows = right.data_rows;
  report.left_dialect = left.dialect;
  Append(report.matched, std::move(low.matched));
  Append(report.matched, std::move(high.matched));
  Append(report.only_left, std::move(low.only_left));
  Append(report.only_left, std::move(high.only_left));
  Append(report.only_right, std::move(low.only_right));
  Append(report.only_right, std::move(high.only_right));
  Append(report.category_mismatch, std::move(low.category_mismatch));
  Append(report.category_mismatch, std::move(high.category_mismatch));
  Append(report.field_differences, std::move(low.field_differences));
  Append(report.field_differences, std::move(high.field_differences));
  Append(report.notes, std::move(low.notes_left));
  Append(report.notes, std::move(high.notes_left));
  Append(report.notes, std::move(low.notes_right));
  Append(report.notes, std::move(high.notes_right));
  Append(low.duplicates_left, std::move(high.duplicates_left));
  Append(low.duplicates_right, std::move(high.duplicates_right));
  AppendDuplicates(left, CompareSide::kLeft, std::move(low.duplicates_left), report.duplicates);
  AppendDuplicates(right, CompareSide::kRight, std::move(low.duplicates_right), report.duplicates);
  report.invalid = std::move(left.invalid);
  Append(report.invalid, std::move(right.invalid));
  return report;
}

void WriteCompareReportJson(const CompareReport& report, const ReportSink& sink) {
  Emitter emitter(sink);
  std::string& out = emitter.buffer();
  out += "{\n  \"left\": " + std::to_string(report.left_rows) + ",\n";
  out += "  \"right\": " + std::to_string(report.right_rows) + ",\n";
  AppendBsnList(emitter, "matched", report.matched);
  AppendBsnList(emitter, "only_left", report.only_left);
  AppendBsnList(emitter, "only_right", report.only_right);
  AppendObjectList(emitter, "category_mismatch", report.category_mismatch, [&](const auto& m) {
    out += "\"bsn\": ";
    AppendJsonBsn(out, m.bsn);
    out += ", \"left\": ";
    AppendJsonString(out, m.left);
    out += ", \"right\": ";
    AppendJsonString(out, m.right);
  });
  AppendObjectList(emitter, "field_differences", report.field_differences, [&](const auto& d) {
    out += "\"bsn\": ";
    AppendJsonBsn(out, d.bsn);
    out += ", \"field\": ";
    AppendJsonString(out, d.field);
    out += ", \"left\": ";
    AppendJsonString(out, d.left);
    out += ", \"right\": ";
    AppendJsonString(out, d.right);
    if (d.days) out += ", \"days\": " + std::to_string(*d.days);
  });
  AppendObjectList(emitter, "invalid", report.invalid, [&](const auto& r) {
    out += "\"side\": ";
    AppendJsonString(out, CompareSideId(r.side));
    out += ", \"line\": " + std::to_string(r.line) + ", \"error\": ";
    AppendJsonString(out, r.error);
  });
  AppendObjectList(emitter, "duplicates", report.duplicates, [&](const auto& d) {
    out += "\"side\": ";
    AppendJsonString(out, CompareSideId(d.side));
    out += ", \"bsn\": ";
    AppendJsonBsn(out, d.bsn);
    out += ", \"lines\": [";
    for (std::size_t k = 0; k < d.lines.size(); ++k) {
      if (k != 0) out += ", ";
      out += std::to_string(d.lines[k]);
    }
    out.push_back(']');
  });
  AppendObjectList(emitter, "notes", report.notes, [&](const auto& n) {
    out += "\"group\": ";
    AppendJsonString(out, GroupOf(n.side));
    out += ", \"bsn\": ";
    AppendJsonBsn(out, n.bsn);
    out += ", \"note\": ";
    AppendJsonString(out, n.note);
  });
  out += "  \"counts\": {\"matched\": " + std::to_string(report.matched.size()) +
         ", \"only_left\": " + std::to_string(report.only_left.size()) +
         ", \"only_right\": " + std::to_string(report.only_right.size()) +
         ", \"category_mismatch\": " + std::to_string(report.category_mismatch.size()) +
         ", \"field_differences\": " + std::to_string(report.field_differences.size()) +
         ", \"invalid\": " + std::to_string(report.invalid.size()) +
         ", \"duplicates\": " + std::to_string(report.duplicates.size()) + "}\n}\n";
  emitter.Flush();
}

std::string CompareReportToJson(const CompareReport& report) {
  std::string all;
  WriteCompareReportJson(report, [&all](std::string_view chunk) { all.append(chunk); });
  return all;
}

void WriteCompareReportCsv(const CompareReport& report, const ReportSink& sink) {
  Emitter emitter(sink);
  CsvWriter csv(report.left_dialect, emitter);
  if (report.left_dialect.bom) emitter.buffer() += "\xEF\xBB\xBF";
  csv.Row("group", "bsn", "field", "left", "right", "note");
  for (const std::uint32_t bsn : report.matched) csv.Row("matched", FormatBsn(bsn), "", "", "", "");
  // Notes are sorted like the only_* lists, so one pass pairs them up.
  std::size_t note = 0;
  auto only = [&](CompareSide side, const std::vector<std::uint32_t>& list) {
    for (const std::uint32_t bsn : list) {
      std::string_view text;
      while (note < report.notes.size() &&
             (report.notes[note].side < side || (report.notes[note].side == side && report.notes[note].bsn < bsn))) {
        ++note;
      }
      if (note < report.notes.size() && report.notes[note].side == side && report.notes[note].bsn == bsn) {
        text = report.notes[note].note;
      }
      csv.Row(GroupOf(side), FormatBsn(bsn), "", "", "", text);
    }
  };
  only(CompareSide::kLeft, report.only_left);
  only(CompareSide::kRight, report.only_right);
  for (const auto& m : report.category_mismatch) csv.Row("category_mismatch", FormatBsn(m.bsn), "categorie", m.left, m.right, "");
  for (const auto& d : report.field_differences) {
    csv.Row("field_differences", FormatBsn(d.bsn), d.field, d.left, d.right, d.days ? DaysText(*d.days) : "");
  }
  for (const auto& r : report.invalid) {
    const std::string line = std::to_string(r.line);
    const bool is_left = r.side == CompareSide::kLeft;
    csv.Row("invalid", "", "line", is_left ? line : "", is_left ? "" : line, r.error);
  }
  for (const auto& d : report.duplicates) {
    std::string lines;
    for (const std::uint32_t l : d.lines) {
      if (!lines.empty()) lines.push_back(' ');
      lines += std::to_string(l);
    }
    const bool is_left = d.side == CompareSide::kLeft;
    csv.Row("duplicates", FormatBsn(d.bsn), "lines", is_left ? lines : "", is_left ? "" : lines, "");
  }
  emitter.Flush();
}

std::string CompareReportToCsv(const CompareReport& report) {
  std::string all;
  WriteCompareReportCsv(report, [&all](std::string_view chunk) { all.append(chunk); });
  return all;
}

}  // namespace leerrecht::services
