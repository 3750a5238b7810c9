# Build settings every backcoach target shares, applied in one place
# (backcoach_target_defaults, called once at the end of CMakeLists.txt for
# every target defined there), so that a new module needs nothing of its own.
#
# Where the compile time goes: most translation units include
# nlohmann/json.hpp, every test includes gtest, and the standard library
# headers come with both; parsing them again in each of some 150 files was
# most of a build. Each target with more than one source precompiles them
# once (BACKCOACH_PCH).
#
# Off by default: GCC 12 does not treat a precompiled header's standard
# library as a system header, so its false -Warray-bounds and
# -Wstringop-overread reports from inside <string> become errors under
# -Werror. Worth turning on with clang, or with a GCC that is fixed.

option(BACKCOACH_PCH "Precompile the heavy shared headers (nlohmann/json, gtest, yaml-cpp, \
the standard library) once per target" OFF)
set(BACKCOACH_DEBUG_INFO "" CACHE STRING
  "Debug information level: empty for the build type's own, 1 for line tables only (-g1), \
enough for sanitizer and crash stack traces and cheaper to compile and link")

if(NOT BACKCOACH_DEBUG_INFO STREQUAL "")
  # After the build type's -g, so this one counts.
  add_compile_options(-g${BACKCOACH_DEBUG_INFO})
endif()

# Headers that nearly every file includes, directly or through json.hpp.
set(BACKCOACH_PCH_HEADERS
  <algorithm> <atomic> <chrono> <cmath> <cstdint> <filesystem> <fstream> <functional>
  <map> <memory> <mutex> <optional> <set> <sstream> <string> <string_view> <thread>
  <vector> <nlohmann/json.hpp>)

# Applies the shared settings to `target`. A target with one source gains
# nothing from a precompiled header (it would be compiled twice), so it gets
# none. A target that links gtest or yaml-cpp directly precompiles that too.
function(backcoach_target_defaults target)
  get_target_property(type ${target} TYPE)
  if(NOT type MATCHES "^(STATIC_LIBRARY|SHARED_LIBRARY|OBJECT_LIBRARY|EXECUTABLE)$")
    return()
  endif()
  get_target_property(sources ${target} SOURCES)
  list(FILTER sources INCLUDE REGEX "\\.cc$")
  list(LENGTH sources count)
  if(NOT BACKCOACH_PCH OR count LESS 2)
    return()
  endif()
  set(headers ${BACKCOACH_PCH_HEADERS})
  get_target_property(links ${target} LINK_LIBRARIES)
  if("GTest::gtest" IN_LIST links)
    list(APPEND headers <gtest/gtest.h>)
  endif()
  if("yaml-cpp" IN_LIST links)
    list(APPEND headers <yaml-cpp/yaml.h>)
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
  # ccache caches a file built with a precompiled header only when told that
  # the header's own time stamps and macros may be ignored (its contents are
  # still hashed); clang also must not stamp the time into the header.
  if(CMAKE_CXX_COMPILER_LAUNCHER MATCHES "ccache")
    set_property(TARGET ${target} PROPERTY CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env
      CCACHE_SLOPPINESS=pch_defines,time_macros
      ${CMAKE_CXX_COMPILER_LAUNCHER})
    if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
      target_compile_options(${target} PRIVATE "SHELL:-Xclang -fno-pch-timestamp")
    endif()
  endif()
endfunction()

# Applies backcoach_target_defaults to every target defined in `dir` and
# below (the top-level CMakeLists.txt calls it once, at its end).
function(backcoach_all_target_defaults dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target ${targets})
    backcoach_target_defaults(${target})
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir ${subdirs})
    backcoach_all_target_defaults(${subdir})
  endforeach()
endfunction()
