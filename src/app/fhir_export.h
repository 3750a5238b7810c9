// FhirExport: a patient's data as one FHIR R4 Bundle of type "collection"
// (docs/export.md lists every mapping).
//
//   Patient                the account (name, e-mail)
//   QuestionnaireResponse  each intake (its answers) and each questionnaire
//                          answered (PEG, PSFS, pain rating, fear rating)
//   Observation            pain scores (LOINC 72514-3) from the diary,
//                          sessions and next-morning check-ins; questionnaire
//                          scores; daily steps (LOINC 41950-7, as in the HL7
//                          Physical Activity IG) and exercise minutes (LOINC
//                          55411-3) from sessions and imported activity
//   Flag                   each red flag of each screen (active for the
//                          latest screen, inactive for earlier ones)
//   CarePlan, Goal         the current plan: its exercises and doses, the
//                          person's goals, and the clinicians' changes with
//                          their reasons
//   Communication          each message between the person and a member of
//                          their team (pass only the records the reader may
//                          see: Service's ReaderMaySee)
//
// Every entry has a fullUrl "urn:uuid:..." derived from the stored ids, so
// an export of the same data is the same document, and references inside the
// Bundle point at those fullUrls. Pure: no I/O, no clock (`now` is given),
// no state: safe from any thread.
#ifndef BACKCOACH_APP_FHIR_EXPORT_H_
#define BACKCOACH_APP_FHIR_EXPORT_H_

#include <string>

#include "app/service.h"

namespace backcoach {

// The Bundle of `data`, stamped `now`. Never fails: a record whose payload
// cannot be read adds nothing it would have read from it.
json FhirBundle(const PatientData& data, const Content& content, Timestamp now);

// A name-based identifier shaped as a UUID (8-4-4-4-12 hex digits), the same
// for the same `name`. Never fails.
std::string UuidFor(const std::string& name);

}  // namespace backcoach

#endif  // BACKCOACH_APP_FHIR_EXPORT_H_
