#include "core/catalogue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

namespace backcoach {
namespace {

// A small valid catalogue: a two-step core chain, a walk and one never entry.
// Tests replace a piece of it to make it wrong in one way.
const char* const kCatalogue = R"(
equipment:
  chair: []
  dumbbells: []
  gym: [chair, dumbbells]
exercises:
  - id: wall_plank
    name: Wall plank
    category: core
    level: 1
    harder: forearm_plank
    dose: {sets: 3, hold_seconds: 20}
    equipment: []
    position: standing
    steps: [Face a wall., Lean in and hold.]
    cues: [Breathe steadily.]
    mistakes: [Letting the hips sag.]
    if_it_hurts: Stand closer to the wall.
    load: []
    phases: [acute, subacute, chronic]
    presentations: [localized, radicular, widespread]
    source: George et al., JOSPT CPG 2021
  - id: forearm_plank
    name: Forearm plank
    category: core
    level: 3
    easier: wall_plank
    dose: {sets: 3, hold_seconds: 20}
    equipment: []
    position: lying_face_down
    steps: [Prop up on forearms., Lift the hips and hold.]
    cues: [Breathe steadily.]
    mistakes: [Letting the hips sag.]
    if_it_hurts: Drop to your knees.
    load: []
    phases: [subacute, chronic]
    presentations: [localized, radicular, widespread]
    avoid_reason: Too demanding in the first weeks.
    source: George et al., JOSPT CPG 2021
  - id: walking
    name: Walking
    category: aerobic
    level: 1
    dose: {minutes: 10}
    equipment: []
    position: standing
    activities: [walking]
    steps: [Walk at an easy pace., Stand tall.]
    cues: [Steady and relaxed.]
    mistakes: [Waiting for the pain to go.]
    if_it_hurts: Slow down but keep moving.
    load: []
    phases: [acute, subacute, chronic]
    presentations: [localized, radicular, widespread]
    source: O'Connor et al., Arch Phys Med Rehabil 2015
never_while_in_pain:
  - id: golf
    name: Golf
    load: [rotation]
    reason: The swing twists the back hard.
    source: NHS exercise advice for back pain
)";

// kCatalogue with the first occurrence of `from` replaced by `to`.
std::string CatalogueWith(const std::string& from, const std::string& to) {
  std::string text = kCatalogue;
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// kCatalogue with `field_line` added after the line "  - id: <id>".
std::string CatalogueWithField(const std::string& id, const std::string& field_line) {
  const std::string id_line = "  - id: " + id + "\n";
  return CatalogueWith(id_line, id_line + "    " + field_line + "\n");
}

std::string ErrorOf(const std::string& yaml) {
  Result<Catalogue> c = Catalogue::Parse(yaml, "exercises.yaml");
  EXPECT_FALSE(c.ok());
  if (c.ok()) return "";
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  return c.status().message();
}

Catalogue MustParse(const std::string& yaml) {
  Result<Catalogue> c = Catalogue::Parse(yaml, "exercises.yaml");
  EXPECT_TRUE(c.ok()) << c.status().message();
  if (!c.ok()) return Catalogue();
  return std::move(c).value();
}

TEST(CatalogueTest, ParsesEveryField) {
  Catalogue c = MustParse(kCatalogue);
  ASSERT_EQ(c.exercises().size(), 3u);
  const Exercise& e = c.exercises()[1];
  EXPECT_EQ(e.id, "forearm_plank");
  EXPECT_EQ(e.name, "Forearm plank");
  EXPECT_EQ(e.category, Category::kCore);
  EXPECT_EQ(e.level, 3);
  EXPECT_EQ(e.easier, "wall_plank");
  EXPECT_EQ(e.harder, "");
  EXPECT_EQ(e.dose.sets, 3);
  EXPECT_EQ(e.dose.reps, 0);
  EXPECT_EQ(e.dose.hold_seconds, 20);
  EXPECT_EQ(e.dose.minutes, 0);
  EXPECT_FALSE(e.dose.per_side);
  EXPECT_TRUE(e.equipment.empty());
  EXPECT_EQ(e.position, "lying_face_down");
  EXPECT_EQ(e.steps, (std::vector<std::string>{"Prop up on forearms.", "Lift the hips and hold."}));
  EXPECT_EQ(e.cues, (std::vector<std::string>{"Breathe steadily."}));
  EXPECT_EQ(e.mistakes, (std::vector<std::string>{"Letting the hips sag."}));
  EXPECT_EQ(e.if_it_hurts, "Drop to your knees.");
  EXPECT_EQ(e.phases, (std::vector<std::string>{"subacute", "chronic"}));
  EXPECT_EQ(e.avoid_reason, "Too demanding in the first weeks.");
  EXPECT_EQ(e.source, "George et al., JOSPT CPG 2021");
}

TEST(CatalogueTest, ParsesContinuousDoseAndActivities) {
  Catalogue c = MustParse(kCatalogue);
  const Exercise* walking = c.Find("walking");
  ASSERT_NE(walking, nullptr);
  EXPECT_EQ(walking->category, Category::kAerobic);
  EXPECT_EQ(walking->dose.minutes, 10);
  EXPECT_EQ(walking->dose.sets, 0);
  EXPECT_EQ(walking->activities, (std::vector<std::string>{"walking"}));
}

TEST(CatalogueTest, ParsesNeverEntries) {
  Catalogue c = MustParse(kCatalogue);
  ASSERT_EQ(c.never().size(), 1u);
  EXPECT_EQ(c.never()[0].id, "golf");
  EXPECT_EQ(c.never()[0].name, "Golf");
  EXPECT_EQ(c.never()[0].load, (std::vector<LoadTag>{LoadTag::kRotation}));
  EXPECT_EQ(c.never()[0].reason, "The swing twists the back hard.");
  EXPECT_TRUE(c.IsNever("golf"));
  EXPECT_FALSE(c.IsNever("walking"));
}

TEST(CatalogueTest, FindReturnsNullForUnknownId) {
  Catalogue c = MustParse(kCatalogue);
  EXPECT_EQ(c.Find("golf"), nullptr);
  EXPECT_EQ(c.Find("nope"), nullptr);
}

// The index hashes ids a word at a time with the last word overlapping:
// every id is found, whatever its length, and ids one character off are not.
TEST(CatalogueTest, FindFindsEveryIdOfAnyLengthAndNoNearMiss) {
  const Catalogue c = MustParse(kCatalogue);
  for (const auto& e : c.exercises()) {
    EXPECT_EQ(c.Find(e.id), &e) << e.id;
    for (std::string other : {e.id + "s", e.id.substr(0, e.id.size() - 1), "x" + e.id}) {
      EXPECT_EQ(c.Find(other), nullptr) << other;
    }
    std::string changed = e.id;
    changed.back() = changed.back() == 'z' ? 'y' : 'z';
    EXPECT_EQ(c.Find(changed), nullptr) << changed;
  }
  for (const std::string id : {"", "a", "plank", "wall_pla", "wall_plan", "forearm_plank_x"}) {
    EXPECT_EQ(c.Find(id), nullptr) << id;
  }
}

TEST(CatalogueTest, EasierAndHarderFollowTheChain) {
  Catalogue c = MustParse(kCatalogue);
  const Exercise* wall = c.Find("wall_plank");
  ASSERT_NE(wall, nullptr);
  const Exercise* forearm = c.Harder(*wall);
  ASSERT_NE(forearm, nullptr);
  EXPECT_EQ(forearm->id, "forearm_plank");
  EXPECT_EQ(c.Easier(*forearm), wall);
  EXPECT_EQ(c.Easier(*wall), nullptr);
  EXPECT_EQ(c.Harder(*forearm), nullptr);
}

TEST(CatalogueTest, SuitsNeedsBothPhaseAndPresentation) {
  Catalogue c = MustParse(kCatalogue);
  const Exercise* forearm = c.Find("forearm_plank");
  ASSERT_NE(forearm, nullptr);
  EXPECT_TRUE(forearm->Suits("chronic", "radicular"));
  EXPECT_FALSE(forearm->Suits("acute", "localized"));
  EXPECT_FALSE(forearm->Suits("chronic", "nowhere"));
}

TEST(CatalogueTest, HasLoadReportsTags) {
  Catalogue c = MustParse(CatalogueWith("    load: []\n    phases: [subacute",
                                        "    load: [extension, rotation]\n"
                                        "    phases: [subacute"));
  const Exercise* forearm = c.Find("forearm_plank");
  ASSERT_NE(forearm, nullptr);
  EXPECT_TRUE(forearm->HasLoad(LoadTag::kRotation));
  EXPECT_TRUE(forearm->HasLoad(LoadTag::kExtension));
  EXPECT_FALSE(forearm->HasLoad(LoadTag::kFlexionUnderLoad));
}

TEST(CatalogueTest, ExpandEquipmentAddsIncludedItemsSortedWithoutDuplicates) {
  Catalogue c = MustParse(kCatalogue);
  EXPECT_EQ(c.ExpandEquipment({"gym", "chair"}),
            (std::vector<std::string>{"chair", "dumbbells", "gym"}));
  EXPECT_EQ(c.ExpandEquipment({"dumbbells"}), (std::vector<std::string>{"dumbbells"}));
  EXPECT_EQ(c.ExpandEquipment({}), (std::vector<std::string>{}));
}

TEST(CatalogueTest, ExpandEquipmentFollowsNestedIncludes) {
  Catalogue c = MustParse(CatalogueWith("  dumbbells: []\n", "  dumbbells: []\n  home: [gym]\n"));
  EXPECT_EQ(c.ExpandEquipment({"home"}),
            (std::vector<std::string>{"chair", "dumbbells", "gym", "home"}));
}

TEST(CatalogueTest, ExpandEquipmentKeepsUnknownNames) {
  Catalogue c = MustParse(kCatalogue);
  EXPECT_EQ(c.ExpandEquipment({"kettlebell", "chair"}),
            (std::vector<std::string>{"chair", "kettlebell"}));
}

TEST(CatalogueTest, EquipmentNamesKeepFileOrder) {
  Catalogue c = MustParse(kCatalogue);
  EXPECT_EQ(c.equipment_names(), (std::vector<std::string>{"chair", "dumbbells", "gym"}));
  EXPECT_EQ(c.equipment_includes().at("gym"), (std::vector<std::string>{"chair", "dumbbells"}));
}

TEST(CatalogueTest, NamesRoundTrip) {
  for (Category cat : {Category::kCore, Category::kMobility, Category::kStrength,
                       Category::kAerobic, Category::kMindBody, Category::kIntervals}) {
    EXPECT_EQ(CategoryFromName(CategoryName(cat)), cat);
  }
  for (LoadTag t : {LoadTag::kFlexionUnderLoad, LoadTag::kExtension, LoadTag::kRotation,
                    LoadTag::kImpact, LoadTag::kOverheadLoad}) {
    EXPECT_EQ(LoadTagFromName(LoadTagName(t)), t);
  }
  EXPECT_STREQ(CategoryName(Category::kMindBody), "mind_body");
  EXPECT_STREQ(LoadTagName(LoadTag::kFlexionUnderLoad), "flexion_under_load");
  EXPECT_EQ(CategoryFromName("cardio"), std::nullopt);
  EXPECT_EQ(LoadTagFromName("twist"), std::nullopt);
}

// ---------------------------------------------------------------- errors --

TEST(CatalogueTest, YamlSyntaxErrorNamesFileAndLine) {
  const std::string error = ErrorOf("exercises: [\n");
  EXPECT_EQ(error.rfind("exercises.yaml: line ", 0), 0u) << error;
}

TEST(CatalogueTest, UnknownTopLevelKeyIsAnError) {
  EXPECT_EQ(ErrorOf(std::string(kCatalogue) + "extras: []\n"),
            "exercises.yaml: unknown field 'extras'");
}

TEST(CatalogueTest, UnknownExerciseKeyIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWithField("wall_plank", "colour: red")),
            "exercises.yaml: exercise 'wall_plank': unknown field 'colour'");
}

