#include "core/motion_analysis.h"

#include <algorithm>
#include <cmath>

namespace backcoach {

namespace {

double Median(const std::deque<double>& values) {
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();
  return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

double MedianOf(std::vector<double> values) {
  return Median(std::deque<double>(values.begin(), values.end()));
}

double Distance(Point2 a, Point2 b) { return std::hypot(a.x - b.x, a.y - b.y); }
Point2 Middle(Point2 a, Point2 b) { return {(a.x + b.x) / 2, (a.y + b.y) / 2}; }

// "shoulder, hip and knee"
std::string PartList(const std::vector<BodyPart>& parts) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += BodyPartName(parts[i]);
  }
  return out;
}

std::string ReasonMessage(NotAssessed reason, const MotionDefinition& d) {
  switch (reason) {
    case NotAssessed::kNone: return "";
    case NotAssessed::kNotCovered: return NotCoveredMessage(&d);
    case NotAssessed::kNoPerson: return "No one was seen in the picture.";
    case NotAssessed::kSeveralPeople:
      return "More than one person was in the picture; the coach follows one person at a time.";
    case NotAssessed::kWrongView:
      return d.view == View::kSide
                 ? "The camera sees you from the front; for this exercise put it at your side."
                 : "The camera sees you from the side; for this exercise put it in front of you.";
    case NotAssessed::kJointsNotSeen:
      return "Your " + PartList(d.camera->angle.parts) +
             " were not seen clearly enough: keep your whole body in the picture, in good light.";
  }
  return "";
}

}  // namespace

std::string NotCoveredMessage(const MotionDefinition* motion) {
  if (motion == nullptr || motion->camera_note.empty()) {
    return "The camera coach does not cover this exercise: follow the figure and the words.";
  }
  return "The camera coach does not cover this exercise. " + motion->camera_note;
}

const char* NotAssessedId(NotAssessed r) {
  switch (r) {
    case NotAssessed::kNone: return "";
    case NotAssessed::kNotCovered: return "not_covered";
    case NotAssessed::kNoPerson: return "no_person";
    case NotAssessed::kSeveralPeople: return "several_people";
    case NotAssessed::kWrongView: return "wrong_view";
    case NotAssessed::kJointsNotSeen: return "joints_not_seen";
  }
  return "";
}

MotionAnalyzer::MotionAnalyzer(const MotionDefinition& definition, double width, double height)
    : definition_(definition), width_(width), height_(height) {
  done_.exercise = definition.exercise;
  done_.counts_reps = Covered() && definition.camera->reps.has_value();
  if (Covered()) rest_.checks.resize(definition.camera->form.size());
  // The phases go from the starting position (the first keyframe) to the top,
  // may stay there, and come back: the top is the first phase's keyframe that
  // is not the starting one.
  const auto& phases = definition.phases;
  const std::string start = definition.keyframes.empty() ? "" : definition.keyframes[0].name;
  std::string top;
  for (std::size_t i = 0; i < phases.size(); ++i) {
    const int index = static_cast<int>(i);
    if (top.empty()) {
      if (phases[i].to == start) continue;
      top = phases[i].to;
      toward_phase_ = index;
    } else if (phases[i].to == top) {
      if (!back_phase_ && !hold_phase_) hold_phase_ = index;
    } else if (!back_phase_) {
      back_phase_ = index;
    }
  }
}

SeenJoints MotionAnalyzer::Seen(const PoseFrame& frame) const {
  SeenJoints seen;
  for (int i = 0; i < kJointCount; ++i) {
    const Keypoint& k = frame.points[i];
    const bool inside = width_ <= 0 || (k.x >= 0 && k.x <= width_ && k.y >= 0 && k.y <= height_);
    if (k.found && inside && k.score >= definition_.settings.min_confidence) {
      seen[i] = Point2{k.x, k.y};
    }
  }
  return seen;
}

