#include "storage/store_common.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace backcoach::storage {
namespace {

TEST(StoreCommonTest, NewIdIsThirtyTwoHexDigitsAndUnique) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = NewId();
    ASSERT_EQ(id.size(), 32u);
    ASSERT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 1000u);
}

TEST(StoreCommonTest, RecordIdsAreAsLongAsOthersUniqueAndInTheOrderMade) {
  const auto now_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  const long long before = now_ms();
  std::set<std::string> ids;
  std::string last;
  for (int i = 0; i < 1000; ++i) {
    if (i % 100 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    const std::string id = NewRecordId();
    ASSERT_EQ(id.size(), 32u);
    ASSERT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    // Made in a later millisecond, it sorts after: the time comes first.
    if (i % 100 == 0) {
      EXPECT_GT(id, last);
    }
    last = id;
    ids.insert(id);
  }
  const long long after = now_ms();
  EXPECT_EQ(ids.size(), 1000u);
  const long long stamped = std::stoll(last.substr(0, 12), nullptr, 16);
  EXPECT_GE(stamped, before);
  EXPECT_LE(stamped, after);
}

// The ids parameter is the JSON array nlohmann::json would write: the
// stores' json_each and json_array_elements_text read each id back as it was.
TEST(StoreCommonTest, IdsAsJsonIsTheArrayTheTreeWouldWrite) {
  const std::vector<std::vector<std::string>> lists = {
      {},
      {"a"},
      {"5f0c9b3e2d1a4c8b9e7f6a5d4c3b2a10", "0123456789abcdef0123456789abcdef"},
      {"quote\"back\\slash", "tab\tline\nfeed\x01",
       "Ren\xc3\xa9"
       "e",
       ""},
  };
  for (const auto& ids : lists) {
    EXPECT_EQ(IdsAsJson(ids), nlohmann::json(ids).dump());
    EXPECT_EQ(nlohmann::json::parse(IdsAsJson(ids)).get<std::vector<std::string>>(), ids);
  }
}

TEST(StoreCommonTest, LowerAsciiLeavesOtherBytesAlone) {
  EXPECT_EQ(LowerAscii("Maria.SILVA@Example.TEST"), "maria.silva@example.test");
  EXPECT_EQ(LowerAscii("\xC3\x89"), "\xC3\x89");
}

TEST(StoreCommonTest, FoldNameLowersAndDropsLatinAccents) {
  EXPECT_EQ(FoldName("Maria Silva"), "maria silva");
  EXPECT_EQ(FoldName("\xC3\x89lodie"), "elodie");   // Élodie
  EXPECT_EQ(FoldName("Jos\xC3\xA9"), "jose");       // José
  EXPECT_EQ(FoldName("Strau\xC3\x9F"), "strauss");  // Strauß
  EXPECT_EQ(FoldName("\xC5\x81ukasz \xC5\xBB"
                     "ak"),
            "lukasz zak");                       // Łukasz Żak
  EXPECT_EQ(FoldName("\xC3\x98ster"), "oster");  // Øster
}

TEST(StoreCommonTest, FoldNameLowersGreekAndCyrillic) {
  EXPECT_EQ(FoldName("\xCE\x91\xCE\xBD\xCE\xBD\xCE\xB1"),
            "\xCE\xB1\xCE\xBD\xCE\xBD\xCE\xB1");  // Αννα
  EXPECT_EQ(FoldName("\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD"),
            "\xD0\xB8\xD0\xB2\xD0\xB0\xD0\xBD");  // Иван
}

TEST(StoreCommonTest, FoldNameKeepsOtherTextAndBrokenBytes) {
  EXPECT_EQ(FoldName("\xE7\x8E\x8B\xE8\x8A\xB3"), "\xE7\x8E\x8B\xE8\x8A\xB3");  // 王芳
  EXPECT_EQ(FoldName("a\xC3"), "a\xC3");
  EXPECT_EQ(FoldName("2 \xC3\x97 3"), "2 \xC3\x97 3");  // the multiplication sign
}

TEST(StoreCommonTest, RoleNamesRoundTrip) {
  for (Role r : {Role::kPatient, Role::kClinician, Role::kAdmin}) {
    EXPECT_EQ(RoleFromName(RoleName(r)), r);
  }
  EXPECT_EQ(RoleFromName("doctor"), std::nullopt);
}

}  // namespace
}  // namespace backcoach::storage
