// The API's routes: accounts, a patient's programme, the clinic, content.
#include "api/api.h"
#include "api/patient_list_text.h"
#include "api/reply.h"
#include "api/request_credentials.h"
#include "api/service_json.h"
#include "app/csv_export.h"
#include "app/fhir_export.h"
#include "app/progress_report.h"
#include "app/recordings.h"
#include "core/adjustment_json.h"
#include "core/partial_screen.h"
#include "core/plan_json.h"
#include "core/text.h"
#include "report/report_pdf.h"

namespace backcoach {

namespace {

using http::Response;

json UserJson(const User& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"display_name", u.display_name},
          {"role", RoleName(u.role)},
          {"clinic_id", u.clinic_id},
          {"also_clinician", u.also_clinician}};
}

// The page sizes of the lists (api/paging.h): a request without `limit`
// gets what these routes answered before they had pages.
constexpr PageSize kSessionPage{200, 1000};
constexpr PageSize kDiaryPage{1000, 1000};  // pain entries, questionnaires
constexpr PageSize kNotePage{500, 500};
constexpr PageSize kRecordingPage{100, 100};
constexpr PageSize kPatientPage{50, 200};
// How the clinic's list of patients is ordered, for its OpenAPI entry.
constexpr const char* kPatientOrder =
    "those needing attention first, then by name (ignoring case and accents), then by id; each "
    "page continues after the last patient of the page before, by that order";
// How a patient's record lists are ordered, for their OpenAPI entries.
constexpr const char* kRecordOrder =
    "the first page holds the newest entries, each next page the ones before them; within a "
    "page, oldest first (by date, then time written, then id)";

// An Apple Health export.xml of several years is tens of megabytes, and a
// tenth of that gzip-compressed (the web app compresses it before sending);
// larger ones are for `backcoach import steps`. The upload is read as it
// arrives (RouteInfo::stream_body), never held whole.
constexpr std::size_t kMaxActivityUpload = 64 << 20;
// A compressed upload is read as it inflates; this bounds the work a small
// file that inflates without end could make. An export compresses about
// 19:1 (docs/import.md), so a full upload of one inflates to at most 20
// times its size.
constexpr std::uint64_t kMaxActivityPlain = std::uint64_t{20} * kMaxActivityUpload;

// A download: the body with its type, saved by a browser as `filename`.
Response Download(const std::string& type, std::string body, const std::string& filename) {
  Response r = Response::Text(200, type, std::move(body));
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// A failed sign-in names the account it was for by its id, never by the
// address typed: the audit log outlives an erasure, and must keep no e-mail
// address (nor whatever was typed in place of one).
std::string FailedLoginDetail(Store& store, const std::string& email) {
  auto user = store.FindUserByEmail(LowerAscii(email));
  return user.ok() ? "account " + user->id : "no such account";
}

// Reads an upload as it arrives: its first bytes tell the importer, and
// then every piece goes to it. Nothing is stored until the whole file has
// been read (ImportActivity runs after this).
Result<ActivityImport> ReadActivity(http::BodyReader& body) {
  constexpr std::size_t kHeadBytes = 512;  // what ImporterFor looks at
  std::unique_ptr<ActivityImporter> importer;
  std::string head;
  while (true) {
    Result<std::string> piece = body.Read();
    if (!piece.ok()) return piece.status();
    if (piece->empty()) break;
    if (importer != nullptr) {
      if (Status s = importer->Feed(*piece); !s.ok()) return s;
      continue;
    }
    head += *piece;
    if (head.size() < kHeadBytes) continue;
    importer = ImporterFor(head, kMaxActivityPlain);
    if (Status s = importer->Feed(head); !s.ok()) return s;
  }
  if (importer == nullptr) {
    if (head.empty()) {
      return Status::InvalidArgument("the body is empty: send a CSV or export.xml file");
    }
    importer = ImporterFor(head, kMaxActivityPlain);
    if (Status s = importer->Feed(head); !s.ok()) return s;
  }
  return importer->Finish();
}

// The steps upload: streamed, and admitted from its head (see http.h).
http::RouteInfo StreamsBody(http::RouteInfo info) {
  info.stream_body = true;
  return info;
}

json RecordingJson(const RecordingInfo& r) {
  return {{"id", r.id},       {"exercise", r.exercise},
          {"date", r.date},   {"created_at", r.created_at},
          {"bytes", r.bytes}, {"frames", r.frames}};
}

Result<std::vector<AuditAnchor>> AnchorsOf(const std::string& path) {
  if (path.empty()) return std::vector<AuditAnchor>{};
  return ReadAuditAnchors(path);
}

// The newest anchor, or null.
json AnchorJson(const std::vector<AuditAnchor>& anchors) {
  if (anchors.empty()) return nullptr;
  const AuditAnchor& a = anchors.back();
  return {{"seq", a.seq}, {"hash", a.hash}, {"at", a.at}, {"keyed_from", a.keyed_from}};
}

}  // namespace

