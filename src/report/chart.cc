#include "report/chart.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "core/date.h"

namespace backcoach {

namespace {

constexpr const char* kFont = "DejaVu Sans";
constexpr double kPi = 3.14159265358979;

// Each series' look: colour (dark enough to print as distinct greys), dash
// pattern and marker, so that no two series depend on colour alone.
struct Style {
  double r, g, b;
  std::array<double, 4> dashes;
  int dash_count;
  int marker;  // 0 circle, 1 square, 2 triangle, 3 diamond, 4 cross
};

constexpr std::array<Style, 6> kStyles = {{
    {0.05, 0.20, 0.55, {0, 0, 0, 0}, 0, 0},
    {0.75, 0.30, 0.00, {6, 3, 0, 0}, 2, 1},
    {0.10, 0.45, 0.15, {1.5, 2.5, 0, 0}, 2, 2},
    {0.45, 0.10, 0.50, {7, 2.5, 1.5, 2.5}, 4, 3},
    {0.30, 0.30, 0.30, {3, 3, 0, 0}, 2, 4},
    {0.60, 0.05, 0.15, {9, 3, 3, 3}, 4, 0},
}};

// The plot area inside a chart's box, and how values map onto it.
struct Frame {
  double left, top, right, bottom;
  const Chart& chart;
  double X(double day) const {
    const double span = std::max(1, chart.last_day - chart.first_day);
    return left + (day - chart.first_day) / span * (right - left);
  }
  double Y(double value, bool right_axis) const {
    const double lo = right_axis ? 0 : chart.y_min;
    const double hi = right_axis ? chart.right_max : chart.y_max;
    const double t = hi > lo ? (value - lo) / (hi - lo) : 0;
    return bottom - std::clamp(t, 0.0, 1.0) * (bottom - top);
  }
};

void Font(cairo_t* cr, double size, bool bold = false) {
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

// Writes `text` with its left (align 0), centre (0.5) or right (1) at x.
void Text(cairo_t* cr, const std::string& text, double x, double y, double align = 0) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, text.c_str(), &e);
  cairo_move_to(cr, x - align * e.x_advance, y);
  cairo_show_text(cr, text.c_str());
}

void Marker(cairo_t* cr, int shape, double x, double y) {
  const double s = 2.6;
  cairo_new_sub_path(cr);
  switch (shape) {
    case 0:
      cairo_arc(cr, x, y, s, 0, 2 * kPi);
      cairo_fill(cr);
      return;
    case 1: cairo_rectangle(cr, x - s, y - s, 2 * s, 2 * s); break;
    case 2:
      cairo_move_to(cr, x, y - s - 0.6);
      cairo_line_to(cr, x + s, y + s);
      cairo_line_to(cr, x - s, y + s);
      cairo_close_path(cr);
      break;
    case 3:
      cairo_move_to(cr, x, y - s - 0.6);
      cairo_line_to(cr, x + s + 0.6, y);
      cairo_line_to(cr, x, y + s + 0.6);
      cairo_line_to(cr, x - s - 0.6, y);
      cairo_close_path(cr);
      cairo_fill(cr);
      return;
    default:
      cairo_move_to(cr, x - s, y - s);
      cairo_line_to(cr, x + s, y + s);
      cairo_move_to(cr, x + s, y - s);
      cairo_line_to(cr, x - s, y + s);
      break;
  }
  cairo_set_dash(cr, nullptr, 0, 0);
  cairo_stroke(cr);
}

void UseStyle(cairo_t* cr, const Style& s) {
  cairo_set_source_rgb(cr, s.r, s.g, s.b);
  cairo_set_dash(cr, s.dashes.data(), s.dash_count, 0);
  cairo_set_line_width(cr, 1.4);
}

// Diagonal hatching over the current path, then its outline.
void Hatch(cairo_t* cr, double x0, double y0, double x1, double y1) {
  cairo_save(cr);
  cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
  cairo_clip_preserve(cr);
  cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
  cairo_set_line_width(cr, 0.6);
  for (double x = x0 - (y1 - y0); x < x1; x += 3.5) {
    cairo_move_to(cr, x, y1);
    cairo_line_to(cr, x + (y1 - y0), y0);
  }
  cairo_stroke(cr);
  cairo_restore(cr);
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, x0, y0, x1 - x0, y1 - y0);
  cairo_stroke(cr);
}

void DrawBars(cairo_t* cr, const Frame& f, const ChartSeries& s) {
  const double span = std::max(1, f.chart.last_day - f.chart.first_day + 7);
  const double width = std::max(3.0, 7.0 / span * (f.right - f.left) * 0.6);
  for (const auto& p : s.points) {
    const double x = f.X(p.day + 3.5);
    Hatch(cr, x - width / 2, f.Y(p.value, s.right_axis), x + width / 2, f.bottom);
  }
}

void DrawLine(cairo_t* cr, const Frame& f, const ChartSeries& s, const Style& style) {
  UseStyle(cr, style);
  bool first = true;
  double last_y = 0;
  for (const auto& p : s.points) {
    const double x = f.X(p.day), y = f.Y(p.value, s.right_axis);
    if (first) {
      cairo_move_to(cr, x, y);
    } else {
      if (s.kind == SeriesKind::kSteps) cairo_line_to(cr, x, last_y);
      cairo_line_to(cr, x, y);
    }
    first = false;
    last_y = y;
  }
  if (s.kind == SeriesKind::kSteps && !s.points.empty()) cairo_line_to(cr, f.right, last_y);
  cairo_stroke(cr);
  for (const auto& p : s.points) Marker(cr, style.marker, f.X(p.day), f.Y(p.value, s.right_axis));
}

