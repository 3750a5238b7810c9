#include "core/catalogue.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <utility>

#include "core/same_text.h"
#include "core/text.h"
#include "core/yaml_reader.h"

namespace backcoach {

namespace {

// Dose limits: wide enough for any sensible home programme, narrow enough to
// catch a typing slip (60 sets, 300 minutes).
constexpr int kMaxSets = 10;
constexpr int kMaxReps = 50;
constexpr int kMaxHoldSeconds = 300;
constexpr int kMaxMinutes = 120;

struct CategoryEntry {
  Category category;
  const char* name;
};
constexpr CategoryEntry kCategories[] = {
    {Category::kCore, "core"},          {Category::kMobility, "mobility"},
    {Category::kStrength, "strength"},  {Category::kAerobic, "aerobic"},
    {Category::kMindBody, "mind_body"}, {Category::kIntervals, "intervals"},
};

struct LoadEntry {
  LoadTag tag;
  const char* name;
};
constexpr LoadEntry kLoadTags[] = {
    {LoadTag::kFlexionUnderLoad, "flexion_under_load"},
    {LoadTag::kExtension, "extension"},
    {LoadTag::kRotation, "rotation"},
    {LoadTag::kImpact, "impact"},
    {LoadTag::kOverheadLoad, "overhead_load"},
};

const std::vector<std::string>& CategoryNames() {
  static const auto* names = [] {
    auto* v = new std::vector<std::string>;
    for (const auto& c : kCategories) v->push_back(c.name);
    return v;
  }();
  return *names;
}

const std::vector<std::string>& LoadTagNames() {
  static const auto* names = [] {
    auto* v = new std::vector<std::string>;
    for (const auto& t : kLoadTags) v->push_back(t.name);
    return v;
  }();
  return *names;
}

const std::vector<std::string>& Phases() {
  static const auto* v = new std::vector<std::string>{"acute", "subacute", "chronic"};
  return *v;
}

const std::vector<std::string>& Presentations() {
  static const auto* v = new std::vector<std::string>{"localized", "radicular", "widespread"};
  return *v;
}

const std::vector<std::string>& Positions() {
  static const auto* v = new std::vector<std::string>{
      "standing",        "sitting",  "lying_on_back", "lying_face_down", "lying_on_side",
      "hands_and_knees", "kneeling", "in_water",      "on_machine"};
  return *v;
}

bool Contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

void CheckSnakeCase(MapReader& r, std::string_view key, const std::string& value) {
  if (r.ok() && !IsSnakeCase(value)) {
    r.Fail(key, "must be snake_case (lower-case letters, digits and '_'), got " + Quote(value));
  }
}

// Reports the first item listed twice.
void CheckUnique(MapReader& r, std::string_view key, const std::vector<std::string>& items) {
  std::set<std::string> seen;
  for (const auto& item : items) {
    if (r.ok() && !seen.insert(item).second) r.Fail(key, "lists " + Quote(item) + " twice");
  }
}

// A list whose key must be written but may be empty ("equipment: []").
std::vector<std::string> ListMayBeEmpty(MapReader& r, std::string_view key,
                                        const std::vector<std::string>& allowed) {
  if (!r.Has(key)) {
    r.Child(key, false);  // marks the key as known
    r.Fail(key, "is missing (write [] for none)");
    return {};
  }
  std::vector<std::string> items = r.StringList(key, false, allowed);
  CheckUnique(r, key, items);
  return items;
}

std::vector<LoadTag> ToLoadTags(const std::vector<std::string>& names) {
  std::vector<LoadTag> tags;
  for (const auto& name : names) {
    if (auto tag = LoadTagFromName(name)) tags.push_back(*tag);
  }
  return tags;
}

// Names an entry in errors by its id when it has a usable one, else by its
// 1-based position, so that an entry missing its id can still be found.
std::string EntryWhere(const YAML::Node& node, std::size_t position, const std::string& prefix) {
  if (node.IsMap()) {
    // An absent key yields an invalid node, which only IsDefined() may ask.
    const YAML::Node id = node["id"];
    if (id.IsDefined() && id.IsScalar() && !id.Scalar().empty()) {
      return prefix + " " + Quote(id.Scalar());
    }
  }
  return prefix + " " + std::to_string(position);
}

// Equipment names in file order, and what each includes.
struct EquipmentTable {
  std::vector<std::string> names;
  std::map<std::string, std::vector<std::string>> includes;
};

Result<EquipmentTable> ParseEquipment(const YAML::Node& node, const std::string& file) {
  const std::string where = file + ": equipment";
  if (!node.IsMap() || node.size() == 0) {
    return Status::InvalidArgument(file +
                                   ": field 'equipment': must be a mapping of equipment names "
                                   "to the equipment each includes");
  }
  EquipmentTable table;
  for (const auto& kv : node) {
    const auto name = kv.first.as<std::string>();
    if (!IsSnakeCase(name)) {
      return Status::InvalidArgument(where + ": " + Quote(name) +
                                     " must be snake_case (lower-case letters, digits and '_')");
    }
    table.names.push_back(name);
  }
  MapReader r(node, where);
  for (const auto& name : table.names) {
    table.includes[name] = r.StringList(name, false, table.names);
    CheckUnique(r, name, table.includes[name]);
  }
  if (Status s = r.Finish(); !s.ok()) return s;
  return table;
}

bool IsContinuousCategory(Category c) {
  return c == Category::kAerobic || c == Category::kIntervals || c == Category::kMindBody;
}

// The rules that tie the dose fields together and to the category.
Status CheckDoseShape(const Dose& d, Category category, const std::string& where) {
  const std::string field = where + ": field 'dose': ";
  const bool counted = d.sets > 0 || d.reps > 0 || d.hold_seconds > 0;
  const std::string category_name = CategoryName(category);
  if (d.minutes > 0 && counted) {
    return Status::InvalidArgument(field +
                                   "give either minutes, or sets with reps or hold_seconds, "
                                   "not both");
  }
  if (d.minutes > 0 && !IsContinuousCategory(category)) {
    return Status::InvalidArgument(field +
                                   "minutes are only for aerobic, intervals and "
                                   "mind_body exercises; a " +
                                   category_name +
                                   " exercise needs sets with reps or hold_seconds");
  }
  if (d.minutes > 0 && d.per_side) {
    return Status::InvalidArgument(field + "per_side goes with sets, not minutes");
  }
  if (d.minutes == 0 && (category == Category::kAerobic || category == Category::kIntervals)) {
    return Status::InvalidArgument(field + "an " + category_name + " exercise is dosed in minutes");
  }
  if (d.minutes == 0 && d.reps == 0 && d.hold_seconds == 0) {
    return Status::InvalidArgument(field + "needs minutes, or sets with reps or hold_seconds");
  }
  if (d.minutes == 0 && d.sets == 0) {
    return Status::InvalidArgument(field + "reps and hold_seconds need sets of 1 or more");
  }
  return Status::Ok();
}

Result<Dose> ParseDose(const YAML::Node& node, Category category, const std::string& where) {
  MapReader r(node, where + ": dose");
  Dose d;
  d.sets = r.OptionalInt("sets", 1, kMaxSets).value_or(0);
  d.reps = r.OptionalInt("reps", 1, kMaxReps).value_or(0);
  d.hold_seconds = r.OptionalInt("hold_seconds", 1, kMaxHoldSeconds).value_or(0);
  d.minutes = r.OptionalInt("minutes", 1, kMaxMinutes).value_or(0);
  d.per_side = r.OptionalBool("per_side", false);
  if (Status s = r.Finish(); !s.ok()) return s;
  if (Status s = CheckDoseShape(d, category, where); !s.ok()) return s;
  return d;
}

// id, name, category, level and chain links.
void ReadIdentity(MapReader& r, Exercise* e) {
  e->id = r.String("id");
  CheckSnakeCase(r, "id", e->id);
  e->name = r.String("name");
  const std::string category = r.Enum("category", CategoryNames());
  e->category = CategoryFromName(category).value_or(Category::kCore);
  e->level = r.Int("level", Catalogue::kMinLevel, Catalogue::kMaxLevel);
  e->easier = r.OptionalString("easier").value_or("");
  e->harder = r.OptionalString("harder").value_or("");
}

// What a person needs and where they are: equipment, position, activities.
void ReadSetting(MapReader& r, const std::vector<std::string>& equipment_names, Exercise* e) {
  e->equipment = ListMayBeEmpty(r, "equipment", equipment_names);
  e->position = r.Enum("position", Positions());
  e->activities = r.StringList("activities", false);
  for (const auto& activity : e->activities) CheckSnakeCase(r, "activities", activity);
  CheckUnique(r, "activities", e->activities);
}

// The words a person reads: steps, cues, mistakes and what to do if it hurts.
void ReadGuidance(MapReader& r, Exercise* e) {
  e->steps = r.StringList("steps", true);
  if (r.ok() && e->steps.size() < Catalogue::kMinSteps) {
    r.Fail("steps", "needs at least " + std::to_string(Catalogue::kMinSteps) + " items, got " +
                        std::to_string(e->steps.size()));
  }
  e->cues = r.StringList("cues", true);
  e->mistakes = r.StringList("mistakes", true);
  e->if_it_hurts = r.String("if_it_hurts");
}

// Load tags, the phases and presentations it suits, and why not the others.
void ReadSuitability(MapReader& r, Exercise* e) {
  e->load = ToLoadTags(ListMayBeEmpty(r, "load", LoadTagNames()));
  e->phases = r.StringList("phases", true, Phases());
  CheckUnique(r, "phases", e->phases);
  e->presentations = r.StringList("presentations", true, Presentations());
  CheckUnique(r, "presentations", e->presentations);
  const std::optional<std::string> reason = r.OptionalString("avoid_reason");
  const bool suits_all =
      e->phases.size() == Phases().size() && e->presentations.size() == Presentations().size();
  if (r.ok() && !suits_all && !reason) {
    r.Fail("avoid_reason",
           "is missing: say why the exercise is kept from the phases or presentations it leaves "
           "out");
  }
  if (r.ok() && suits_all && reason) {
    r.Fail("avoid_reason", "must be left out when the exercise suits every phase and presentation");
  }
  e->avoid_reason = reason.value_or("");
  e->source = r.String("source");
}

Result<Exercise> ParseExercise(const YAML::Node& node, const std::string& where,
                               const std::vector<std::string>& equipment_names) {
  MapReader r(node, where);
  Exercise e;
  ReadIdentity(r, &e);
  const YAML::Node dose = r.Child("dose", true);
  ReadSetting(r, equipment_names, &e);
  ReadGuidance(r, &e);
  ReadSuitability(r, &e);
  if (Status s = r.Finish(); !s.ok()) return s;
  Result<Dose> d = ParseDose(dose, e.category, where);
  if (!d.ok()) return d.status();
  e.dose = *d;
  return e;
}

Result<NeverExercise> ParseNever(const YAML::Node& node, const std::string& where) {
  MapReader r(node, where);
  NeverExercise n;
  n.id = r.String("id");
  CheckSnakeCase(r, "id", n.id);
  n.name = r.String("name");
  const std::vector<std::string> load = r.StringList("load", true, LoadTagNames());
  CheckUnique(r, "load", load);
  n.load = ToLoadTags(load);
  n.reason = r.String("reason");
  n.source = r.String("source");
  if (Status s = r.Finish(); !s.ok()) return s;
  return n;
}

// Checks one side of an exercise's chain links. Category and level are
// checked along `harder` only: a link that passes the two-way check appears
// once as someone's `harder`, so every step of every chain is covered. With
// levels strictly rising along `harder`, no chain can loop.
Status CheckLink(const Catalogue& c, const Exercise& e, bool harder, const std::string& where) {
  const std::string& target_id = harder ? e.harder : e.easier;
  if (target_id.empty()) return Status::Ok();
  const std::string key = harder ? "harder" : "easier";
  const std::string other_key = harder ? "easier" : "harder";
  const std::string field = where + ": field '" + key + "': names " + Quote(target_id);
  const Exercise* target = c.Find(target_id);
  if (target == nullptr && c.IsNever(target_id)) {
    return Status::InvalidArgument(field + ", which is on the never_while_in_pain list");
  }
  if (target == nullptr) return Status::InvalidArgument(field + ", which is not an exercise");
  const std::string& back = harder ? target->easier : target->harder;
  if (back != e.id) {
    return Status::InvalidArgument(field + ", but that exercise does not name " + Quote(e.id) +
                                   " as " + other_key);
  }
  if (!harder) return Status::Ok();
  if (target->category != e.category) {
    return Status::InvalidArgument(field + ", a " + CategoryName(target->category) +
                                   " exercise; a chain keeps to one category (this one is " +
                                   CategoryName(e.category) + ")");
  }
  if (target->level <= e.level) {
    return Status::InvalidArgument(field + " at level " + std::to_string(target->level) +
                                   "; levels must rise along harder (this one is level " +
                                   std::to_string(e.level) + ")");
  }
  return Status::Ok();
}

// Every id, exercise or never entry, is used once.
Status CheckUniqueIds(const std::vector<Exercise>& exercises,
                      const std::vector<NeverExercise>& never, const std::string& file) {
  std::set<std::string> exercise_ids;
  for (const auto& e : exercises) {
    if (!exercise_ids.insert(e.id).second) {
      return Status::InvalidArgument(file + ": exercise " + Quote(e.id) +
                                     ": field 'id': is already used by an earlier exercise");
    }
  }
  std::set<std::string> never_ids;
  for (const auto& n : never) {
    const std::string where = file + ": never_while_in_pain " + Quote(n.id) + ": field 'id': ";
    if (exercise_ids.count(n.id) > 0) {
      return Status::InvalidArgument(where + "is already used by an exercise");
    }
    if (!never_ids.insert(n.id).second) {
      return Status::InvalidArgument(where + "is already used by an earlier entry");
    }
  }
  return Status::Ok();
}

}  // namespace

const char* CategoryName(Category c) {
  for (const auto& entry : kCategories) {
    if (entry.category == c) return entry.name;
  }
  return "unknown";
}

std::optional<Category> CategoryFromName(std::string_view name) {
  for (const auto& entry : kCategories) {
    if (name == entry.name) return entry.category;
  }
  return std::nullopt;
}

const char* LoadTagName(LoadTag t) {
  for (const auto& entry : kLoadTags) {
    if (entry.tag == t) return entry.name;
  }
  return "unknown";
}

std::optional<LoadTag> LoadTagFromName(std::string_view name) {
  for (const auto& entry : kLoadTags) {
    if (name == entry.name) return entry.tag;
  }
  return std::nullopt;
}

bool Exercise::HasLoad(LoadTag t) const {
  return std::find(load.begin(), load.end(), t) != load.end();
}

bool Exercise::Suits(const std::string& phase, const std::string& presentation) const {
  return Contains(phases, phase) && Contains(presentations, presentation);
}

Result<Catalogue> Catalogue::Parse(const std::string& yaml_text, const std::string& file_name) {
  Result<YAML::Node> root = ParseYaml(yaml_text, file_name);
  if (!root.ok()) return root.status();

  MapReader top(*root, file_name);
  const YAML::Node equipment = top.Child("equipment", true);
  const YAML::Node list = top.Child("exercises", true);
  if (top.ok() && !list.IsSequence()) top.Fail("exercises", "must be a list");
  if (top.ok() && list.size() == 0) top.Fail("exercises", "must not be empty");
  const YAML::Node never = top.Child("never_while_in_pain", false);
  if (top.ok() && never.IsDefined() && !never.IsSequence()) {
    top.Fail("never_while_in_pain", "must be a list");
  }
  if (Status s = top.Finish(); !s.ok()) return s;

  Result<EquipmentTable> table = ParseEquipment(equipment, file_name);
  if (!table.ok()) return table.status();
  Catalogue c;
  c.equipment_names_ = table->names;
  c.equipment_includes_ = table->includes;

  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = EntryWhere(list[i], i + 1, file_name + ": exercise");
    Result<Exercise> e = ParseExercise(list[i], where, c.equipment_names_);
    if (!e.ok()) return e.status();
    c.exercises_.push_back(std::move(e).value());
  }
  for (std::size_t i = 0; never.IsDefined() && i < never.size(); ++i) {
    const std::string where = EntryWhere(never[i], i + 1, file_name + ": never_while_in_pain");
    Result<NeverExercise> n = ParseNever(never[i], where);
    if (!n.ok()) return n.status();
    c.never_.push_back(std::move(n).value());
  }
  if (Status s = CheckUniqueIds(c.exercises_, c.never_, file_name); !s.ok()) return s;