Result<http::Response> Api::SignedUp(Call& c, const User& user, const std::string& detail) {
  auto session = auth_.StartSession(user);
  if (!session.ok()) return session.status();
  c.audit = Audited{.action = "signup", .actor = user.id, .patient = user.id, .detail = detail};
  Response r = Ok({{"user", UserJson(user)},
                   {"csrf_token", session->session.csrf_token},
                   {"token", session->token}},
                  201);
  r.headers.emplace_back("Set-Cookie", auth_.SessionCookie(session->token));
  return r;
}

void Api::RegisterAccounts(http::Router& router) {
  Route(
      router, "POST", "/api/v1/auth/signup",
      RunsLong({"Create an account: a patient's (with a clinic invitation code, or on one's own), "
                "or a supporter's (with a patient's supporter code)"}),
      Access::kPublic, [this](Call& c) -> Result<Response> {
        const std::string code = Text(c.body, "invitation_code");
        const std::string supporter_code = Text(c.body, "supporter_code");
        const std::string address = ClientAddress(auth_, c.request);
        if (Timestamp wait = auth_.SignUpWait(address); wait > 0) {
          return TooMany(c, "signup", "sign up", wait, "");
        }
        auth_.NoteSignUp(address);
        if (code.empty() && supporter_code.empty() && !options_.allow_self_signup) {
          return Status::PermissionDenied("sign-up needs an invitation code from your clinic");
        }
        if (options_.mailer != nullptr) return SignUpByMail(c, code, supporter_code);
        auto user = supporter_code.empty()
                        ? service_.SignUp(Text(c.body, "email"), Text(c.body, "password"),
                                          Text(c.body, "display_name"), code)
                        : service_.SignUpSupporter(Text(c.body, "email"), Text(c.body, "password"),
                                                   Text(c.body, "display_name"), supporter_code);
        if (!user.ok()) return user.status();
        return SignedUp(c, *user, "");
      });
  Route(router, "POST", "/api/v1/auth/login", RunsLong({"Sign in; starts a new session"}),
        Access::kPublic, [this](Call& c) -> Result<Response> {
          const std::string email = Text(c.body, "email");
          const std::string password = Text(c.body, "password");
          if (email.empty() || password.empty()) {
            return Status::InvalidArgument("fields 'email' and 'password' are both required");
          }
          const std::string address = ClientAddress(auth_, c.request);
          if (Timestamp wait = auth_.SignInWait(email, address); wait > 0) {
            return TooMany(c, "login", "sign in", wait, FailedLoginDetail(service_.store(), email));
          }
          auto who = auth_.Login(email, password, address);
          if (!who.ok()) {
            // Answered here, so that the refusal leaves this one audit entry.
            c.audit = Audited{.action = "login",
                              .outcome = "denied",
                              .detail = FailedLoginDetail(service_.store(), email)};
            if (who.status().code() == StatusCode::kPermissionDenied) {
              return ErrorResponse(401, "unauthenticated", who.status().message());
            }
            return ErrorResponse(who.status());
          }
          c.audit = Audited{.action = "login", .actor = who->user.id};
          Response r = Ok({{"user", UserJson(who->user)},
                           {"csrf_token", who->session.csrf_token},
                           {"token", who->token}});
          r.headers.emplace_back("Set-Cookie", auth_.SessionCookie(who->token));
          return r;
        });
  Route(router, "POST", "/api/v1/auth/logout", {"Sign out; ends the session on the server"},
        Access::kSignedIn, [this](Call& c) -> Result<Response> {
          if (Status s = auth_.Logout(*c.who); !s.ok()) return s;
          Response r = Ok({{"signed_out", true}});
          r.headers.emplace_back("Set-Cookie", auth_.ExpiredCookie());
          return r;
        });
  Route(router, "GET", "/api/v1/me", {"Who is signed in, and the CSRF token for writes"},
        Access::kSignedIn, [](Call& c) -> Result<Response> {
          return Ok({{"user", UserJson(c.who->user)}, {"csrf_token", c.who->session.csrf_token}});
        });
}

