// `backcoach score`: score a questionnaire's answers, or judge the change
// between two scores against the questionnaire's MCID.
//
// The shipped definitions are read from <content dir>/questionnaires/*.yaml;
// a clinic may instead hand in its own definition file (--definition) for an
// instrument it is licensed to use. See docs/score.md.
#ifndef BACKCOACH_CLI_SCORE_COMMAND_H_
#define BACKCOACH_CLI_SCORE_COMMAND_H_

#include <map>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "core/questionnaire.h"

namespace backcoach::cli {

int RunScoreCommand(const std::vector<std::string>& args, Io& io);

// Reads and parses every *.yaml file directly in `dir`, in name order, keyed
// by questionnaire id. Errors name the file ("<dir>/peg.yaml: ..."); a
// missing directory is NotFound, an id defined twice InvalidArgument.
Result<std::map<std::string, Questionnaire>> LoadQuestionnaireDir(const std::string& dir);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_SCORE_COMMAND_H_
