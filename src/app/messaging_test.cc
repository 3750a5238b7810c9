// Messaging, called directly: the thread rules, the order of the patient's
// threads, unread counts, the lead clinician, and the clinician's list row
// that an unanswered message raises.
#include "app/messaging.h"

#include <gtest/gtest.h>

#include "api/api_test_fixture.h"
#include "core/attention.h"

namespace backcoach {
namespace {

TEST(MessagingTest, ATextMustHoldSomethingAndNotTooMuch) {
  EXPECT_TRUE(CheckMessageText("Can I skip the bridge today?").ok());
  EXPECT_TRUE(CheckMessageText(std::string(kMaxMessageLength, 'a')).ok());
  for (const std::string& bad :
       {std::string(), std::string("  \n\t"), std::string(kMaxMessageLength + 1, 'a')}) {
    EXPECT_EQ(CheckMessageText(bad).message(), "field 'text' must be 1 to 1000 characters");
  }
}

TEST(MessagingTest, TheLeadComesFirstThenClinicStaffThenSupportersThenFormerMembers) {
  auto view = [](const char* id, const char* name, const char* role, bool lead = false) {
    ThreadView v;
    v.member_id = id;
    v.member_name = name;
    v.role = role;
    v.lead = lead;
    return v;
  };
  std::vector<ThreadView> threads = {
      view("s1", "Ana", "supporter"),     view("f1", "Old coach", "former"),
      view("c2", "Dr. Zed", "clinician"), view("c1", "Dr. Adams", "clinician"),
      view("a1", "Sam (admin)", "admin"), view("c3", "Dr. Lee", "clinician", true)};
  SortThreads(threads);
  std::vector<std::string> order;
  for (const auto& t : threads) order.push_back(t.member_id);
  EXPECT_EQ(order, (std::vector<std::string>{"c3", "c1", "c2", "a1", "s1", "f1"}));
}

TEST(MessagingTest, UnreadIsWhatTheReaderHasNotReadAndNeverBelowZero) {
  MessageThread t;
  t.messages = 5;
  t.patient_read = 3;
  t.member_read = 5;
  EXPECT_EQ(UnreadFor(t, true), 2);
  EXPECT_EQ(UnreadFor(t, false), 0);
  t.member_read = 7;
  EXPECT_EQ(UnreadFor(t, false), 0);
}

class MessagingServiceTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("Riverside");
    other_clinic_ = MakeClinic("Hillside");
    MakeUser("maria", Role::kPatient, clinic_, &maria_);
    MakeUser("lee", Role::kClinician, clinic_, &lee_);
    MakeUser("kim", Role::kClinician, clinic_, &kim_);
    MakeUser("admin", Role::kAdmin, clinic_, &admin_);
    MakeUser("far", Role::kClinician, other_clinic_, &far_);
    MakeUser("ana", Role::kSupporter, "", &ana_);
    ASSERT_TRUE(store_->AddCareMember({maria_.id, ana_.id, "", clock_.Now()}).ok());
    PatientSummary row;
    row.patient_id = maria_.id;
    row.clinic_id = clinic_;
    row.display_name = maria_.display_name;
    row.reasons = "[]";
    ASSERT_TRUE(store_->PutSummary(row).ok());
  }

  Service& service() { return api_->service(); }

  Reach ReachAs(const User& who, RouteAccess access = {Access::kCareTeam, Scope::kMessages}) {
    auto reach = service().ReachPatient(who, maria_.id, access);
    EXPECT_TRUE(reach.ok()) << reach.status().message();
    return reach.ok() ? *reach : Reach{};
  }

  Message Send(const User& author, const std::string& text, const std::string& to = "") {
    clock_.Advance(1);  // messages of one second have no order among them
    auto sent = service().SendMessage(author, ReachAs(author), MessageDraft{text, to});
    EXPECT_TRUE(sent.ok()) << sent.status().message();
    return sent.ok() ? *sent : Message{};
  }

  Threads ThreadsFor(const User& reader) {
    auto threads = service().ThreadsOf(reader, ReachAs(reader));
    EXPECT_TRUE(threads.ok()) << threads.status().message();
    return threads.ok() ? *threads : Threads{};
  }

  PatientSummary Row() { return store_->GetSummary(maria_.id).value(); }

  std::string clinic_, other_clinic_;
  User maria_, lee_, kim_, admin_, far_, ana_;
};

