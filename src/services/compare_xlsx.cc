#include "services/compare_xlsx.h"

#include <xlsxwriter.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leerrecht::services {

namespace {

// Excel's last row index; row 0 holds the headings.
constexpr lxw_row_t kLastRow = 1'048'575;

struct Column {
  const char* heading;
  double width;
};

// One group: its sheet, and continuation sheets when it outgrows one.
class GroupSheet {
 public:
  GroupSheet(lxw_workbook* workbook, lxw_format* bold, std::string name, std::vector<Column> columns)
      : workbook_(workbook), bold_(bold), name_(std::move(name)), columns_(std::move(columns)) {
    Open();
  }

  // Starts the next row and returns its index.
  lxw_row_t NextRow() {
    if (row_ == kLastRow) Open();
    return ++row_;
  }
  void Text(lxw_col_t column, std::string_view text) {
    // libxlsxwriter takes C strings; a NUL inside a value (never in real lists) ends it early.
    scratch_.assign(text);
    Check(worksheet_write_string(sheet_, row_, column, scratch_.c_str(), nullptr));
  }
  void Number(lxw_col_t column, double value) { Check(worksheet_write_number(sheet_, row_, column, value, nullptr)); }
  void Bsn(lxw_col_t column, std::uint32_t bsn) { Text(column, FormatBsn(bsn)); }

  [[nodiscard]] lxw_error error() const { return error_; }

 private:
  void Open() {
    ++part_;
    const std::string name = part_ == 1 ? name_ : name_ + " (" + std::to_string(part_) + ")";
    sheet_ = workbook_add_worksheet(workbook_, name.c_str());
    if (sheet_ == nullptr) {
      error_ = LXW_ERROR_MEMORY_MALLOC_FAILED;
      return;
    }
    row_ = 0;
    for (lxw_col_t c = 0; c < columns_.size(); ++c) {
      Check(worksheet_set_column(sheet_, c, c, columns_[c].width, nullptr));
      Check(worksheet_write_string(sheet_, 0, c, columns_[c].heading, bold_));
    }
    worksheet_freeze_panes(sheet_, 1, 0);
  }
  void Check(lxw_error error) {
    if (error != LXW_NO_ERROR && error_ == LXW_NO_ERROR) error_ = error;
  }

  lxw_workbook* workbook_;
  lxw_format* bold_;
  std::string name_;
  std::vector<Column> columns_;
  lxw_worksheet* sheet_ = nullptr;
  lxw_row_t row_ = 0;
  int part_ = 0;
  lxw_error error_ = LXW_NO_ERROR;
  std::string scratch_;
};

std::string_view SideText(CompareSide side) { return side == CompareSide::kLeft ? "links" : "rechts"; }

}  // namespace

Status WriteCompareXlsx(const CompareReport& report, const std::string& path) {
  // Constant memory: rows go to a temporary file as they are written, so a million matched
  // BSNs do not sit in memory as cells.
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  options.use_zip64 = LXW_TRUE;
  lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
  if (workbook == nullptr) return Status::Io("kan werkmap niet aanmaken: " + path);
  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);

  std::vector<lxw_error> errors;
  {
    GroupSheet summary(workbook, bold, "Samenvatting", {{"Onderdeel", 28}, {"Aantal", 12}});
    const std::pair<const char*, std::uint64_t> counts[] = {
        {"Rijen links", report.left_rows},
        {"Rijen rechts", report.right_rows},
        {"In beide", report.matched.size()},
        {"Alleen links", report.only_left.size()},
        {"Alleen rechts", report.only_right.size()},
        {"Categorie verschilt", report.category_mismatch.size()},
        {"Veldverschillen", report.field_differences.size()},
        {"Ongeldige rijen", report.invalid.size()},
        {"Dubbele BSN's", report.duplicates.size()},
    };
    for (const auto& [label, count] : counts) {
      summary.NextRow();
      summary.Text(0, label);
      summary.Number(1, static_cast<double>(count));
    }
    errors.push_back(summary.error());
  }
  {
    GroupSheet matched(workbook, bold, "In beide", {{"BSN", 14}});
    for (const std::uint32_t bsn : report.matched) {
      matched.NextRow();
      matched.Bsn(0, bsn);
    }
    errors.push_back(matched.error());
  }
  for (const CompareSide side : {CompareSide::kLeft, CompareSide::kRight}) {
    const auto& list = side == CompareSide::kLeft ? report.only_left : report.only_right;
    GroupSheet only(workbook, bold, side == CompareSide::kLeft ? "Alleen links" : "Alleen rechts",
                    {{"BSN", 14}, {"Toelichting", 50}});
    std::size_t note = 0;
    for (const std::uint32_t bsn : list) {
      only.NextRow();
      only.Bsn(0, bsn);
      // Notes are sorted by side and BSN, like the lists: one pass pairs them up.
      while (note < report.notes.size() && (report.notes[note].side < side ||
                                            (report.notes[note].side == side && report.notes[note].bsn < bsn))) {
        ++note;
      }
      if (note < report.notes.size() && report.notes[note].side == side && report.notes[note].bsn == bsn) {
        only.Text(1, report.notes[note].note);
      }
    }
    errors.push_back(only.error());
  }
  {
    GroupSheet category(workbook, bold, "Categorie", {{"BSN", 14}, {"Links", 24}, {"Rechts", 24}});
    for (const auto& m : report.category_mismatch) {
      category.NextRow();
      category.Bsn(0, m.bsn);
      category.Text(1, m.left);
      category.Text(2, m.right);
    }
    errors.push_back(category.error());
  }
  {
    GroupSheet fields(workbook, bold, "Velden",
                      {{"BSN", 14}, {"Veld", 18}, {"Links", 28}, {"Rechts", 28}, {"Dagen (rechts - links)", 22}});
    for (const auto& d : report.field_differences) {
      fields.NextRow();
      fields.Bsn(0, d.bsn);
      fields.Text(1, d.field);
      fields.Text(2, d.left);
      fields.Text(3, d.right);
      if (d.days) fields.Number(4, *d.days);
    }
    errors.push_back(fields.error());
  }
  {
    GroupSheet invalid(workbook, bold, "Ongeldig", {{"Lijst", 10}, {"Regel", 10}, {"Fout", 70}});
    for (const auto& r : report.invalid) {
      invalid.NextRow();
      invalid.Text(0, SideText(r.side));
      invalid.Number(1, r.line);
      invalid.Text(2, r.error);
    }
    errors.push_back(invalid.error());
  }
  {
    GroupSheet duplicates(workbook, bold, "Dubbel", {{"Lijst", 10}, {"BSN", 14}, {"Regels", 30}});
    for (const auto& d : report.duplicates) {
      duplicates.NextRow();
      duplicates.Text(0, SideText(d.side));
      duplicates.Bsn(1, d.bsn);
      std::string lines;
      for (const std::uint32_t l : d.lines) {
        if (!lines.empty()) lines += ", ";
        lines += std::to_string(l);
      }
      duplicates.Text(2, lines);
    }
    errors.push_back(duplicates.error());
  }

  const lxw_error closed = workbook_close(workbook);  // frees the workbook whatever happens
  for (const lxw_error e : errors) {
    if (e != LXW_NO_ERROR) return Status::Io("kan werkmap niet schrijven: " + path + " (" + lxw_strerror(e) + ")");
  }
  if (closed != LXW_NO_ERROR) return Status::Io("kan werkmap niet schrijven: " + path + " (" + lxw_strerror(closed) + ")");
  return Status::Ok();
}

}  // namespace leerrecht::services
