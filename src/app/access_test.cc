// The access vocabulary: which accounts may call a route of each kind, which
// kinds name a patient, and the names the table gives them.
#include "app/access.h"

#include <gtest/gtest.h>

namespace backcoach {
namespace {

constexpr Access kAll[] = {Access::kPublic,      Access::kSignedIn,    Access::kSupporter,
                           Access::kClinicStaff, Access::kClinicAdmin, Access::kSelf,
                           Access::kCareTeam,    Access::kClinicians,  Access::kClearer,
                           Access::kTreating};

// One letter a role that may call: patient, clinician, admin, supporter;
// "-" where it may not.
std::string Callers(Access access) {
  std::string out;
  for (auto [role, letter] : {std::pair{Role::kPatient, 'p'}, std::pair{Role::kClinician, 'c'},
                              std::pair{Role::kAdmin, 'a'}, std::pair{Role::kSupporter, 's'}}) {
    out += MayCall(access, role) ? letter : '-';
  }
  return out;
}

TEST(AccessTest, WhoMayCallEachKindOfRoute) {
  EXPECT_EQ(Callers(Access::kPublic), "pcas");
  EXPECT_EQ(Callers(Access::kSignedIn), "pcas");
  EXPECT_EQ(Callers(Access::kSupporter), "---s");
  EXPECT_EQ(Callers(Access::kClinicStaff), "-ca-");
  EXPECT_EQ(Callers(Access::kClinicAdmin), "--a-");
  EXPECT_EQ(Callers(Access::kSelf), "p---");
  EXPECT_EQ(Callers(Access::kCareTeam), "pcas") << "the patient is checked next, by ReachPatient";
  EXPECT_EQ(Callers(Access::kClinicians), "-ca-");
  EXPECT_EQ(Callers(Access::kClearer), "pcas") << "ReachPatient refuses all but the clearers";
  EXPECT_EQ(Callers(Access::kTreating), "-ca-") << "ReachPatient refuses an admin not a clinician";
}

TEST(AccessTest, AnAdminTreatsPatientsOnlyWhenAlsoAClinician) {
  User user;
  user.role = Role::kClinician;
  EXPECT_TRUE(TreatsPatients(user));
  user.role = Role::kAdmin;
  EXPECT_FALSE(TreatsPatients(user));
  user.also_clinician = true;
  EXPECT_TRUE(TreatsPatients(user));
  for (Role role : {Role::kPatient, Role::kSupporter}) {
    user.role = role;
    EXPECT_FALSE(TreatsPatients(user)) << RoleName(role);
  }
}

TEST(AccessTest, OnlyThePatientKindsNameAPatient) {
  std::string naming;
  for (Access access : kAll) {
    if (NamesPatient(access)) naming += std::string(AccessName(access)) + " ";
  }
  EXPECT_EQ(naming, "self care_team clinicians clearer treating ");
}

TEST(AccessTest, EveryKindHasItsOwnNameThatParsesBack) {
  std::set<std::string> names;
  for (Access access : kAll) {
    const std::string name = AccessName(access);
    EXPECT_NE(name, "none");
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(ParseAccess(name), access) << name;
  }
  EXPECT_EQ(ParseAccess("any"), std::nullopt);
  EXPECT_EQ(ParseAccess("Self"), std::nullopt);
}

TEST(AccessTest, TheOpenApiDocumentNamesTheAccountsThatMayCall) {
  std::string callers;
  for (Access access : kAll) callers += std::string(AccessCallers(access)) + " ";
  EXPECT_EQ(callers, "public any supporter clinician admin patient any clinician any clinician ");
}

}  // namespace
}  // namespace backcoach
