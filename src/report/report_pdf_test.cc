#include "report/report_pdf.h"

#include <gtest/gtest.h>

#include "core/date.h"

namespace backcoach {
namespace {

int Day(const char* date) { return Date::Parse(date).value().days(); }

ReportData Sample() {
  ReportData d;
  d.patient_name = "Maria";
  d.patient_id = "p1";
  d.generated_on = "2026-12-20";
  d.first_day = "2026-11-23";
  d.last_day = "2026-12-18";
  d.triage = "self_care";
  d.headline = "You can start the programme.";
  d.pain_baseline = 6;
  d.pain_during.points = {{Day("2026-11-23"), 5}, {Day("2026-12-01"), 4}, {Day("2026-12-15"), 3}};
  d.scores.push_back({"PEG (lower is better)", {{Day("2026-11-23"), 6.3}, {Day("2026-12-14"), 4}}});
  d.weeks = {{Day("2026-11-23"), 60, 3, 0.6, 5200}, {Day("2026-11-30"), 90, 4, 0.8, std::nullopt}};
  d.levels.push_back({"Bridge", {{Day("2026-11-23"), 1}, {Day("2026-12-05"), 2}}});
  d.changes.push_back({"2026-12-05", "progress glute_bridge", "two comfortable sessions"});
  d.plan_status = "active";
  d.plan.push_back({"Bridge", "strength", 2, "2 x 10", false});
  return d;
}

int Pages(const std::string& pdf) {
  int pages = 0;
  for (auto at = pdf.find("/Type /Page"); at != std::string::npos;
       at = pdf.find("/Type /Page", at + 1)) {
    if (pdf.compare(at, 12, "/Type /Pages") != 0) ++pages;
  }
  return pages;
}

TEST(ReportPdfTest, IsAPdfOfTwoPages) {
  auto pdf = RenderReportPdf(Sample());
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
  EXPECT_EQ(Pages(*pdf), 2);
}

TEST(ReportPdfTest, AnEmptyReportStillRenders) {
  ReportData empty;
  empty.generated_on = "2026-12-20";
  auto pdf = RenderReportPdf(empty);
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  EXPECT_EQ(Pages(*pdf), 2);
}

TEST(ReportPdfTest, EveryChartIsAlsoAPng) {
  auto pngs = RenderChartPngs(Sample());
  ASSERT_TRUE(pngs.ok()) << pngs.status().message();
  EXPECT_EQ(pngs->size(), 5u);
  for (const char* name :
       {"pain.png", "scores.png", "activity.png", "adherence.png", "levels.png"}) {
    ASSERT_EQ(pngs->count(name), 1u) << name;
    EXPECT_EQ(pngs->at(name).substr(1, 3), "PNG") << name;
  }
}

TEST(ReportPdfTest, ChartsCarryTheBandAndTheSeries) {
  const auto charts = ReportCharts(Sample());
  ASSERT_EQ(charts.size(), 5u);
  ASSERT_TRUE(charts[0].band.has_value());
  EXPECT_EQ(charts[0].band->low, 4);
  EXPECT_EQ(charts[0].band->high, 8);
  EXPECT_EQ(charts[2].series[1].points.size(), 1u) << "only weeks with steps";
  EXPECT_TRUE(charts[2].series[1].right_axis);
  EXPECT_EQ(charts[2].right_max, 10000);
  EXPECT_EQ(charts[3].series[0].points[1].value, 80);
}

}  // namespace
}  // namespace backcoach
