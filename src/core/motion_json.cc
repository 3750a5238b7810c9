#include "core/motion_json.h"

#include <cmath>

#include "core/mini_json.h"

namespace backcoach {

namespace {

// ----------------------------------------------------------------- writing

std::string Field(const char* key, const std::string& json) { return JsonQuote(key) + ":" + json; }

template <typename T, typename Fn>
std::string List(const std::vector<T>& items, Fn each) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += each(items[i]);
  }
  out += ']';
  return out;
}

std::string AngleJson(const AngleSpec& a) {
  const char* from = a.from == Reference::kJoints       ? "joints"
                     : a.from == Reference::kHorizontal ? "horizontal"
                                                        : "vertical";
  return "{" +
         Field("joints", List(a.parts, [](BodyPart p) { return JsonQuote(BodyPartName(p)); })) +
         "," + Field("from", JsonQuote(from)) + "," +
         Field("flexed", JsonQuote(FlexedName(a.flexed))) + "}";
}

std::string CameraJson(const CameraRules& c) {
  std::string out = "{" + Field("angle", AngleJson(c.angle)) + "," +
                    Field("side", JsonQuote(SidePickName(c.side)));
  if (c.reps) {
    const RepRule& r = *c.reps;
    out += "," + Field("reps", "{" + Field("rest", JsonNumber(r.rest)) + "," +
                                   Field("peak", JsonNumber(r.peak)) + "," +
                                   Field("reach", JsonNumber(r.reach)) + "," +
                                   Field("return", JsonNumber(r.ret)) + "," +
                                   Field("min_range", JsonNumber(r.min_range)) + "," +
                                   Field("min_seconds", JsonNumber(r.min_seconds)) + "}");
  }
  if (c.hold) {
    const HoldRule& h = *c.hold;
    out += "," + Field("hold", "{" + Field("min", JsonNumber(h.min)) + "," +
                                   Field("max", JsonNumber(h.max)) + "," +
                                   Field("excursion_seconds", JsonNumber(h.excursion_seconds)) +
                                   "," + Field("min_seconds", JsonNumber(h.min_seconds)) + "}");
  }
  out += "," + Field("also", List(c.also, [](const HoldCondition& a) {
                       return "{" + Field("angle", AngleJson(a.angle)) + "," +
                              Field("min", JsonNumber(a.min)) + "," +
                              Field("max", JsonNumber(a.max)) + "}";
                     }));
  out += "," + Field("form", List(c.form, [](const FormCheck& f) {
                       std::string check = "{" + Field("id", JsonQuote(f.id)) + "," +
                                           Field("at", JsonQuote(FormAtName(f.at))) + "," +
                                           Field("angle", AngleJson(f.angle));
                       if (f.above) check += "," + Field("above", JsonNumber(*f.above));
                       if (f.below) check += "," + Field("below", JsonNumber(*f.below));
                       return check + "," + Field("frames", std::to_string(f.frames)) + "," +
                              Field("message", JsonQuote(f.message)) + "}";
                     }));
  return out + "}";
}

std::string SettingsJson(const AnalysisSettings& s) {
  return "{" + Field("min_confidence", JsonNumber(s.min_confidence)) + "," +
         Field("min_seen_fraction", JsonNumber(s.min_seen_fraction)) + "," +
         Field("min_person_fraction", JsonNumber(s.min_person_fraction)) + "," +
         Field("several_people_fraction", JsonNumber(s.several_people_fraction)) + "," +
         Field("side_view_max_ratio", JsonNumber(s.side_view_max_ratio)) + "," +
         Field("smoothing_frames", std::to_string(s.smoothing_frames)) + "," +
         Field("max_gap_seconds", JsonNumber(s.max_gap_seconds)) + "}";
}

std::string KeyframeJson(const Keyframe& k) {
  std::string points = "[";
  for (int i = 0; i < kJointCount; ++i) {
    if (i > 0) points += ',';
    points += '[';
    points += JsonNumber(k.points[i].x);
    points += ',';
    points += JsonNumber(k.points[i].y);
    points += ']';
  }
  return "{" + Field("name", JsonQuote(k.name)) + "," + Field("points", points + "]") + "}";
}

// ----------------------------------------------------------------- reading

// Reads fields by path, remembering the first problem.
class Reader {
 public:
  Status status() const {
    return error_.empty() ? Status::Ok() : Status::InvalidArgument("motion definition: " + error_);
  }
  bool ok() const { return error_.empty(); }