TEST(CatalogueTest, MissingFieldIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("    if_it_hurts: Stand closer to the wall.\n", "")),
            "exercises.yaml: exercise 'wall_plank': field 'if_it_hurts': is missing");
}

TEST(CatalogueTest, MissingIdNamesTheEntryByPosition) {
  EXPECT_EQ(ErrorOf(CatalogueWith("  - id: walking\n    name", "  - name")),
            "exercises.yaml: exercise 3: field 'id': is missing");
}

TEST(CatalogueTest, IdMustBeSnakeCase) {
  EXPECT_EQ(ErrorOf(CatalogueWith("id: walking", "id: Walking")),
            "exercises.yaml: exercise 'Walking': field 'id': must be snake_case (lower-case "
            "letters, digits and '_'), got 'Walking'");
}

TEST(CatalogueTest, LevelOutOfRangeIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("level: 3", "level: 9")),
            "exercises.yaml: exercise 'forearm_plank': field 'level': must be between 1 and 5, "
            "got 9");
}

TEST(CatalogueTest, UnknownCategoryIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("category: aerobic", "category: cardio")),
            "exercises.yaml: exercise 'walking': field 'category': must be one of core, "
            "mobility, strength, aerobic, mind_body, intervals, got 'cardio'");
}

TEST(CatalogueTest, UnknownPositionIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("position: lying_face_down", "position: upside_down")),
            "exercises.yaml: exercise 'forearm_plank': field 'position': must be one of "
            "standing, sitting, lying_on_back, lying_face_down, lying_on_side, hands_and_knees, "
            "kneeling, in_water, on_machine, got 'upside_down'");
}

