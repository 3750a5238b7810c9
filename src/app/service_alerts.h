// Alerts: the rules of content/alerts.yaml applied to a patient's history,
// the alerts kept (storage/store.h: Alert, AlertState) and a clinician's
// changes to their state. Plain values: the API decodes and encodes them
// (api/service_json.h: AlertChangeFromJson, AlertStateSetJson). The
// Service's members are in service.h (RaiseAlerts, Alerts, ClinicAlerts,
// SetAlertState); service_alerts.cc holds their code.
//
// Plain values: safe from any thread as any value is; the functions here
// never fail but where they say so.
#ifndef BACKCOACH_APP_SERVICE_ALERTS_H_
#define BACKCOACH_APP_SERVICE_ALERTS_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "storage/store.h"

namespace backcoach {

// A clinician marks an alert seen, or resolved with a note (required to
// resolve; at most kMaxAlertNote bytes), or new again.
struct AlertChange {
  AlertState state = AlertState::kNew;
  std::string note;
};
inline constexpr std::size_t kMaxAlertNote = 2000;

// What SetAlertState kept: the alert's id, its new state and the note.
struct AlertStateSet {
  std::string id;
  AlertState state = AlertState::kNew;
  std::string note;
};

// An alert as the alert lists and the patient's export show it (every
// field of Alert but clinic_id, the kind and state by name).
nlohmann::json AlertJson(const Alert& alert);

}  // namespace backcoach

#endif  // BACKCOACH_APP_SERVICE_ALERTS_H_