  void Fail(const std::string& path, const std::string& problem) {
    if (error_.empty()) error_ = "field '" + path + "' " + problem;
  }
  const JsonValue* Need(const JsonValue& o, const std::string& path, std::string_view key) {
    const JsonValue* v = o.Get(key);
    if (v == nullptr) Fail(Join(path, key), "is missing");
    return v;
  }
  double Number(const JsonValue& o, const std::string& path, std::string_view key) {
    const JsonValue* v = Need(o, path, key);
    if (v != nullptr && !v->is_number()) Fail(Join(path, key), "must be a number");
    return v != nullptr && v->is_number() ? v->number : 0;
  }
  std::string String(const JsonValue& o, const std::string& path, std::string_view key) {
    const JsonValue* v = Need(o, path, key);
    if (v != nullptr && !v->is_string()) Fail(Join(path, key), "must be text");
    return v != nullptr && v->is_string() ? v->string : "";
  }
  const JsonValue* Array(const JsonValue& o, const std::string& path, std::string_view key) {
    const JsonValue* v = Need(o, path, key);
    if (v != nullptr && !v->is_array()) Fail(Join(path, key), "must be a list");
    return v != nullptr && v->is_array() ? v : nullptr;
  }
  // A name that `from` turns into an enum value (a lambda, not a function
  // pointer: wasm-ld 14 mistakes the signature of a pointer to a function
  // returning std::optional).
  template <typename E, typename Fn>
  E Enum(const JsonValue& o, const std::string& path, std::string_view key, Fn from) {
    const std::string text = String(o, path, key);
    const std::optional<E> value = from(text);
    if (ok() && !value) Fail(Join(path, key), "has an unknown value '" + text + "'");
    return value.value_or(E{});
  }
  static std::string Join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
  }

 private:
  std::string error_;
};

std::optional<Reference> ReferenceFromName(std::string_view name) {
  if (name == "joints") return Reference::kJoints;
  if (name == "horizontal") return Reference::kHorizontal;
  if (name == "vertical") return Reference::kVertical;
  return std::nullopt;
}

AngleSpec ReadAngle(Reader& r, const JsonValue& o, const std::string& path) {
  AngleSpec a;
  if (const JsonValue* joints = r.Array(o, path, "joints")) {
    for (const auto& j : joints->items) {
      const auto part = j.is_string() ? BodyPartFromName(j.string) : std::nullopt;
      if (!part) r.Fail(path + ".joints", "names an unknown joint");
      if (part) a.parts.push_back(*part);
    }
  }
  a.from =
      r.Enum<Reference>(o, path, "from", [](std::string_view n) { return ReferenceFromName(n); });
  a.flexed =
      r.Enum<Flexed>(o, path, "flexed", [](std::string_view n) { return FlexedFromName(n); });
  if (r.ok() && a.parts.size() != (a.from == Reference::kJoints ? 3u : 2u)) {
    r.Fail(path + ".joints", "has the wrong number of joints");
  }
  return a;
}

const JsonValue* Object(Reader& r, const JsonValue& o, const std::string& path,
                        std::string_view key) {
  const JsonValue* v = o.Get(key);
  if (v != nullptr && !v->is_object()) r.Fail(Reader::Join(path, key), "must be an object");
  return v != nullptr && v->is_object() ? v : nullptr;
}

void ReadForm(Reader& r, const JsonValue& list, CameraRules& c) {
  for (std::size_t i = 0; i < list.items.size() && r.ok(); ++i) {
    const std::string path = "camera.form." + std::to_string(i);
    const JsonValue& o = list.items[i];
    if (!o.is_object()) return r.Fail(path, "must be an object");
    FormCheck f;
    f.id = r.String(o, path, "id");
    f.at = r.Enum<FormAt>(o, path, "at", [](std::string_view n) { return FormAtFromName(n); });
    if (const JsonValue* a = Object(r, o, path, "angle"))
      f.angle = ReadAngle(r, *a, path + ".angle");
    if (o.Get("above")) f.above = r.Number(o, path, "above");
    if (o.Get("below")) f.below = r.Number(o, path, "below");
    if (f.above.has_value() == f.below.has_value()) r.Fail(path, "needs one of above and below");
    f.frames = static_cast<int>(r.Number(o, path, "frames"));
    if (f.frames < 1) r.Fail(path + ".frames", "must be 1 or more");
    f.message = r.String(o, path, "message");
    c.form.push_back(std::move(f));
  }
}

