#include "services/duo_csv.h"

#include <algorithm>
#include <cstring>

namespace leerrecht::services {

namespace {

constexpr std::array<std::string_view, kDuoColumnCount> kColumnNames = {
    "meldingsnummer", "bsn",       "onderwijsnummer", "achternaam", "voorvoegsel", "voornamen",
    "geboortedatum",  "gemeente",  "brin",            "vestiging",  "verzuimsoort", "begindatum",
    "einddatum",      "lesuren",   "vermoedelijke_reden", "toelichting", "melddatum",
    "onderwijssoort"};

constexpr std::array<DuoColumn, 8> kRequired = {DuoColumn::kMeldingsnummer, DuoColumn::kBsn,
                                                DuoColumn::kAchternaam,     DuoColumn::kGeboortedatum,
                                                DuoColumn::kBrin,           DuoColumn::kVerzuimsoort,
                                                DuoColumn::kBegindatum,     DuoColumn::kMelddatum};

constexpr std::uint8_t kIgnored = static_cast<std::uint8_t>(kDuoColumnCount);

constexpr std::string_view kSickLeaveReason =
    "ziekteverzuim is geoorloofd; geen rol leerplicht — volg ziekteverzuimbeleid school/GGD (SPEC P-12)";

// ---------------------------------------------------------------------------------------------
// Text

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnumAscii(char c) { return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Strict UTF-8 (no overlongs, no surrogates) and no NUL: what SQLite text and JSON may hold.
bool IsCleanUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = p + text.size();
  while (p < end) {
    if (end - p >= 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, p, 8);
      // No byte >= 0x80 and no zero byte among the eight: skip them at once.
      const bool ascii = (word & 0x8080'8080'8080'8080ull) == 0;
      const bool has_zero = ((word - 0x0101'0101'0101'0101ull) & ~word & 0x8080'8080'8080'8080ull) != 0;
      if (ascii && !has_zero) {
        p += 8;
        continue;
      }
    }
    const unsigned char c = *p;
    if (c == 0) return false;
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

// Characters, not bytes (the text is valid UTF-8): every byte that does not continue a sequence.
std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u ? 1 : 0;
  return n;
}

bool HasControl(std::string_view s, bool allow_line_breaks) {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c != 0x7F) continue;
    if (allow_line_breaks && (c == '\n' || c == '\r' || c == '\t')) continue;
    return true;
  }
  return false;
}

// The base letter of a Latin-1 letter written as C3 xx in UTF-8, or 0.
char FoldLatin1(unsigned char second) {
  static constexpr char kMap[64] = {
      'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // C3 80..8F
      'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   's',  // C3 90..9F
      'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',  // C3 A0..AF
      'd', 'n', 'o', 'o', 'o', 'o', 'o', 0,   'o', 'u', 'u', 'u', 'u', 'y', 0,   'y'};  // C3 B0..BF
  return second >= 0x80 && second <= 0xBF ? kMap[second - 0x80] : 0;
}

// Lower-case ASCII letters and digits only, accents removed: how codes and header names compare
// ("Vermoedelijke reden" == "vermoedelijke_reden", "Ziekte (geoorloofd)" -> "ziektegeoorloofd").
void Canonical(std::string_view s, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (IsAlnumAscii(static_cast<char>(c))) out.push_back(LowerAscii(static_cast<char>(c)));
    } else if (c == 0xC3 && i + 1 < s.size()) {
      if (char base = FoldLatin1(static_cast<unsigned char>(s[i + 1])); base != 0) out.push_back(base);
      ++i;
    }
  }
}

// Words of a free text for the special-category screen: lower case, accents removed, '-' joins
// ("burn-out" -> "burnout"), anything else separates. Each word is followed by one space.
void Words(std::string_view s, std::string& out) {
  out.clear();
  out.push_back(' ');
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (IsAlnumAscii(static_cast<char>(c))) {
        out.push_back(LowerAscii(static_cast<char>(c)));
      } else if (c != '-' && out.back() != ' ') {
        out.push_back(' ');
      }
    } else if (c == 0xC3 && i + 1 < s.size() && FoldLatin1(static_cast<unsigned char>(s[i + 1])) != 0) {
      out.push_back(FoldLatin1(static_cast<unsigned char>(s[i + 1])));
      ++i;
    } else if (out.back() != ' ') {
      out.push_back(' ');
    }
  }
  if (out.back() != ' ') out.push_back(' ');
}

