// Quarterly thuiszitter counts (SPEC C-18) with a bar chart of the last four quarters and the CSV download.
#include <algorithm>
#include <array>

#include "http/api_support.h"
#include "web/page_routes.h"

namespace leerrecht::web {

namespace {

struct Quarter {
  int year = 0;
  int quarter = 0;
};

Quarter Previous(Quarter q) { return q.quarter == 1 ? Quarter{q.year - 1, 4} : Quarter{q.year, q.quarter - 1}; }

Quarter Current(const Clock& clock) {
  const auto ymd = clock.Today().Ymd();
  return {static_cast<int>(ymd.year()), static_cast<int>((static_cast<unsigned>(ymd.month()) - 1) / 3 + 1)};
}

// The quarter of ?jaar=&kwartaal=, the current one when both are absent.
Quarter Requested(const http::Request& request, const Clock& clock) {
  const FormData query = FormData::Parse(request.query);
  if (!query.Has("jaar") && !query.Has("kwartaal")) return Current(clock);
  return {http::SmallNumber(query.Get("jaar")), http::SmallNumber(query.Get("kwartaal"))};
}

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
    const Quarter asked = Requested(request, context->clock);
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
    const int this_year = Current(context->clock).year;
    data["jaren"] = nlohmann::json::array();
    for (int y = this_year - 4; y <= this_year; ++y) data["jaren"].push_back({{"jaar", y}, {"gekozen", y == report->year}});
    data["kwartalen"] = nlohmann::json::array();
    for (int k = 1; k <= 4; ++k) data["kwartalen"].push_back({{"nummer", k}, {"gekozen", k == report->quarter}});
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

  AddPage(router, context, "GET", "/rapportages/kwartaal.csv",
          [context](const http::Request& request, const PageUser& user) {
            const Quarter asked = Requested(request, context->clock);
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
