// The DUO CSV reader on strings: dialect, columns, every row-level rejection (SPEC C-26, C-28, P-12) and line numbers.
#include "services/duo_csv.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace leerrecht::services {
namespace {

const Date kToday = Date::Ymd(2025, 3, 14);

constexpr const char* kHeader =
    "meldingsnummer;bsn;onderwijsnummer;achternaam;voorvoegsel;voornamen;geboortedatum;gemeente;brin;vestiging;"
    "verzuimsoort;begindatum;einddatum;lesuren;vermoedelijke_reden;toelichting;melddatum\n";

const char* const kColumns[] = {"meldingsnummer", "bsn",         "onderwijsnummer", "achternaam", "voorvoegsel",
                                "voornamen",      "geboortedatum", "gemeente",       "brin",       "vestiging",
                                "verzuimsoort",   "begindatum",  "einddatum",       "lesuren",    "vermoedelijke_reden",
                                "toelichting",    "melddatum"};

// A valid row in kHeader's order, with some values replaced.
std::string Row(std::map<std::string, std::string> overrides = {}) {
  std::map<std::string, std::string> v = {{"meldingsnummer", "VZL-2025-000123"},
                                          {"bsn", "111222333"},
                                          {"achternaam", "Vries"},
                                          {"voorvoegsel", "de"},
                                          {"voornamen", "Lina"},
                                          {"geboortedatum", "2011-05-04"},
                                          {"gemeente", "Ede"},
                                          {"brin", "12AB"},
                                          {"vestiging", "00"},
                                          {"verzuimsoort", "16-uur-onder-18"},
                                          {"begindatum", "2025-02-10"},
                                          {"lesuren", "17,5"},
                                          {"vermoedelijke_reden", "onbekend-in-onderzoek"},
                                          {"toelichting", "Vaak afwezig op maandag"},
                                          {"melddatum", "2025-02-24"}};
  for (auto& [k, value] : overrides) v[k] = value;
  std::string line;
  for (const char* c : kColumns) {
    if (!line.empty()) line += ';';
    line += v[c];
  }
  return line + "\n";
}

DuoParse Parse(const std::string& text) {
  auto parsed = ParseDuoCsv(text, kToday);
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  return parsed.ok() ? *parsed : DuoParse{};
}

// The one rejection of a one-row file.
DuoRowError RejectionOf(const std::string& row) {
  DuoParse p = Parse(kHeader + row);
  EXPECT_TRUE(p.records.empty());
  EXPECT_EQ(p.errors.size(), 1u);
  return p.errors.empty() ? DuoRowError{} : p.errors.front();
}

std::string FileError(const std::string& text) {
  auto parsed = ParseDuoCsv(text, kToday);
  EXPECT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), ErrorCode::kInvalidInput);
  return parsed.ok() ? "" : parsed.status().message();
}

TEST(DuoCsvTest, ReadsAValidRowIntoStoredValues) {
  DuoParse p = Parse(kHeader + Row());
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_TRUE(p.errors.empty());
  EXPECT_EQ(p.separator, ';');
  const DuoRecord& r = p.records[0];
  EXPECT_EQ(r.line, 2u);
  EXPECT_EQ(r.notification_number, "VZL-2025-000123");
  ASSERT_TRUE(r.bsn.has_value());
  EXPECT_EQ(r.bsn->digits(), "111222333");
  EXPECT_EQ(r.name, "Lina de Vries");
  EXPECT_EQ(r.birth_date, Date::Ymd(2011, 5, 4));
  EXPECT_EQ(r.municipality, "Ede");
  EXPECT_EQ(r.brin, "12AB");
  EXPECT_EQ(r.location, "00");
  EXPECT_EQ(r.kind, DuoKind::k16UurOnder18);
  EXPECT_EQ(r.start_date, Date::Ymd(2025, 2, 10));
  EXPECT_FALSE(r.end_date.has_value());
  ASSERT_TRUE(r.hours.has_value());
  EXPECT_EQ(*r.hours, 17.5);
  EXPECT_EQ(r.suspected_reason, "onbekend-in-onderzoek");
  EXPECT_EQ(r.explanation, "Vaak afwezig op maandag");
  EXPECT_EQ(r.reported_on, Date::Ymd(2025, 2, 24));
}

