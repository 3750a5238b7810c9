// The lists that grow without end, through the API: each answers a page of
// `limit` entries and a next_cursor to the page before it (null on the
// last), refuses a cursor or limit that is not one with 400, clamps a
// limit above the route's most, checks access and audits every page as it
// did the whole list; and the exports read every page.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "api/api_test_fixture.h"
#include "api/paging.h"
#include "testing/accounts.h"

namespace backcoach {
namespace {

using testing::ApiFixture;

class PagingApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("Riverside");
    const std::string other = MakeClinic("Hillside");
    lee_ = MakeUser("lee", Role::kClinician, clinic_, &lee_user_);
    far_ = MakeUser("far", Role::kClinician, other);
    maria_ = MakeUser("maria", Role::kPatient, clinic_, &maria_user_);
    tom_ = MakeUser("tom", Role::kPatient, clinic_);
  }

  std::string Path(const std::string& rest) const {
    return "/api/v1/patients/" + maria_user_.id + rest;
  }

  // `n` records of `kind` for maria, one a day back from 2026-11-22, two
  // of them on each day with the same second so that ids decide their order.
  void AddRecords(RecordKind kind, int n, const std::string& author = "") {
    std::vector<Record> records;
    for (int i = 0; i < n; ++i) {
      const Date day = Date::Parse("2026-11-22")->Plus(-(i / 2));
      json payload = {{"pain", i % 11}, {"note", "entry " + std::to_string(i)}};
      records.push_back({"", maria_user_.id, kind, day.ToString(),
                         author.empty() ? maria_user_.id : author, payload.dump(), 1000});
    }
    ASSERT_TRUE(store_->AddRecords(records).ok());
  }

  // Every page of `route` (a path with or without a query) as `token`,
  // `limit` at a time: the ids of `field`'s entries in the order met,
  // checking that every page but the last is full.
  std::vector<std::string> Walk(const std::string& token, const std::string& route,
                                const std::string& field, int limit, int* pages = nullptr) {
    std::vector<std::string> ids;
    std::string cursor;
    const char sep = route.find('?') == std::string::npos ? '?' : '&';
    for (int page = 1; page < 10000; ++page) {
      std::string target = route + sep + "limit=" + std::to_string(limit);
      if (!cursor.empty()) target += "&cursor=" + cursor;
      auto r = As(token, "GET", target);
      EXPECT_EQ(r.status, 200) << target << " " << r.body;
      if (r.status != 200) break;
      const json body = Body(r);
      EXPECT_LE(body[field].size(), static_cast<std::size_t>(limit));
      for (const auto& e : body[field]) ids.push_back(e["id"].get<std::string>());
      if (pages != nullptr) *pages = page;
      if (body["next_cursor"].is_null()) break;
      EXPECT_EQ(body[field].size(), static_cast<std::size_t>(limit)) << "a page before the last";
      cursor = body["next_cursor"].get<std::string>();
    }
    return ids;
  }

  std::vector<AuditEntry> Audit() {
    EXPECT_TRUE(api_->auditor().Flush().ok());
    auto rows = store_->ListAudit(0, 100000);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? *rows : std::vector<AuditEntry>{};
  }

  std::string clinic_, lee_, far_, maria_, tom_;
  User maria_user_, lee_user_;
};

std::vector<std::string> Ids(const json& list) {
  std::vector<std::string> out;
  for (const auto& e : list) out.push_back(e["id"].get<std::string>());
  return out;
}

