// Chart: one chart of the progress report, and how it is drawn with cairo.
//
// The same DrawChart paints on any cairo surface, so the PDF report and the
// PNG files of `backcoach report --png-dir` are one drawing. Charts must read
// in black and white (a report is often printed or faxed): every series has
// its own dash pattern and marker shape as well as its colour, and bars are
// hatched, not only tinted.
#ifndef BACKCOACH_REPORT_CHART_H_
#define BACKCOACH_REPORT_CHART_H_

#include <cairo.h>

#include <optional>
#include <string>
#include <vector>

#include "core/report_data.h"

namespace backcoach {

enum class SeriesKind { kLine, kSteps, kBars };

struct ChartSeries {
  std::string label;
  std::vector<ReportPoint> points;
  SeriesKind kind = SeriesKind::kLine;  // kSteps: a level held until it changes
  bool right_axis = false;              // drawn against the right-hand scale
};

// A shaded band of values (the meaningful-change band around a first score).
struct ChartBand {
  double low = 0;
  double high = 0;
  std::string label;
};

struct Chart {
  std::string name;   // file name stem for its PNG: "pain", "scores", ...
  std::string title;  // drawn above the chart
  std::string y_label;
  double y_min = 0;
  double y_max = 10;
  std::string right_label;  // the right-hand scale, when a series uses it
  double right_max = 0;
  int first_day = 0;  // the x range, in days
  int last_day = 0;
  std::vector<ChartSeries> series;
  std::optional<ChartBand> band;
};

// Where on the surface a chart goes, in the surface's units.
struct Box {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
};

// Draws `chart` inside `box`: title, axes with ticks, band, series, legend;
// "no data yet" when no series has a point.
void DrawChart(cairo_t* cr, const Chart& chart, const Box& box);

}  // namespace backcoach

#endif  // BACKCOACH_REPORT_CHART_H_
