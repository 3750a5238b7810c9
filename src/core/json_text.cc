#include "core/json_text.h"

namespace backcoach {

Result<std::string> ReadTextField(const nlohmann::json& object, const char* key, bool required) {
  const auto it = object.find(key);
  if (it == object.end()) {
    if (required) return Status::InvalidArgument(std::string("field '") + key + "' is required");
    return std::string();
  }
  if (!it->is_string()) {
    return Status::InvalidArgument(std::string("field '") + key + "' must be a string");
  }
  return it->get<std::string>();
}

}  // namespace backcoach