TEST_F(PagingApiTest, PainDiaryPagesFromTheNewestBackToTheFirstEntry) {
  AddRecords(RecordKind::kPain, 1200);
  // Without a limit: the newest 1000, oldest first, as before there were pages.
  const json first = Body(As(maria_, "GET", Path("/pain")));
  ASSERT_EQ(first["records"].size(), 1000u);
  EXPECT_EQ(first["records"].back()["date"], "2026-11-22");
  EXPECT_EQ(first["records"].front()["date"], "2025-07-11");
  ASSERT_TRUE(first["next_cursor"].is_string());
  // The page before: the 200 oldest, and no further page.
  const json second =
      Body(As(maria_, "GET", Path("/pain?cursor=" + first["next_cursor"].get<std::string>())));
  ASSERT_EQ(second["records"].size(), 200u);
  EXPECT_TRUE(second["next_cursor"].is_null());
  EXPECT_EQ(second["records"].front()["date"], "2025-04-02");
  EXPECT_LE(second["records"].back()["date"].get<std::string>(),
            first["records"].front()["date"].get<std::string>());
  // Together every entry once.
  std::set<std::string> ids;
  for (const json* page : {&first, &second}) {
    for (const auto& r : (*page)["records"]) ids.insert(r["id"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), 1200u);
}

TEST_F(PagingApiTest, SmallPagesMeetEveryEntryOnceInOrder) {
  AddRecords(RecordKind::kPain, 23);
  const json all = Body(As(maria_, "GET", Path("/pain")));
  ASSERT_EQ(all["records"].size(), 23u);
  EXPECT_TRUE(all["next_cursor"].is_null());
  std::vector<std::string> newest_first = Ids(all["records"]);
  std::reverse(newest_first.begin(), newest_first.end());
  for (int limit : {1, 4, 22, 1000}) {
    // Each page oldest first; the walk goes from the newest page back.
    const int n = static_cast<int>(newest_first.size());
    std::vector<std::string> walked;
    std::string cursor;
    int pages = 0;
    while (true) {
      std::string target = Path("/pain?limit=" + std::to_string(limit));
      if (!cursor.empty()) target += "&cursor=" + cursor;
      const json page = Body(As(lee_, "GET", target));
      ++pages;
      const auto ids = Ids(page["records"]);
      walked.insert(walked.end(), ids.rbegin(), ids.rend());
      if (page["next_cursor"].is_null()) break;
      cursor = page["next_cursor"].get<std::string>();
      // A new entry between pages, written later: newer than the walk, so
      // never met by it.
      clock_.Advance(1);
      ASSERT_EQ(As(maria_, "POST", Path("/pain"), R"({"date": "2026-11-23", "pain": 2})").status,
                201);
    }
    EXPECT_EQ(walked, newest_first) << "limit " << limit;
    EXPECT_EQ(pages, (n + limit - 1) / limit) << "limit " << limit;
    // The entries added meanwhile come first in the next walk.
    const json fresh = Body(As(maria_, "GET", Path("/pain")));
    newest_first = Ids(fresh["records"]);
    std::reverse(newest_first.begin(), newest_first.end());
  }
}

TEST_F(PagingApiTest, ABadCursorOrLimitIs400AndAudited) {
  AddRecords(RecordKind::kPain, 3);
  for (const std::string& bad : std::vector<std::string>{
           "cursor=nonsense!", "cursor=" + EncodeCursor(AlertKey{5, "x"}), "cursor=e30",
           "cursor=WyJyIiwxLDIsM10", "limit=0", "limit=-4", "limit=ten", "limit=", "limit=1.5"}) {
    auto r = As(maria_, "GET", Path("/pain?" + bad));
    EXPECT_EQ(r.status, 400) << bad << " " << r.body;
    EXPECT_EQ(Body(r)["error"]["code"], "bad_request") << bad;
    const std::string message = Body(r)["error"]["message"];
    EXPECT_TRUE(message.find("cursor") != std::string::npos ||
                message.find("limit must be a whole number from 1 to 1000") != std::string::npos)
        << message;
  }
  const auto rows = Audit();
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.back().patient_id, maria_user_.id);
  EXPECT_EQ(rows.back().outcome, "error");
  EXPECT_EQ(rows.back().action, "GET " + Path("/pain"));
  // A limit past the most is a full page, not an error.
  auto big = As(maria_, "GET", Path("/pain?limit=99999999999999999999"));
  ASSERT_EQ(big.status, 200) << big.body;
  EXPECT_EQ(Body(big)["records"].size(), 3u);
}

TEST_F(PagingApiTest, EveryPageChecksAccessAndIsAudited) {
  AddRecords(RecordKind::kPain, 5);
  const json first = Body(As(lee_, "GET", Path("/pain?limit=2")));
  const std::string cursor = first["next_cursor"];
  // A cursor opens nothing: the same refusals as without one.
  EXPECT_EQ(As(far_, "GET", Path("/pain?limit=2&cursor=" + cursor)).status, 404);
  EXPECT_EQ(As(tom_, "GET", Path("/pain?limit=2&cursor=" + cursor)).status, 404);
  EXPECT_EQ(As("", "GET", Path("/pain?limit=2&cursor=" + cursor)).status, 401);
  const std::size_t before = Audit().size();
  ASSERT_EQ(As(lee_, "GET", Path("/pain?limit=2&cursor=" + cursor)).status, 200);
  const auto rows = Audit();
  ASSERT_EQ(rows.size(), before + 1);
  EXPECT_EQ(rows.back().actor_id, lee_user_.id);
  EXPECT_EQ(rows.back().patient_id, maria_user_.id);
  EXPECT_EQ(rows.back().outcome, "ok");
}