TEST(CatalogueTest, UnknownLoadTagIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("load: []", "load: [twisting]")),
            "exercises.yaml: exercise 'wall_plank': field 'load': item 'twisting' must be one of "
            "flexion_under_load, extension, rotation, impact, overhead_load");
}

TEST(CatalogueTest, UnknownPhaseIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("phases: [subacute, chronic]", "phases: [subacute, later]")),
            "exercises.yaml: exercise 'forearm_plank': field 'phases': item 'later' must be one "
            "of acute, subacute, chronic");
}

TEST(CatalogueTest, UnknownPresentationIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("presentations: [localized, radicular, widespread]",
                                  "presentations: [localised]")),
            "exercises.yaml: exercise 'wall_plank': field 'presentations': item 'localised' must "
            "be one of localized, radicular, widespread");
}

TEST(CatalogueTest, PhaseListedTwiceIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("phases: [subacute, chronic]", "phases: [chronic, chronic]")),
            "exercises.yaml: exercise 'forearm_plank': field 'phases': lists 'chronic' twice");
}

TEST(CatalogueTest, UnknownEquipmentIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("    equipment: []\n    position: standing\n    activities",
                                  "    equipment: [treadmill]\n    position: standing\n"
                                  "    activities")),
            "exercises.yaml: exercise 'walking': field 'equipment': item 'treadmill' must be one "
            "of chair, dumbbells, gym");
}