// Two spellings of the same melding must compare equal after reading, or a re-import would conflict.
TEST(DuoCsvTest, SpellingsNormaliseToTheSameValues) {
  DuoParse a = Parse(kHeader + Row());
  DuoParse b = Parse(kHeader + Row({{"begindatum", "10-2-2025"},
                                    {"melddatum", "24-02-2025"},
                                    {"lesuren", "17.50"},
                                    {"brin", "12ab00"},
                                    {"vestiging", "0"},
                                    {"verzuimsoort", "16 Uur Onder 18"},
                                    {"vermoedelijke_reden", "Onbekend"}}));
  ASSERT_EQ(a.records.size(), 1u);
  ASSERT_EQ(b.records.size(), 1u) << (b.errors.empty() ? "" : b.errors[0].message);
  const DuoRecord& x = a.records[0];
  const DuoRecord& y = b.records[0];
  EXPECT_EQ(x.start_date, y.start_date);
  EXPECT_EQ(x.reported_on, y.reported_on);
  EXPECT_EQ(x.hours, y.hours);
  EXPECT_EQ(x.brin, y.brin);
  EXPECT_EQ(x.location, y.location);
  EXPECT_EQ(x.kind, y.kind);
  EXPECT_EQ(x.suspected_reason, y.suspected_reason);
}

TEST(DuoCsvTest, CommaSeparatorQuotesAndLineBreaksInsideAField) {
  const std::string text =
      "\xEF\xBB\xBFMeldingsnummer,BSN,Achternaam,Voornamen,Geboortedatum,BRIN,Verzuimsoort,Begindatum,"
      "Toelichting,Melddatum\r\n"
      "A-1,111222333,\"Vries, de\",Lina,2011-05-04,12AB,overig,2025-02-10,\"Zegt \"\"ik kom morgen\"\"\r\nen "
      "komt niet\",2025-02-24\r\n"
      "A-2,123456782,Bakker,Sem,2009-11-30,12AB,luxe,2025-02-10,,2025-02-24\r\n";
  DuoParse p = Parse(text);
  EXPECT_EQ(p.separator, ',');
  ASSERT_EQ(p.records.size(), 2u) << (p.errors.empty() ? "" : p.errors[0].message);
  EXPECT_EQ(p.records[0].name, "Lina Vries, de");
  EXPECT_EQ(p.records[0].explanation, "Zegt \"ik kom morgen\"\r\nen komt niet");
  EXPECT_EQ(p.records[0].line, 2u);
  EXPECT_EQ(p.records[1].line, 4u);  // the quoted line break counts
  EXPECT_EQ(p.records[1].kind, DuoKind::kLuxe);
  EXPECT_EQ(p.records[1].location, "");
}

TEST(DuoCsvTest, ExcelSeparatorHintAndBlankRows) {
  const std::string text = "sep=,\n" + std::string(kHeader) + "\n;;;\n" + Row() + "\n";
  // The hint says ',' although the header uses ';': the hint wins, and this header is one column.
  EXPECT_NE(FileError(text).find("mist verplichte kolommen"), std::string::npos);
  DuoParse p = Parse("sep=;\n" + std::string(kHeader) + "\n;;;\n" + Row() + "\n");
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_TRUE(p.errors.empty());
  EXPECT_EQ(p.records[0].line, 5u);  // sep= is line 1, the header line 2, then two blank rows
}

TEST(DuoCsvTest, UnknownColumnsAreIgnoredWithAWarning) {
  std::string header = kHeader;
  header.insert(header.size() - 1, ";klas");
  std::string row = Row();
  row.insert(row.size() - 1, ";3B");
  DuoParse p = Parse(header + row);
  ASSERT_EQ(p.records.size(), 1u);
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].line, 1u);
  EXPECT_EQ(p.warnings[0].text, "onbekende kolom genegeerd: klas");
}

