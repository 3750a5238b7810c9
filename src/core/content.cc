#include "core/content.h"

#include <algorithm>

namespace backcoach {

const char* const kExercisesFile = "exercises.yaml";
const char* const kEducationFile = "education.yaml";
const char* const kScreeningFile = "screening.yaml";
const char* const kEngineFile = "engine.yaml";
const char* const kAlertsFile = "alerts.yaml";
const char* const kMotionsFile = "motions.yaml";
const char* const kQuestionnaireDir = "questionnaires/";

namespace {

const ContentFile* FindFile(const std::vector<ContentFile>& files, const std::string& path) {
  for (const auto& f : files) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

Result<const ContentFile*> RequireFile(const std::vector<ContentFile>& files,
                                       const std::string& path) {
  const ContentFile* file = FindFile(files, path);
  if (file == nullptr) return Status::NotFound(path + ": file is missing from the content");
  return file;
}

bool IsQuestionnaireFile(const std::string& path) {
  const std::string dir = kQuestionnaireDir;
  return path.rfind(dir, 0) == 0 && path.size() > dir.size() + 5 &&
         path.compare(path.size() - 5, 5, ".yaml") == 0;
}

Status CheckLessonReferences(const Content& content) {
  for (const auto& id : content.screening.ReferencedLessons()) {
    if (content.education.Find(id) == nullptr) {
      return Status::InvalidArgument(std::string(kScreeningFile) + ": lesson '" + id +
                                     "' is named but " + kEducationFile + " has no such lesson");
    }
  }
  return Status::Ok();
}

Status LoadQuestionnaires(const std::vector<ContentFile>& files, Content& content) {
  for (const auto& file : files) {
    if (!IsQuestionnaireFile(file.path)) continue;
    auto q = Questionnaire::Parse(file.text, file.path);
    if (!q.ok()) return q.status();
    const std::string id = q->id();
    if (!content.questionnaires.emplace(id, std::move(q).value()).second) {
      return Status::InvalidArgument(file.path + ": questionnaire '" + id + "' is defined twice");
    }
  }
  if (content.questionnaires.empty()) {
    return Status::NotFound(std::string(kQuestionnaireDir) + ": no questionnaire definitions");
  }
  return Status::Ok();
}

Status CheckAlertReferences(const Content& content) {
  for (const auto& rule : content.alerts.rules()) {
    if (rule.questionnaire.empty() || content.questionnaires.count(rule.questionnaire)) continue;
    return Status::InvalidArgument(std::string(kAlertsFile) + ": rule '" + rule.id +
                                   "': field 'questionnaire': there is no questionnaire '" +
                                   rule.questionnaire + "'");
  }
  return Status::Ok();
}

// The walk that flare-up and walking-only days use must be an aerobic
// exercise of the catalogue.
Status CheckEngineReferences(const Content& content) {
  const std::string& id = content.engine.progression.walking_exercise;
  const Exercise* walk = content.catalogue.Find(id);
  if (walk != nullptr && walk->category == Category::kAerobic) return Status::Ok();
  return Status::InvalidArgument(std::string(kEngineFile) +
                                 ": progression: field 'walking_exercise': there is no aerobic "
                                 "exercise '" +
                                 id + "' in the catalogue");
}

}  // namespace

Result<Content> LoadContent(const std::vector<ContentFile>& files) {
  auto exercises = RequireFile(files, kExercisesFile);
  auto education = RequireFile(files, kEducationFile);
  auto screening = RequireFile(files, kScreeningFile);
  auto engine = RequireFile(files, kEngineFile);
  auto alerts = RequireFile(files, kAlertsFile);
  auto passwords = RequireFile(files, kCommonPasswordsFile);
  auto motion_file = RequireFile(files, kMotionsFile);
  for (const auto* r :
       {&exercises, &education, &screening, &engine, &alerts, &passwords, &motion_file}) {
    if (!r->ok()) return r->status();
  }
  auto catalogue = Catalogue::Parse((*exercises)->text, kExercisesFile);
  if (!catalogue.ok()) return catalogue.status();
  auto lessons = Education::Parse((*education)->text, kEducationFile);
  if (!lessons.ok()) return lessons.status();
  auto rules = ScreeningRules::Parse((*screening)->text, kScreeningFile);
  if (!rules.ok()) return rules.status();
  auto engine_rules = EngineRules::Parse((*engine)->text, kEngineFile);
  if (!engine_rules.ok()) return engine_rules.status();
  auto alert_rules = AlertRules::Parse((*alerts)->text, kAlertsFile);
  if (!alert_rules.ok()) return alert_rules.status();
  auto common = CommonPasswords::Parse((*passwords)->text, kCommonPasswordsFile);
  if (!common.ok()) return common.status();
  auto motions = Motions::Parse((*motion_file)->text, kMotionsFile, *catalogue);
  if (!motions.ok()) return motions.status();

  Content content{std::move(catalogue).value(),
                  std::move(lessons).value(),
                  std::move(rules).value(),
                  std::move(engine_rules).value(),
                  {},
                  std::move(alert_rules).value(),
                  std::move(common).value(),
                  std::move(motions).value()};
  if (Status s = LoadQuestionnaires(files, content); !s.ok()) return s;
  if (Status s = CheckLessonReferences(content); !s.ok()) return s;
  if (Status s = CheckAlertReferences(content); !s.ok()) return s;
  if (Status s = content.engine.first_plan.Resolve(content.catalogue, content.education,
                                                   std::string(kEngineFile) + ": first_plan");
      !s.ok()) {
    return s;
  }
  if (Status s = CheckEngineReferences(content); !s.ok()) return s;
  return content;
}

}  // namespace backcoach
