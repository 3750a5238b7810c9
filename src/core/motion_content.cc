#include "core/motion_content.h"

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <set>
#include <sstream>

#include "core/motion_angle.h"
#include "core/yaml_reader.h"

namespace backcoach {

namespace {

std::string Num(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

std::vector<std::string> PartNames() {
  std::vector<std::string> names;
  for (int i = 0; i <= static_cast<int>(BodyPart::kAnkle); ++i) {
    names.push_back(BodyPartName(static_cast<BodyPart>(i)));
  }
  return names;
}

AnalysisSettings ParseSettings(MapReader& r) {
  AnalysisSettings s;
  s.min_confidence = r.Number("min_confidence", 0, 1);
  s.min_seen_fraction = r.Number("min_seen_fraction", 0, 1);
  s.min_person_fraction = r.Number("min_person_fraction", 0, 1);
  s.several_people_fraction = r.Number("several_people_fraction", 0, 1);
  s.side_view_max_ratio = r.Number("side_view_max_ratio", 0, 2);
  s.smoothing_frames = r.Int("smoothing_frames", 1, 15);
  s.max_gap_seconds = r.Number("max_gap_seconds", 0.01, 5);
  r.String("source");
  return s;
}

// An angle: `joints` (three for the angle at the middle one, two for a
// segment's slope `from` horizontal or vertical) and `flexed`.
Status ParseAngle(const YAML::Node& node, const std::string& where, AngleSpec* spec,
                  SidePick* side) {
  MapReader r(node, where);
  for (const auto& name : r.StringList("joints", true, PartNames())) {
    spec->parts.push_back(*BodyPartFromName(name));
  }
  const auto from = r.OptionalEnum("from", {"horizontal", "vertical"});
  spec->from = !from                   ? Reference::kJoints
               : *from == "horizontal" ? Reference::kHorizontal
                                       : Reference::kVertical;
  spec->flexed = FlexedFromName(r.OptionalEnum("flexed", {"none", "up", "down"}).value_or(""))
                     .value_or(Flexed::kNone);
  if (side != nullptr) {
    *side = SidePickFromName(r.Enum("side", {"best", "either"})).value_or(SidePick::kBest);
  }
  if (!r.ok()) return r.Finish();
  const std::size_t wanted = spec->from == Reference::kJoints ? 3 : 2;
  if (spec->parts.size() != wanted) {
    r.Fail("joints", spec->from == Reference::kJoints
                         ? "needs three joints (the angle is at the middle one)"
                         : "needs two joints for a slope from the " + *from);
  } else if (spec->from != Reference::kJoints && spec->flexed != Flexed::kNone) {
    r.Fail("flexed", "applies only to an angle of three joints");
  }
  return r.Finish();
}

Status ParseKeyframe(const YAML::Node& node, const std::string& where, Keyframe* k) {
  MapReader r(node, where);
  for (int i = 0; i < kJointCount; ++i) {
    const char* name = JointName(static_cast<Joint>(i));
    const YAML::Node point = r.Child(name, true);
    if (!r.ok()) break;
    bool ok = point.IsSequence() && point.size() == 2;
    for (std::size_t c = 0; ok && c < 2; ++c) {
      double v = 0;
      ok = point[c].IsScalar() && YAML::convert<double>::decode(point[c], v) && v >= 0 && v <= 1;
      (c == 0 ? k->points[i].x : k->points[i].y) = v;
    }
    if (!ok) r.Fail(name, "must be [x, y] with each between 0 and 1");
  }
  return r.Finish();
}

Status ParseKeyframes(const YAML::Node& node, const std::string& where, MotionDefinition* m) {
  if (!node.IsMap() || node.size() < 2) {
    return Status::InvalidArgument(where + ": needs a mapping of at least two named keyframes");
  }
  for (const auto& entry : node) {
    Keyframe k;
    k.name = entry.first.as<std::string>("");
    if (Status s = ParseKeyframe(entry.second, where + ": '" + k.name + "'", &k); !s.ok()) return s;
    m->keyframes.push_back(std::move(k));
  }
  return Status::Ok();
}

Status ParsePhase(const YAML::Node& node, const std::string& where, const Dose& dose,
                  const MotionDefinition& m, MotionPhase* phase) {
  MapReader r(node, where);
  MotionPhase& p = *phase;
  p.name = r.String("name");
  p.to = r.String("to");
  if (r.ok() && m.FindKeyframe(p.to) == nullptr)
    r.Fail("to", "there is no keyframe '" + p.to + "'");
  const YAML::Node seconds = r.Child("seconds", true);
  if (r.ok() && seconds.IsScalar() && seconds.Scalar() == "hold") {
    p.dose_hold = true;
    p.seconds = dose.hold_seconds;
    if (dose.hold_seconds == 0) r.Fail("seconds", "is 'hold' but the exercise's dose has no hold");
  } else if (r.ok()) {
    const bool number = seconds.IsScalar() && YAML::convert<double>::decode(seconds, p.seconds);
    if (!number || p.seconds <= 0 || p.seconds > Motions::kMaxPhaseSeconds) {
      r.Fail("seconds", "must be 'hold' or a number of seconds above 0 and at most " +
                            Num(Motions::kMaxPhaseSeconds));
    }
  }
  return r.Finish();
}

// Repetition thresholds in order from rest to peak, whichever way the
// angle moves.
void CheckRepOrder(MapReader& r, const RepRule& rule) {
  const double dir = rule.peak >= rule.rest ? 1 : -1;
  const auto along = [&](double v) { return (v - rule.rest) * dir; };
  if (rule.peak == rule.rest) {
    r.Fail("peak", "must differ from rest");
  } else if (!(along(rule.ret) > 0 && along(rule.ret) < along(rule.reach))) {
    r.Fail("return", "must lie between rest and reach");
  } else if (!(along(rule.reach) < along(rule.peak))) {
    r.Fail("reach", "must lie between return and peak");
  } else if (rule.min_range > std::fabs(rule.peak - rule.rest)) {
    r.Fail("min_range", "must be at most the distance from rest to peak (" +
                            Num(std::fabs(rule.peak - rule.rest)) + ")");
  }
}

Status ParseReps(const YAML::Node& node, const std::string& where, RepRule* rule) {
  MapReader r(node, where);
  rule->rest = r.Number("rest", 0, 360);
  rule->peak = r.Number("peak", 0, 360);
  rule->reach = r.Number("reach", 0, 360);
  rule->ret = r.Number("return", 0, 360);
  rule->min_range = r.Number("min_range", 1, 360);
  rule->min_seconds = r.Number("min_seconds", 0.1, 60);
  if (r.ok()) CheckRepOrder(r, *rule);
  return r.Finish();
}

Status ParseHold(const YAML::Node& node, const std::string& where, HoldRule* rule) {
  MapReader r(node, where);
  rule->min = r.Number("min", 0, 360);
  rule->max = r.Number("max", 0, 360);
  rule->excursion_seconds = r.Number("excursion_seconds", 0, 10);
  rule->min_seconds = r.Number("min_seconds", 0.1, 600);
  if (r.ok() && rule->max <= rule->min) r.Fail("max", "must be above min");
  return r.Finish();
}

Status ParseCondition(const YAML::Node& node, const std::string& where, HoldCondition* c) {
  MapReader r(node, where);
  const YAML::Node angle = r.Child("angle", true);
  if (r.ok()) {
    if (Status s = ParseAngle(angle, where + ": angle", &c->angle, nullptr); !s.ok()) return s;
  }
  c->min = r.Number("min", 0, 360);
  c->max = r.Number("max", 0, 360);
  if (r.ok() && c->max <= c->min) r.Fail("max", "must be above min");
  return r.Finish();
}

Status ParseFormCheck(const YAML::Node& node, const std::string& where, const CameraRules& rules,
                      FormCheck* check) {
  MapReader r(node, where);
  check->id = r.String("id");
  const bool reps = rules.reps.has_value();
  check->at = FormAtFromName(r.Enum("at", reps ? std::vector<std::string>{"peak", "rest"}
                                               : std::vector<std::string>{"hold"}))
                  .value_or(FormAt::kPeak);
  check->angle = rules.angle;
  const YAML::Node angle = r.Child("angle", false);
  if (r.ok() && angle.IsDefined()) {
    check->angle = {};
    if (Status s = ParseAngle(angle, where + ": angle", &check->angle, nullptr); !s.ok()) return s;
  }
  check->above = r.OptionalNumber("above", 0, 360);
  check->below = r.OptionalNumber("below", 0, 360);
  if (r.ok() && check->above.has_value() == check->below.has_value()) {
    r.Fail("above", "give exactly one of above and below");
  }
  check->frames = r.Int("frames", 1, Motions::kMaxFormFrames);
  check->message = r.String("message");
  return r.Finish();
}

template <typename T, typename Fn>
Status ParseList(const YAML::Node& list, const std::string& where, std::vector<T>* out, Fn parse) {
  if (!list.IsSequence()) return Status::InvalidArgument(where + ": must be a list");
  for (std::size_t i = 0; i < list.size(); ++i) {
    T item;
    if (Status s = parse(list[i], where + " " + std::to_string(i + 1), &item); !s.ok()) return s;
    out->push_back(std::move(item));
  }
  return Status::Ok();
}

Status ParseCamera(const YAML::Node& node, const std::string& where, CameraRules* rules) {
  MapReader r(node, where);
  const YAML::Node angle = r.Child("angle", true);
  const YAML::Node reps = r.Child("reps", false);
  const YAML::Node hold = r.Child("hold", false);
  const YAML::Node also = r.Child("also", false);
  const YAML::Node form = r.Child("form", false);
  if (!r.ok()) return r.Finish();
  if (Status s = ParseAngle(angle, where + ": angle", &rules->angle, &rules->side); !s.ok()) {
    return s;
  }
  if (reps.IsDefined() == hold.IsDefined()) {
    r.Fail("reps", "give exactly one of reps and hold");
    return r.Finish();
  }
  if (reps.IsDefined()) {
    rules->reps.emplace();
    if (Status s = ParseReps(reps, where + ": reps", &*rules->reps); !s.ok()) return s;
    if (also.IsDefined()) r.Fail("also", "applies only to holds");
  } else {
    rules->hold.emplace();
    if (Status s = ParseHold(hold, where + ": hold", &*rules->hold); !s.ok()) return s;
  }
  if (also.IsDefined() && r.ok()) {
    if (Status s = ParseList(also, where + ": also", &rules->also, ParseCondition); !s.ok()) {
      return s;
    }
  }
  if (form.IsDefined() && r.ok()) {
    const auto parse = [&](const YAML::Node& n, const std::string& w, FormCheck* c) {
      return ParseFormCheck(n, w, *rules, c);
    };
    if (Status s = ParseList(form, where + ": form", &rules->form, parse); !s.ok()) return s;
    std::set<std::string> ids;
    for (const auto& c : rules->form) {
      if (!ids.insert(c.id).second) r.Fail("form", "the id '" + c.id + "' is used twice");
    }
  }
  return r.Finish();
}

// The defining angle of keyframe `k` as the analysis would pick it.
std::optional<double> KeyframeAngle(const CameraRules& rules, const Keyframe& k,
                                    std::optional<double> towards) {
  const SeenJoints seen = AllSeen(k);
  const auto left = MeasureAngle(rules.angle, Side::kLeft, seen);
  const auto right = MeasureAngle(rules.angle, Side::kRight, seen);
  if (rules.side == SidePick::kBest || !towards || !left || !right) return left ? left : right;
  return std::fabs(*left - *towards) <= std::fabs(*right - *towards) ? left : right;
}

// The figure must show what the rules count: otherwise the content
// contradicts itself, and the synthetic recordings the tests make from the
// keyframes would be wrong too.
Status CheckKeyframesAgree(const MotionDefinition& m, const std::string& where) {
  const CameraRules& rules = *m.camera;
  if (rules.reps) {
    const RepRule& rep = *rules.reps;
    const double dir = rep.peak >= rep.rest ? 1 : -1;
    const auto start = KeyframeAngle(rules, m.keyframes.front(), rep.peak);
    if (!start || (*start - rep.ret) * dir >= 0) {
      return Status::InvalidArgument(where + ": the first keyframe '" + m.keyframes.front().name +
                                     "' must be at rest, short of return (" + Num(rep.ret) +
                                     "), but its angle is " + Num(start.value_or(0)));
    }
    for (const auto& k : m.keyframes) {
      const auto a = KeyframeAngle(rules, k, rep.peak);
      if (a && (*a - rep.reach) * dir > 0) return Status::Ok();
    }
    return Status::InvalidArgument(where + ": no keyframe passes reach (" + Num(rep.reach) + ")");
  }
  for (const auto& k : m.keyframes) {
    const auto a = KeyframeAngle(rules, k, std::nullopt);
    if (a && *a >= rules.hold->min && *a <= rules.hold->max) return Status::Ok();
  }
  return Status::InvalidArgument(where + ": no keyframe is within the hold's tolerance");
}

Status ParseMotion(const YAML::Node& node, const std::string& file, const Catalogue& catalogue,
                   const AnalysisSettings& settings, MotionDefinition* m) {
  const YAML::Node id = node.IsMap() ? node["exercise"] : YAML::Node();
  const std::string name = id.IsScalar() ? id.Scalar() : "";
  const std::string where = file + ": motion '" + name + "'";
  MapReader r(node, where);
  m->exercise = r.String("exercise");
  const Exercise* exercise = catalogue.Find(m->exercise);
  if (r.ok() && exercise == nullptr) r.Fail("exercise", "there is no such exercise");
  m->view = ViewFromName(r.Enum("view", {"side", "front"})).value_or(View::kSide);
  m->cycle = r.OptionalBool("cycle", false);
  const YAML::Node keyframes = r.Child("keyframes", true);
  const YAML::Node phases = r.Child("phases", true);
  const YAML::Node camera = r.Child("camera", false);
  m->camera_note = r.OptionalString("camera_note").value_or("");
  m->settings = settings;
  if (!r.ok()) return r.Finish();
  if (Status s = ParseKeyframes(keyframes, where + ": keyframes", m); !s.ok()) return s;
  const auto parse_phase = [&](const YAML::Node& n, const std::string& w, MotionPhase* p) {
    return ParsePhase(n, w, exercise->dose, *m, p);
  };
  if (Status s = ParseList(phases, where + ": phase", &m->phases, parse_phase); !s.ok()) return s;
  if (m->phases.empty()) r.Fail("phases", "needs at least one phase");
  if (camera.IsDefined() && r.ok()) {
    m->camera.emplace();
    if (Status s = ParseCamera(camera, where + ": camera", &*m->camera); !s.ok()) return s;
    if (!m->camera_note.empty()) r.Fail("camera_note", "is for motions without camera rules");
    if (r.ok()) {
      if (Status s = CheckKeyframesAgree(*m, where + ": camera"); !s.ok()) return s;
    }
  }
  return r.Finish();
}

// Every exercise of the catalogue is drawn moving, or says why not.
Status CheckCoverage(const Motions& motions, const Catalogue& catalogue, const std::string& file) {
  for (const auto& e : catalogue.exercises()) {
    const bool moves = motions.Find(e.id) != nullptr;
    const bool still = motions.not_animated().count(e.id) > 0;
    if (moves && still) {
      return Status::InvalidArgument(file + ": exercise '" + e.id +
                                     "' has a motion and is also listed under not_animated");
    }
    if (!moves && !still) {
      return Status::InvalidArgument(file + ": exercise '" + e.id +
                                     "' has no motion and is not listed under not_animated");
    }
  }
  return Status::Ok();
}

Status ParseNotAnimated(const YAML::Node& list, const std::string& file, const Catalogue& catalogue,
                        std::map<std::string, std::string>* out) {
  if (!list.IsSequence()) return Status::InvalidArgument(file + ": not_animated: must be a list");
  for (std::size_t i = 0; i < list.size(); ++i) {
    MapReader r(list[i], file + ": not_animated " + std::to_string(i + 1));
    const std::string id = r.String("exercise");
    const std::string reason = r.String("reason");
    if (r.ok() && catalogue.Find(id) == nullptr)
      r.Fail("exercise", "there is no exercise '" + id + "'");
    if (r.ok() && !out->emplace(id, reason).second)
      r.Fail("exercise", "'" + id + "' is listed twice");
    if (Status s = r.Finish(); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Result<Motions> Motions::Parse(const std::string& yaml_text, const std::string& file_name,
                               const Catalogue& catalogue) {
  auto root = ParseYaml(yaml_text, file_name);
  if (!root.ok()) return root.status();
  MapReader top(*root, file_name);
  const YAML::Node settings = top.Child("settings", true);
  const YAML::Node not_animated = top.Child("not_animated", true);
  const YAML::Node list = top.Child("motions", true);
  if (Status s = top.Finish(); !s.ok()) return s;
  Motions motions;
  MapReader settings_reader(settings, file_name + ": settings");
  motions.settings_ = ParseSettings(settings_reader);
  if (Status s = settings_reader.Finish(); !s.ok()) return s;
  if (Status s = ParseNotAnimated(not_animated, file_name, catalogue, &motions.not_animated_);
      !s.ok()) {
    return s;
  }
  if (!list.IsSequence()) return Status::InvalidArgument(file_name + ": motions: must be a list");
  for (const auto& node : list) {
    MotionDefinition m;
    if (Status s = ParseMotion(node, file_name, catalogue, motions.settings_, &m); !s.ok())
      return s;
    if (motions.Find(m.exercise) != nullptr) {
      return Status::InvalidArgument(file_name + ": motion '" + m.exercise + "' is defined twice");
    }
    motions.motions_.push_back(std::move(m));
  }
  if (Status s = CheckCoverage(motions, catalogue, file_name); !s.ok()) return s;
  return motions;
}

const MotionDefinition* Motions::Find(const std::string& exercise) const {
  for (const auto& m : motions_) {
    if (m.exercise == exercise) return &m;
  }
  return nullptr;
}

}  // namespace backcoach
