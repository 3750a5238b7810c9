// ReportPdf: the progress report as a PDF of two A4 pages, and its charts as
// PNG files, drawn with cairo from a ReportData (core/report_data.h).
//
// Page 1: who and when, the screen result with its red flags and cautions,
// pain with the meaningful-change band around the first score, PEG and PSFS,
// weekly active minutes and steps. Page 2: adherence, each exercise's level
// over time, the plan changes with their reasons (the latest that fit), and
// the current plan. Text is real text (searchable, copyable), in DejaVu Sans.
// docs/report.md shows a report and says how to read it.
#ifndef BACKCOACH_REPORT_REPORT_PDF_H_
#define BACKCOACH_REPORT_REPORT_PDF_H_

#include <map>
#include <string>
#include <vector>

#include "core/report_data.h"
#include "core/status.h"
#include "report/chart.h"

namespace backcoach {

// The report's charts, in the order they appear.
std::vector<Chart> ReportCharts(const ReportData& data);

// The PDF's bytes. Internal when cairo fails (out of memory).
Result<std::string> RenderReportPdf(const ReportData& data);

// Each chart as a PNG, by file name ("pain.png", ...).
Result<std::map<std::string, std::string>> RenderChartPngs(const ReportData& data);

}  // namespace backcoach

#endif  // BACKCOACH_REPORT_REPORT_PDF_H_
