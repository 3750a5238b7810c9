# Test order for CTest's parallel runs: the COST of each test named in a
# costs file ("NAME SECONDS" lines, # comments), so that the longest tests
# start first. Tests added by add_test are given their COST here; tests that
# gtest_discover_tests finds when CTest runs get theirs from a generated
# script that CTest includes after the discovered tests.
function(backcoach_test_costs file)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
  file(STRINGS ${file} lines REGEX "^[^#].* [0-9.]+$")
  set(script "# Generated from ${file} by backcoach_test_costs.\n")
  foreach(line ${lines})
    string(REGEX MATCH "^([^ ]+) ([0-9.]+)$" _ "${line}")
    set(name ${CMAKE_MATCH_1})
    set(cost ${CMAKE_MATCH_2})
    if(TEST ${name})
      set_tests_properties(${name} PROPERTIES COST ${cost})
    else()
      string(APPEND script "set_tests_properties([=[${name}]=] PROPERTIES COST ${cost})\n")
    endif()
  endforeach()
  set(generated ${CMAKE_BINARY_DIR}/backcoach_test_costs.cmake)
  file(WRITE ${generated} "${script}")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${generated})
endfunction()
