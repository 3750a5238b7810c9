// What every fuzz target shares: the shipped content, loaded once, and a
// crash that names the broken property.
//
// A target feeds outside input to one parser and, when the parser accepts
// it, pushes the result on through the engine and checks properties that
// must hold for every input. A parser that refuses input must say why: an
// error with an empty message is a broken property too.
#ifndef BACKCOACH_FUZZ_FUZZ_SUPPORT_H_
#define BACKCOACH_FUZZ_FUZZ_SUPPORT_H_

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "cli/content_files.h"
#include "core/content.h"

namespace backcoach::fuzz {

// The content in content/ (BACKCOACH_SOURCE_DIR/content), loaded on first use.
inline const Content& ShippedContent() {
  static const Content* content = [] {
    auto loaded = cli::LoadContentDir(std::string(BACKCOACH_SOURCE_DIR) + "/content");
    if (!loaded.ok()) {
      std::fprintf(stderr, "fuzz: content did not load: %s\n", loaded.status().message().c_str());
      std::abort();
    }
    return new Content(std::move(*loaded));
  }();
  return *content;
}

// Stops the run with `what` when `holds` is false: libFuzzer saves the input.
inline void Require(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "fuzz: broken property: %s\n", what);
  std::abort();
}

// The text of a file in the source tree, e.g. "examples/plan/maria.json".
inline std::string SourceFile(const std::string& relative) {
  std::ifstream file(std::string(BACKCOACH_SOURCE_DIR) + "/" + relative);
  Require(file.good(), "a source file the target needs is readable");
  return std::string((std::istreambuf_iterator<char>(file)), {});
}

inline std::string AsText(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace backcoach::fuzz

#endif  // BACKCOACH_FUZZ_FUZZ_SUPPORT_H_