// The side whose joints the analysis follows in this frame. Each side keeps
// its own median filter, so a limb missing for a frame or two keeps its
// recent angle rather than handing the count to the other limb.
std::optional<Side> MotionAnalyzer::PickSide(
    const PoseFrame& frame, double t, const std::array<std::optional<double>, 2>& measured) const {
  const CameraRules& rules = *definition_.camera;
  const auto recent = [&](int s) {
    return sides_[s].last_t && t - *sides_[s].last_t <= definition_.settings.max_gap_seconds;
  };
  if (rules.side == SidePick::kEither && recent(0) && recent(1)) {
    const double target = rules.reps ? rules.reps->peak : (rules.hold->min + rules.hold->max) / 2;
    const double left = std::fabs(Median(sides_[0].window) - target);
    const double right = std::fabs(Median(sides_[1].window) - target);
    return left <= right ? Side::kLeft : Side::kRight;
  }
  if (!measured[0] || !measured[1]) return measured[0] ? Side::kLeft : Side::kRight;
  const auto score = [&](Side s) {
    double lowest = 1;
    for (BodyPart p : rules.angle.parts) {
      lowest = std::min(lowest, frame.points[static_cast<int>(JointOf(p, s))].score);
    }
    return lowest;
  };
  return score(Side::kLeft) >= score(Side::kRight) ? Side::kLeft : Side::kRight;
}

// Shoulder width over torso length: small from the side, large from the
// front (or with a person lying on their side, facing the camera).
void MotionAnalyzer::NoteView(const SeenJoints& s) {
  const auto& ls = s[static_cast<int>(Joint::kLeftShoulder)];
  const auto& rs = s[static_cast<int>(Joint::kRightShoulder)];
  const auto& lh = s[static_cast<int>(Joint::kLeftHip)];
  const auto& rh = s[static_cast<int>(Joint::kRightHip)];
  if (!ls || !rs || !lh || !rh) return;
  const double torso = Distance(Middle(*ls, *rs), Middle(*lh, *rh));
  if (torso > 0) view_ratios_.push_back(Distance(*ls, *rs) / torso);
}

void MotionAnalyzer::Smooth(SideTrack& track, double angle, double t) const {
  if (track.last_t && t - *track.last_t > definition_.settings.max_gap_seconds) {
    track.window.clear();
  }
  track.window.push_back(angle);
  while (track.window.size() > static_cast<std::size_t>(definition_.settings.smoothing_frames)) {
    track.window.pop_front();
  }
  track.last_t = t;
}

// A hold's verdict by majority over the filter's frames, so that one frame
// thrown off by a spike neither breaks a hold nor makes one.
bool MotionAnalyzer::SmoothIn(bool in) {
  in_window_.push_back(in);
  while (in_window_.size() > static_cast<std::size_t>(definition_.settings.smoothing_frames)) {
    in_window_.pop_front();
  }
  const auto ins = std::count(in_window_.begin(), in_window_.end(), true);
  return 2 * static_cast<std::size_t>(ins) > in_window_.size();
}

void MotionAnalyzer::Add(const PoseFrame& frame) {
  ++frames_;
  if (frame.people >= 1) ++person_frames_;
  if (frame.people >= 2) ++several_frames_;
  if (!Covered() || frame.people < 1) return;
  const SeenJoints seen = Seen(frame);
  NoteView(seen);
  const std::array<std::optional<double>, 2> measured = {
      MeasureAngle(definition_.camera->angle, Side::kLeft, seen),
      MeasureAngle(definition_.camera->angle, Side::kRight, seen)};
  if (!measured[0] && !measured[1]) return;
  ++angle_frames_;
  for (int s = 0; s < 2; ++s) {
    if (measured[s]) Smooth(sides_[s], *measured[s], frame.t);
  }
  const Side side = *PickSide(frame, frame.t, measured);
  const double angle = Median(sides_[static_cast<int>(side)].window);
  const double gap = last_t_ ? frame.t - *last_t_ : 0;
  const double dt = gap <= definition_.settings.max_gap_seconds ? gap : 0;
  last_t_ = frame.t;
  if (definition_.camera->reps) {
    StepReps(frame.t, dt, angle, side, seen);
  } else {
    StepHold(frame.t, dt, angle, side, seen);
  }
}