TEST(CatalogueTest, EquipmentKeyIsRequiredEvenWhenEmpty) {
  EXPECT_EQ(ErrorOf(CatalogueWith("    equipment: []\n", "")),
            "exercises.yaml: exercise 'wall_plank': field 'equipment': is missing (write [] for "
            "none)");
}

TEST(CatalogueTest, EquipmentIncludingUnknownEquipmentIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("gym: [chair, dumbbells]", "gym: [chair, rower]")),
            "exercises.yaml: equipment: field 'gym': item 'rower' must be one of chair, "
            "dumbbells, gym");
}

TEST(CatalogueTest, TooFewStepsIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("steps: [Walk at an easy pace., Stand tall.]",
                                  "steps: [Walk at an easy pace.]")),
            "exercises.yaml: exercise 'walking': field 'steps': needs at least 2 items, got 1");
}

TEST(CatalogueTest, MissingAvoidReasonIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("    avoid_reason: Too demanding in the first weeks.\n", "")),
            "exercises.yaml: exercise 'forearm_plank': field 'avoid_reason': is missing: say why "
            "the exercise is kept from the phases or presentations it leaves out");
}

TEST(CatalogueTest, AvoidReasonOnAnExerciseThatSuitsEveryoneIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWithField("walking", "avoid_reason: None.")),
            "exercises.yaml: exercise 'walking': field 'avoid_reason': must be left out when the "
            "exercise suits every phase and presentation");
}

// ------------------------------------------------------------------ dose --