TEST_F(PagingApiTest, QuestionnairesNotesAndSessionsArePagedAlike) {
  AddRecords(RecordKind::kQuestionnaire, 7);
  AddRecords(RecordKind::kNote, 7, lee_user_.id);
  AddRecords(RecordKind::kSessionLog, 7);
  for (const std::string route : {"/questionnaires", "/notes", "/sessions"}) {
    const json all = Body(As(lee_, "GET", Path(route)));
    ASSERT_EQ(all["records"].size(), 7u) << route;
    EXPECT_TRUE(all["next_cursor"].is_null());
    const json first = Body(As(lee_, "GET", Path(route + "?limit=3")));
    ASSERT_EQ(first["records"].size(), 3u) << route;
    // The newest three, oldest first.
    EXPECT_EQ(first["records"][2]["id"], all["records"][6]["id"]);
    EXPECT_EQ(first["records"][0]["id"], all["records"][4]["id"]);
    const json second = Body(As(
        lee_, "GET", Path(route + "?limit=3&cursor=" + first["next_cursor"].get<std::string>())));
    EXPECT_EQ(second["records"][2]["id"], all["records"][3]["id"]);
    const json last = Body(As(
        lee_, "GET", Path(route + "?limit=3&cursor=" + second["next_cursor"].get<std::string>())));
    ASSERT_EQ(last["records"].size(), 1u) << route;
    EXPECT_EQ(last["records"][0]["id"], all["records"][0]["id"]);
    EXPECT_TRUE(last["next_cursor"].is_null());
    EXPECT_EQ(As(lee_, "GET", Path(route + "?cursor=%25%25")).status, 400) << route;
  }
  // The most a page of sessions holds is 1000.
  EXPECT_EQ(As(lee_, "GET", Path("/sessions?limit=1001")).status, 200);
}

TEST_F(PagingApiTest, MessagesPageWithinTheThreadTheReaderMaySee) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
  User kim_user;
  const std::string kim = MakeUser("kim", Role::kClinician, clinic_, &kim_user);
  for (int i = 0; i < 6; ++i) {
    clock_.Advance(1);
    json to_lee = {{"text", "lee " + std::to_string(i)}, {"to", lee_user_.id}};
    ASSERT_EQ(As(maria_, "POST", Path("/messages"), to_lee.dump()).status, 201);
    json to_kim = {{"text", "kim " + std::to_string(i)}, {"to", kim_user.id}};
    ASSERT_EQ(As(maria_, "POST", Path("/messages"), to_kim.dump()).status, 201);
  }
  // Lee's pages hold only his thread, full pages although kim's are between.
  const json first = Body(As(lee_, "GET", Path("/messages?limit=4")));
  ASSERT_EQ(first["messages"].size(), 4u);
  EXPECT_EQ(first["messages"][0]["text"], "lee 2");
  EXPECT_EQ(first["messages"][3]["text"], "lee 5");
  const json second = Body(
      As(lee_, "GET", Path("/messages?limit=4&cursor=" + first["next_cursor"].get<std::string>())));
  ASSERT_EQ(second["messages"].size(), 2u);
  EXPECT_EQ(second["messages"][0]["text"], "lee 0");
  EXPECT_TRUE(second["next_cursor"].is_null());
  // The patient reads every thread, or one.
  EXPECT_EQ(Walk(maria_, Path("/messages"), "messages", 5).size(), 12u);
  EXPECT_EQ(Walk(maria_, Path("/messages?with=" + kim_user.id), "messages", 5).size(), 6u);
  EXPECT_EQ(As(kim, "GET", Path("/messages?cursor=abc")).status, 400);
}