void Api::RegisterPatient(http::Router& router) {
  const std::string base = "/api/v1/patients/{id}";
  Route(router, "POST", base + "/intake",
        {"Answer the intake: screens for red flags and builds the plan"}, Access::kSelf,
        [this](Call& c) {
          return Reply(service_.SubmitIntake(*c.patient, IntakeInputFromJson(c.body)), 201);
        });
  Route(router, "GET", base + "/screen", {"The latest screening result"}, Access::kCareTeam,
        [this](Call& c) { return Reply(service_.Screen(c.patient->id)); });
  Route(router, "GET", base + "/plan", {"The current plan state"}, Access::kCareTeam,
        [this](Call& c) -> Result<Response> {
          auto plan = service_.Plan(c.patient->id);
          if (!plan.ok()) return plan.status();
          return Response::Json(200, plan->state);  // stored encoded: no re-encoding
        });
  Route(router, "GET", base + "/today",
        {"Today's session as exercise cards, each with its motion definition or null "
         "(?date=YYYY-MM-DD)"},
        Access::kCareTeam, [this](Call& c) -> Result<Response> {
          Date day = service_.clock().Today();
          if (auto it = c.request.query.find("date"); it != c.request.query.end()) {
            auto parsed = Date::Parse(it->second);
            if (!parsed.ok()) return parsed.status().WithContext("date");
            day = *parsed;
          }
          auto today = service_.Today(c.patient->id, day);
          if (!today.ok()) return today.status();
          return Response::Json(200, **today);
        });
  Route(router, "POST", base + "/sessions",
        {"Log a session, with what the camera coach measured of each exercise it saw; the "
         "engine progresses, holds or regresses and says why"},
        Access::kSelf, [this](Call& c) -> Result<Response> {
          auto log = SessionLogFromJson(c.body);
          if (!log.ok()) return log.status();
          return Reply(service_.LogSession(*c.patient, *log), SessionLoggedJson, 201);
        });
  Route(router, "GET", base + "/sessions",
        {"Logged sessions: a page of the newest (?limit=, default 200, at most 1000), oldest "
         "first; ?cursor=next_cursor for the page before it"},
        Access::kCareTeam,
        [this](Call& c) { return RecordList(c, RecordKind::kSessionLog, kSessionPage); });
  Paged("GET", base + "/sessions", kSessionPage, "records", kRecordOrder);
  Route(router, "POST", base + "/recordings",
        {"Share a recording of the camera coach with the patient's clinicians (?exercise=ID; the "
         "body is the backcoach-pose JSON Lines, at most 2 MB, checked as `backcoach motion` "
         "reads it)",
         "application/x-ndjson", kMaxRecordingBytes},
        Access::kSelf, [this](Call& c) -> Result<Response> {
          auto it = c.request.query.find("exercise");
          auto shared =
              ShareRecording(service_.store(), service_.content(), service_.clock(), *c.patient,
                             {it == c.request.query.end() ? "" : it->second, c.request.body});
          if (!shared.ok()) return shared.status();
          c.audit = Audited{.detail = "recording " + shared->id + " shared"};
          return Ok(RecordingJson(*shared), 201);
        });
  Route(router, "GET", base + "/recordings",
        {"The camera coach's recordings the patient shared, newest first: id, exercise, date, "
         "size (?limit=, default and most 100; ?cursor=next_cursor for older ones)"},
        Access::kCareTeam, [this](Call& c) -> Result<Response> {
          auto limit = PageLimit(c.request, kRecordingPage);
          if (!limit.ok()) return BadPage(c, limit.status());
          auto after = RecordCursor(c.request);
          if (!after.ok()) return BadPage(c, after.status());
          auto list = ListRecordingPage(service_.store(), c.patient->id, *limit, *after);
          if (!list.ok()) return list.status();
          json out = json::array();
          for (const auto& r : list->recordings) out.push_back(RecordingJson(r));
          return Ok({{"recordings", out}, {"next_cursor", NextCursor(list->next)}});
        });
  Paged("GET", base + "/recordings", kRecordingPage, "recordings", "newest first");
  Route(router, "GET", base + "/recordings/{recording}",
        {"One shared recording of the camera coach, as a download (backcoach-pose JSON Lines)"},
        Access::kCareTeam, [this](Call& c) -> Result<Response> {
          auto file = GetRecording(service_.store(), c.patient->id, c.request.Param("recording"));
          if (!file.ok()) return file.status();
          c.audit = Audited{.detail = "recording " + file->info.id};
          return Download("application/x-ndjson", std::move(file->text),
                          RecordingFileName(file->info));
        });
  Route(router, "DELETE", base + "/recordings/{recording}",
        {"Withdraw a recording the patient shared (the patient only): it is removed, and their "
         "clinicians no longer see it"},
        Access::kSelf, [this](Call& c) -> Result<Response> {
          const std::string id = c.request.Param("recording");
          if (Status s = WithdrawRecording(service_.store(), c.patient->id, id); !s.ok()) {
            return s;
          }
          c.audit = Audited{.detail = "recording " + id + " withdrawn"};
          return Ok({{"withdrawn", true}});
        });
  Route(router, "POST", base + "/checkins", {"Next-morning check-in for a logged session"},
        Access::kSelf, [this](Call& c) -> Result<Response> {
          auto check_in = CheckInFromJson(c.body);
          if (!check_in.ok()) return check_in.status();
          return Reply(service_.CheckIn(*c.patient, *check_in), CheckInAnswerJson, 201);
        });
  Route(router, "POST", base + "/pain", {"Add a pain diary entry"}, Access::kSelf,
        [this](Call& c) -> Result<Response> {
          auto pain = PainFromJson(c.body, service_.clock().Today());
          if (!pain.ok()) return pain.status();
          return Reply(service_.AddPain(*c.patient, *pain), RecordAddedJson, 201);
        });
  Route(router, "GET", base + "/pain",
        {"The pain diary: a page of the newest entries (?limit=, default and most 1000), oldest "
         "first; ?cursor=next_cursor for the page before it"},
        Access::kCareTeam,
        [this](Call& c) { return RecordList(c, RecordKind::kPain, kDiaryPage); });
  Paged("GET", base + "/pain", kDiaryPage, "records", kRecordOrder);
  Route(router, "POST", base + "/questionnaires/{questionnaire}",
        {"Answer a questionnaire; returns its score and band"}, Access::kSelf, [this](Call& c) {
          return Reply(service_.AddQuestionnaire(*c.patient, c.request.Param("questionnaire"),
                                                 QuestionnaireFromJson(c.body)),
                       QuestionnaireScoredJson, 201);
        });
  Route(router, "GET", base + "/questionnaires",
        {"Questionnaire answers and scores: a page of the newest (?limit=, default and most "
         "1000), oldest first; ?cursor=next_cursor for the page before it"},
        Access::kCareTeam,
        [this](Call& c) { return RecordList(c, RecordKind::kQuestionnaire, kDiaryPage); });
  Paged("GET", base + "/questionnaires", kDiaryPage, "records", kRecordOrder);
  Route(router, "GET", base + "/progress",
        {"Series for the charts: pain, scores, minutes, adherence, levels"}, Access::kCareTeam,
        [this](Call& c) { return Reply(service_.ProgressSeries(c.patient->id)); });
  Route(router, "POST", base + "/steps",
        StreamsBody({"Import daily steps and active minutes: the body is a CSV file or an "
                     "Apple Health export.xml, either of them gzip-compressed or not",
                     "text/csv", kMaxActivityUpload}),
        Access::kSelf, [this](Call& c) -> Result<Response> {
          http::WholeBodyReader whole(c.request.body_reader ? "" : c.request.body);
          auto import = ReadActivity(c.request.body_reader ? *c.request.body_reader : whole);
          if (!import.ok()) return import.status();
          return Reply(service_.ImportActivity(*c.patient, *import), ActivityImportedJson, 201);
        });
  Route(router, "GET", base + "/export", {"All of the patient's data as JSON"}, Access::kCareTeam,
        [this](Call& c) { return Reply(service_.Export(*c.reach, c.who->user)); });
  Route(router, "GET", base + "/export/fhir",
        {"All of the patient's data as a FHIR R4 Bundle (collection)"}, Access::kCareTeam,
        [this](Call& c) -> Result<Response> {
          auto data = service_.LoadPatientData(c.patient->id);
          if (!data.ok()) return data.status();
          // Messages as every route cuts them: a clinician's own thread only.
          std::erase_if(data->records,
                        [&](const Record& r) { return !ReaderMaySee(r, c.who->user, *c.reach); });
          return Download("application/fhir+json",
                          FhirBundle(*data, service_.content(), service_.clock().Now()).dump(2),
                          "backcoach-fhir.json");
        });
  Route(router, "GET", base + "/report.pdf",
        {"The progress report: two pages of PDF with charts, the plan and its changes"},
        Access::kCareTeam, [this](Call& c) -> Result<Response> {
          auto data = GatherReport(service_, c.patient->id);
          if (!data.ok()) return data.status();
          auto pdf = RenderReportPdf(*data);
          if (!pdf.ok()) return pdf.status();
          return Download("application/pdf", std::move(pdf).value(), "backcoach-report.pdf");
        });
  Route(router, "GET", base + "/export/csv",
        {"One CSV file of the patient's records for research (?file=sessions, exercise_logs, "
         "checkins, pain_diary, questionnaires or steps)"},
        Access::kCareTeam, [this](Call& c) -> Result<Response> {
          auto it = c.request.query.find("file");
          const std::string file = it == c.request.query.end() ? "" : it->second + ".csv";
          auto data = service_.LoadPatientData(c.patient->id);
          if (!data.ok()) return data.status();
          auto files = CsvExportFiles(*data);
          auto found = files.find(file);
          if (found == files.end()) {
            return Status::InvalidArgument(
                "file must be sessions, exercise_logs, checkins, pain_diary, questionnaires or "
                "steps");
          }
          return Download("text/csv; charset=utf-8", found->second, "backcoach-" + file);
        });
  Route(router, "DELETE", base, {"Erase the patient's account and data (the patient only)"},
        Access::kSelf, [this](Call& c) -> Result<Response> {
          if (Status s = service_.Erase(c.patient->id); !s.ok()) return s;
          Response r = Ok({{"erased", true}});
          r.headers.emplace_back("Set-Cookie", auth_.ExpiredCookie());
          return r;
        });
}

