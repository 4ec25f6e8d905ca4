// Quarterly pages: thuiszitter counts (SPEC C-18) with a chart and downloads, and the register of disclosures (W-30, C-36).
#include <algorithm>
#include <array>

#include "http/api_support.h"
#include "web/page_routes.h"

namespace leerrecht::web {

namespace {

Quarter Previous(Quarter q) { return q.quarter == 1 ? Quarter{q.year - 1, 4} : Quarter{q.year, q.quarter - 1}; }

int OnPeildatum(const services::QuarterlyReport& report) {
  int total = 0;
  for (const auto& swv : report.per_swv) {
    for (const auto& c : swv.categories) total += c.on_peildatum;
  }
  return total;
}

// An inline SVG bar chart: no script and no external file, readable by screen readers through
// its title and description (which name every value), and the same numbers are in the table.
std::string BarChart(const std::vector<std::pair<std::string, int>>& bars) {
  constexpr int kWidth = 520;
  constexpr int kHeight = 240;
  constexpr int kTop = 24;
  constexpr int kBottom = 40;
  constexpr int kLeft = 16;
  int max = 1;
  for (const auto& b : bars) max = std::max(max, b.second);
  std::string description;
  for (const auto& b : bars) description += (description.empty() ? "" : "; ") + b.first + ": " + std::to_string(b.second);
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(kWidth) + " " +
                    std::to_string(kHeight) + "\" width=\"" + std::to_string(kWidth) + "\" height=\"" +
                    std::to_string(kHeight) + "\" role=\"img\" aria-labelledby=\"grafiek-titel grafiek-uitleg\">";
  svg += "<title id=\"grafiek-titel\">Thuiszitters op de peildatum per kwartaal</title>";
  svg += "<desc id=\"grafiek-uitleg\">" + HtmlEscape(description) + "</desc>";
  const int slot = (kWidth - 2 * kLeft) / static_cast<int>(std::max<std::size_t>(bars.size(), 1));
  const int usable = kHeight - kTop - kBottom;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const int h = bars[i].second * usable / max;
    const int x = kLeft + static_cast<int>(i) * slot + slot / 6;
    const int w = slot * 2 / 3;
    const int y = kTop + usable - h;
    svg += "<rect class=\"balk\" x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
           std::to_string(w) + "\" height=\"" + std::to_string(h) + "\"></rect>";
    svg += "<text x=\"" + std::to_string(x + w / 2) + "\" y=\"" + std::to_string(y - 6) +
           "\" text-anchor=\"middle\">" + std::to_string(bars[i].second) + "</text>";
    svg += "<text x=\"" + std::to_string(x + w / 2) + "\" y=\"" + std::to_string(kHeight - kBottom + 22) +
           "\" text-anchor=\"middle\">" + HtmlEscape(bars[i].first) + "</text>";
  }
  svg += "<line class=\"as\" x1=\"" + std::to_string(kLeft) + "\" y1=\"" + std::to_string(kTop + usable) + "\" x2=\"" +
         std::to_string(kWidth - kLeft) + "\" y2=\"" + std::to_string(kTop + usable) + "\"></line>";
  svg += "</svg>";
  return svg;
}

}  // namespace