TEST_F(PagingApiTest, AlertsPageNewestFirstForThePatientAndTheClinic) {
  for (int i = 0; i < 7; ++i) {
    Alert a;
    a.patient_id = maria_user_.id;
    a.clinic_id = clinic_;
    a.rule = "rule" + std::to_string(i);
    a.period = "2026-11-2" + std::to_string(i % 3);
    a.kind = AlertKind::kConcern;
    a.reason = "reason";
    a.created_at = a.updated_at = 1000 + i / 2;
    ASSERT_TRUE(store_->AddAlert(a).ok());
  }
  for (const std::string& route : {Path("/alerts"), std::string("/api/v1/clinic/alerts")}) {
    const json all = Body(As(lee_, "GET", route));
    ASSERT_EQ(all["alerts"].size(), 7u) << route;
    EXPECT_TRUE(all["next_cursor"].is_null());
    EXPECT_EQ(Walk(lee_, route, "alerts", 3), Ids(all["alerts"])) << route;
    EXPECT_EQ(Walk(lee_, route, "alerts", 7), Ids(all["alerts"])) << route;
    // A record's cursor is not an alert's.
    auto r = As(lee_, "GET", route + "?cursor=" + EncodeCursor(RecordKey{"2026-11-22", 1, "x"}));
    EXPECT_EQ(r.status, 400) << route;
  }
  EXPECT_EQ(Body(As(lee_, "GET", "/api/v1/clinic/alerts?limit=2"))["alerts"][0]["patient_name"],
            "maria");
}

TEST_F(PagingApiTest, NoticesPageNewestFirst) {
  for (int i = 0; i < 5; ++i) {
    clock_.Advance(60);
    ASSERT_TRUE(api_->service().AddNotice(maria_user_.id, {{"type", "reminder"}, {"n", i}}).ok());
  }
  const json all = Body(As(maria_, "GET", Path("/notices")));
  ASSERT_EQ(all["notices"].size(), 5u);
  EXPECT_EQ(all["notices"][0]["n"], 4);
  EXPECT_EQ(Walk(maria_, Path("/notices"), "notices", 2), Ids(all["notices"]));
}

TEST_F(PagingApiTest, RecordingsPageNewestFirst) {
  const std::string recording =
      "{\"format\":\"backcoach-pose\",\"version\":1,\"width\":640,\"height\":480,"
      "\"keypoints\":\"coco17\"}\n"
      "{\"t\":0,\"points\":{\"left_hip\":[312.5,240.1,0.82]}}\n";
  std::vector<std::string> shared;
  for (int i = 0; i < 3; ++i) {
    clock_.Advance(60);
    testing::Caller caller;
    caller.token = maria_;
    caller.content_type = "application/x-ndjson";
    auto r = Call("POST", Path("/recordings?exercise=glute_bridge"), recording, caller);
    ASSERT_EQ(r.status, 201) << r.body;
    shared.insert(shared.begin(), Body(r)["id"].get<std::string>());
  }
  EXPECT_EQ(Walk(lee_, Path("/recordings"), "recordings", 2), shared);
  const json all = Body(As(lee_, "GET", Path("/recordings")));
  EXPECT_EQ(Ids(all["recordings"]), shared);
  EXPECT_TRUE(all["next_cursor"].is_null());
  EXPECT_EQ(As(lee_, "GET", Path("/recordings?limit=0")).status, 400);
}

// The exports read every page: more entries than any page holds.
TEST_F(PagingApiTest, ExportsHoldEveryEntryPastOnePage) {
  AddRecords(RecordKind::kPain, 1200);
  const json exported = Body(As(maria_, "GET", Path("/export")));
  int pain = 0;
  for (const auto& r : exported["records"]) pain += r["kind"] == "pain" ? 1 : 0;
  EXPECT_EQ(pain, 1200);

  auto csv = As(lee_, "GET", Path("/export/csv?file=pain_diary"));
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 1201) << "a header and 1200 rows";

  auto fhir = As(lee_, "GET", Path("/export/fhir"));
  ASSERT_EQ(fhir.status, 200);
  int observations = 0;
  const json bundle = Body(fhir);  // kept: a range-for over a temporary's member reads freed memory
  for (const auto& e : bundle["entry"]) {
    const std::string id = e["resource"].value("id", "");
    if (id.rfind("pain-", 0) == 0) ++observations;
  }
  EXPECT_EQ(observations, 1200);

  // The progress series (the pain chart, and the progress report made from it).
  const json progress = Body(As(maria_, "GET", Path("/progress")));
  EXPECT_EQ(progress["pain_diary"].size(), 1200u);
  EXPECT_EQ(As(lee_, "GET", Path("/report.pdf")).status, 200);
}