TEST(CatalogueTest, DoseFieldOutOfRangeIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("{sets: 3, hold_seconds: 20}", "{sets: 0, hold_seconds: 20}")),
            "exercises.yaml: exercise 'wall_plank': dose: field 'sets': must be between 1 and 10, "
            "got 0");
}

TEST(CatalogueTest, DoseWithoutSetsIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("{sets: 3, hold_seconds: 20}", "{hold_seconds: 20}")),
            "exercises.yaml: exercise 'wall_plank': field 'dose': reps and hold_seconds need "
            "sets of 1 or more");
}

TEST(CatalogueTest, DoseWithNeitherMinutesNorRepsIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("{sets: 3, hold_seconds: 20}", "{sets: 3}")),
            "exercises.yaml: exercise 'wall_plank': field 'dose': needs minutes, or sets with "
            "reps or hold_seconds");
}

TEST(CatalogueTest, DoseWithMinutesAndRepsIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("{minutes: 10}", "{minutes: 10, sets: 2, reps: 5}")),
            "exercises.yaml: exercise 'walking': field 'dose': give either minutes, or sets "
            "with reps or hold_seconds, not both");
}

TEST(CatalogueTest, MinutesOnACoreExerciseIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("{sets: 3, hold_seconds: 20}", "{minutes: 5}")),
            "exercises.yaml: exercise 'wall_plank': field 'dose': minutes are only for aerobic, "
            "intervals and mind_body exercises; a core exercise needs sets with reps or "
            "hold_seconds");
}

TEST(CatalogueTest, AerobicExerciseMustBeDosedInMinutes) {
  EXPECT_EQ(ErrorOf(CatalogueWith("{minutes: 10}", "{sets: 2, reps: 10}")),
            "exercises.yaml: exercise 'walking': field 'dose': an aerobic exercise is dosed in "
            "minutes");
}

TEST(CatalogueTest, MindBodyMayUseMinutes) {
  Catalogue c = MustParse(CatalogueWith("category: aerobic", "category: mind_body"));
  ASSERT_NE(c.Find("walking"), nullptr);
  EXPECT_EQ(c.Find("walking")->dose.minutes, 10);
}

// ---------------------------------------------------------------- chains --

TEST(CatalogueTest, DanglingEasierIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWithField("walking", "easier: slow_walk")),
            "exercises.yaml: exercise 'walking': field 'easier': names 'slow_walk', which is not "
            "an exercise");
}

TEST(CatalogueTest, LinkToANeverEntryIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWithField("walking", "harder: golf")),
            "exercises.yaml: exercise 'walking': field 'harder': names 'golf', which is on the "
            "never_while_in_pain list");
}

TEST(CatalogueTest, OneWayHarderLinkIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("    easier: wall_plank\n", "")),
            "exercises.yaml: exercise 'wall_plank': field 'harder': names 'forearm_plank', but "
            "that exercise does not name 'wall_plank' as easier");
}

TEST(CatalogueTest, OneWayEasierLinkIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("    harder: forearm_plank\n", "")),
            "exercises.yaml: exercise 'forearm_plank': field 'easier': names 'wall_plank', but "
            "that exercise does not name 'forearm_plank' as harder");
}

TEST(CatalogueTest, ChainAcrossCategoriesIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("    category: core\n    level: 3",
                                  "    category: mobility\n    level: 3")),
            "exercises.yaml: exercise 'wall_plank': field 'harder': names 'forearm_plank', a "
            "mobility exercise; a chain keeps to one category (this one is core)");
}

TEST(CatalogueTest, LevelThatDoesNotRiseAlongHarderIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("level: 3", "level: 1")),
            "exercises.yaml: exercise 'wall_plank': field 'harder': names 'forearm_plank' at "
            "level 1; levels must rise along harder (this one is level 1)");
}

TEST(CatalogueTest, ChainThatLoopsIsAnError) {
  // wall_plank <-> forearm_plank in both directions: two-way, but a loop.
  std::string yaml = CatalogueWithField("wall_plank", "easier: forearm_plank");
  const std::string easier_line = "    easier: wall_plank\n";
  yaml.replace(yaml.find(easier_line), easier_line.size(),
               easier_line + "    harder: wall_plank\n");
  EXPECT_EQ(ErrorOf(yaml),
            "exercises.yaml: exercise 'forearm_plank': field 'harder': names 'wall_plank' at "
            "level 1; levels must rise along harder (this one is level 3)");
}

