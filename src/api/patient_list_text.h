// PatientListText: the clinic's list of patients written straight to JSON
// text, byte for byte what PatientListJson(list, next_cursor).dump() writes
// (service_json.h), without building the tree first.
//
// The list is what a clinician asks for most, a page of up to 200 patients,
// and building each patient's object, parsing their stored reasons and
// serialising the tree took about half the time of answering it. Here the
// fields are written in the tree's order (keys sorted, as nlohmann::json
// writes them) and the stored reasons, already JSON, are checked and
// copied rather than parsed into a tree.
//
// Pure function: safe from any thread. Never fails: reasons that are not a
// JSON array are written as [], as PatientListJson does.
#ifndef BACKCOACH_API_PATIENT_LIST_TEXT_H_
#define BACKCOACH_API_PATIENT_LIST_TEXT_H_

#include <string>

#include "app/service_programme.h"

namespace backcoach {

// `next_cursor`: the cursor of the next page, "" on the last (null).
std::string PatientListText(const PatientList& list, const std::string& next_cursor);

}  // namespace backcoach

#endif  // BACKCOACH_API_PATIENT_LIST_TEXT_H_