// `n` more patients of `clinic`, straight to the store, with names that
// repeat (folded and as written) and attention of several levels, so that
// pages end within ties; their ids.
std::vector<std::string> AddPatients(Store& store, const Clock& clock, const std::string& clinic,
                                     int n, const std::string& prefix = "p") {
  static const std::vector<std::string> kNames = {"Ana", "ana", "\xC3\x81na", "Bo", "Cy", "Ana"};
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    auto u =
        testing::CreateAccount(store, clock, prefix + std::to_string(i), Role::kPatient, clinic);
    EXPECT_TRUE(u.ok());
    if (!u.ok()) break;
    PatientSummary s;
    s.patient_id = u->id;
    s.clinic_id = clinic;
    s.display_name = kNames[i % kNames.size()] + (i % 4 == 0 ? "" : " " + std::to_string(i % 9));
    s.attention = (i % 5) * 10;
    s.reasons = "[]";
    EXPECT_TRUE(store.PutSummary(s).ok());
    ids.push_back(u->id);
  }
  return ids;
}

// The clinic's list a page of 50 at a time: every patient once, in the
// order of the store's one large page, every page audited once.
TEST_F(PagingApiTest, TheClinicListWalksEveryPatientOnceInOrder) {
  AddPatients(*store_, clock_, clinic_, 235);  // and maria and tom: 237
  auto whole = store_->ListPatients({clinic_, "", std::nullopt, 1000});
  ASSERT_TRUE(whole.ok());
  ASSERT_EQ(whole->size(), 237u);
  std::vector<std::string> expected;
  for (const auto& p : *whole) expected.push_back(p.patient_id);
  const std::size_t audited = Audit().size();
  int pages = 0;
  const auto walked = Walk(lee_, "/api/v1/clinic/patients", "patients", 50, &pages);
  EXPECT_EQ(walked, expected);
  EXPECT_EQ(std::set<std::string>(walked.begin(), walked.end()).size(), 237u);
  EXPECT_EQ(pages, 5);
  const auto rows = Audit();
  ASSERT_EQ(rows.size(), audited + 5) << "one entry per page";
  EXPECT_EQ(rows.back().detail, "37 patients listed");
  EXPECT_EQ(rows.back().action, "GET /api/v1/clinic/patients");
  // The first page of 200 is the first 200 of the walk; every page counts all.
  const json big = Body(As(lee_, "GET", "/api/v1/clinic/patients?limit=200"));
  EXPECT_EQ(Ids(big["patients"]),
            std::vector<std::string>(expected.begin(), expected.begin() + 200));
  EXPECT_EQ(big["total"], 237);
  EXPECT_EQ(big["limit"], 200);
  EXPECT_FALSE(big.contains("offset"));
  // Without a limit: 50.
  EXPECT_EQ(Body(As(lee_, "GET", "/api/v1/clinic/patients"))["patients"].size(), 50u);
}

// With a search, the cursor carries on within the same search; the walk
// meets every patient the search finds once, in order.
TEST_F(PagingApiTest, TheClinicListWalksWithinASearch) {
  AddPatients(*store_, clock_, clinic_, 60);
  auto found = store_->ListPatients({clinic_, "ana", std::nullopt, 1000});
  ASSERT_TRUE(found.ok());
  std::vector<std::string> expected;
  for (const auto& p : *found) expected.push_back(p.patient_id);
  ASSERT_EQ(expected.size(), 40u);  // Ana, ana, Ána and Ana again: four names of six
  EXPECT_EQ(Walk(lee_, "/api/v1/clinic/patients?search=ana", "patients", 7), expected);
  // The same search written otherwise is another list: its cursor is refused.
  const json first = Body(As(lee_, "GET", "/api/v1/clinic/patients?search=ana&limit=7"));
  const std::string cursor = first["next_cursor"];
  for (const char* other : {"", "search=ANA&", "search=an&", "search=bo&"}) {
    auto r = As(lee_, "GET", std::string("/api/v1/clinic/patients?") + other + "cursor=" + cursor);
    EXPECT_EQ(r.status, 400) << other;
    EXPECT_EQ(Body(r)["error"]["message"],
              "cursor is not one this list gave out: start again without it");
  }
}

