// CsvExport: a patient's data as CSV files for research, one file per kind
// of record, with a header row and one row per record (docs/export.md
// describes every column). Each row carries the patient's id, so the files
// of many patients can be concatenated. Quoting follows RFC 4180
// (core/csv.h). Pure: no I/O, no state, safe from any thread.
#ifndef BACKCOACH_APP_CSV_EXPORT_H_
#define BACKCOACH_APP_CSV_EXPORT_H_

#include <map>
#include <string>

#include "app/service.h"

namespace backcoach {

// File name ("sessions.csv", "exercise_logs.csv", "checkins.csv",
// "pain_diary.csv", "questionnaires.csv", "steps.csv") -> its text. Every
// file is there, with its header, even when the patient has no such records.
// Never fails: a record whose payload cannot be read leaves its cells empty.
std::map<std::string, std::string> CsvExportFiles(const PatientData& data);

}  // namespace backcoach

#endif  // BACKCOACH_APP_CSV_EXPORT_H_