  c.BuildIndex();
  for (const auto& e : c.exercises_) {
    const std::string where = file_name + ": exercise " + Quote(e.id);
    if (Status s = CheckLink(c, e, /*harder=*/true, where); !s.ok()) return s;
    if (Status s = CheckLink(c, e, /*harder=*/false, where); !s.ok()) return s;
  }
  return c;
}

namespace {

// Eight bytes at a time, each word folded in by a multiply and a shift:
// the ids are 10 to 30 characters, so a hash of a byte at a time costs more
// than the rest of a look-up.
std::size_t IdHash(std::string_view id) {
  constexpr std::uint64_t kOdd = 0x9E3779B97F4A7C15ull;
  std::uint64_t h = id.size() * kOdd;
  const char* p = id.data();
  std::size_t n = id.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    h = (h ^ word) * kOdd;
    h ^= h >> 29;
  }
  std::uint64_t tail = 0;
  if (n > 0 && id.size() >= 8) {
    // The last eight bytes, overlapping the words before: one load instead
    // of a byte at a time.
    std::memcpy(&tail, id.data() + id.size() - 8, 8);
  } else {
    for (std::size_t i = 0; i < n; ++i)
      tail |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  }
  h = (h ^ tail) * kOdd;
  return static_cast<std::size_t>(h ^ (h >> 32));
}

}  // namespace

