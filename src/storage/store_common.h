// What every Store back-end shares: new ids, the case folding of emails and
// names, the serialisation of roles, and the words of every error, so the
// memory, SQLite and PostgreSQL stores fail the same way for the same cause
// and the conformance suite can check their messages word for word.
//
// Internal to src/storage; the rest of backcoach codes against store.h.
#ifndef BACKCOACH_STORAGE_STORE_COMMON_H_
#define BACKCOACH_STORAGE_STORE_COMMON_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "storage/store.h"

namespace backcoach::storage {

// A new opaque id: 128 random bits as 32 lower-case hex digits.
std::string NewId();
// A new opaque id for a record, as long as NewId's: the milliseconds since
// 1970 (12 hex digits), then 80 random bits. Records are written far more
// often than anything else, and their ids are a unique index; ids in the
// order they are made go to that index's last leaf, where one commit's new
// records share a page, instead of each to a page of its own.
std::string NewRecordId();

// ASCII lower case, as emails are stored and looked up.
std::string LowerAscii(std::string_view text);

// The key a display name is searched and sorted by: lower case, and Latin
// letters without their accents ("Élodie" -> "elodie", "Strauß" ->
// "strauss"; Greek and Cyrillic are lower-cased), so "jose" finds "José"
// and "Élodie" sorts beside "Elena" the same way in every back-end (the
// databases' own lower() and collations differ). Other bytes are kept.
std::string FoldName(std::string_view name);

std::optional<Role> RoleFromName(std::string_view name);

// Checks shared by every back-end before anything is read or written.
Status CheckListLimit(int limit);  // ListRecords, ListAudit
Status CheckPatientQuery(const PatientQuery& query);

// Ids as a JSON array, one text parameter for a query that takes any number
// of them (SQLite's json_each, PostgreSQL's json_array_elements_text).
std::string IdsAsJson(const std::vector<std::string>& ids);

// Canonical errors.
Status NoClinic(const std::string& id);
Status NoUser(const std::string& id);
Status NoUserWithEmail(const std::string& email);
Status EmailTaken(const std::string& email);
Status NoSession();
Status SessionExists();
Status NoInvitation(const std::string& code);
Status NoToken();
Status TokenExists();
Status InvitationExists(const std::string& code);
Status InvitationUsed(const std::string& code);
Status NoRecord(const std::string& id);
Status AlreadyOnTeam(const std::string& member_id);
Status NotOnTeam(const std::string& member_id);
Status AlertExists(const std::string& rule, const std::string& period);
Status NoAlert(const std::string& id);
Status AlreadyClaimed(const std::string& kind, const std::string& period);
Status NoPlan(const std::string& patient_id);
Status StalePlan(const std::string& patient_id, std::int64_t current, std::int64_t expected);
Status NoSummary(const std::string& patient_id);
Status SchemaTooNew(int found, int known);
// A stored value none of backcoach's names match (an alert's kind or state,
// a token's kind): Internal, with `why` (the name's own InvalidArgument).
Status Unreadable(const Status& why);

}  // namespace backcoach::storage

#endif  // BACKCOACH_STORAGE_STORE_COMMON_H_
