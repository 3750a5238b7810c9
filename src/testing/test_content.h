// Test helpers: the shipped content, loaded once per test binary.
#ifndef BACKCOACH_TESTING_TEST_CONTENT_H_
#define BACKCOACH_TESTING_TEST_CONTENT_H_

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "cli/content_files.h"
#include "core/content.h"

namespace backcoach::testing {

// The text of a file in the source tree, e.g. "content/screening.yaml".
inline std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(BACKCOACH_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The whole shipped content/ directory, validated. Aborts the test binary if
// it does not load: every other test would be meaningless.
inline const Content& ShippedContent() {
  static const Content* content = [] {
    auto loaded = cli::LoadContentDir(std::string(BACKCOACH_SOURCE_DIR) + "/content");
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.status().message();
      std::abort();
    }
    return new Content(std::move(loaded).value());
  }();
  return *content;
}

}  // namespace backcoach::testing

#endif  // BACKCOACH_TESTING_TEST_CONTENT_H_
