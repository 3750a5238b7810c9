// ProgressReport: gathers what the progress report shows (core/report_data.h)
// from a patient's stored records, plan and latest screen, through the
// Service. Drawing it is report/report_pdf.h's job.
//
// Thread-safety: as the Service's (service.h): safe from any thread.
#ifndef BACKCOACH_APP_PROGRESS_REPORT_H_
#define BACKCOACH_APP_PROGRESS_REPORT_H_

#include <string>

#include "app/service.h"
#include "core/report_data.h"

namespace backcoach {

// NotFound when there is no such patient. A patient without an intake or a
// plan gets a report with empty sections, not an error.
Result<ReportData> GatherReport(Service& service, const std::string& patient_id);

// How the report writes a dose: "2 x 10", "3 x 1, hold 20 s", "10 minutes",
// with " each side" where it applies. Never fails.
std::string DoseText(int sets, int reps, int hold_seconds, int minutes, bool per_side);

}  // namespace backcoach

#endif  // BACKCOACH_APP_PROGRESS_REPORT_H_
