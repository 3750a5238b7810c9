#include "core/motion.h"

namespace backcoach {

namespace {

constexpr std::array<const char*, kJointCount> kJointNames = {
    "nose",           "left_eye",   "right_eye",   "left_ear",   "right_ear",   "left_shoulder",
    "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip",
    "right_hip",      "left_knee",  "right_knee",  "left_ankle", "right_ankle"};

constexpr std::array<const char*, 9> kPartNames = {"nose",  "eye", "ear",  "shoulder", "elbow",
                                                   "wrist", "hip", "knee", "ankle"};

template <typename E, std::size_t N>
std::optional<E> FromName(const std::array<const char*, N>& names, std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (name == names[i]) return static_cast<E>(i);
  }
  return std::nullopt;
}

constexpr std::array<const char*, 2> kViewNames = {"side", "front"};
constexpr std::array<const char*, 3> kFlexedNames = {"none", "up", "down"};
constexpr std::array<const char*, 2> kSidePickNames = {"best", "either"};
constexpr std::array<const char*, 3> kFormAtNames = {"peak", "rest", "hold"};

}  // namespace

const char* JointName(Joint j) { return kJointNames[static_cast<int>(j)]; }
std::optional<Joint> JointFromName(std::string_view name) {
  return FromName<Joint>(kJointNames, name);
}

const char* BodyPartName(BodyPart p) { return kPartNames[static_cast<int>(p)]; }
std::optional<BodyPart> BodyPartFromName(std::string_view name) {
  return FromName<BodyPart>(kPartNames, name);
}

// COCO lists each paired joint left then right, after the nose.
Joint JointOf(BodyPart p, Side s) {
  if (p == BodyPart::kNose) return Joint::kNose;
  const int left = 1 + 2 * (static_cast<int>(p) - 1);
  return static_cast<Joint>(left + (s == Side::kRight ? 1 : 0));
}

const char* ViewName(View v) { return kViewNames[static_cast<int>(v)]; }
std::optional<View> ViewFromName(std::string_view name) { return FromName<View>(kViewNames, name); }

const char* FlexedName(Flexed f) { return kFlexedNames[static_cast<int>(f)]; }
std::optional<Flexed> FlexedFromName(std::string_view name) {
  return FromName<Flexed>(kFlexedNames, name);
}

const char* SidePickName(SidePick s) { return kSidePickNames[static_cast<int>(s)]; }
std::optional<SidePick> SidePickFromName(std::string_view name) {
  return FromName<SidePick>(kSidePickNames, name);
}

const char* FormAtName(FormAt a) { return kFormAtNames[static_cast<int>(a)]; }
std::optional<FormAt> FormAtFromName(std::string_view name) {
  return FromName<FormAt>(kFormAtNames, name);
}

const Keyframe* MotionDefinition::FindKeyframe(std::string_view name) const {
  for (const auto& k : keyframes) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

}  // namespace backcoach