void Api::RegisterClinic(http::Router& router) {
  Route(router, "GET", "/api/v1/clinic/patients",
        {"The clinic's patients, those needing attention first (?search= part of a name; "
         "?limit=, default 50, at most 200; ?cursor=next_cursor for the next page, with the "
         "same search); total counts every patient the search finds"},
        Access::kClinicStaff, [this](Call& c) -> Result<Response> {
          // Pages follow next_cursor; an old client's offset is refused
          // rather than read as the first page again and again.
          if (c.request.query.count("offset") != 0) {
            return BadPage(c, Status::InvalidArgument(
                                  "offset is no longer taken: pass the answer's next_cursor as "
                                  "?cursor= for the next page"));
          }
          const std::string search = Query(c.request, "search");
          auto limit = PageLimit(c.request, kPatientPage);
          if (!limit.ok()) return BadPage(c, limit.status());
          const std::string scope = ListScope(c.who->user.clinic_id, search);
          auto after = PatientCursor(c.request, scope);
          if (!after.ok()) return BadPage(c, after.status());
          auto page = service_.PatientPage(
              c.who->user, search, *limit, *after, [&](const PatientList& list) {
                return PatientListText(list, list.next ? EncodeCursor(*list.next, scope) : "");
              });
          if (!page.ok()) return page.status();
          // A list of patients is patient data too: who saw which page is kept.
          c.audit = Audited{.detail = std::to_string((*page)->patients) + " patients listed"};
          return Response::Json(200, (*page)->body);
        });
  Paged("GET", "/api/v1/clinic/patients", kPatientPage, "patients", kPatientOrder);
  Route(router, "GET", "/api/v1/patients/{id}",
        {"A patient's page: screen, plan, plan_control (each exercise's dose fields with their "
         "bounds and the named levels of its chain; the catalogue exercises that may be added), "
         "sessions, notes"},
        Access::kClinicians,
        [this](Call& c) { return Reply(service_.PatientDetail(c.patient->id)); });
  Route(router, "POST", "/api/v1/patients/{id}/adjustments",
        {"Adjust the plan, with the reason the patient reads: {exercise_id, action, reason}; "
         "action pin, unpin, exclude, include; level with to (an exercise id or name of the same "
         "chain) or level (1-5); dose with any of sets, reps, hold_seconds, minutes, days_per_week "
         "(the fields of the exercise's kind of dose, within content's bounds and the person's "
         "minutes a day); add (exercise_id from the catalogue, one the screen allows; dose fields "
         "optional). A clinician, or an admin who is also one"},
        Access::kTreating, [this](Call& c) -> Result<Response> {
          auto adjustment = AdjustmentFromJson(c.body, service_.content().engine.clinician_dose, {},
                                               /*strict=*/false);
          if (!adjustment.ok()) return adjustment.status();
          return Reply(service_.Adjust(c.who->user, c.patient->id, std::move(adjustment).value()),
                       AdjustmentAnswerJson, 201);
        });
  Route(router, "POST", "/api/v1/patients/{id}/clearance",
        {"Clear a red-flag result or an open finding: a clinician of the patient's clinic, or a "
         "person without a clinic saying whether they have been seen (seen: seen_cleared, "
         "seen_not_cleared or not_yet)"},
        Access::kClearer, [this](Call& c) -> Result<Response> {
          auto clear = ClearFromJson(c.body, c.reach->relation == Relation::kSelf);
          if (!clear.ok()) return clear.status();
          return Reply(service_.Clear(c.who->user, *c.reach, *clear), ClearedJson, 201);
        });
  Route(router, "POST", "/api/v1/patients/{id}/notes", {"Add a clinician's note"},
        Access::kTreating, [this](Call& c) -> Result<Response> {
          auto note = NoteFromJson(c.body);
          if (!note.ok()) return note.status();
          return Reply(service_.AddNote(c.who->user, c.patient->id, *note), RecordAddedJson, 201);
        });
  Route(router, "GET", "/api/v1/patients/{id}/notes",
        {"Clinicians' notes: a page of the newest (?limit=, default and most 500), oldest first; "
         "?cursor=next_cursor for the page before it"},
        Access::kClinicians,
        [this](Call& c) { return RecordList(c, RecordKind::kNote, kNotePage); });
  Paged("GET", "/api/v1/patients/{id}/notes", kNotePage, "records", kRecordOrder);
  Route(router, "POST", "/api/v1/clinic/invitations",
        {"Create a one-time invitation code for a new patient"}, Access::kClinicStaff,
        [this](Call& c) -> Result<Response> {
          auto invitation = service_.Invite(c.who->user);
          if (!invitation.ok()) return invitation.status();
          c.audit = Audited{.action = "invite"};
          return Ok({{"code", invitation->code}, {"expires_at", invitation->expires_at}}, 201);
        });
  Route(router, "POST", "/api/v1/admin/staff",
        RunsLong({"Create a clinician or admin account in the admin's clinic ({email, password, "
                  "display_name, role: clinician|admin, also_clinician?: an admin who also "
                  "changes plans})"}),
        Access::kClinicAdmin, [this](Call& c) -> Result<Response> {
          const std::string role = Text(c.body, "role");
          if (role != "clinician" && role != "admin") {
            return Status::InvalidArgument("role must be clinician or admin");
          }
          const bool also_clinician =
              c.body.contains("also_clinician") && c.body["also_clinician"] == true;
          auto user = admin_.CreateStaff(
              c.who->user,
              {Text(c.body, "email"), Text(c.body, "password"), Text(c.body, "display_name"),
               role == "admin" ? Role::kAdmin : Role::kClinician, also_clinician});
          if (!user.ok()) return user.status();
          c.audit = Audited{.action = "create staff", .detail = user->id};
          return Ok({{"user",
                      {{"id", user->id},
                       {"email", user->email},
                       {"display_name", user->display_name},
                       {"role", RoleName(user->role)},
                       {"clinic_id", c.who->user.clinic_id},
                       {"also_clinician", user->also_clinician}}}},
                    201);
        });
  Route(router, "POST", "/api/v1/admin/users/{id}/disable",
        {"Disable an account of the clinic, or of a supporter of one of its patients; its "
         "sessions end at once, and it cannot sign in"},
        Access::kClinicAdmin, [this](Call& c) -> Result<Response> {
          if (Status s = service_.SetDisabled(c.who->user, c.request.Param("id"), true); !s.ok()) {
            return s;
          }
          c.audit = Audited{.action = "disable user", .detail = c.request.Param("id")};
          return Ok({{"disabled", true}});
        });
  Route(router, "GET", "/api/v1/admin/audit/verify", {"Check the audit log's hash chain"},
        Access::kClinicAdmin, [this](Call&) -> Result<Response> {
          if (Status s = auditor_.Flush(); !s.ok()) return s;
          auto anchors = AnchorsOf(options_.audit_anchor_file);
          if (!anchors.ok()) return anchors.status();
          auto report = VerifyAuditChain(service_.store(), options_.audit_key, *anchors);
          if (!report.ok()) return report.status();
          return Ok({{"entries", report->entries},
                     {"intact", report->first_bad_seq == 0 && report->problem.empty()},
                     {"first_bad_seq", report->first_bad_seq},
                     {"problem", report->problem},
                     {"anchors_checked", report->anchors},
                     {"latest_anchor", AnchorJson(*anchors)}});
        });
  Route(router, "GET", "/api/v1/admin/audit/anchor",
        {"The audit chain's latest daily anchor (null when none is written yet)"},
        Access::kClinicAdmin, [this](Call&) -> Result<Response> {
          auto anchors = AnchorsOf(options_.audit_anchor_file);
          if (!anchors.ok()) return anchors.status();
          return Ok({{"anchor", AnchorJson(*anchors)},
                     {"anchors", anchors->size()},
                     {"configured", !options_.audit_anchor_file.empty()}});
        });
}