TEST(CatalogueTest, DuplicateExerciseIdIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("id: walking", "id: wall_plank")),
            "exercises.yaml: exercise 'wall_plank': field 'id': is already used by an earlier "
            "exercise");
}

TEST(CatalogueTest, NeverIdThatIsAnExerciseIdIsAnError) {
  EXPECT_EQ(ErrorOf(CatalogueWith("id: golf", "id: walking")),
            "exercises.yaml: never_while_in_pain 'walking': field 'id': is already used by an "
            "exercise");
}

TEST(CatalogueTest, NeverEntryNeedsAReason) {
  EXPECT_EQ(ErrorOf(CatalogueWith("    reason: The swing twists the back hard.\n", "")),
            "exercises.yaml: never_while_in_pain 'golf': field 'reason': is missing");
}

// ------------------------------------------------- the real content file --

class CatalogueContentTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::ifstream in(BACKCOACH_SOURCE_DIR "/content/exercises.yaml");
    ASSERT_TRUE(in) << "cannot open content/exercises.yaml";
    std::stringstream text;
    text << in.rdbuf();
    Result<Catalogue> c = Catalogue::Parse(text.str(), "exercises.yaml");
    ASSERT_TRUE(c.ok()) << c.status().message();
    catalogue_ = new Catalogue(std::move(c).value());
  }
  static void TearDownTestSuite() {
    delete catalogue_;
    catalogue_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(catalogue_, nullptr); }

  // The ids from `first` upwards along Harder, checking Easier on the way.
  static std::vector<std::string> ChainFrom(const std::string& first) {
    std::vector<std::string> ids;
    const Exercise* e = catalogue_->Find(first);
    EXPECT_NE(e, nullptr) << first;
    EXPECT_TRUE(e == nullptr || catalogue_->Easier(*e) == nullptr) << first << " is not a bottom";
    while (e != nullptr && ids.size() <= static_cast<std::size_t>(Catalogue::kMaxLevel)) {
      ids.push_back(e->id);
      const Exercise* next = catalogue_->Harder(*e);
      if (next != nullptr) {
        EXPECT_EQ(catalogue_->Easier(*next), e) << next->id;
      }
      e = next;
    }
    return ids;
  }

  static Catalogue* catalogue_;
};

Catalogue* CatalogueContentTest::catalogue_ = nullptr;

TEST_F(CatalogueContentTest, HasAtLeastFortyExercises) {
  EXPECT_GE(catalogue_->exercises().size(), 40u);
}

// The look-up by id is a hash table of its own: every exercise must be
// found as itself, and no near miss (a prefix, a longer id, another case, a
// never-list id) may find anything.
TEST_F(CatalogueContentTest, FindFindsEveryExerciseAndNothingElse) {
  for (const Exercise& e : catalogue_->exercises()) {
    EXPECT_EQ(catalogue_->Find(e.id), &e) << e.id;
    EXPECT_EQ(catalogue_->Find(e.id + "x"), nullptr) << e.id;
    EXPECT_EQ(catalogue_->Find(e.id.substr(0, e.id.size() - 1)), nullptr) << e.id;
    std::string upper = e.id;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    EXPECT_EQ(catalogue_->Find(upper), nullptr) << e.id;
  }
  for (const NeverExercise& n : catalogue_->never()) EXPECT_EQ(catalogue_->Find(n.id), nullptr);
  EXPECT_EQ(catalogue_->Find(""), nullptr);
  EXPECT_EQ(Catalogue().Find("walking"), nullptr);
}

TEST_F(CatalogueContentTest, EveryCategoryIsPresent) {
  std::set<std::string> seen;
  for (const auto& e : catalogue_->exercises()) seen.insert(CategoryName(e.category));
  EXPECT_EQ(seen, (std::set<std::string>{"core", "mobility", "strength", "aerobic", "mind_body",
                                         "intervals"}));
}

TEST_F(CatalogueContentTest, PlankChainRisesFromTheWall) {
  EXPECT_EQ(ChainFrom("wall_plank"), (std::vector<std::string>{"wall_plank", "plank_on_knees",
                                                               "forearm_plank", "plank_leg_lift"}));
}

