// `backcoach score`: score a questionnaire's answers, or judge the change
// between two scores against the questionnaire's MCID (docs/score.md).
//
// The shipped definitions are read from <content dir>/questionnaires/*.yaml;
// a clinic may instead hand in its own definition file (--definition) for an
// instrument it is licensed to use. Fails with bad input (exit 2) for wrong
// flags, answers or a definition, each named in one line on stderr.
//
// Thread-safety: as cli.h; LoadQuestionnaireDir shares nothing between
// calls.
#ifndef BACKCOACH_CLI_SCORE_COMMAND_H_
#define BACKCOACH_CLI_SCORE_COMMAND_H_

#include <map>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "core/questionnaire.h"

namespace backcoach::cli {

const Command& ScoreCommand();

// Reads and parses every *.yaml file directly in `dir`, in name order, keyed
// by questionnaire id. Errors name the file ("<dir>/peg.yaml: ..."): a
// missing directory, an empty one or a file that cannot be read is
// NotFound, an id defined twice or a definition that is not valid
// InvalidArgument, a directory that cannot be listed Unavailable.
Result<std::map<std::string, Questionnaire>> LoadQuestionnaireDir(const std::string& dir);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_SCORE_COMMAND_H_