// SPEC C-28, C-30, P-04: stems of Dutch words for diagnoses, medication, health and the other
// special categories (AVG art. 9, 10). Matched anywhere inside a word.
constexpr std::string_view kSpecialCategoryStems[] = {
    // health
    "diagnos", "autis", "asperger", "angst", "depressi", "dyslex", "dyscalc", "psychi", "psycho", "medicat",
    "medicijn", "medisch", "ritalin", "concerta", "therap", "ziekenhuis", "kliniek", "migraine", "epilep",
    "diabet", "astma", "kanker", "leukemie", "chemo", "burnout", "overspannen", "zwanger", "suicid",
    "zelfmoord", "automutil", "zelfbeschadig", "stoornis", "anorexi", "boulimi", "verslav", "trauma",
    "syndroom", "handicap", "hersen", "huisarts", "jeugdarts", "lichamelijk",
    // religion or belief
    "religi", "geloofsovertuiging", "moskee", "synagoge", "islam", "moslim", "ramadan", "suikerfeest",
    "offerfeest", "hindoe", "boeddh",
    // ethnicity, sexual orientation, political opinion, trade union
    "etnisch", "etnici", "huidskleur", "seksu", "homoseks", "lesbi", "transgender", "biseks", "geaardheid",
    "politiek", "vakbond",
    // criminal-law data
    "strafblad", "strafrecht", "veroordee", "delict", "arrestat", "gearresteerd", "politie",
    // genetic and biometric data
    "genetisch", "vingerafdruk", "biometri"};
// Short words, matched only as whole words (so "klassen" does not match "ass").
constexpr std::string_view kSpecialCategoryWords[] = {" ass ", " add ",  " adhd ", " odd ",  " pdd ", " pddnos ",
                                                      " ggz ", " ptss ", " dna ",  " hiv ",  " soa ", " homo ",
                                                      " gay ", " kerk ", " jood ", " geloof "};

