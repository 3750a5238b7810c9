// The exercise catalogue: every exercise backcoach can prescribe, as data.
//
// The catalogue is loaded from content/exercises.yaml (see
// docs/content-exercises.md) and validated as a whole: unknown keys, missing
// fields, out-of-range values and dangling or one-way easier/harder links are
// errors naming the file, the exercise and the field, for example
//   "exercises.yaml: exercise 'plank': field 'level': must be between 1 and 5,
//    got 9".
// Exercises form chains through `easier` and `harder`: within a chain the
// category is the same and the level rises by at least one at each step
// (so a chain can never loop back on itself).
//
// A Catalogue is immutable after loading and safe to share between threads.
#ifndef BACKCOACH_CORE_CATALOGUE_H_
#define BACKCOACH_CORE_CATALOGUE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace backcoach {

enum class Category { kCore, kMobility, kStrength, kAerobic, kMindBody, kIntervals };
const char* CategoryName(Category c);                             // "core", "mobility", ...
std::optional<Category> CategoryFromName(std::string_view name);  // nullopt when unknown

// Spinal-load tags: what an exercise asks of the back.
enum class LoadTag { kFlexionUnderLoad, kExtension, kRotation, kImpact, kOverheadLoad };
const char* LoadTagName(LoadTag t);                             // "flexion_under_load", ...
std::optional<LoadTag> LoadTagFromName(std::string_view name);  // nullopt when unknown

// The defaults a plan starts from; a plan may scale them.
struct Dose {
  int sets = 0;          // 0 for continuous work (aerobic, sequences)
  int reps = 0;          // per set; 0 when the exercise is held or timed
  int hold_seconds = 0;  // per repetition (or per set when reps is 0)
  int minutes = 0;       // for continuous work
  bool per_side = false;
};

struct Exercise {
  std::string id;
  std::string name;
  Category category = Category::kCore;
  int level = 1;       // 1 = gentlest
  std::string easier;  // id, or empty at the bottom of a chain
  std::string harder;  // id, or empty at the top
  Dose dose;
  std::vector<std::string> equipment;   // required; a floor or bed needs none
  std::string position;                 // standing, lying_on_back, ...
  std::vector<std::string> activities;  // matched against a person's likes
  std::vector<std::string> steps;
  std::vector<std::string> cues;
  std::vector<std::string> mistakes;
  std::string if_it_hurts;
  std::vector<LoadTag> load;
  std::vector<std::string> phases;         // suits: acute, subacute, chronic
  std::vector<std::string> presentations;  // suits: localized, radicular, widespread
  std::string avoid_reason;  // why it is kept from the phases/presentations it does not suit
  std::string source;

  bool HasLoad(LoadTag t) const;
  bool Suits(const std::string& phase, const std::string& presentation) const;
};

// A movement never prescribed while a person is in pain, with the reason.
struct NeverExercise {
  std::string id;
  std::string name;
  std::vector<LoadTag> load;
  std::string reason;
  std::string source;
};

class Catalogue {
 public:
  // Limits the loader enforces; documented in docs/content-exercises.md.
  static constexpr int kMinLevel = 1;
  static constexpr int kMaxLevel = 5;
  static constexpr std::size_t kMinSteps = 2;

  // Parses and validates content/exercises.yaml. `file_name` is used in errors.
  // The first problem found is returned.
  static Result<Catalogue> Parse(const std::string& yaml_text, const std::string& file_name);

  const std::vector<Exercise>& exercises() const { return exercises_; }
  const std::vector<NeverExercise>& never() const { return never_; }
  // Equipment a person may list, and what "gym" and the like include.
  const std::map<std::string, std::vector<std::string>>& equipment_includes() const {
    return equipment_includes_;
  }
  const std::vector<std::string>& equipment_names() const {
    return equipment_names_;
  }  // file order

  const Exercise* Find(const std::string& id) const;  // nullptr when unknown
  bool IsNever(const std::string& id) const;
  // The easier and harder neighbours, or nullptr at the end of a chain.
  const Exercise* Easier(const Exercise& e) const;
  const Exercise* Harder(const Exercise& e) const;
  // Expands a person's equipment list through equipment_includes(): the owned
  // items plus everything they include (followed through nested includes),
  // without duplicates, sorted. Names the catalogue does not know are kept
  // as given.
  std::vector<std::string> ExpandEquipment(const std::vector<std::string>& owned) const;

 private:
  std::vector<Exercise> exercises_;
  std::vector<NeverExercise> never_;
  // Exercise positions by id, as an open-addressed table: slot i holds one
  // more than the position of an exercise whose id hashes near i, 0 when
  // empty; the size is a power of two at least twice the exercises. The
  // engine and the simulation's checker look exercises up by id dozens of
  // times a step, and std::unordered_map's string hash, prime-sized buckets
  // and nodes made that a twentieth of a simulated step.
  std::vector<std::uint32_t> slots_;
  void BuildIndex();
  std::map<std::string, std::vector<std::string>> equipment_includes_;
  std::vector<std::string> equipment_names_;
};

}  // namespace backcoach

#endif  // BACKCOACH_CORE_CATALOGUE_H_