// Between pages others move: a walk meets every patient whose own place
// stays the same exactly once, where offsets would repeat or skip them.
TEST_F(PagingApiTest, TheClinicListWalkIsNotShiftedByOthersMoving) {
  AddPatients(*store_, clock_, clinic_, 98);
  auto whole = store_->ListPatients({clinic_, "", std::nullopt, 1000});
  ASSERT_TRUE(whole.ok());
  ASSERT_EQ(whole->size(), 100u);
  const json first = Body(As(lee_, "GET", "/api/v1/clinic/patients?limit=30"));
  std::vector<std::string> walked = Ids(first["patients"]);
  // Three not yet reached rise to the top; two already shown fall to the
  // bottom (they are met again: their own place changed); one is added.
  std::set<std::string> moved;
  for (int i : {40, 60, 80}) {
    PatientSummary s = (*whole)[i];
    s.attention = 1000;
    ASSERT_TRUE(store_->PutSummary(s).ok());
    moved.insert(s.patient_id);
  }
  for (int i : {3, 7}) {
    PatientSummary s = (*whole)[i];
    s.attention = -1;
    ASSERT_TRUE(store_->PutSummary(s).ok());
    moved.insert(s.patient_id);
  }
  for (const auto& id : AddPatients(*store_, clock_, clinic_, 1, "late")) moved.insert(id);
  std::string cursor = first["next_cursor"];
  while (!cursor.empty()) {
    const json page = Body(As(lee_, "GET", "/api/v1/clinic/patients?limit=30&cursor=" + cursor));
    for (const auto& id : Ids(page["patients"])) walked.push_back(id);
    cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"].get<std::string>();
  }
  std::vector<std::string> unmoved_walked, unmoved_expected;
  for (const auto& id : walked) {
    if (!moved.count(id)) unmoved_walked.push_back(id);
  }
  for (const auto& p : *whole) {
    if (!moved.count(p.patient_id)) unmoved_expected.push_back(p.patient_id);
  }
  EXPECT_EQ(unmoved_walked, unmoved_expected);
}

// A cursor that is not one (malformed, another list's, another clinic's)
// is refused with the same plain 400, audited; one made up with the right
// scope still reads only the reader's own clinic.
TEST_F(PagingApiTest, TheClinicListRefusesForeignCursorsAndNeverLeaks) {
  AddPatients(*store_, clock_, clinic_, 12);
  auto far_user = store_->FindUserByEmail("far@example.test");
  ASSERT_TRUE(far_user.ok());
  const auto theirs = AddPatients(*store_, clock_, far_user->clinic_id, 12, "h");
  const json far_page = Body(As(far_, "GET", "/api/v1/clinic/patients?limit=5"));
  ASSERT_TRUE(far_page["next_cursor"].is_string());
  const json lee_page = Body(As(lee_, "GET", "/api/v1/clinic/patients?limit=5"));
  const std::string lee_cursor = lee_page["next_cursor"];
  const std::vector<std::string> bad = {
      "nonsense!",
      "e30",
      std::string(3000, 'A'),
      EncodeCursor(RecordKey{"2026-11-23", 1, "x"}),
      EncodeCursor(AlertKey{1, "x"}),
      EncodeCursor(AccountKey{"Ana", "x"}, ListScope(clinic_, "")),
      EncodeCursor(PatientKey{0, "ana", "Ana", ""}, ListScope(clinic_, "")),
      far_page["next_cursor"].get<std::string>(),  // another clinic's list
  };
  for (const std::string& cursor : bad) {
    auto r = As(lee_, "GET", "/api/v1/clinic/patients?limit=5&cursor=" + cursor);
    EXPECT_EQ(r.status, 400) << cursor;
    EXPECT_EQ(Body(r)["error"]["message"],
              "cursor is not one this list gave out: start again without it");
  }
  EXPECT_EQ(Audit().back().outcome, "error");
  // Lee's cursor in the other clinic's hands is refused too.
  EXPECT_EQ(As(far_, "GET", "/api/v1/clinic/patients?cursor=" + lee_cursor).status, 400);
  // A key of the other clinic's patient, with Lee's list's scope: harmless,
  // the page is Lee's clinic's, placed by the key.
  auto their = store_->GetSummary(theirs[0]);
  ASSERT_TRUE(their.ok());
  const json placed = Body(As(lee_, "GET",
                              "/api/v1/clinic/patients?limit=200&cursor=" +
                                  EncodeCursor(PatientKeyOf(*their), ListScope(clinic_, ""))));
  for (const auto& p : placed["patients"]) {
    EXPECT_EQ(store_->GetSummary(p["id"].get<std::string>())->clinic_id, clinic_);
  }
  // Offsets are no longer taken: refused, so that an old client does not
  // read the first page again and again.
  auto offset = As(lee_, "GET", "/api/v1/clinic/patients?offset=25");
  EXPECT_EQ(offset.status, 400);
  EXPECT_NE(Body(offset)["error"]["message"].get<std::string>().find("cursor"), std::string::npos);
}

