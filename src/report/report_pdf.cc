#include "report/report_pdf.h"

#include <cairo-pdf.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/date.h"

namespace backcoach {

namespace {

constexpr double kPageWidth = 595.28;  // A4 in points
constexpr double kPageHeight = 841.89;
constexpr double kMargin = 40;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr const char* kFont = "DejaVu Sans";
constexpr std::size_t kMaxChangesShown = 14;
constexpr std::size_t kMaxExercisesShown = 12;

// ---- Charts ----------------------------------------------------------------

void SetRange(const ReportData& d, Chart& c) {
  auto generated = Date::Parse(d.generated_on);
  const Date today = generated.ok() ? *generated : Date();
  auto first = Date::Parse(d.first_day), last = Date::Parse(d.last_day);
  c.first_day = first.ok() ? first->days() : today.days() - 28;
  c.last_day = std::max(last.ok() ? last->days() : today.days(), c.first_day + 7);
}

ChartSeries Line(const ReportSeries& s, SeriesKind kind = SeriesKind::kLine) {
  return {s.label, s.points, kind, false};
}

Chart PainChart(const ReportData& d) {
  Chart c{"pain", "Pain", "pain (0-10)", 0, 10, "", 0, 0, 0, {}, std::nullopt};
  SetRange(d, c);
  c.series = {Line(d.pain_during), Line(d.pain_morning), Line(d.pain_diary)};
  if (d.pain_baseline) {
    char label[96];
    std::snprintf(label, sizeof label,
                  "within %.0f of the first score (%.0f): no meaningful change",
                  d.meaningful_change, *d.pain_baseline);
    c.band = ChartBand{std::max(0.0, *d.pain_baseline - d.meaningful_change),
                       std::min(10.0, *d.pain_baseline + d.meaningful_change), label};
  }
  return c;
}

Chart ScoresChart(const ReportData& d) {
  Chart c{"scores", "PEG and PSFS", "score (0-10)", 0, 10, "", 0, 0, 0, {}, std::nullopt};
  SetRange(d, c);
  for (const auto& s : d.scores) c.series.push_back(Line(s));
  if (c.series.empty()) c.series.push_back({"PEG", {}, SeriesKind::kLine, false});
  return c;
}

// Rounds a maximum up to a scale that divides into five neat ticks.
double NiceMax(double value, double at_least) {
  value = std::max(value, at_least);
  const double step = std::pow(10, std::floor(std::log10(value / 5)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (5 * m * step >= value) return 5 * m * step;
  }
  return value;
}

Chart ActivityChart(const ReportData& d) {
  Chart c{"activity", "Weekly activity", "active minutes", 0, 0, "daily steps", 0, 0, 0,
          {},         std::nullopt};
  SetRange(d, c);
  ChartSeries minutes{"active minutes (programme)", {}, SeriesKind::kBars, false};
  ChartSeries steps{"daily steps (average)", {}, SeriesKind::kLine, true};
  double most_minutes = 0, most_steps = 0;
  for (const auto& w : d.weeks) {
    minutes.points.push_back({w.day, 1.0 * w.active_minutes});
    most_minutes = std::max(most_minutes, 1.0 * w.active_minutes);
    if (w.daily_steps) {
      steps.points.push_back({w.day + 3, 1.0 * *w.daily_steps});  // mid-week
      most_steps = std::max(most_steps, 1.0 * *w.daily_steps);
    }
  }
  c.y_max = NiceMax(most_minutes, 50);
  c.right_max = NiceMax(most_steps, 5000);
  c.series = {minutes, steps};
  c.last_day += 7;  // room for the last week's bar
  return c;
}

Chart AdherenceChart(const ReportData& d) {
  Chart c{"adherence", "Adherence", "sessions done (%)", 0, 100, "", 0, 0, 0, {}, std::nullopt};
  SetRange(d, c);
  ChartSeries done{"share of planned sessions done", {}, SeriesKind::kBars, false};
  for (const auto& w : d.weeks) done.points.push_back({w.day, std::round(100 * w.adherence)});
  c.series = {done};
  c.last_day += 7;
  return c;
}

Chart LevelsChart(const ReportData& d) {
  Chart c{"levels", "Exercise levels", "level", 0, 5, "", 0, 0, 0, {}, std::nullopt};
  SetRange(d, c);
  double highest = 1;
  for (const auto& s : d.levels) {
    c.series.push_back(Line(s, SeriesKind::kSteps));
    for (const auto& p : s.points) highest = std::max(highest, p.value);
  }
  c.y_max = std::max(5.0, std::ceil(highest));
  return c;
}

// ---- Text ------------------------------------------------------------------

struct Page {
  cairo_t* cr;
  double y = kMargin;
};

void Font(cairo_t* cr, double size, bool bold = false) {
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

// Writes `text` from x, wrapped at `width`; moves the page down.
void Paragraph(Page& p, const std::string& text, double x, double width, double size,
               bool bold = false) {
  Font(p.cr, size, bold);
  std::string line;
  auto flush = [&] {
    cairo_move_to(p.cr, x, p.y + size);
    cairo_show_text(p.cr, line.c_str());
    p.y += size * 1.3;
    line.clear();
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    const std::string candidate = line.empty() ? word : line + " " + word;
    cairo_text_extents_t e;
    cairo_text_extents(p.cr, candidate.c_str(), &e);
    if (e.x_advance > width && !line.empty()) {
      flush();
      line = word;
    } else {
      line = candidate;
    }
    start = end + 1;
  }
  if (!line.empty()) flush();
}

void Heading(Page& p, const std::string& text) {
  p.y += 6;
  cairo_set_source_rgb(p.cr, 0, 0, 0);
  Paragraph(p, text, kMargin, kContentWidth, 12, true);
  cairo_set_line_width(p.cr, 0.5);
  cairo_move_to(p.cr, kMargin, p.y);
  cairo_line_to(p.cr, kMargin + kContentWidth, p.y);
  cairo_stroke(p.cr);
  p.y += 4;
}

std::string Plain(const std::string& name) {
  std::string out = name;
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

void Header(Page& p, const ReportData& d) {
  Paragraph(p, "Progress report", kMargin, kContentWidth, 18, true);
  Paragraph(p, d.patient_name + "  (patient " + d.patient_id + ")", kMargin, kContentWidth, 10);
  const std::string period =
      d.first_day.empty() ? "no records yet" : "records from " + d.first_day + " to " + d.last_day;
  Paragraph(p,
            period + "; made on " + d.generated_on +
                ". This report supports clinical care; it does not replace a clinician.",
            kMargin, kContentWidth, 8);
}

void ScreenSection(Page& p, const ReportData& d) {
  Heading(p, "Screen result");
  if (d.triage.empty()) {
    Paragraph(p, "No intake has been answered yet.", kMargin, kContentWidth, 9);
    return;
  }
  Paragraph(p, "Triage: " + Plain(d.triage) + ". " + d.headline, kMargin, kContentWidth, 9);
  if (d.flags.empty()) Paragraph(p, "Red flags: none.", kMargin, kContentWidth, 9);
  for (const auto& f : d.flags)
    Paragraph(p, "Red flag - " + f, kMargin + 8, kContentWidth - 8, 9, true);
  for (const auto& c : d.cautions)
    Paragraph(p, "Caution - " + c, kMargin + 8, kContentWidth - 8, 8);
}

void DrawAt(Page& p, const Chart& chart, double height) {
  DrawChart(p.cr, chart, {kMargin, p.y + 4, kContentWidth, height});
  p.y += height + 10;
}

void ChangesSection(Page& p, const ReportData& d) {
  Heading(p, "Plan changes");
  if (d.changes.empty()) Paragraph(p, "No changes yet.", kMargin, kContentWidth, 9);
  const std::size_t shown = std::min(d.changes.size(), kMaxChangesShown);
  if (shown < d.changes.size()) {
    Paragraph(p,
              "The latest " + std::to_string(shown) + " of " + std::to_string(d.changes.size()) +
                  " changes:",
              kMargin, kContentWidth, 8);
  }
  for (std::size_t i = d.changes.size() - shown; i < d.changes.size(); ++i) {
    const ReportChange& c = d.changes[i];
    Paragraph(p, c.date + "  " + Plain(c.what) + ": " + c.reason, kMargin, kContentWidth, 8);
  }
}

void PlanSection(Page& p, const ReportData& d) {
  Heading(p, "Current plan");
  if (d.plan_status.empty()) {
    Paragraph(p, "There is no plan yet.", kMargin, kContentWidth, 9);
    return;
  }
  Paragraph(p, "Status: " + Plain(d.plan_status) + ".", kMargin, kContentWidth, 9);
  if (d.step_goal) {
    Paragraph(
        p, "Walking goal: " + std::to_string(*d.step_goal) + " steps a day. " + d.step_goal_reason,
        kMargin, kContentWidth, 8.5);
  }
  const std::size_t shown = std::min(d.plan.size(), kMaxExercisesShown);
  for (std::size_t i = 0; i < shown; ++i) {
    const ReportExercise& e = d.plan[i];
    Paragraph(p,
              e.name + " (" + Plain(e.category) + ", level " + std::to_string(e.level) +
                  "): " + e.dose + (e.paused ? " - paused" : ""),
              kMargin + 8, kContentWidth - 8, 8.5);
  }
  if (shown < d.plan.size()) {
    Paragraph(p, "and " + std::to_string(d.plan.size() - shown) + " more", kMargin + 8,
              kContentWidth - 8, 8.5);
  }
}

cairo_status_t AppendBytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

Status CairoStatus(cairo_surface_t* surface, const std::string& what) {
  const cairo_status_t s = cairo_surface_status(surface);
  if (s == CAIRO_STATUS_SUCCESS) return Status::Ok();
  return Status::Internal("cannot draw the " + what + ": " + cairo_status_to_string(s));
}

}  // namespace

std::vector<Chart> ReportCharts(const ReportData& d) {
  return {PainChart(d), ScoresChart(d), ActivityChart(d), AdherenceChart(d), LevelsChart(d)};
}

Result<std::string> RenderReportPdf(const ReportData& d) {
  std::string bytes;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(&AppendBytes, &bytes, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "backcoach progress report");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "backcoach");
  cairo_t* cr = cairo_create(surface);
  const std::vector<Chart> charts = ReportCharts(d);
  Page p{cr};
  Header(p, d);
  ScreenSection(p, d);
  DrawAt(p, charts[0], 190);
  DrawAt(p, charts[1], 150);
  DrawAt(p, charts[2], 160);
  cairo_show_page(cr);
  p.y = kMargin;
  DrawAt(p, charts[3], 130);
  DrawAt(p, charts[4], 190);
  ChangesSection(p, d);
  PlanSection(p, d);
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  Status s = CairoStatus(surface, "report");
  cairo_surface_destroy(surface);
  if (!s.ok()) return s;
  return bytes;
}

Result<std::map<std::string, std::string>> RenderChartPngs(const ReportData& d) {
  constexpr double kScale = 2;  // 1000 x 440 pixels for a 500 x 220 point chart
  std::map<std::string, std::string> out;
  for (const Chart& chart : ReportCharts(d)) {
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1000, 440);
    cairo_t* cr = cairo_create(surface);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, kScale, kScale);
    DrawChart(cr, chart, {10, 6, 480, 208});
    cairo_destroy(cr);
    std::string bytes;
    cairo_surface_write_to_png_stream(surface, &AppendBytes, &bytes);
    Status s = CairoStatus(surface, "chart " + chart.name);
    cairo_surface_destroy(surface);
    if (!s.ok()) return s;
    out[chart.name + ".png"] = std::move(bytes);
  }
  return out;
}

}  // namespace backcoach
