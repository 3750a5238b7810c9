#include "cli/motion_command.h"

#include <iostream>

#include "cli/args.h"
#include "cli/content_files.h"
#include "core/motion_analysis.h"
#include "core/motion_json.h"
#include "core/motion_text.h"

namespace backcoach::cli {

namespace {

constexpr const char* kUsage =
    "Usage: backcoach motion [--json] [--content DIR] --exercise ID FILE\n"
    "       backcoach motion --definition [--content DIR] --exercise ID\n"
    "\n"
    "Analyses a recording of body keypoints (JSON Lines, format backcoach-pose; FILE '-'\n"
    "reads standard input) as the camera coach would: repetitions counted, holds timed,\n"
    "range of motion and form findings per repetition, or why it cannot assess (no one in\n"
    "the picture, more than one person, the wrong view, joints not seen, or an exercise\n"
    "the coach does not cover). With --definition, prints instead the exercise's motion\n"
    "definition as the JSON the browser's WebAssembly analysis reads.\n"
    "\n"
    "Options:\n"
    "  --exercise ID   the exercise of the catalogue that was recorded\n"
    "  --json          print the analysis as JSON\n"
    "  --definition    print the motion definition (JSON) and analyse nothing\n"
    "  --content DIR   clinical content to use (default: the shipped content/)\n"
    "  --help          show this help\n"
    "\n"
    "Exit status: 0 analysed (also when it could not assess), 2 a malformed recording (its\n"
    "line named), an unknown exercise or invalid flags (one line on stderr).\n"
    "Format and examples: docs/motion.md\n";

Outcome RunMotion(const Args& args, Io& io) {
  const std::string exercise = *args.Value("exercise");
  const bool definition = args.Has("definition");
  if (args.positional().size() != (definition ? 0u : 1u)) {
    return Status::InvalidArgument(
        definition ? "--definition takes no FILE (try --help)"
                   : "expected one recording FILE (or '-' for stdin) (try --help)");
  }
  auto content = LoadContentDir(ContentDir(args));
  if (!content.ok()) return content.status();
  if (content->catalogue.Find(exercise) == nullptr) {
    return Status::NotFound("unknown exercise '" + exercise + "'");
  }
  const MotionDefinition* motion = content->motions.Find(exercise);
  if (definition) {
    if (motion == nullptr) return Status::NotFound("exercise '" + exercise + "' has no motion");
    io.out << MotionDefinitionToJson(*motion) << "\n";
    return Status::Ok();
  }
  auto text = ReadInput(args.positional()[0], io.in);
  if (!text.ok()) return text.status();
  auto recording = ParsePoseRecording(*text);
  if (!recording.ok()) return recording.status().WithContext(args.positional()[0]);

  // An exercise kept as an illustration has no motion: it is simply not covered.
  MotionDefinition still;
  still.exercise = exercise;
  const MotionAnalysis analysis = AnalyseRecording(motion ? *motion : still, *recording);
  io.out << (args.Has("json") ? MotionAnalysisToJson(analysis) + "\n"
                              : MotionAnalysisToText(analysis));
  return Status::Ok();
}

}  // namespace

const Command& MotionCommand() {
  static const Command command{"motion",
                               "analyse a recording of body keypoints: repetitions, holds and form",
                               kUsage,
                               {{"json"}, {"definition"}, {"content", true}, {"exercise", true}},
                               {0, 1, "one recording FILE (or '-' for stdin)"},
                               {"exercise ID"},
                               RunMotion};
  return command;
}

}  // namespace backcoach::cli