void Api::RegisterContent(http::Router& router) {
  Route(router, "GET", "/api/v1/emergency",
        {"The emergency card: the signs that mean going to an emergency department now, and, for "
         "a signed-in person whose clinic has set one, the number to call (emergency_number; "
         "null otherwise, when the app uses the usual number of the person's country)"},
        Access::kPublic, [this](Call& c) -> Result<Response> {
          return Ok({{"headline", service_.content().screening.advice(Tier::kEmergency).headline},
                     {"signs", service_.content().screening.emergency_signs()},
                     {"emergency_number", EmergencyNumberOf(c.request)}});
        });
  Route(router, "POST", "/api/v1/screen/partial",
        {"Screen the intake answers given so far (nothing is kept): the rules their answers "
         "decide, so that an emergency answer is known at once"},
        Access::kSignedIn, [this](Call& c) -> Result<Response> {
          auto answers = ReadPartialAnswers(c.body);
          if (!answers.ok()) return answers.status();
          const ScreeningRules& rules = service_.content().screening;
          const ScreenResult screen = ScreenAnswered(*answers, rules);
          json out = ScreenResultToJson(screen, rules);
          out["emergency"] = screen.triage == Tier::kEmergency;
          return Ok(out);
        });
  Route(router, "GET", "/api/v1/lessons", {"The lessons"}, Access::kSignedIn,
        [this](Call&) -> Result<Response> {
          json out = json::array();
          for (const auto& l : service_.content().education.lessons()) {
            out.push_back(
                {{"id", l.id}, {"title", l.title}, {"summary", l.summary}, {"minutes", l.minutes}});
          }
          return Ok({{"lessons", out}});
        });
  Route(router, "GET", "/api/v1/lessons/{lesson}", {"One lesson, with its check"},
        Access::kSignedIn, [this](Call& c) -> Result<Response> {
          const Lesson* l = service_.content().education.Find(c.request.Param("lesson"));
          if (l == nullptr) return Status::NotFound("no such lesson");
          return Ok({{"id", l->id},
                     {"title", l->title},
                     {"summary", l->summary},
                     {"minutes", l->minutes},
                     {"paragraphs", l->paragraphs},
                     {"key_points", l->key_points},
                     {"check",
                      {{"question", l->check.question},
                       {"options", l->check.options},
                       {"answer", l->check.answer},
                       {"explanation", l->check.explanation}}},
                     {"sources", l->sources}});
        });
  Route(
      router, "GET", "/api/v1/questionnaires", {"The questionnaires one can answer"},
      Access::kSignedIn, [this](Call&) -> Result<Response> {
        json out = json::array();
        for (const auto& [id, q] : service_.content().questionnaires) {
          json items = json::array();
          for (const auto& item : q.items()) {
            items.push_back({{"id", item.id},
                             {"text", item.text},
                             {"min", item.min},
                             {"max", item.max},
                             {"min_label", item.min_label},
                             {"max_label", item.max_label},
                             {"repeat", item.repeat}});
          }
          out.push_back(
              {{"id", id}, {"name", q.name()}, {"description", q.description()}, {"items", items}});
        }
        return Ok({{"questionnaires", out}});
      });
}

}  // namespace backcoach