// Counts a run of frames that break a check; a check fires once its run is
// long enough, so a single bad frame never does.
void MotionAnalyzer::CheckForm(FormAt at, Side side, const SeenJoints& seen, Segment& segment) {
  const auto& checks = definition_.camera->form;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    if (checks[i].at != at) continue;
    const auto value = MeasureAngle(checks[i].angle, side, seen);
    if (!value) continue;
    CheckState& state = segment.checks[i];
    state.seen = true;
    const bool broken = checks[i].above ? *value > *checks[i].above : *value < *checks[i].below;
    state.run = broken ? state.run + 1 : 0;
    if (state.run >= checks[i].frames) state.fired = true;
  }
}

void MotionAnalyzer::StepReps(double t, double dt, double angle, Side side,
                              const SeenJoints& seen) {
  const RepRule& r = *definition_.camera->reps;
  const double dir = r.peak >= r.rest ? 1 : -1;
  const double p = (angle - r.rest) * dir;
  const double reach = (r.reach - r.rest) * dir;
  const double ret = (r.ret - r.rest) * dir;
  // Form is checked at the top (past the middle of reach and peak) and at
  // rest (nearer rest than return), never on the way between.
  const double top = (reach + (r.peak - r.rest) * dir) / 2;
  const auto rest_again = [&] {
    state_ = State::kRest;
    rest_ = Segment{};
    rest_.checks.resize(definition_.camera->form.size());
    rest_.low = p;
    last_rest_t_ = t;
  };
  switch (state_) {
    case State::kUnknown:
      if (p <= ret) rest_again();
      return;
    case State::kRest:
      if (p <= ret) {
        last_rest_t_ = t;
        rest_.low = std::min(rest_.low, p);
        if (p <= ret / 2) CheckForm(FormAt::kRest, side, seen, rest_);
      }
      if (p >= reach) {
        state_ = State::kPeak;
        rep_ = rest_;
        rep_.start = last_rest_t_;
        rep_.high = p;
        if (p >= top) CheckForm(FormAt::kPeak, side, seen, rep_);
      }
      return;
    case State::kPeak:
      rep_.high = std::max(rep_.high, p);
      if (p >= reach) rep_.hold += dt;
      if (p >= top) CheckForm(FormAt::kPeak, side, seen, rep_);
      if (p <= ret) {
        CloseRep(t);
        rest_again();
      }
      return;
  }
}

void MotionAnalyzer::CloseRep(double t) {
  const RepRule& r = *definition_.camera->reps;
  const double range = rep_.high - rep_.low;
  if (range < r.min_range || t - rep_.start < r.min_seconds) return;
  RepAnalysis rep;
  rep.number = done_.reps + 1;
  rep.start = rep_.start;
  rep.end = t;
  rep.range = range;
  rep.hold_seconds = rep_.hold;
  ++done_.reps;
  done_.holds.push_back(rep_.hold);
  AddRep(std::move(rep), rep_.checks, FormAt::kPeak, done_);
}

void MotionAnalyzer::StepHold(double t, double dt, double angle, Side side,
                              const SeenJoints& seen) {
  const HoldRule& h = *definition_.camera->hold;
  bool in = angle >= h.min && angle <= h.max;
  for (const auto& c : definition_.camera->also) {
    const auto a = MeasureAngle(c.angle, side, seen);
    if (!a) return;  // the condition is not seen: as if the joints were lost
    in = in && *a >= c.min && *a <= c.max;
  }
  in = SmoothIn(in);
  if (!holding_) {
    if (!in) return;
    holding_ = true;
    rep_ = Segment{};
    rep_.checks.resize(definition_.camera->form.size());
    rep_.start = t;
    rep_.low = rep_.high = angle;
    last_t_seen_ = t;
    CheckForm(FormAt::kHold, side, seen, rep_);
    return;
  }
  CheckForm(FormAt::kHold, side, seen, rep_);
  if (in) {
    rep_.hold += rep_.pending + dt;
    rep_.pending = 0;
    rep_.low = std::min(rep_.low, angle);
    rep_.high = std::max(rep_.high, angle);
    last_t_seen_ = t;
    return;
  }
  rep_.pending += dt;
  if (rep_.pending > h.excursion_seconds) {
    CloseHold(rep_, last_t_seen_, done_);
    holding_ = false;
  }
}