TEST(DuoCsvTest, FileLevelProblemsMakeTheFileUnusable) {
  EXPECT_EQ(FileError(""), "het bestand is leeg");
  EXPECT_EQ(FileError("\n\r\n"), "het bestand is leeg");
  EXPECT_EQ(FileError(std::string("\xFF\xFEm\0e\0", 6)), "het bestand is UTF-16; sla het op als CSV UTF-8");
  EXPECT_EQ(FileError(std::string("m\0e\0l\0d\0\n\0", 10)), "het bestand is UTF-16; sla het op als CSV UTF-8");
  const std::string wrong = FileError("naam;adres;woonplaats\nJan;Dorpsstraat 1;Ede\n");
  EXPECT_EQ(wrong.rfind("de kopregel mist verplichte kolommen: meldingsnummer, bsn, achternaam, geboortedatum, "
                        "brin, verzuimsoort, begindatum, melddatum (gevonden: naam, adres, woonplaats",
                        0),
            0u)
      << wrong;
  const std::string tabs = FileError("meldingsnummer\tbsn\tachternaam\n");
  EXPECT_NE(tabs.find("mist verplichte kolommen"), std::string::npos) << tabs;
  std::string twice = kHeader;
  twice.insert(twice.size() - 1, ";BSN");
  EXPECT_EQ(FileError(twice), "kolom bsn staat twee keer in de kopregel");
  EXPECT_EQ(FileError("meldingsnummer;b\xE9sn\n"),
            "de kopregel is geen geldige UTF-8; sla het bestand op als CSV UTF-8");
}

TEST(DuoCsvTest, HeaderOnlyIsAnEmptyImport) {
  DuoParse p = Parse(kHeader);
  EXPECT_TRUE(p.records.empty());
  EXPECT_TRUE(p.errors.empty());
}

TEST(DuoCsvTest, WrongEncodingRejectsOnlyThatRowWithItsLine) {
  const std::string text = kHeader + Row({{"meldingsnummer", "A-1"}}) +
                           Row({{"meldingsnummer", "A-2"}, {"achternaam", "M\xFCller"}}) +
                           Row({{"meldingsnummer", "A-3"}, {"toelichting", std::string("nul\0byte", 8)}}) +
                           Row({{"meldingsnummer", "A-4"}, {"achternaam", "M\xC3\xBCller"}});
  DuoParse p = Parse(text);
  ASSERT_EQ(p.records.size(), 2u);
  EXPECT_EQ(p.records[1].name, "Lina de M\xC3\xBCller");
  ASSERT_EQ(p.errors.size(), 2u);
  EXPECT_EQ(p.errors[0].line, 3u);
  EXPECT_EQ(p.errors[0].problem, DuoRowProblem::kEncoding);
  EXPECT_EQ(p.errors[1].line, 4u);
  EXPECT_EQ(p.errors[1].problem, DuoRowProblem::kEncoding);
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_NE(p.warnings[0].text.find("CSV UTF-8"), std::string::npos);
}

TEST(DuoCsvTest, TruncatedLastLineIsRejectedAndTheRestRead) {
  std::string text = kHeader + Row({{"meldingsnummer", "A-1"}}) + Row({{"meldingsnummer", "A-2"}});
  text.pop_back();  // the last row lost its line end
  DuoParse p = Parse(text);
  ASSERT_EQ(p.records.size(), 1u);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].line, 3u);
  EXPECT_EQ(p.errors[0].problem, DuoRowProblem::kFormat);
  EXPECT_EQ(p.errors[0].message, "laatste regel is niet afgesloten (afgebroken bestand?)");

  // Cut in the middle of a row: fewer fields as well.
  const std::string cut = kHeader + Row({{"meldingsnummer", "A-1"}}) + "A-2;111222333;;Vries;de";
  p = Parse(cut);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].message,
            "5 van de 17 velden (afgebroken regel?); laatste regel is niet afgesloten (afgebroken bestand?)");
  // Cut inside a quoted text.
  p = Parse(kHeader + Row({{"meldingsnummer", "A-1"}}) + "A-2;111222333;;\"Vries");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].message, "aanhalingsteken niet afgesloten (afgebroken bestand?)");
  EXPECT_EQ(p.records.size(), 1u);
}

