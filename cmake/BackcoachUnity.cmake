# Unity builds (-DCMAKE_UNITY_BUILD=ON; CI's sanitizer build uses one, which
# compiles in about half the time): each target's .cc files are compiled a
# batch at a time, as one file. A file whose file-local names (its anonymous
# namespace) repeat those of another file of the same target cannot share a
# batch with it, so it is compiled on its own; those files are listed here.
# A new clash shows in a unity build as a "redefinition" or "is ambiguous"
# error: give the name a spelling of its own, or add the file to the list.
set(BACKCOACH_UNITY_ALONE
  src/core/engine_rules.cc
  src/core/first_plan_rules.cc
  src/core/questionnaire.cc
  src/core/session_log.cc
  src/storage/sqlite_store.cc
  src/report/report_pdf.cc
  src/app/fhir_export.cc
  src/app/service_accounts.cc
  src/app/load_seed.cc
  src/core/education_test.cc
  src/core/plan_request_test.cc
  src/core/screening_test.cc
  src/core/step_goal_test.cc
  src/storage/store_conformance_test.cc
  src/activity/gzip_import_test.cc
  src/activity/steps_csv_test.cc
)
foreach(file ${BACKCOACH_UNITY_ALONE})
  set_source_files_properties(${CMAKE_SOURCE_DIR}/${file} PROPERTIES SKIP_UNITY_BUILD_INCLUSION ON)
endforeach()

