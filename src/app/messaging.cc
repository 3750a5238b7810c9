#include "app/messaging.h"

#include <algorithm>
#include <tuple>

namespace backcoach {

Status CheckMessageText(const std::string& text) {
  const bool blank = text.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank || text.size() > kMaxMessageLength) {
    return Status::InvalidArgument("field 'text' must be 1 to 1000 characters");
  }
  return Status::Ok();
}

namespace {

int Rank(const ThreadView& t) {
  if (t.lead) return 0;
  if (t.role == "clinician" || t.role == "admin") return 1;
  if (t.role == "supporter") return 2;
  return 3;
}

}  // namespace

void SortThreads(std::vector<ThreadView>& threads) {
  std::stable_sort(threads.begin(), threads.end(), [](const ThreadView& a, const ThreadView& b) {
    return std::make_tuple(Rank(a), a.member_name, a.member_id) <
           std::make_tuple(Rank(b), b.member_name, b.member_id);
  });
}

int UnreadFor(const MessageThread& thread, bool by_patient) {
  const int read = by_patient ? thread.patient_read : thread.member_read;
  return std::max(0, thread.messages - read);
}

}  // namespace backcoach