TEST_F(MessagingServiceTest, ThePatientSeesTheLeadFirstThenTheClinicsCliniciansThenSupporters) {
  ASSERT_TRUE(service().SetLeadClinician(maria_, lee_.id).ok());
  const Threads threads = ThreadsFor(maria_);
  EXPECT_EQ(threads.lead_clinician_id, lee_.id);
  std::vector<std::string> order, roles;
  for (const auto& t : threads.threads) {
    order.push_back(t.member_id);
    roles.push_back(t.role);
  }
  // The admin has no thread yet and is not offered; the other clinic's
  // clinician never is.
  EXPECT_EQ(order, (std::vector<std::string>{lee_.id, kim_.id, ana_.id}));
  EXPECT_EQ(roles, (std::vector<std::string>{"clinician", "clinician", "supporter"}));
  EXPECT_TRUE(threads.threads[0].lead);
  EXPECT_FALSE(threads.threads[1].lead);
  EXPECT_EQ(threads.unread, 0);
}

TEST_F(MessagingServiceTest, APersonWithoutAClinicSeesOnlyTheirSupporters) {
  User tom;
  MakeUser("tom", Role::kPatient, "", &tom);
  ASSERT_TRUE(store_->AddCareMember({tom.id, ana_.id, "", clock_.Now()}).ok());
  auto reach = service().ReachPatient(tom, tom.id, {Access::kCareTeam, Scope::kMessages});
  ASSERT_TRUE(reach.ok());
  auto threads = service().ThreadsOf(tom, *reach);
  ASSERT_TRUE(threads.ok());
  ASSERT_EQ(threads->threads.size(), 1u);
  EXPECT_EQ(threads->threads[0].member_id, ana_.id);
  auto refused = service().SendMessage(tom, *reach, MessageDraft{"hello", lee_.id});
  EXPECT_EQ(refused.status().message(), "field 'to' must be a member of your care team");
}

TEST_F(MessagingServiceTest, ThePatientMayWriteToAnyClinicianOfTheirClinicOnly) {
  EXPECT_EQ(Send(maria_, "to Dr. Kim", kim_.id).member_id, kim_.id);
  EXPECT_EQ(Send(maria_, "to the admin", admin_.id).member_name, "admin");
  auto far = service().SendMessage(maria_, ReachAs(maria_), MessageDraft{"hello", far_.id});
  EXPECT_EQ(far.status().code(), StatusCode::kInvalidArgument);
  auto nobody = service().SendMessage(maria_, ReachAs(maria_), MessageDraft{"hello", ""});
  EXPECT_EQ(nobody.status().code(), StatusCode::kInvalidArgument);
  // The admin's thread is listed once it exists.
  bool admin_listed = false;
  for (const auto& t : ThreadsFor(maria_).threads) admin_listed |= t.member_id == admin_.id;
  EXPECT_TRUE(admin_listed);
}

TEST_F(MessagingServiceTest, UnreadCountsFollowWritingAndReadingOnEachSide) {
  Send(maria_, "The bridge hurts on the left", lee_.id);
  Send(maria_, "Only on the way up", lee_.id);
  // Her own messages are read by her; Dr. Lee has two to read.
  EXPECT_EQ(ThreadsFor(maria_).unread, 0);
  Threads lee = ThreadsFor(lee_);
  ASSERT_EQ(lee.threads.size(), 1u);
  EXPECT_EQ(lee.threads[0].member_id, lee_.id);
  EXPECT_EQ(lee.threads[0].unread, 2);
  EXPECT_TRUE(lee.threads[0].waiting);
  // Dr. Kim's thread is not Dr. Lee's: nothing to read there.
  EXPECT_EQ(ThreadsFor(kim_).unread, 0);
  // Reading marks it read.
  auto read = service().MarkRead(lee_, ReachAs(lee_), "");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->unread, 0);
  EXPECT_TRUE(read->threads[0].waiting);  // read, but not answered yet

  Send(lee_, "Try it with a smaller lift for a week");
  const Threads mine = ThreadsFor(maria_);
  EXPECT_EQ(mine.unread, 1);
  // No lead is set: the clinic's clinicians by name, kim before lee.
  ASSERT_EQ(mine.threads[1].member_id, lee_.id);
  EXPECT_EQ(mine.threads[1].unread, 1);
  EXPECT_FALSE(mine.threads[1].waiting);
  EXPECT_EQ(service().MarkRead(maria_, ReachAs(maria_), "").status().code(),
            StatusCode::kInvalidArgument);
  auto after = service().MarkRead(maria_, ReachAs(maria_), lee_.id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->unread, 0);
}