std::string Number(double v) {
  char text[32];
  if (std::abs(v - std::round(v)) < 1e-9) {
    std::snprintf(text, sizeof text, "%.0f", v);
  } else {
    std::snprintf(text, sizeof text, "%.1f", v);
  }
  return text;
}

void DrawAxes(cairo_t* cr, const Frame& f) {
  const Chart& c = f.chart;
  cairo_set_dash(cr, nullptr, 0, 0);
  Font(cr, 7);
  for (int i = 0; i <= 5; ++i) {
    const double v = c.y_min + (c.y_max - c.y_min) * i / 5;
    const double y = f.Y(v, false);
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    cairo_set_line_width(cr, 0.4);
    cairo_move_to(cr, f.left, y);
    cairo_line_to(cr, f.right, y);
    cairo_stroke(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    Text(cr, Number(v), f.left - 3, y + 2.5, 1);
    if (c.right_max > 0) Text(cr, Number(c.right_max * i / 5), f.right + 3, y + 2.5);
  }
  // A tick and date at the start of each week, thinned to fit.
  const int weeks = std::max(1, (c.last_day - c.first_day) / 7);
  const int every = std::max(1, weeks / 8 + 1);
  for (int d = c.first_day, n = 0; d <= c.last_day; d += 7, ++n) {
    if (n % every != 0) continue;
    const double x = f.X(d);
    cairo_move_to(cr, x, f.bottom);
    cairo_line_to(cr, x, f.bottom + 3);
    cairo_stroke(cr);
    Text(cr, Date::FromDays(d).ToString().substr(5), x, f.bottom + 11, 0.5);
  }
  cairo_set_line_width(cr, 0.8);
  cairo_rectangle(cr, f.left, f.top, f.right - f.left, f.bottom - f.top);
  cairo_stroke(cr);
  cairo_save(cr);
  cairo_translate(cr, f.left - 22, (f.top + f.bottom) / 2);  // rotate about the label's place
  cairo_rotate(cr, -kPi / 2);
  Text(cr, c.y_label, 0, 0, 0.5);
  cairo_restore(cr);
  if (!c.right_label.empty()) {
    cairo_save(cr);
    cairo_translate(cr, f.right + 30, (f.top + f.bottom) / 2);
    cairo_rotate(cr, -kPi / 2);
    Text(cr, c.right_label, 0, 0, 0.5);
    cairo_restore(cr);
  }
}

void DrawBand(cairo_t* cr, const Frame& f, const ChartBand& band) {
  const double y0 = f.Y(band.high, false), y1 = f.Y(band.low, false);
  cairo_set_source_rgb(cr, 0.90, 0.90, 0.90);
  cairo_rectangle(cr, f.left, y0, f.right - f.left, y1 - y0);
  cairo_fill(cr);
  const double dash[] = {2, 2};
  cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
  cairo_set_dash(cr, dash, 2, 0);
  cairo_set_line_width(cr, 0.6);
  for (double y : {y0, y1}) {
    cairo_move_to(cr, f.left, y);
    cairo_line_to(cr, f.right, y);
  }
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
  Font(cr, 6.5);
  Text(cr, band.label, f.right - 3, y0 - 2, 1);
}

// The legend: a sample of each series' line and marker, then its label.
void DrawLegend(cairo_t* cr, const Chart& c, double x, double y) {
  Font(cr, 7);
  int line = 0;
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    const ChartSeries& s = c.series[i];
    const Style& style = kStyles[i % kStyles.size()];
    const double sample_y = y + line * 9;
    if (s.kind == SeriesKind::kBars) {
      Hatch(cr, x, sample_y - 5, x + 16, sample_y + 1);
    } else {
      UseStyle(cr, style);
      cairo_move_to(cr, x, sample_y - 2);
      cairo_line_to(cr, x + 16, sample_y - 2);
      cairo_stroke(cr);
      Marker(cr, style.marker, x + 8, sample_y - 2);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    Text(cr, s.label.substr(0, 40), x + 20, sample_y + 0.5);
    ++line;
  }
}

bool HasPoints(const Chart& c) {
  return std::any_of(c.series.begin(), c.series.end(),
                     [](const ChartSeries& s) { return !s.points.empty(); });
}

}  // namespace

void DrawChart(cairo_t* cr, const Chart& chart, const Box& box) {
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  Font(cr, 10, true);
  Text(cr, chart.title, box.x, box.y + 10);
  const double legend_width = 130;
  const Frame f{box.x + 34, box.y + 18,
                box.x + box.width - legend_width - (chart.right_max > 0 ? 38 : 6),
                box.y + box.height - 16, chart};
  if (!HasPoints(chart)) {
    cairo_set_line_width(cr, 0.8);
    cairo_rectangle(cr, f.left, f.top, f.right - f.left, f.bottom - f.top);
    cairo_stroke(cr);
    Font(cr, 9);
    Text(cr, "no data yet", (f.left + f.right) / 2, (f.top + f.bottom) / 2, 0.5);
    cairo_restore(cr);
    return;
  }
  if (chart.band) DrawBand(cr, f, *chart.band);
  DrawAxes(cr, f);
  cairo_save(cr);
  cairo_rectangle(cr, f.left - 4, f.top - 4, f.right - f.left + 8, f.bottom - f.top + 8);
  cairo_clip(cr);
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const ChartSeries& s = chart.series[i];
    if (s.kind == SeriesKind::kBars) {
      DrawBars(cr, f, s);
    } else {
      DrawLine(cr, f, s, kStyles[i % kStyles.size()]);
    }
  }
  cairo_restore(cr);
  DrawLegend(cr, chart, box.x + box.width - legend_width + 4, f.top + 6);
  cairo_restore(cr);
}

}  // namespace backcoach
