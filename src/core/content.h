// Content: every piece of clinical content backcoach runs on, loaded as one.
//
// The files under content/ are handed in as text (the core does no I/O);
// each is parsed and validated by its module, then references between them
// (lesson ids named by screening rules, exercise ids named by the
// progression rules and by the motions) are checked. The first problem found is returned,
// naming the file, the entry and the field.
#ifndef BACKCOACH_CORE_CONTENT_H_
#define BACKCOACH_CORE_CONTENT_H_

#include <map>
#include <string>
#include <vector>

#include "core/alert_rules.h"
#include "core/catalogue.h"
#include "core/common_passwords.h"
#include "core/education.h"
#include "core/engine_rules.h"
#include "core/motion_content.h"
#include "core/questionnaire.h"
#include "core/screening_rules.h"
#include "core/status.h"

namespace backcoach {

// One content file: its path relative to content/ and its text.
struct ContentFile {
  std::string path;  // "exercises.yaml", "questionnaires/peg.yaml"
  std::string text;
};

struct Content {
  Catalogue catalogue;
  Education education;
  ScreeningRules screening;
  EngineRules engine;
  std::map<std::string, Questionnaire> questionnaires;  // by id
  AlertRules alerts;
  CommonPasswords common_passwords;  // refused as passwords (common-passwords.txt)
  Motions motions;                   // how each exercise moves (motions.yaml)
};

// The files LoadContent expects besides questionnaires/*.yaml (and
// kCommonPasswordsFile, common_passwords.h).
extern const char* const kExercisesFile;     // "exercises.yaml"
extern const char* const kEducationFile;     // "education.yaml"
extern const char* const kScreeningFile;     // "screening.yaml"
extern const char* const kEngineFile;        // "engine.yaml"
extern const char* const kAlertsFile;        // "alerts.yaml"
extern const char* const kMotionsFile;       // "motions.yaml"
extern const char* const kQuestionnaireDir;  // "questionnaires/"

Result<Content> LoadContent(const std::vector<ContentFile>& files);

}  // namespace backcoach

#endif  // BACKCOACH_CORE_CONTENT_H_