// The admin's list of accounts: pages of 50 by default, by name then id,
// every account once; foreign cursors refused.
TEST_F(PagingApiTest, TheAdminsAccountsArePaged) {
  const std::string ada = MakeUser("ada", Role::kAdmin, clinic_);
  AddPatients(*store_, clock_, clinic_, 118);  // and maria and tom: 120
  const json first = Body(As(ada, "GET", "/api/v1/admin/accounts"));
  ASSERT_EQ(first["accounts"].size(), 50u);
  ASSERT_TRUE(first["next_cursor"].is_string());
  const json big = Body(As(ada, "GET", "/api/v1/admin/accounts?limit=200"));
  ASSERT_EQ(big["accounts"].size(), 120u);
  EXPECT_TRUE(big["next_cursor"].is_null());
  int pages = 0;
  EXPECT_EQ(Walk(ada, "/api/v1/admin/accounts", "accounts", 50, &pages), Ids(big["accounts"]));
  EXPECT_EQ(pages, 3);
  std::vector<std::pair<std::string, std::string>> keys;
  for (const auto& a : big["accounts"]) keys.emplace_back(a["display_name"], a["id"]);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  for (const std::string& cursor :
       {std::string("nonsense!"), EncodeCursor(AlertKey{1, "x"}),
        EncodeCursor(PatientKey{0, "a", "a", "x"}, ListScope(clinic_, "")),
        EncodeCursor(AccountKey{"a", "x"}, ListScope("another clinic", ""))}) {
    auto r = As(ada, "GET", "/api/v1/admin/accounts?cursor=" + cursor);
    EXPECT_EQ(r.status, 400) << cursor;
    EXPECT_EQ(Body(r)["error"]["message"],
              "cursor is not one this list gave out: start again without it");
  }
  // A clinic's patients' cursor is no use for the accounts, nor the reverse.
  const json patients = Body(As(lee_, "GET", "/api/v1/clinic/patients?limit=5"));
  EXPECT_EQ(
      As(ada, "GET", "/api/v1/admin/accounts?cursor=" + patients["next_cursor"].get<std::string>())
          .status,
      400);
  EXPECT_EQ(
      As(lee_, "GET", "/api/v1/clinic/patients?cursor=" + first["next_cursor"].get<std::string>())
          .status,
      400);
}

TEST_F(PagingApiTest, OpenApiDocumentsThePagesOfEveryListRoute) {
  const json doc = Body(As("", "GET", "/api/v1/openapi.json"));
  const std::vector<std::pair<std::string, std::string>> lists = {
      {"/api/v1/patients/{id}/pain", "records"},
      {"/api/v1/patients/{id}/questionnaires", "records"},
      {"/api/v1/patients/{id}/notes", "records"},
      {"/api/v1/patients/{id}/sessions", "records"},
      {"/api/v1/patients/{id}/messages", "messages"},
      {"/api/v1/patients/{id}/alerts", "alerts"},
      {"/api/v1/clinic/alerts", "alerts"},
      {"/api/v1/patients/{id}/recordings", "recordings"},
      {"/api/v1/patients/{id}/notices", "notices"},
      {"/api/v1/clinic/patients", "patients"},
      {"/api/v1/admin/accounts", "accounts"}};
  for (const auto& [path, field] : lists) {
    const json& op = doc["paths"][path]["get"];
    std::set<std::string> names;
    for (const auto& p : op["parameters"]) {
      if (p["in"] == "query") names.insert(p["name"].get<std::string>());
    }
    EXPECT_EQ(names, (std::set<std::string>{"cursor", "limit"})) << path;
    const json& schema = op["responses"]["200"]["content"]["application/json"]["schema"];
    EXPECT_TRUE(schema["properties"].contains("next_cursor")) << path;
    EXPECT_TRUE(schema["properties"].contains(field)) << path;
  }
}

}  // namespace
}  // namespace backcoach
