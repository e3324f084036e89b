# The configure-time layering check (cmake/RestoreDeskHelpers.cmake) enforced and shown able to
# fail: the fixture in layering/ is configured once per link graph; the legal one must pass,
# each illegal one must stop the configure with the message naming the offending library.
#
#   cmake -DFIXTURE=<layering dir> -DHELPERS=<cmake dir> -DWORK=<scratch dir> -DGENERATOR=<gen>
#         -P check_layering.cmake
foreach(var FIXTURE HELPERS WORK GENERATOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_layering: ${var} is not set")
  endif()
endforeach()

set(failures 0)
function(expect case outcome pattern)
  # One build tree for every case: the compiler is detected once.
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -S "${FIXTURE}" -B "${WORK}" -G "${GENERATOR}"
            "-DRD_HELPERS_DIR=${HELPERS}" "-DRD_FIXTURE_CASE=${case}" -DCMAKE_BUILD_TYPE=Debug
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  set(ok FALSE)
  if(outcome STREQUAL "pass" AND rc EQUAL 0)
    set(ok TRUE)
  elseif(outcome STREQUAL "fail" AND NOT rc EQUAL 0 AND err MATCHES "${pattern}")
    set(ok TRUE)
  endif()
  if(ok)
    message(STATUS "PASS ${case}: configure ${outcome}ed as it must")
  else()
    message(STATUS "FAIL ${case}: expected ${outcome} (${pattern}), got exit ${rc}\n${err}")
    math(EXPR n "${failures} + 1")
    set(failures ${n} PARENT_SCOPE)
  endif()
endfunction()

expect(clean pass "")
expect(src_direct fail "Layering: rd_backup reaches rd_sandbox")
expect(src_transitive fail "Layering: rd_(backup|helper) reaches rd_sandbox")
expect(src_genex fail "Layering: rd_backup reaches rd_sandbox")
expect(ui_direct fail "Layering: rd_ui reaches rd_sandbox")
expect(src_widgets fail "Layering: rd_backup reaches Qt6::Widgets")
expect(clean pass "") # and back: the failures above were the graphs, not a broken tree

if(failures GREATER 0)
  message(FATAL_ERROR "check_layering: ${failures} case(s) failed")
endif()