void MotionAnalyzer::CloseHold(const Segment& hold, double t, MotionAnalysis& out) const {
  if (hold.hold < definition_.camera->hold->min_seconds) return;
  RepAnalysis rep;
  rep.number = static_cast<int>(out.per_rep.size()) + 1;
  rep.start = hold.start;
  rep.end = t;
  rep.range = hold.high - hold.low;
  rep.hold_seconds = hold.hold;
  out.holds.push_back(hold.hold);
  AddRep(std::move(rep), hold.checks, FormAt::kHold, out);
}

// At most one finding per repetition: the first check listed that fired.
void MotionAnalyzer::AddRep(RepAnalysis rep, const std::vector<CheckState>& checks, FormAt,
                            MotionAnalysis& out) const {
  const auto& form = definition_.camera->form;
  for (std::size_t i = 0; i < form.size(); ++i) {
    if (!checks[i].seen) rep.not_assessed.push_back(form[i].id);
    if (!checks[i].fired || !rep.form.empty()) continue;
    rep.form = form[i].id;
    auto found = std::find_if(out.findings.begin(), out.findings.end(),
                              [&](const FormFinding& f) { return f.id == form[i].id; });
    if (found == out.findings.end()) {
      out.findings.push_back({form[i].id, form[i].message, {}});
      found = out.findings.end() - 1;
    }
    found->reps.push_back(rep.number);
  }
  out.per_rep.push_back(std::move(rep));
}

std::optional<NotAssessed> MotionAnalyzer::Problem() const {
  const AnalysisSettings& s = definition_.settings;
  if (person_frames_ == 0 || person_frames_ < s.min_person_fraction * frames_) {
    return NotAssessed::kNoPerson;
  }
  if (several_frames_ > s.several_people_fraction * person_frames_) {
    return NotAssessed::kSeveralPeople;
  }
  const std::size_t enough = std::max<std::size_t>(3, static_cast<std::size_t>(person_frames_) / 5);
  if (view_ratios_.size() >= enough) {
    const bool looks_side = MedianOf(view_ratios_) <= s.side_view_max_ratio;
    if (looks_side != (definition_.view == View::kSide)) return NotAssessed::kWrongView;
  }
  if (angle_frames_ < s.min_seen_fraction * person_frames_) return NotAssessed::kJointsNotSeen;
  return std::nullopt;
}

std::optional<int> MotionAnalyzer::NextPhase() const {
  if (definition_.camera->hold) return holding_ && hold_phase_ ? hold_phase_ : toward_phase_;
  if (state_ != State::kPeak) return toward_phase_;
  if (hold_phase_ && rep_.hold < definition_.phases[*hold_phase_].seconds) return hold_phase_;
  return back_phase_ ? back_phase_ : toward_phase_;
}

MotionAnalysis MotionAnalyzer::Result() const {
  MotionAnalysis out;
  out.exercise = done_.exercise;
  out.counts_reps = done_.counts_reps;
  std::optional<NotAssessed> problem;
  if (!Covered()) {
    problem = NotAssessed::kNotCovered;
  } else {
    problem = Problem();
  }
  if (problem) {
    out.reason = *problem;
    out.reason_message = ReasonMessage(*problem, definition_);
    return out;
  }
  out = done_;
  out.assessed = true;
  if (holding_) CloseHold(rep_, last_t_seen_, out);
  out.next_phase = NextPhase();
  if (out.next_phase) out.next_phase_name = definition_.phases[*out.next_phase].name;
  return out;
}

MotionAnalysis AnalyseRecording(const MotionDefinition& definition,
                                const PoseRecording& recording) {
  MotionAnalyzer analyzer(definition, recording.width, recording.height);
  for (const auto& frame : recording.frames) analyzer.Add(frame);
  return analyzer.Result();
}

}  // namespace backcoach