TEST_F(MessagingServiceTest, AMemberReadsOnlyTheirOwnThreadThePatientEveryOne) {
  Send(maria_, "to Lee", lee_.id);
  Send(maria_, "to Ana", ana_.id);
  Send(ana_, "Proud of you");
  auto mine = service().Messages(maria_, ReachAs(maria_));
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->size(), 3u);
  auto with_ana = service().Messages(maria_, ReachAs(maria_), ana_.id);
  ASSERT_EQ(with_ana->size(), 2u);
  EXPECT_EQ(with_ana->at(1).author_name, "ana");
  auto lee = service().Messages(lee_, ReachAs(lee_));
  ASSERT_EQ(lee->size(), 1u);
  EXPECT_EQ(lee->at(0).text, "to Lee");
  // Asking for another member's thread gives a member nothing more.
  EXPECT_EQ(service().Messages(lee_, ReachAs(lee_), ana_.id)->size(), 0u);
  EXPECT_EQ(service().Messages(kim_, ReachAs(kim_))->size(), 0u);
}

TEST_F(MessagingServiceTest, AnUnansweredMessageRaisesTheRowUntilTheClinicAnswers) {
  const int before = Row().attention;
  EXPECT_EQ(Row().unanswered_since, 0);
  const Timestamp first = clock_.Now() + 1;  // Send moves the clock on by a second
  Send(maria_, "Is it fine to garden?", kim_.id);
  clock_.Advance(3600);
  Send(maria_, "And to lift the watering can?", kim_.id);
  PatientSummary row = Row();
  EXPECT_EQ(row.unanswered_since, first);
  const ListRules& list = service().content().alerts.list();
  EXPECT_EQ(row.attention, before + list.unanswered_message.attention);
  EXPECT_NE(row.reasons.find("a message waiting for an answer since 2026-11-23"), std::string::npos)
      << row.reasons;
  EXPECT_FALSE(IsUrgent(row.attention, list));

  // Another clinician's answer in another thread does not answer this one.
  Send(maria_, "hello", lee_.id);
  Send(lee_, "hello Maria");
  EXPECT_EQ(Row().unanswered_since, first);
  Send(kim_, "Yes, both are fine");
  row = Row();
  EXPECT_EQ(row.unanswered_since, 0);
  EXPECT_EQ(row.attention, before);
  EXPECT_EQ(row.reasons.find("waiting for an answer"), std::string::npos) << row.reasons;
}

TEST_F(MessagingServiceTest, AMessageToASupporterWaitsForNoClinician) {
  Send(maria_, "Walk on Sunday?", ana_.id);
  EXPECT_EQ(Row().unanswered_since, 0);
  EXPECT_TRUE(ThreadsFor(maria_).threads.back().waiting);
}

TEST_F(MessagingServiceTest, TheLeadIsAClinicianOfThePatientsClinic) {
  auto set = service().SetLeadClinician(maria_, kim_.id);
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->clinician_name, "kim");
  for (const User* wrong : {&far_, &admin_, &ana_, &maria_}) {
    EXPECT_EQ(service().SetLeadClinician(maria_, wrong->id).status().message(),
              "field 'clinician_id' must be a clinician of the patient's clinic");
  }
  EXPECT_EQ(service().SetLeadClinician(maria_, "ghost").status().code(),
            StatusCode::kInvalidArgument);
  auto lead = service().LeadClinicianOf(maria_);
  ASSERT_TRUE(lead.ok());
  EXPECT_EQ(lead->first.clinician_id, kim_.id);
  ASSERT_EQ(lead->second.size(), 2u);  // the clinic's clinicians: kim and lee
  EXPECT_EQ(lead->second[0].id, kim_.id);
  ASSERT_TRUE(service().SetLeadClinician(maria_, "").ok());
  EXPECT_EQ(service().LeadClinicianOf(maria_)->first.clinician_id, "");
  EXPECT_EQ(ThreadsFor(maria_).lead_clinician_id, "");
}

TEST_F(MessagingServiceTest, ALeadWhoLeftTheClinicIsNoLongerTheLead) {
  ASSERT_TRUE(service().SetLeadClinician(maria_, lee_.id).ok());
  lee_.clinic_id = other_clinic_;
  ASSERT_TRUE(store_->UpdateUser(lee_).ok());
  const Threads threads = ThreadsFor(maria_);
  EXPECT_EQ(threads.lead_clinician_id, "");
  for (const auto& t : threads.threads) EXPECT_NE(t.member_id, lee_.id);
}

}  // namespace
}  // namespace backcoach
