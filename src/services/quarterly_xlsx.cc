#include "services/quarterly_xlsx.h"

#include <xlsxwriter.h>

#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

namespace leerrecht::services {

namespace {

struct Column {
  const char* heading;
  double width;
};

// The CSV's columns (QuarterlyCsv), with headings an Inspectie reader understands.
constexpr std::array<Column, 10> kColumns = {{{"Jaar", 8},
                                              {"Kwartaal", 10},
                                              {"Peildatum", 12},
                                              {"SWV", 28},
                                              {"Noemer", 20},
                                              {"Aantal op peildatum", 20},
                                              {"Tot en met 3 maanden", 22},
                                              {"Langer dan 3 maanden", 22},
                                              {"Nieuw in kwartaal", 18},
                                              {"Beëindigd in kwartaal", 22}}};

// Keeps the first error of a run of libxlsxwriter calls.
class Errors {
 public:
  void Check(lxw_error e) {
    if (e != LXW_NO_ERROR && first_ == LXW_NO_ERROR) first_ = e;
  }
  [[nodiscard]] lxw_error first() const { return first_; }

 private:
  lxw_error first_ = LXW_NO_ERROR;
};

}  // namespace

Status WriteQuarterlyXlsx(const QuarterlyReport& report, const std::string& path) {
  lxw_workbook* workbook = workbook_new(path.c_str());
  if (workbook == nullptr) return Status::Io("kan werkmap niet aanmaken: " + path);
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  Errors errors;

  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Kwartaal");
  if (sheet == nullptr) {
    workbook_close(workbook);
    return Status::Io("kan werkmap niet schrijven: " + path);
  }
  for (lxw_col_t c = 0; c < kColumns.size(); ++c) {
    errors.Check(worksheet_set_column(sheet, c, c, kColumns[c].width, nullptr));
    errors.Check(worksheet_write_string(sheet, 0, c, kColumns[c].heading, bold));
  }
  worksheet_freeze_panes(sheet, 1, 0);
  lxw_row_t row = 0;
  for (const SwvCounts& s : report.per_swv) {
    const std::string swv = s.swv.empty() ? std::string("geen verantwoordelijk SWV") : s.swv;
    for (std::size_t i = 0; i < kThuiszitterCategories.size(); ++i) {
      const CategoryCounts& c = s.categories[i];
      ++row;
      const std::string category(kThuiszitterCategories[i]);
      errors.Check(worksheet_write_number(sheet, row, 0, report.year, nullptr));
      errors.Check(worksheet_write_number(sheet, row, 1, report.quarter, nullptr));
      errors.Check(worksheet_write_string(sheet, row, 2, report.peildatum.c_str(), nullptr));
      errors.Check(worksheet_write_string(sheet, row, 3, swv.c_str(), nullptr));
      errors.Check(worksheet_write_string(sheet, row, 4, category.c_str(), nullptr));
      const std::array<int, 5> counts = {c.on_peildatum, c.up_to_3_months, c.over_3_months, c.new_in_quarter,
                                         c.ended_in_quarter};
      for (std::size_t k = 0; k < counts.size(); ++k) {
        errors.Check(worksheet_write_number(sheet, row, static_cast<lxw_col_t>(5 + k), counts[k], nullptr));
      }
    }
  }

  // What the figures mean, so the sheet can go to the Inspectie as it is.
  lxw_worksheet* notes = workbook_add_worksheet(workbook, "Toelichting");
  if (notes != nullptr) {
    errors.Check(worksheet_set_column(notes, 0, 0, 24, nullptr));
    errors.Check(worksheet_set_column(notes, 1, 1, 80, nullptr));
    const std::string quarter = std::to_string(report.year) + " kwartaal " + std::to_string(report.quarter);
    const std::string period = report.first_day + " tot en met " + report.peildatum;
    const std::array<std::pair<const char*, std::string>, 7> lines = {{
        {"Kwartaal", quarter},
        {"Periode", period},
        {"Peildatum", report.peildatum + " (laatste dag van het kwartaal)"},
        {"Register van", report.party},
        {"Noemers", "absoluut-verzuim, langdurig-verzuim, vrijstelling-5a (convenant thuiszitters)"},
        {"Duur", "tot en met 3 maanden / langer dan 3 maanden thuiszitter op de peildatum (Thuiszitterspact)"},
        {"Persoonsgegevens", "geen: alleen aantallen per samenwerkingsverband, niet onderdrukt (SPEC C-18, Q-47)"},
    }};
    lxw_row_t r = 0;
    for (const auto& [label, text] : lines) {
      errors.Check(worksheet_write_string(notes, r, 0, label, bold));
      errors.Check(worksheet_write_string(notes, r, 1, text.c_str(), nullptr));
      ++r;
    }
  } else {
    errors.Check(LXW_ERROR_MEMORY_MALLOC_FAILED);
  }

  const lxw_error closed = workbook_close(workbook);  // frees the workbook whatever happens
  if (errors.first() != LXW_NO_ERROR) {
    return Status::Io("kan werkmap niet schrijven: " + path + " (" + lxw_strerror(errors.first()) + ")");
  }
  if (closed != LXW_NO_ERROR) return Status::Io("kan werkmap niet schrijven: " + path + " (" + lxw_strerror(closed) + ")");
  return Status::Ok();
}

Result<std::string> QuarterlyXlsx(const QuarterlyReport& report) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) dir = "/tmp";
  // mkstemp gives a name no one else holds; libxlsxwriter then rewrites the file by name.
  std::string name = (dir / "leerrecht-kwartaal-XXXXXX").string();
  const int fd = ::mkstemp(name.data());
  if (fd < 0) return Status::Io("kan geen tijdelijk bestand maken voor de werkmap");
  ::close(fd);
  Status written = WriteQuarterlyXlsx(report, name);
  std::string bytes;
  if (written.ok()) {
    std::ifstream in(name, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    if (!in.good() && !in.eof()) written = Status::Io("kan de werkmap niet teruglezen");
    bytes = out.str();
  }
  std::filesystem::remove(name, ec);
  if (!written.ok()) return written;
  if (bytes.empty()) return Status::Io("de werkmap is leeg");
  return bytes;
}

}  // namespace leerrecht::services
