#include "core/json_number.h"

#include <cmath>
#include <cstdint>

namespace backcoach {

std::optional<long long> WholeNumberIn(const nlohmann::json& v, long long min, long long max) {
  if (v.is_number_unsigned()) {
    // Read unsigned: 2^63 and above would turn negative as a long long.
    const std::uint64_t u = v.get<std::uint64_t>();
    if (max < 0 || u > static_cast<std::uint64_t>(max)) return std::nullopt;
    const long long value = static_cast<long long>(u);
    if (value < min) return std::nullopt;
    return value;
  }
  if (!v.is_number_integer()) return std::nullopt;  // a fraction, 1e308, text, ...
  const long long value = v.get<std::int64_t>();
  if (value < min || value > max) return std::nullopt;
  return value;
}

std::optional<double> NumberIn(const nlohmann::json& v, double min, double max) {
  if (!v.is_number()) return std::nullopt;
  const double value = v.get<double>();
  if (!std::isfinite(value) || value < min || value > max) return std::nullopt;
  return value;
}

std::string WholeNumberProblem(const std::string& key, long long min, long long max) {
  return "field '" + key + "' must be a whole number from " + std::to_string(min) + " to " +
         std::to_string(max);
}

Result<int> ReadWholeNumber(const nlohmann::json& object, const std::string& key, int min, int max,
                            std::optional<int> fallback, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end()) {
    if (fallback) return *fallback;
    return Status::InvalidArgument(where + "missing field '" + key + "'");
  }
  auto value = WholeNumberIn(*it, min, max);
  if (!value) return Status::InvalidArgument(where + WholeNumberProblem(key, min, max));
  return static_cast<int>(*value);
}

}  // namespace backcoach