TEST(DuoCsvTest, QuoteErrorsCostOneRow) {
  const std::string text = kHeader + Row({{"meldingsnummer", "A-1"}, {"achternaam", "\"Vries\"x"}}) +
                           Row({{"meldingsnummer", "A-2"}, {"achternaam", "\"Vries"}}) +
                           Row({{"meldingsnummer", "A-3"}});
  DuoParse p = Parse(text);
  ASSERT_EQ(p.errors.size(), 2u);
  EXPECT_EQ(p.errors[0].line, 2u);
  EXPECT_EQ(p.errors[0].message, "tekst na een afsluitend aanhalingsteken");
  EXPECT_EQ(p.errors[1].line, 3u);
  EXPECT_EQ(p.errors[1].message, "aanhalingsteken niet afgesloten (afgebroken bestand?)");
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].notification_number, "A-3");
  EXPECT_EQ(p.records[0].line, 4u);
}

TEST(DuoCsvTest, MoreFieldsThanTheHeader) {
  std::string row = Row();
  row.insert(row.size() - 1, ";extra");
  EXPECT_EQ(RejectionOf(row).problem, DuoRowProblem::kFormat);
  // Trailing empty fields are harmless.
  row = Row();
  row.insert(row.size() - 1, ";;");
  EXPECT_EQ(Parse(kHeader + row).records.size(), 1u);
}

// SPEC C-26.
TEST(DuoCsvTest, C_26_BsnIsCheckedWithTheElfproef) {
  EXPECT_EQ(RejectionOf(Row({{"bsn", "123456789"}})).message, "bsn: BSN ongeldig (elfproef)");
  EXPECT_EQ(RejectionOf(Row({{"bsn", "1234567"}})).message, "bsn: BSN ongeldig (moet 9 cijfers hebben)");
  EXPECT_EQ(RejectionOf(Row({{"bsn", "1.23457E+08"}})).message, "bsn: BSN ongeldig (alleen cijfers toegestaan)");
  EXPECT_EQ(RejectionOf(Row({{"bsn", ""}})).message, "bsn: ontbreekt");
  const DuoRowError only_education_number = RejectionOf(Row({{"bsn", ""}, {"onderwijsnummer", "101234567"}}));
  EXPECT_EQ(only_education_number.problem, DuoRowProblem::kNoBsn);
  EXPECT_NE(only_education_number.message.find("koppel de melding met de hand"), std::string::npos);
  DuoParse p = Parse(kHeader + Row({{"bsn", "12345672"}}));  // 8 digits: a leading zero was lost
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].bsn->digits(), "012345672");
}

// SPEC P-12: authorised sick leave is not a ground, with the SPEC's explanation.
TEST(DuoCsvTest, P_12_SickLeaveIsRefusedAsAGround) {
  const std::string reason =
      "ziekteverzuim is geoorloofd; geen rol leerplicht — volg ziekteverzuimbeleid school/GGD (SPEC P-12)";
  for (const char* kind : {"ziekte", "Ziekte (geoorloofd)", "ziekmelding", "geoorloofd verzuim", "ziekteverzuim"}) {
    const DuoRowError e = RejectionOf(Row({{"verzuimsoort", kind}}));
    EXPECT_EQ(e.problem, DuoRowProblem::kSickLeave) << kind;
    EXPECT_EQ(e.message, reason) << kind;
  }
  const DuoRowError sick = RejectionOf(Row({{"verzuimsoort", "overig-verzuim"}, {"vermoedelijke_reden", "ziek gemeld, geoorloofd"}}));
  EXPECT_EQ(sick.problem, DuoRowProblem::kSickLeave);
  EXPECT_EQ(sick.message, reason);
  EXPECT_EQ(RejectionOf(Row({{"verzuimsoort", "overig-verzuim"}, {"vermoedelijke_reden", "geoorloofd"}})).problem,
            DuoRowProblem::kSickLeave);
  const DuoRowError langdurig_sick =
      RejectionOf(Row({{"verzuimsoort", "langdurig-relatief-verzuim"}, {"vermoedelijke_reden", "ziekte"}, {"lesuren", ""}}));
  EXPECT_EQ(langdurig_sick.problem, DuoRowProblem::kSickLeave);
  EXPECT_NE(langdurig_sick.message.find("'geoorloofd' (SPEC C-10)"), std::string::npos);

  // Langdurig verzuim counts whatever the reason (C-07): the general qualifier is allowed (C-10).
  DuoParse p = Parse(kHeader + Row({{"verzuimsoort", "langdurig-relatief-verzuim"},
                                    {"vermoedelijke_reden", "geoorloofd"},
                                    {"lesuren", ""}}));
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].suspected_reason, "geoorloofd");
  // Suspected unauthorised sick leave is for leerplicht (P-14).
  p = Parse(kHeader + Row({{"verzuimsoort", "overig-verzuim"},
                           {"vermoedelijke_reden", "vermoedelijk ongeoorloofd ziekteverzuim"}}));
  ASSERT_EQ(p.records.size(), 1u);
  EXPECT_EQ(p.records[0].suspected_reason, "vermoedelijk-ongeoorloofd-ziekteverzuim");
  // "ongeoorloofd" is not "geoorloofd".
  p = Parse(kHeader + Row({{"vermoedelijke_reden", "ongeoorloofd"}}));
  EXPECT_EQ(p.records.size(), 1u);
}