void Catalogue::BuildIndex() {
  std::size_t size = 8;
  while (size < 2 * exercises_.size()) size *= 2;
  slots_.assign(size, 0);
  const std::size_t mask = size - 1;
  for (std::size_t i = 0; i < exercises_.size(); ++i) {
    std::size_t at = IdHash(exercises_[i].id) & mask;
    while (slots_[at] != 0) at = (at + 1) & mask;
    slots_[at] = static_cast<std::uint32_t>(i + 1);
  }
}

const Exercise* Catalogue::Find(const std::string& id) const {
  if (slots_.empty()) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t at = IdHash(id) & mask;; at = (at + 1) & mask) {
    const std::uint32_t slot = slots_[at];
    if (slot == 0) return nullptr;
    const Exercise& e = exercises_[slot - 1];
    if (SameText(e.id, id)) return &e;
  }
}

bool Catalogue::IsNever(const std::string& id) const {
  return std::any_of(never_.begin(), never_.end(),
                     [&id](const NeverExercise& n) { return SameText(n.id, id); });
}

const Exercise* Catalogue::Easier(const Exercise& e) const {
  return e.easier.empty() ? nullptr : Find(e.easier);
}

const Exercise* Catalogue::Harder(const Exercise& e) const {
  return e.harder.empty() ? nullptr : Find(e.harder);
}

std::vector<std::string> Catalogue::ExpandEquipment(const std::vector<std::string>& owned) const {
  // A person owns a handful of items: a vector searched in full is cheaper
  // than a set here, and planning expands equipment once per plan or step.
  std::vector<std::string> have;
  std::vector<std::string> pending = owned;
  while (!pending.empty()) {
    std::string item = std::move(pending.back());
    pending.pop_back();
    if (Contains(have, item)) continue;  // seen already; also stops loops
    auto it = equipment_includes_.find(item);
    have.push_back(std::move(item));
    if (it == equipment_includes_.end()) continue;
    pending.insert(pending.end(), it->second.begin(), it->second.end());
  }
  std::sort(have.begin(), have.end());
  return have;
}

}  // namespace backcoach
