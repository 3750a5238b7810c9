#include "core/json_text.h"

#include <gtest/gtest.h>

namespace backcoach {
namespace {

using nlohmann::json;

TEST(JsonTextTest, ReadsAStringAsItIs) {
  const json j = {{"by", "Dr. Lee"}, {"empty", ""}};
  EXPECT_EQ(ReadTextField(j, "by", true).value(), "Dr. Lee");
  EXPECT_EQ(ReadTextField(j, "empty", true).value(), "");
}

TEST(JsonTextTest, AMissingFieldIsEmptyUnlessRequired) {
  const json j = json::object();
  EXPECT_EQ(ReadTextField(j, "reason", false).value(), "");
  auto missing = ReadTextField(j, "reason", true);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(missing.status().message(), "field 'reason' is required");
}

TEST(JsonTextTest, AnythingButAStringIsRefusedEvenWhenOptional) {
  for (const json& value :
       {json(3), json(nullptr), json(true), json::array({"a"}), json::object({{"a", "b"}})}) {
    const json j = {{"reason", value}};
    for (bool required : {false, true}) {
      auto got = ReadTextField(j, "reason", required);
      ASSERT_FALSE(got.ok()) << value.dump();
      EXPECT_EQ(got.status().message(), "field 'reason' must be a string") << value.dump();
    }
  }
}

}  // namespace
}  // namespace backcoach