CameraRules ReadCamera(Reader& r, const JsonValue& o) {
  CameraRules c;
  if (const JsonValue* a = Object(r, o, "camera", "angle"))
    c.angle = ReadAngle(r, *a, "camera.angle");
  c.side =
      r.Enum<SidePick>(o, "camera", "side", [](std::string_view n) { return SidePickFromName(n); });
  if (const JsonValue* reps = Object(r, o, "camera", "reps")) {
    const std::string p = "camera.reps";
    c.reps = RepRule{r.Number(*reps, p, "rest"),      r.Number(*reps, p, "peak"),
                     r.Number(*reps, p, "reach"),     r.Number(*reps, p, "return"),
                     r.Number(*reps, p, "min_range"), r.Number(*reps, p, "min_seconds")};
  }
  if (const JsonValue* hold = Object(r, o, "camera", "hold")) {
    const std::string p = "camera.hold";
    c.hold = HoldRule{r.Number(*hold, p, "min"), r.Number(*hold, p, "max"),
                      r.Number(*hold, p, "excursion_seconds"), r.Number(*hold, p, "min_seconds")};
  }
  if (c.reps.has_value() == c.hold.has_value()) r.Fail("camera", "needs one of reps and hold");
  if (const JsonValue* also = r.Array(o, "camera", "also")) {
    for (std::size_t i = 0; i < also->items.size() && r.ok(); ++i) {
      const std::string path = "camera.also." + std::to_string(i);
      const JsonValue& item = also->items[i];
      HoldCondition h;
      if (const JsonValue* a = Object(r, item, path, "angle"))
        h.angle = ReadAngle(r, *a, path + ".angle");
      h.min = r.Number(item, path, "min");
      h.max = r.Number(item, path, "max");
      c.also.push_back(std::move(h));
    }
  }
  if (const JsonValue* form = r.Array(o, "camera", "form")) ReadForm(r, *form, c);
  return c;
}

AnalysisSettings ReadSettings(Reader& r, const JsonValue& o) {
  const std::string p = "settings";
  AnalysisSettings s;
  s.min_confidence = r.Number(o, p, "min_confidence");
  s.min_seen_fraction = r.Number(o, p, "min_seen_fraction");
  s.min_person_fraction = r.Number(o, p, "min_person_fraction");
  s.several_people_fraction = r.Number(o, p, "several_people_fraction");
  s.side_view_max_ratio = r.Number(o, p, "side_view_max_ratio");
  const double frames = r.Number(o, p, "smoothing_frames");
  if (r.ok() && (frames < 1 || frames > 15)) r.Fail(p + ".smoothing_frames", "must be 1 to 15");
  s.smoothing_frames = static_cast<int>(frames);
  s.max_gap_seconds = r.Number(o, p, "max_gap_seconds");
  return s;
}

void ReadKeyframes(Reader& r, const JsonValue& list, MotionDefinition& m) {
  for (std::size_t i = 0; i < list.items.size() && r.ok(); ++i) {
    const std::string path = "keyframes." + std::to_string(i);
    const JsonValue& o = list.items[i];
    Keyframe k;
    k.name = r.String(o, path, "name");
    const JsonValue* points = r.Array(o, path, "points");
    if (points == nullptr) return;
    if (points->items.size() != kJointCount) return r.Fail(path + ".points", "needs 17 joints");
    for (int j = 0; j < kJointCount; ++j) {
      const JsonValue& p = points->items[j];
      if (!p.is_array() || p.items.size() != 2 || !p.items[0].is_number() ||
          !p.items[1].is_number()) {
        return r.Fail(path + ".points", "must be [x, y] pairs");
      }
      k.points[j] = {p.items[0].number, p.items[1].number};
    }
    m.keyframes.push_back(std::move(k));
  }
}

void ReadPhases(Reader& r, const JsonValue& list, MotionDefinition& m) {
  for (std::size_t i = 0; i < list.items.size() && r.ok(); ++i) {
    const std::string path = "phases." + std::to_string(i);
    const JsonValue& o = list.items[i];
    MotionPhase p;
    p.name = r.String(o, path, "name");
    p.to = r.String(o, path, "to");
    p.seconds = r.Number(o, path, "seconds");
    const JsonValue* hold = o.Get("dose_hold");
    p.dose_hold = hold != nullptr && hold->type == JsonValue::Type::kBool && hold->boolean;
    m.phases.push_back(std::move(p));
  }
}

// ----------------------------------------------------------------- analysis