TEST_F(CatalogueContentTest, SidePlankChainStartsOnTheKnees) {
  EXPECT_EQ(ChainFrom("side_plank_knees"),
            (std::vector<std::string>{"side_plank_knees", "side_plank"}));
}

TEST_F(CatalogueContentTest, BirdDogChainStartsWithArmsOnly) {
  EXPECT_EQ(ChainFrom("bird_dog_arms_only"),
            (std::vector<std::string>{"bird_dog_arms_only", "bird_dog", "bird_dog_hold"}));
}

TEST_F(CatalogueContentTest, DeadBugChainStartsWithHeelTaps) {
  EXPECT_EQ(ChainFrom("dead_bug_heel_taps"),
            (std::vector<std::string>{"dead_bug_heel_taps", "dead_bug"}));
}

TEST_F(CatalogueContentTest, BridgeChainEndsOnOneLeg) {
  EXPECT_EQ(ChainFrom("glute_bridge"),
            (std::vector<std::string>{"glute_bridge", "bridge_march", "single_leg_bridge"}));
}

TEST_F(CatalogueContentTest, EveryChainIsWalkableBothWays) {
  for (const auto& e : catalogue_->exercises()) {
    if (catalogue_->Easier(e) != nullptr) continue;
    const std::vector<std::string> chain = ChainFrom(e.id);
    EXPECT_LE(chain.size(), static_cast<std::size_t>(Catalogue::kMaxLevel)) << e.id;
  }
}

TEST_F(CatalogueContentTest, AcuteExercisesAreGentleAndFreeOfLoadedFlexion) {
  int acute_level_one = 0;
  for (const auto& e : catalogue_->exercises()) {
    if (std::find(e.phases.begin(), e.phases.end(), "acute") == e.phases.end()) continue;
    EXPECT_LE(e.level, 2) << e.id;
    EXPECT_FALSE(e.HasLoad(LoadTag::kFlexionUnderLoad)) << e.id;
    if (e.level == 1) ++acute_level_one;
  }
  EXPECT_GE(acute_level_one, 10);
}

TEST_F(CatalogueContentTest, WalkingSuitsEveryone) {
  const Exercise* walking = catalogue_->Find("walking");
  ASSERT_NE(walking, nullptr);
  EXPECT_EQ(walking->level, 1);
  for (const char* phase : {"acute", "subacute", "chronic"}) {
    for (const char* presentation : {"localized", "radicular", "widespread"}) {
      EXPECT_TRUE(walking->Suits(phase, presentation)) << phase << " " << presentation;
    }
  }
}

TEST_F(CatalogueContentTest, IntervalsAreForChronicLocalizedPainOnly) {
  int intervals = 0;
  for (const auto& e : catalogue_->exercises()) {
    if (e.category != Category::kIntervals) continue;
    ++intervals;
    EXPECT_EQ(e.phases, (std::vector<std::string>{"chronic"})) << e.id;
    EXPECT_EQ(e.presentations, (std::vector<std::string>{"localized"})) << e.id;
    EXPECT_GT(e.dose.minutes, 0) << e.id;
  }
  EXPECT_GE(intervals, 2);
}

TEST_F(CatalogueContentTest, LoadedFlexionIsKeptFromRadicularPain) {
  for (const auto& e : catalogue_->exercises()) {
    if (!e.HasLoad(LoadTag::kFlexionUnderLoad)) continue;
    for (const auto& phase : e.phases) EXPECT_FALSE(e.Suits(phase, "radicular")) << e.id;
  }
}

TEST_F(CatalogueContentTest, HasAtLeastSixNeverEntries) {
  EXPECT_GE(catalogue_->never().size(), 6u);
  for (const auto& n : catalogue_->never()) {
    EXPECT_FALSE(n.reason.empty()) << n.id;
    EXPECT_FALSE(n.source.empty()) << n.id;
  }
}

TEST_F(CatalogueContentTest, EveryExerciseNamesASource) {
  for (const auto& e : catalogue_->exercises()) EXPECT_FALSE(e.source.empty()) << e.id;
}

}  // namespace
}  // namespace backcoach