// SPEC C-28.
TEST(DuoCsvTest, C_28_ExplanationInGeneralTermsOnly) {
  DuoParse ok = Parse(kHeader + Row({{"vermoedelijke_reden", "onderwijsaanbod sluit niet aan"},
                                     {"toelichting", "wacht op plaatsing"}}));
  ASSERT_EQ(ok.records.size(), 1u);
  EXPECT_EQ(ok.records[0].suspected_reason, "onderwijsaanbod-sluit-niet-aan");
  const DuoRowError specific = RejectionOf(Row({{"toelichting", "ASS-diagnose en angststoornis"}}));
  EXPECT_EQ(specific.problem, DuoRowProblem::kSpecialCategory);
  EXPECT_EQ(specific.message,
            "toelichting: te specifiek / bijzonder persoonsgegeven (SPEC C-28); beschrijf de reden in algemene termen");
  for (const char* text : {"gebruikt Ritalin", "ADHD", "ziek: depressie", "Ramadan", "opgenomen in het ZIEKENHUIS",
                           "Suïcidale uitingen", "burn-out"}) {
    EXPECT_EQ(RejectionOf(Row({{"toelichting", text}})).problem, DuoRowProblem::kSpecialCategory) << text;
  }
  // Whole words only for the short ones.
  EXPECT_EQ(Parse(kHeader + Row({{"toelichting", "klassen gemist, past niet in de groep"}})).records.size(), 1u);
  EXPECT_EQ(RejectionOf(Row({{"toelichting", std::string(250, 'x')}})).message,
            "toelichting: langer dan 200 tekens (SPEC C-28)");
  std::string two_hundred;
  for (int i = 0; i < 200; ++i) two_hundred += "\xC3\xA9";  // é: 200 characters, 400 bytes
  EXPECT_EQ(Parse(kHeader + Row({{"toelichting", two_hundred}})).records.size(), 1u);
  EXPECT_EQ(RejectionOf(Row({{"vermoedelijke_reden", "heeft geen zin"}})).message,
            "vermoedelijke_reden: onbekende code (zie docs/formats/duo-import.md)");
}

TEST(DuoCsvTest, DatesAndNumbersAreChecked) {
  EXPECT_EQ(RejectionOf(Row({{"begindatum", "2025-02-30"}})).message,
            "begindatum: geen geldige datum (verwacht JJJJ-MM-DD of DD-MM-JJJJ)");
  EXPECT_EQ(RejectionOf(Row({{"melddatum", "2025-03-15"}})).message, "melddatum: ligt in de toekomst");
  EXPECT_EQ(RejectionOf(Row({{"melddatum", "2025-02-09"}})).message, "melddatum: ligt vóór de begindatum");
  EXPECT_EQ(RejectionOf(Row({{"einddatum", "2025-02-01"}})).message, "einddatum: ligt vóór de begindatum");
  EXPECT_EQ(RejectionOf(Row({{"geboortedatum", "2026-01-01"}})).message,
            "geboortedatum: ligt in de toekomst; geboortedatum: ligt na de begindatum");
  EXPECT_EQ(RejectionOf(Row({{"lesuren", "12"}})).message, "lesuren: minder dan 16 bij verzuimsoort 16-uur-onder-18");
  EXPECT_EQ(RejectionOf(Row({{"lesuren", "17,555"}})).message,
            "lesuren: geen geldig aantal (0 tot 1000, hoogstens 2 decimalen)");
  EXPECT_EQ(RejectionOf(Row({{"brin", "ABCD"}})).message,
            "brin: ongeldig (verwacht 4 tekens zoals 12AB, of 12AB01 met vestiging)");
  EXPECT_EQ(RejectionOf(Row({{"brin", "12AB01"}, {"vestiging", "02"}})).message,
            "vestiging: wijkt af van de vestiging in brin");
  EXPECT_EQ(RejectionOf(Row({{"meldingsnummer", "nummer met spaties"}})).message,
            "meldingsnummer: ongeldig (1 tot 64 letters, cijfers en - _ . /)");
  EXPECT_EQ(RejectionOf(Row({{"verzuimsoort", "spijbelen"}})).message,
            "verzuimsoort: onbekende code (zie docs/formats/duo-import.md)");
}