bool NamesSpecialCategory(std::string_view text, std::string& scratch) {
  Words(text, scratch);
  for (std::string_view stem : kSpecialCategoryStems) {
    if (scratch.find(stem) != std::string::npos) return true;
  }
  for (std::string_view word : kSpecialCategoryWords) {
    if (scratch.find(word) != std::string::npos) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Codes

struct KindAlias {
  std::string_view canonical;
  DuoKind kind;
};
constexpr KindAlias kKinds[] = {
    {"16uuronder18", DuoKind::k16UurOnder18},
    {"16uur", DuoKind::k16UurOnder18},
    {"relatiefverzuim", DuoKind::k16UurOnder18},
    {"16uurvanaf18", DuoKind::k16UurVanaf18},
    {"16uurboven18", DuoKind::k16UurVanaf18},
    {"16uur18", DuoKind::k16UurVanaf18},
    {"langdurigrelatiefverzuim", DuoKind::kLangdurigRelatief},
    {"langdurigverzuim", DuoKind::kLangdurigRelatief},
    {"luxeverzuim", DuoKind::kLuxe},
    {"luxe", DuoKind::kLuxe},
    {"overigverzuim", DuoKind::kOverig},
    {"overig", DuoKind::kOverig},
    {"rmc", DuoKind::kRmc},
};

constexpr std::string_view kReasonGeoorloofd = "geoorloofd";
struct ReasonAlias {
  std::string_view canonical;
  std::string_view code;
};
constexpr ReasonAlias kReasons[] = {
    {"onderwijsaanbodsluitnietaan", "onderwijsaanbod-sluit-niet-aan"},
    {"wachtopplaatsing", "wacht-op-plaatsing"},
    {"thuissituatie", "thuissituatie"},
    {"schoolweigeringwelbevinden", "schoolweigering-welbevinden"},
    {"conflictschoolouders", "conflict-school-ouders"},
    {"onbekendinonderzoek", "onbekend-in-onderzoek"},
    {"onbekend", "onbekend-in-onderzoek"},
    {"vermoedelijkongeoorloofdziekteverzuim", "vermoedelijk-ongeoorloofd-ziekteverzuim"},
    {"ongeoorloofd", "ongeoorloofd"},
    {"onduidelijk", "onduidelijk"},
    {"geoorloofd", kReasonGeoorloofd},
};

// Sick leave or authorised absence in a code that is not one of ours (SPEC P-12).
bool SpeaksOfSickLeave(std::string_view canonical) {
  if (canonical.find("ziek") != std::string_view::npos) return true;
  const auto at = canonical.find("geoorloofd");
  if (at == std::string_view::npos) return false;
  return at < 2 || canonical.substr(at - 2, 2) != "on";
}

std::optional<DuoColumn> ColumnFor(std::string_view canonical) {
  if (canonical == "meldingnummer") return DuoColumn::kMeldingsnummer;
  if (canonical == "schoolsoort" || canonical == "soortonderwijs") return DuoColumn::kOnderwijssoort;
  for (std::size_t i = 0; i < kDuoColumnCount; ++i) {
    std::string name;
    Canonical(kColumnNames[i], name);
    if (name == canonical) return static_cast<DuoColumn>(i);
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Values

std::optional<int> Digits(std::string_view s) {
  if (s.empty() || s.size() > 4) return std::nullopt;
  int v = 0;
  for (char c : s) {
    if (!IsDigit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// JJJJ-MM-DD, or DD-MM-JJJJ with one or two digits for day and month.
std::optional<Date> ParseDuoDate(std::string_view s) {
  const auto first = s.find('-');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = s.find('-', first + 1);
  if (second == std::string_view::npos || s.find('-', second + 1) != std::string_view::npos) return std::nullopt;
  const std::string_view a = s.substr(0, first);
  const std::string_view b = s.substr(first + 1, second - first - 1);
  const std::string_view c = s.substr(second + 1);
  int year = 0;
  int month = 0;
  int day = 0;
  if (a.size() == 4 && b.size() == 2 && c.size() == 2) {
    auto y = Digits(a), m = Digits(b), d = Digits(c);
    if (!y || !m || !d) return std::nullopt;
    year = *y, month = *m, day = *d;
  } else if (c.size() == 4 && !a.empty() && a.size() <= 2 && !b.empty() && b.size() <= 2) {
    auto y = Digits(c), m = Digits(b), d = Digits(a);
    if (!y || !m || !d) return std::nullopt;
    year = *y, month = *m, day = *d;
  } else {
    return std::nullopt;
  }
  if (year < 1900 || year > 2999 || month < 1 || day < 1) return std::nullopt;
  auto date = Date::FromYmd(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  if (!date.ok()) return std::nullopt;
  return *date;
}

// 0–1000 with at most two decimals, '.' or ','. Computed from integers, so 17,5 and 17.50 are
// the same double and a re-import compares equal.
std::optional<double> ParseHours(std::string_view s) {
  const auto sep = s.find_first_of(".,");
  const std::string_view whole = s.substr(0, sep);
  auto w = Digits(whole);
  if (!w) return std::nullopt;
  int hundredths = *w * 100;
  if (sep != std::string_view::npos) {
    const std::string_view frac = s.substr(sep + 1);
    if (frac.empty() || frac.size() > 2) return std::nullopt;
    auto f = Digits(frac);
    if (!f) return std::nullopt;
    hundredths += frac.size() == 1 ? *f * 10 : *f;
  }
  if (hundredths > 100000) return std::nullopt;
  return static_cast<double>(hundredths) / 100.0;
}

bool ValidNumber(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return IsAlnumAscii(c) || c == '-' || c == '_' || c == '.' || c == '/'; });
}

void AddProblem(DuoRowError& error, DuoRowProblem problem, std::string_view column, std::string_view text) {
  if (error.message.empty()) {
    error.problem = problem;
  } else {
    error.problem = std::min(error.problem, problem);
    error.message += "; ";
  }
  if (!column.empty()) {
    error.message += column;
    error.message += ": ";
  }
  error.message += text;
}

// ---------------------------------------------------------------------------------------------
// The CSV scanner

enum class QuoteError { kNone, kUnterminated, kTextAfterQuote };

struct LineScan {
  std::size_t next = 0;          // where the next record starts
  std::uint32_t line_breaks = 0;  // physical line breaks consumed, quoted ones included
  std::uint32_t fields = 0;
  bool terminated = false;  // ended by a line break, not by the end of the file
  bool all_empty = true;
  QuoteError quote_error = QuoteError::kNone;
};

// One record from `pos`. `on_field(index, value, copied)` gets each trimmed field; for a quoted
// field with "" (`copied`) the value lives in `scratch` and is valid only during the call.
template <typename OnField>
LineScan ScanRecordAt(std::string_view text, std::size_t pos, char sep, std::string& scratch, OnField&& on_field) {
  LineScan scan;
  const std::size_t start = pos;
  const std::size_t end = text.size();
  const char* const data = text.data();
  for (;;) {
    std::size_t i = pos;
    while (i < end && IsBlank(data[i])) ++i;
    std::string_view value;
    bool copied = false;
    if (i < end && data[i] == '"') {
      std::size_t j = i + 1;
      bool escaped = false;
      for (;;) {
        const void* quote = std::memchr(data + j, '"', end - j);
        if (quote == nullptr) {
          scan.quote_error = QuoteError::kUnterminated;
          break;
        }
        const auto q = static_cast<std::size_t>(static_cast<const char*>(quote) - data);
        if (q + 1 < end && data[q + 1] == '"') {
          escaped = true;
          j = q + 2;
          continue;
        }
        j = q;
        break;
      }
      if (scan.quote_error != QuoteError::kNone) break;
      const std::string_view inner(data + i + 1, j - i - 1);
      for (char c : inner) scan.line_breaks += c == '\n' ? 1 : 0;
      if (escaped) {
        scratch.clear();
        for (std::size_t k = 0; k < inner.size(); ++k) {
          scratch.push_back(inner[k]);
          if (inner[k] == '"') ++k;  // the second quote of a ""
        }
        value = Trim(scratch);
        copied = true;
      } else {
        value = Trim(inner);
      }
      i = j + 1;
      while (i < end && IsBlank(data[i])) ++i;
      if (i < end && data[i] != sep && data[i] != '\n' && data[i] != '\r') {
        scan.quote_error = QuoteError::kTextAfterQuote;
        break;
      }
    } else {
      std::size_t j = i;
      while (j < end && data[j] != sep && data[j] != '\n' && data[j] != '\r') ++j;
      value = Trim(std::string_view(data + i, j - i));
      i = j;
    }
    if (!value.empty()) scan.all_empty = false;
    on_field(scan.fields, value, copied);
    ++scan.fields;
    if (i >= end) {
      scan.next = end;
      return scan;
    }
    if (data[i] == sep) {
      pos = i + 1;
      continue;
    }
    // A line end: \r\n, \n or a lone \r.
    i += (data[i] == '\r' && i + 1 < end && data[i + 1] == '\n') ? 2 : 1;
    ++scan.line_breaks;
    scan.terminated = true;
    scan.next = i;
    return scan;
  }
  // After a quote error, go on at the line after the start of the broken record: one stray quote
  // costs one row, not the rest of the file.
  std::size_t k = start;
  while (k < end && data[k] != '\n' && data[k] != '\r') ++k;
  scan.line_breaks = 0;
  scan.terminated = k < end;
  if (k < end) {
    k += (data[k] == '\r' && k + 1 < end && data[k + 1] == '\n') ? 2 : 1;
    scan.line_breaks = 1;
  }
  scan.next = k;
  return scan;
}

std::string_view QuoteErrorText(QuoteError e) {
  return e == QuoteError::kUnterminated ? "aanhalingsteken niet afgesloten (afgebroken bestand?)"
                                        : "tekst na een afsluitend aanhalingsteken";
}

// The separator the header uses: the more frequent of ';' and ',' outside quotes, ';' on a tie.
char DetectSeparator(std::string_view header_line) {
  std::size_t semicolons = 0;
  std::size_t commas = 0;
  bool quoted = false;
  for (char c : header_line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    semicolons += c == ';' ? 1 : 0;
    commas += c == ',' ? 1 : 0;
  }
  return commas > semicolons ? ',' : ';';
}

std::string Printable(std::string_view name) {
  std::string out;
  for (char c : name.substr(0, 40)) out.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
  if (name.size() > 40) out += "…";
  return out;
}

}  // namespace

std::string_view DuoColumnName(DuoColumn column) { return kColumnNames[static_cast<std::size_t>(column)]; }

std::string_view DuoKindCode(DuoKind kind) {
  switch (kind) {
    case DuoKind::k16UurOnder18: return "16-uur-onder-18";
    case DuoKind::k16UurVanaf18: return "16-uur-vanaf-18";
    case DuoKind::kLangdurigRelatief: return "langdurig-relatief-verzuim";
    case DuoKind::kLuxe: return "luxe-verzuim";
    case DuoKind::kOverig: return "overig-verzuim";
    case DuoKind::kRmc: return "rmc";
  }
  return "overig-verzuim";
}

std::optional<std::string_view> CaseCategoryForDuoKind(std::string_view stored_kind) {
  if (stored_kind == "16-uur-onder-18") return "relatief-verzuim";
  if (stored_kind == "langdurig-relatief-verzuim") return "langdurig-verzuim";
  if (stored_kind == "luxe-verzuim") return "luxe-verzuim";
  if (stored_kind == "overig-verzuim") return "overig-verzuim";
  return std::nullopt;
}

std::string_view DuoRowProblemCode(DuoRowProblem problem) {
  switch (problem) {
    case DuoRowProblem::kFormat: return "opmaak";
    case DuoRowProblem::kEncoding: return "tekencodering";
    case DuoRowProblem::kSickLeave: return "ziekteverzuim";
    case DuoRowProblem::kSpecialCategory: return "bijzonder-persoonsgegeven";
    case DuoRowProblem::kNoBsn: return "geen-bsn";
    case DuoRowProblem::kInvalid: return "ongeldig";
    case DuoRowProblem::kConflict: return "conflict";
  }
  return "ongeldig";
}

Result<DuoCsvReader> DuoCsvReader::Open(std::string_view text, Date today) {
  if (text.size() > kMaxDuoFileBytes) return Status::InvalidInput("het bestand is te groot (meer dan 2 GiB)");
  if (Trim(text).find_first_not_of("\r\n") == std::string_view::npos) {
    return Status::InvalidInput("het bestand is leeg");
  }
  if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'))) {
    return Status::InvalidInput("het bestand is UTF-16; sla het op als CSV UTF-8");
  }
  DuoCsvReader reader(text, today);
  if (text.starts_with("\xEF\xBB\xBF")) reader.pos_ = 3;
  auto line_end = [&](std::size_t from) {
    const auto at = text.find_first_of("\r\n", from);
    return at == std::string_view::npos ? text.size() : at;
  };
  std::size_t first_end = line_end(reader.pos_);
  std::string_view first = text.substr(reader.pos_, first_end - reader.pos_);
  if (first.find('\0') != std::string_view::npos) {
    return Status::InvalidInput("het bestand is UTF-16; sla het op als CSV UTF-8");
  }
  // Excel's hint line names the separator.
  std::string canonical;
  if (first.size() == 5 && (first.starts_with("sep=") || first.starts_with("SEP=")) &&
      (first[4] == ';' || first[4] == ',')) {
    reader.separator_ = first[4];
    reader.pos_ = first_end;
    if (reader.pos_ < text.size()) {
      reader.pos_ += (text[reader.pos_] == '\r' && reader.pos_ + 1 < text.size() && text[reader.pos_ + 1] == '\n') ? 2 : 1;
      reader.line_ += 1;
    }
    first_end = line_end(reader.pos_);
    first = text.substr(reader.pos_, first_end - reader.pos_);
  } else {
    reader.separator_ = DetectSeparator(first);
  }
  const std::uint32_t header_line = reader.line_;
  std::vector<std::string> names;
  std::string scratch;
  const LineScan header = ScanRecordAt(text, reader.pos_, reader.separator_, scratch,
                                       [&](std::uint32_t, std::string_view value, bool) { names.emplace_back(value); });
  if (header.quote_error != QuoteError::kNone) {
    return Status::InvalidInput("de kopregel is onleesbaar: " + std::string(QuoteErrorText(header.quote_error)));
  }
  if (!IsCleanUtf8(text.substr(reader.pos_, header.next - reader.pos_))) {
    return Status::InvalidInput("de kopregel is geen geldige UTF-8; sla het bestand op als CSV UTF-8");
  }
  reader.pos_ = header.next;
  reader.line_ += header.line_breaks;
  reader.header_fields_ = header.fields;
  reader.position_column_.assign(names.size(), kIgnored);
  for (std::size_t i = 0; i < names.size(); ++i) {
    Canonical(names[i], canonical);
    if (canonical.empty()) continue;  // trailing separators
    const std::optional<DuoColumn> column = ColumnFor(canonical);
    if (!column) {
      reader.warnings_.push_back({header_line, "onbekende kolom genegeerd: " + Printable(names[i])});
      continue;
    }
    const auto index = static_cast<std::size_t>(*column);
    if (reader.present_[index]) {
      return Status::InvalidInput("kolom " + std::string(DuoColumnName(*column)) + " staat twee keer in de kopregel");
    }
    reader.present_[index] = true;
    reader.position_column_[i] = static_cast<std::uint8_t>(index);
  }
  std::string missing;
  for (DuoColumn column : kRequired) {
    if (reader.present_[static_cast<std::size_t>(column)]) continue;
    if (!missing.empty()) missing += ", ";
    missing += DuoColumnName(column);
  }
  if (!missing.empty()) {
    std::string found;
    for (std::size_t i = 0; i < names.size() && i < 20; ++i) {
      if (!found.empty()) found += ", ";
      found += Printable(names[i]);
    }
    if (names.size() > 20) found += ", …";
    return Status::InvalidInput("de kopregel mist verplichte kolommen: " + missing + " (gevonden: " + found +
                                "; scheidingsteken '" + std::string(1, reader.separator_) + "')");
  }
  return reader;
}

DuoCsvReader::Scan DuoCsvReader::ScanRecord(DuoRowError& error) {
  if (pos_ >= text_.size()) return Scan::kEnd;
  fields_.fill(std::string_view());
  unquoted_.clear();
  // Fields with "" are copied into unquoted_; their views are set once the row is complete,
  // because the copy may move while it grows.
  struct Pending {
    std::uint8_t column;
    std::uint32_t offset;
    std::uint32_t length;
  };
  std::array<Pending, kDuoColumnCount> pending{};
  std::size_t pending_count = 0;
  std::string scratch;
  bool extra = false;
  const std::size_t start = pos_;
  row_line_ = line_;
  const LineScan scan =
      ScanRecordAt(text_, pos_, separator_, scratch, [&](std::uint32_t index, std::string_view value, bool copied) {
        if (index >= header_fields_) {
          extra = extra || !value.empty();
          return;
        }
        const std::uint8_t column = position_column_[index];
        if (column == kIgnored) return;
        if (copied) {
          pending[pending_count++] = {column, static_cast<std::uint32_t>(unquoted_.size()),
                                      static_cast<std::uint32_t>(value.size())};
          unquoted_.append(value);
          return;
        }
        fields_[column] = value;
      });
  pos_ = scan.next;
  line_ += scan.line_breaks;
  for (std::size_t i = 0; i < pending_count; ++i) {
    fields_[pending[i].column] = std::string_view(unquoted_).substr(pending[i].offset, pending[i].length);
  }
  if (scan.quote_error != QuoteError::kNone) {
    AddProblem(error, DuoRowProblem::kFormat, "", QuoteErrorText(scan.quote_error));
    return Scan::kRow;
  }
  if (scan.all_empty) return Scan::kBlank;
  if (!IsCleanUtf8(text_.substr(start, scan.next - start))) {
    AddProblem(error, DuoRowProblem::kEncoding, "",
               "regel is geen geldige UTF-8 of bevat een NUL-teken (tekencodering; sla het bestand op als CSV UTF-8)");
    if (!encoding_warned_) {
      encoding_warned_ = true;
      warnings_.push_back({row_line_,
                           "het bestand bevat regels die geen UTF-8 zijn: sla het op als CSV UTF-8 en lees het "
                           "opnieuw in; de andere regels zijn ingelezen"});
    }
    return Scan::kRow;
  }
  if (extra) {
    AddProblem(error, DuoRowProblem::kFormat, "",
               "meer velden dan de kopregel (scheidingsteken in een waarde zonder aanhalingstekens?)");
  } else if (scan.fields < header_fields_) {
    AddProblem(error, DuoRowProblem::kFormat, "",
               std::to_string(scan.fields) + " van de " + std::to_string(header_fields_) +
                   " velden (afgebroken regel?)");
  }
  if (!scan.terminated) {
    AddProblem(error, DuoRowProblem::kFormat, "", "laatste regel is niet afgesloten (afgebroken bestand?)");
  }
  return Scan::kRow;
}

void DuoCsvReader::Validate(DuoRecord& r, DuoRowError& error) {
  auto field = [&](DuoColumn c) { return fields_[static_cast<std::size_t>(c)]; };
  auto name = [](DuoColumn c) { return DuoColumnName(c); };
  auto problem = [&](DuoColumn c, std::string_view text) { AddProblem(error, DuoRowProblem::kInvalid, name(c), text); };
  auto required = [&](DuoColumn c) {
    if (field(c).empty()) {
      problem(c, "ontbreekt");
      return false;
    }
    return true;
  };
  thread_local std::string canonical;

  if (required(DuoColumn::kMeldingsnummer)) {
    if (!ValidNumber(field(DuoColumn::kMeldingsnummer))) {
      problem(DuoColumn::kMeldingsnummer, "ongeldig (1 tot 64 letters, cijfers en - _ . /)");
    } else {
      r.notification_number.assign(field(DuoColumn::kMeldingsnummer));
    }
  }

  // SPEC C-26: the BSN is the only key; without one there is nothing to register.
  r.bsn.reset();
  const std::string_view bsn = field(DuoColumn::kBsn);
  if (bsn.empty()) {
    if (!field(DuoColumn::kOnderwijsnummer).empty()) {
      AddProblem(error, DuoRowProblem::kNoBsn, "",
                 "alleen een onderwijsnummer: een jongere zonder BSN wordt niet automatisch geregistreerd; koppel "
                 "de melding met de hand (SPEC C-26)");
    } else {
      problem(DuoColumn::kBsn, "ontbreekt");
    }
  } else if (!std::all_of(bsn.begin(), bsn.end(), IsDigit)) {
    problem(DuoColumn::kBsn, "BSN ongeldig (alleen cijfers toegestaan)");
  } else if (bsn.size() != 9 && bsn.size() != 8) {
    problem(DuoColumn::kBsn, "BSN ongeldig (moet 9 cijfers hebben)");
  } else if (auto parsed = Bsn::Parse(bsn); !parsed.ok()) {
    problem(DuoColumn::kBsn, "BSN ongeldig (elfproef)");
  } else {
    r.bsn = *parsed;
  }

  const std::string_view surname = field(DuoColumn::kAchternaam);
  const std::string_view prefix = field(DuoColumn::kVoorvoegsel);
  const std::string_view given = field(DuoColumn::kVoornamen);
  if (required(DuoColumn::kAchternaam)) {
    bool names_ok = true;
    for (DuoColumn c : {DuoColumn::kAchternaam, DuoColumn::kVoorvoegsel, DuoColumn::kVoornamen}) {
      if (field(c).size() > 200) {
        problem(c, "te lang (meer dan 200 bytes)");
        names_ok = false;
      } else if (HasControl(field(c), false)) {
        problem(c, "bevat stuurtekens");
        names_ok = false;
      }
    }
    if (names_ok) {
      r.name.clear();
      for (std::string_view part : {given, prefix, surname}) {
        if (part.empty()) continue;
        if (!r.name.empty()) r.name.push_back(' ');
        r.name.append(part);
      }
    }
  }

  auto date = [&](DuoColumn c, Date& out) {
    if (!required(c)) return false;
    if (auto d = ParseDuoDate(field(c))) {
      out = *d;
      return true;
    }
    problem(c, "geen geldige datum (verwacht JJJJ-MM-DD of DD-MM-JJJJ)");
    return false;
  };
  const bool birth_ok = date(DuoColumn::kGeboortedatum, r.birth_date);
  if (birth_ok && today_ < r.birth_date) problem(DuoColumn::kGeboortedatum, "ligt in de toekomst");

  const std::string_view municipality = field(DuoColumn::kGemeente);
  if (municipality.size() > 100) {
    problem(DuoColumn::kGemeente, "te lang (meer dan 100 bytes)");
  } else if (HasControl(municipality, false)) {
    problem(DuoColumn::kGemeente, "bevat stuurtekens");
  } else {
    r.municipality.assign(municipality);
  }

  // BRIN: two digits and two letters or digits; "12AB01" carries the vestiging too.
  const std::string_view brin = field(DuoColumn::kBrin);
  std::string_view location = field(DuoColumn::kVestiging);
  if (required(DuoColumn::kBrin)) {
    const bool shape = (brin.size() == 4 || brin.size() == 6) && IsDigit(brin[0]) && IsDigit(brin[1]) &&
                       IsAlnumAscii(brin[2]) && IsAlnumAscii(brin[3]) &&
                       (brin.size() == 4 || (IsDigit(brin[4]) && IsDigit(brin[5])));
    if (!shape) {
      problem(DuoColumn::kBrin, "ongeldig (verwacht 4 tekens zoals 12AB, of 12AB01 met vestiging)");
    } else {
      r.brin.assign(brin.substr(0, 4));
      for (char& c : r.brin) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
      if (brin.size() == 6) {
        const std::string_view from_brin = brin.substr(4, 2);
        const bool agrees = location.empty() || location == from_brin ||
                            (location.size() == 1 && from_brin[0] == '0' && from_brin[1] == location[0]);
        if (!agrees) problem(DuoColumn::kVestiging, "wijkt af van de vestiging in brin");
        location = from_brin;
      }
    }
  }
  if (!location.empty() && (location.size() > 2 || !std::all_of(location.begin(), location.end(), IsDigit))) {
    problem(DuoColumn::kVestiging, "ongeldig (1 of 2 cijfers)");
  } else {
    // "0" and "00" are the same vestiging, so a re-import in either spelling is the same melding.
    r.location.assign(location.size() == 1 ? "0" : "");
    r.location.append(location);
  }

  bool kind_ok = false;
  if (required(DuoColumn::kVerzuimsoort)) {
    Canonical(field(DuoColumn::kVerzuimsoort), canonical);
    for (const KindAlias& k : kKinds) {
      if (canonical == k.canonical) {
        r.kind = k.kind;
        kind_ok = true;
        break;
      }
    }
    if (!kind_ok) {
      if (SpeaksOfSickLeave(canonical)) {
        AddProblem(error, DuoRowProblem::kSickLeave, "", kSickLeaveReason);
      } else {
        problem(DuoColumn::kVerzuimsoort, "onbekende code (zie docs/formats/duo-import.md)");
      }
    }
  }

  const bool start_ok = date(DuoColumn::kBegindatum, r.start_date);
  r.end_date.reset();
  if (!field(DuoColumn::kEinddatum).empty()) {
    if (auto end = ParseDuoDate(field(DuoColumn::kEinddatum))) {
      r.end_date = *end;
      if (start_ok && *end < r.start_date) problem(DuoColumn::kEinddatum, "ligt vóór de begindatum");
    } else {
      problem(DuoColumn::kEinddatum, "geen geldige datum (verwacht JJJJ-MM-DD of DD-MM-JJJJ)");
    }
  }
  if (birth_ok && start_ok && r.start_date < r.birth_date) {
    problem(DuoColumn::kGeboortedatum, "ligt na de begindatum");
  }
  if (date(DuoColumn::kMelddatum, r.reported_on)) {
    if (today_ < r.reported_on) problem(DuoColumn::kMelddatum, "ligt in de toekomst");
    if (start_ok && r.reported_on < r.start_date) problem(DuoColumn::kMelddatum, "ligt vóór de begindatum");
  }

  r.school_type = {};
  if (!field(DuoColumn::kOnderwijssoort).empty()) {
    Canonical(field(DuoColumn::kOnderwijssoort), canonical);
    static constexpr std::array<std::string_view, 5> kSchoolTypes = {"po", "so", "vo", "vso", "mbo"};
    for (std::string_view type : kSchoolTypes) {
      if (canonical == type) r.school_type = type;
    }
    if (r.school_type.empty()) problem(DuoColumn::kOnderwijssoort, "onbekend (po, so, vo, vso of mbo)");
  }

  r.hours.reset();
  if (!field(DuoColumn::kLesuren).empty()) {
    if (auto hours = ParseHours(field(DuoColumn::kLesuren))) {
      r.hours = *hours;
      if (kind_ok && *hours < 16 && (r.kind == DuoKind::k16UurOnder18 || r.kind == DuoKind::k16UurVanaf18)) {
        problem(DuoColumn::kLesuren, "minder dan 16 bij verzuimsoort " + std::string(DuoKindCode(r.kind)));
      }
    } else {
      problem(DuoColumn::kLesuren, "geen geldig aantal (0 tot 1000, hoogstens 2 decimalen)");
    }
  }

  // SPEC C-28 coded reasons; P-12: authorised sick leave is no ground, except as the C-10
  // qualifier "geoorloofd" on langdurig verzuim, which counts whatever the reason (C-07, Q-17).
  r.suspected_reason = {};
  if (!field(DuoColumn::kVermoedelijkeReden).empty()) {
    Canonical(field(DuoColumn::kVermoedelijkeReden), canonical);
    const ReasonAlias* found = nullptr;
    for (const ReasonAlias& reason : kReasons) {
      if (canonical == reason.canonical) {
        found = &reason;
        break;
      }
    }
    const bool langdurig = kind_ok && r.kind == DuoKind::kLangdurigRelatief;
    if (found != nullptr && (found->code != kReasonGeoorloofd || langdurig || !kind_ok)) {
      r.suspected_reason = found->code;
    } else if (found != nullptr || SpeaksOfSickLeave(canonical)) {
      std::string text(kSickLeaveReason);
      if (langdurig) text += "; gebruik bij langdurig verzuim hoogstens de aanduiding 'geoorloofd' (SPEC C-10)";
      AddProblem(error, DuoRowProblem::kSickLeave, "", text);
    } else {
      problem(DuoColumn::kVermoedelijkeReden, "onbekende code (zie docs/formats/duo-import.md)");
    }
  }

  const std::string_view explanation = field(DuoColumn::kToelichting);
  if (CodePoints(explanation) > kMaxExplanationChars) {
    problem(DuoColumn::kToelichting, "langer dan 200 tekens (SPEC C-28)");
  } else if (HasControl(explanation, true)) {
    problem(DuoColumn::kToelichting, "bevat stuurtekens");
  } else if (!explanation.empty() && NamesSpecialCategory(explanation, canonical)) {
    AddProblem(error, DuoRowProblem::kSpecialCategory, DuoColumnName(DuoColumn::kToelichting),
               "te specifiek / bijzonder persoonsgegeven (SPEC C-28); beschrijf de reden in algemene termen");
  } else {
    r.explanation.assign(explanation);
  }
}

bool DuoCsvReader::Next(DuoRecord& record, DuoRowError& error) {
  for (;;) {
    error.message.clear();
    error.problem = DuoRowProblem::kInvalid;
    const Scan scan = ScanRecord(error);
    if (scan == Scan::kEnd) return false;
    if (scan == Scan::kBlank) continue;
    if (error.message.empty()) Validate(record, error);
    record.line = row_line_;
    error.line = row_line_;
    return true;
  }
}

Result<DuoParse> ParseDuoCsv(std::string_view text, Date today) {
  auto reader = DuoCsvReader::Open(text, today);
  if (!reader.ok()) return reader.status();
  DuoParse out;
  out.separator = reader->separator();
  DuoRecord record;
  DuoRowError error;
  while (reader->Next(record, error)) {
    if (error.message.empty()) {
      out.records.push_back(record);
    } else {
      out.errors.push_back(error);
    }
  }
  out.warnings = reader->warnings();
  return out;
}

}  // namespace leerrecht::services
