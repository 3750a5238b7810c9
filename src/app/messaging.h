// Messaging: the threads between a patient and each member of their team
// (the clinicians and admins of their clinic, and the supporters they
// invited), as plain values. The Service reads and writes them
// (service_messaging.cc: Service::SendMessage, Messages, ThreadsOf,
// MarkRead, SetLeadClinician); the API encodes them as JSON
// (api/api_message_routes.cc).
//
// A thread is (patient, member): the patient reads and writes in all of
// theirs, a member only in their own. Unread counts come from the store's
// per-thread counts (Store::AddMessage, MessageThread): writing in a thread
// marks it read for the writer, and reading it is marked by an explicit
// write (MarkRead), never by a read.
//
// Plain values and pure functions: safe from any thread; none fails.
#ifndef BACKCOACH_APP_MESSAGING_H_
#define BACKCOACH_APP_MESSAGING_H_

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/store.h"

namespace backcoach {

// One message, with the names of its thread's member and its author.
struct Message {
  std::string id;
  std::string member_id;  // whose thread with the patient
  std::string member_name;
  std::string author_id;
  std::string author_name;
  std::string text;
  Timestamp created_at = 0;
};

// One page of a thread's messages, oldest first, and the key of the next,
// older page (nullopt on the last; app/pages.h).
struct MessagePage {
  std::vector<Message> messages;
  std::optional<RecordKey> next;
};

// What a caller sends: the text and, from the patient, the member whose
// thread it goes in (a member always writes in their own).
struct MessageDraft {
  std::string text;
  std::string to;
};

// One thread as its reader sees it in a list.
struct ThreadView {
  std::string member_id;
  std::string member_name;
  // "clinician" or "admin" (of the patient's clinic), "supporter", or
  // "former" (no longer on the team; the thread stays readable).
  std::string role;
  bool lead = false;  // the patient's lead clinician
  int messages = 0;
  int unread = 0;        // for the reader
  bool waiting = false;  // the patient wrote last; the member has not answered yet
  Timestamp last_at = 0;
};

// A reader's threads with one patient: for the patient every member they
// may write to or have written with, in the order SortThreads gives; for a
// member their own thread only. `unread` is the sum over them.
struct Threads {
  std::string lead_clinician_id;  // "" for none
  std::vector<ThreadView> threads;
  int unread = 0;
};

// The patient's lead clinician, as set by their clinic.
struct LeadClinician {
  std::string patient_id;
  std::string clinician_id;  // "" for none
  std::string clinician_name;
};

// The longest message, in bytes of UTF-8.
inline constexpr std::size_t kMaxMessageLength = 1000;

// InvalidArgument "field 'text' must be 1 to 1000 characters" for an empty
// (or only blank) or longer text; OK otherwise.
Status CheckMessageText(const std::string& text);

// The order the patient sees their threads in: the lead clinician first,
// then the clinic's other clinicians and admins, then supporters, then
// former members; by name (then id) within each.
void SortThreads(std::vector<ThreadView>& threads);

// How many of `thread`'s messages its patient (`by_patient`) or its member
// has not read; never below 0.
int UnreadFor(const MessageThread& thread, bool by_patient);

}  // namespace backcoach

#endif  // BACKCOACH_APP_MESSAGING_H_