// All problems of a row are listed; the code is the most specific one.
TEST(DuoCsvTest, SeveralProblemsInOneRow) {
  const DuoRowError e = RejectionOf(Row({{"bsn", "123456789"}, {"verzuimsoort", "ziekte"}, {"achternaam", ""}}));
  EXPECT_EQ(e.problem, DuoRowProblem::kSickLeave);
  EXPECT_EQ(e.message,
            "bsn: BSN ongeldig (elfproef); achternaam: ontbreekt; ziekteverzuim is geoorloofd; geen rol leerplicht — "
            "volg ziekteverzuimbeleid school/GGD (SPEC P-12)");
}

// DESIGN.md §8: no BSN (or other value from the file) in an error message.
TEST(DuoCsvTest, MessagesNeverRepeatAValue) {
  const std::string bsn = "123456789";
  std::string text = kHeader;
  for (const char* column : kColumns) {
    if (std::string(column) == "onderwijsnummer") continue;
    text += Row({{"bsn", bsn}, {column, bsn}});
  }
  text += "VZL;" + bsn + ";x\n";
  DuoParse p = Parse(text);
  EXPECT_FALSE(p.errors.empty());
  for (const DuoRowError& e : p.errors) EXPECT_EQ(e.message.find(bsn), std::string::npos) << e.message;
  for (const DuoWarning& w : p.warnings) EXPECT_EQ(w.text.find(bsn), std::string::npos) << w.text;
}

TEST(DuoCsvTest, KindsMapToCaseCategories) {
  EXPECT_EQ(CaseCategoryForDuoKind("16-uur-onder-18"), "relatief-verzuim");
  EXPECT_EQ(CaseCategoryForDuoKind("langdurig-relatief-verzuim"), "langdurig-verzuim");
  EXPECT_EQ(CaseCategoryForDuoKind("luxe-verzuim"), "luxe-verzuim");
  EXPECT_EQ(CaseCategoryForDuoKind("overig-verzuim"), "overig-verzuim");
  EXPECT_FALSE(CaseCategoryForDuoKind("16-uur-vanaf-18").has_value());
  EXPECT_FALSE(CaseCategoryForDuoKind("rmc").has_value());
  for (DuoKind kind : {DuoKind::k16UurOnder18, DuoKind::k16UurVanaf18, DuoKind::kLangdurigRelatief, DuoKind::kLuxe,
                       DuoKind::kOverig, DuoKind::kRmc}) {
    DuoParse p = Parse(kHeader + Row({{"verzuimsoort", std::string(DuoKindCode(kind))}}));
    ASSERT_EQ(p.records.size(), 1u) << DuoKindCode(kind);
    EXPECT_EQ(p.records[0].kind, kind);
  }
}

// A million-row file is read without holding it: the reader reuses one record.
TEST(DuoCsvTest, ReaderStreamsRowByRow) {
  std::string text = kHeader;
  for (int i = 0; i < 1000; ++i) text += Row({{"meldingsnummer", "N-" + std::to_string(i)}});
  auto reader = DuoCsvReader::Open(text, kToday);
  ASSERT_TRUE(reader.ok());
  DuoRecord record;
  DuoRowError error;
  int rows = 0;
  while (reader->Next(record, error)) {
    ASSERT_TRUE(error.message.empty()) << error.message;
    EXPECT_EQ(record.line, static_cast<std::uint32_t>(rows + 2));
    ++rows;
  }
  EXPECT_EQ(rows, 1000);
  EXPECT_EQ(reader->position(), text.size());
}

}  // namespace
}  // namespace leerrecht::services
