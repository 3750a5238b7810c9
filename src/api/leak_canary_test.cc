// Leak canaries: every patient has a marker in every free-text field they or
// their team can write (route_matrix_fixture.h). The whole route matrix is
// walked, and every answer searched (bodies, error bodies, the exports and
// headers): a marker may show only to the accounts entitled to it. Each
// marker must also show to someone, or the search would prove nothing.
#include <gtest/gtest.h>

#include "api/route_matrix_fixture.h"

namespace backcoach {
namespace {

using testing::MatrixRequest;

class LeakCanaryTest : public testing::RouteMatrixFixture {
 protected:
  // The markers in `text`, by index.
  std::vector<std::size_t> MarkersIn(const std::string& text) const {
    std::vector<std::size_t> found;
    if (text.find("zq") == std::string::npos) return found;
    for (std::size_t i = 0; i < markers_.size(); ++i) {
      if (text.find(markers_[i].text) != std::string::npos) found.push_back(i);
    }
    return found;
  }
};

TEST_F(LeakCanaryTest, NoAnswerShowsAMarkerToSomeoneNotEntitledToIt) {
  ASSERT_GT(markers_.size(), 40u);
  std::vector<int> shown(markers_.size(), 0);
  int leaks = 0, searched = 0;
  Walk([&](const MatrixRequest& r, const http::Response& response) {
    std::string text = response.body;
    for (const auto& [name, value] : response.headers) text += "\n" + name + ": " + value;
    ++searched;
    for (std::size_t i : MarkersIn(text)) {
      const testing::Marker& m = markers_[i];
      const bool entitled = r.who->valid && m.readers.count(r.who->user_id) > 0;
      if (entitled) {
        ++shown[i];
        continue;
      }
      ++leaks;
      ADD_FAILURE() << r.method << " " << r.path << " (" << r.key << ") as " << r.who->name
                    << " on " << r.target << " shows " << m.field << " of patient " << m.patient_id
                    << " (" << m.text << "), status " << response.status;
    }
  });
  RecordProperty("answers_searched", searched);
  RecordProperty("markers", static_cast<int>(markers_.size()));
  EXPECT_EQ(leaks, 0);
  EXPECT_GT(searched, 1500);
  for (std::size_t i = 0; i < markers_.size(); ++i) {
    EXPECT_GT(shown[i], 0) << markers_[i].field << " (" << markers_[i].text
                           << ") never showed to anyone: the search cannot find it";
  }
}

// The other side of the same markers: the patient's own export (their
// right of access) holds every one of theirs, alerts and care team included.
TEST_F(LeakCanaryTest, ThePatientsExportHoldsEverythingOfTheirs) {
  const testing::Principal& a1 = principals_.back();
  const auto r = As(a1.token, "GET", "/api/v1/patients/" + a1.self_id + "/export");
  ASSERT_EQ(r.status, 200) << r.body;
  int expected = 0;
  for (const testing::Marker& m : markers_) {
    // A supporter removed from the team is no longer part of it.
    if (!m.readers.count(a1.self_id) || m.text == Word("sr", "name")) continue;
    ++expected;
    EXPECT_NE(r.body.find(m.text), std::string::npos) << m.field << " is not in the export";
  }
  EXPECT_GT(expected, 15);
}

}  // namespace
}  // namespace backcoach