void AddReportPages(http::Router& router, const std::shared_ptr<PageContext>& context) {
  AddPage(router, context, "GET", "/rapportages/kwartaal", [context](const http::Request& request, const PageUser& user) {
    const Quarter asked = RequestedQuarter(FormData::Parse(request.query), context->clock);
    auto report = context->api->reports.Quarterly(user.actor, asked.year, asked.quarter, false);
    if (!report.ok()) return ErrorPage(*context, user, report.status());

    // The chart: this quarter and the three before it, oldest first. Each is the same service
    // call (and log entry) as the API's; a quarter before 2000 is left out.
    std::vector<std::pair<std::string, int>> bars;
    Quarter q = asked;
    std::array<Quarter, 4> quarters{};
    for (auto& slot : quarters) {
      slot = q;
      q = Previous(q);
    }
    for (auto it = quarters.rbegin(); it != quarters.rend(); ++it) {
      const std::string label = std::to_string(it->year) + " Q" + std::to_string(it->quarter);
      if (it->year == asked.year && it->quarter == asked.quarter) {
        bars.emplace_back(label, OnPeildatum(*report));
        continue;
      }
      auto earlier = context->api->reports.Quarterly(user.actor, it->year, it->quarter, false);
      if (earlier.ok()) bars.emplace_back(label, OnPeildatum(*earlier));
    }

    nlohmann::json data = PageData(user, "Kwartaalcijfers", "/rapportages/kwartaal");
    data["jaar"] = report->year;
    data["kwartaal"] = report->quarter;
    data["peildatum"] = DutchDate(report->peildatum);
    data["partij"] = PartyName(*context->api, report->party);
    data["grafiek"] = BarChart(bars);
    QuarterChoice(data, context->clock, "/rapportages/kwartaal", {report->year, report->quarter});
    data["rijen"] = nlohmann::json::array();
    for (const services::SwvCounts& s : report->per_swv) {
      for (std::size_t i = 0; i < services::kThuiszitterCategories.size(); ++i) {
        const services::CategoryCounts& c = s.categories[i];
        data["rijen"].push_back({{"swv", s.swv.empty() ? std::string("(geen SWV bepaald)") : PartyName(*context->api, s.swv)},
                                 {"categorie", std::string(services::kThuiszitterCategories[i])},
                                 {"op_peildatum", c.on_peildatum},
                                 {"kort", c.up_to_3_months},
                                 {"lang", c.over_3_months},
                                 {"nieuw", c.new_in_quarter},
                                 {"beeindigd", c.ended_in_quarter}});
      }
    }
    data["heeft_rijen"] = !data["rijen"].empty();
    return RenderPage(*context, 200, "kwartaal", data);
  });

  // SPEC W-30, C-36: what the party disclosed and received, for its FG and controller.
  AddPage(router, context, "GET", "/verstrekkingenregister", [context](const http::Request& request, const PageUser& user) {
    const Quarter asked = RequestedQuarter(FormData::Parse(request.query), context->clock);
    auto reg = context->api->disclosure_register.Quarter(user.actor, asked.year, asked.quarter);
    if (!reg.ok()) return ErrorPage(*context, user, reg.status());
    nlohmann::json data = PageData(user, "Verstrekkingenregister", "/verstrekkingenregister");
    data["jaar"] = reg->year;
    data["kwartaal"] = reg->quarter;
    data["partij"] = PartyName(*context->api, reg->party);
    QuarterChoice(data, context->clock, "/verstrekkingenregister", {reg->year, reg->quarter});
    data["rijen"] = nlohmann::json::array();
    for (const services::RegisterEntryOut& e : reg->entries) {
      std::string categories;
      for (const auto& [category, count] : e.categories) {
        categories += (categories.empty() ? "" : ", ") + category + ": " + std::to_string(count);
      }
      std::string fields;
      for (const std::string& f : e.fields) fields += (fields.empty() ? "" : ", ") + FieldLabel(f);
      nlohmann::json row = {
          {"verzonden", DutchDateTime(e.sent_at)},
          {"richting", e.direction},
          {"verstrekker", PartyName(*context->api, e.sender_party)},
          {"ontvanger", PartyName(*context->api, e.recipient_party)},
          {"grondslag", (e.route == "wpg-art20" ? "art. 20 Wpg-besluit " : "convenant ") + e.agreement_id + " v" +
                            std::to_string(e.agreement_version)},
          {"soort", e.kind == "kwartaallijst" ? "kwartaallijst" : "verstrekking"},
          {"aantal", e.records},
          {"categorieen", categories},
          {"velden", fields},
          {"doel", e.purpose},
          {"ontvangen", e.received_at ? DutchDateTime(*e.received_at) : std::string("buiten Leerrecht verzonden")}};
      if (!e.sender.empty()) row["verzender"] = e.sender;
      if (e.case_id) row["zaak"] = *e.case_id;
      if (!e.anonymisation.empty()) {
        row["wijze"] = e.anonymisation;
        row["kwaliteit"] = e.quality_check;
      }
      data["rijen"].push_back(std::move(row));
    }
    data["doorverstrekkingen"] = nlohmann::json::array();
    for (const store::CorrectionNotice& n : reg->onward) {
      data["doorverstrekkingen"].push_back({{"op", DutchDateTime(n.created_at)},
                                            {"door", PartyName(*context->api, n.source_party)},
                                            {"aan", PartyName(*context->api, n.party)},
                                            {"verstrekking", n.disclosure_id},
                                            {"velden", n.field},
                                            {"toelichting", n.detail}});
    }
    data["heeft_doorverstrekkingen"] = !reg->onward.empty();
    data["aantal"] = reg->entries.size();
    data["heeft_rijen"] = !reg->entries.empty();
    return RenderPage(*context, 200, "verstrekkingenregister", data);
  });

  AddPage(router, context, "GET", "/rapportages/kwartaal.csv",
          [context](const http::Request& request, const PageUser& user) {
            const Quarter asked = RequestedQuarter(FormData::Parse(request.query), context->clock);
            // for_export: the CSV needs the right to export reports, as in the API.
            auto report = context->api->reports.Quarterly(user.actor, asked.year, asked.quarter, true);
            if (!report.ok()) return ErrorPage(*context, user, report.status());
            http::Response r;
            r.status = 200;
            r.content_type = "text/csv; charset=utf-8";
            r.body = services::QuarterlyCsv(*report);
            r.headers.emplace_back("Content-Disposition", "attachment; filename=\"thuiszitters-" +
                                                              std::to_string(report->year) + "-Q" +
                                                              std::to_string(report->quarter) + ".csv\"");
            r.headers.emplace_back("Cache-Control", "no-store");
            return r;
          });
}

}  // namespace leerrecht::web