std::string RepJson(const RepAnalysis& rep) {
  return "{" + Field("rep", std::to_string(rep.number)) + "," +
         Field("start", JsonNumber(rep.start, 2)) + "," + Field("end", JsonNumber(rep.end, 2)) +
         "," + Field("range", JsonNumber(rep.range, 1)) + "," +
         Field("hold_seconds", JsonNumber(rep.hold_seconds, 1)) + "," +
         Field("form", rep.form.empty() ? "null" : JsonQuote(rep.form)) + "," +
         Field("not_assessed",
               List(rep.not_assessed, [](const std::string& id) { return JsonQuote(id); })) +
         "}";
}

}  // namespace

std::string MotionDefinitionToJson(const MotionDefinition& m) {
  std::string out = "{" + Field("exercise", JsonQuote(m.exercise)) + "," +
                    Field("view", JsonQuote(ViewName(m.view))) + "," +
                    Field("cycle", m.cycle ? "true" : "false") + "," +
                    Field("keyframes", List(m.keyframes, KeyframeJson)) + "," +
                    Field("phases", List(m.phases, [](const MotionPhase& p) {
                            return "{" + Field("name", JsonQuote(p.name)) + "," +
                                   Field("to", JsonQuote(p.to)) + "," +
                                   Field("seconds", JsonNumber(p.seconds)) + "," +
                                   Field("dose_hold", p.dose_hold ? "true" : "false") + "}";
                          }));
  if (m.camera) out += "," + Field("camera", CameraJson(*m.camera));
  if (!m.camera_note.empty()) out += "," + Field("camera_note", JsonQuote(m.camera_note));
  return out + "," + Field("settings", SettingsJson(m.settings)) + "}";
}

Result<MotionDefinition> ParseMotionDefinitionJson(std::string_view text) {
  auto json = ParseJson(text);
  if (!json.ok()) return json.status().WithContext("motion definition");
  if (!json->is_object()) return Status::InvalidArgument("motion definition: must be an object");
  Reader r;
  MotionDefinition m;
  m.exercise = r.String(*json, "", "exercise");
  m.view = r.Enum<View>(*json, "", "view", [](std::string_view n) { return ViewFromName(n); });
  const JsonValue* cycle = json->Get("cycle");
  m.cycle = cycle != nullptr && cycle->type == JsonValue::Type::kBool && cycle->boolean;
  if (const JsonValue* k = r.Array(*json, "", "keyframes")) ReadKeyframes(r, *k, m);
  if (const JsonValue* p = r.Array(*json, "", "phases")) ReadPhases(r, *p, m);
  if (const JsonValue* c = Object(r, *json, "", "camera")) m.camera = ReadCamera(r, *c);
  if (json->Get("camera_note")) m.camera_note = r.String(*json, "", "camera_note");
  if (const JsonValue* s = Object(r, *json, "", "settings")) {
    m.settings = ReadSettings(r, *s);
  } else {
    r.Fail("settings", "is missing");
  }
  if (!r.ok()) return r.status();
  return m;
}

std::string MotionAnalysisToJson(const MotionAnalysis& a) {
  // Every field is always there: a reason (and its words) only when not
  // assessed, else null; counts and lists empty when there is nothing.
  std::string out = "{" + Field("exercise", JsonQuote(a.exercise)) + "," +
                    Field("assessed", a.assessed ? "true" : "false");
  out += "," + Field("reason", a.assessed ? "null" : JsonQuote(NotAssessedId(a.reason)));
  out += "," + Field("reason_message", a.assessed ? "null" : JsonQuote(a.reason_message));
  out += "," + Field("reps", std::to_string(a.counts_reps ? a.reps : 0));
  out += "," + Field("holds", List(a.holds, [](double s) { return JsonNumber(s, 1); }));
  out += "," + Field("per_rep", List(a.per_rep, RepJson));
  out += "," + Field("findings", List(a.findings, [](const FormFinding& f) {
                       return "{" + Field("id", JsonQuote(f.id)) + "," +
                              Field("message", JsonQuote(f.message)) + "," +
                              Field("reps", List(f.reps, [](int n) { return std::to_string(n); })) +
                              "}";
                     }));
  out += "," + Field("next_phase", a.next_phase
                                       ? "{" + Field("index", std::to_string(*a.next_phase)) + "," +
                                             Field("name", JsonQuote(a.next_phase_name)) + "}"
                                       : std::string("null"));
  return out + "}";
}

}  // namespace backcoach
