# huikuan_add_test(NAME <name> SOURCES <files...> LIBS <targets...> [LABELS <labels...>] [DISCOVER])
#
# One helper for every C++ test executable. DISCOVER registers each gtest case as its own ctest
# test (fast unit tests); without it the whole binary is one ctest test (integration tests that
# share one database setup). Integration tests get the test database's coordinates through the
# environment that scripts/test.sh exports.
find_package(GTest CONFIG REQUIRED)
include(GoogleTest)

function(huikuan_add_test)
  cmake_parse_arguments(T "DISCOVER" "NAME" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_options(${T_NAME} PRIVATE ${HUIKUAN_WARNINGS})
  target_include_directories(${T_NAME} PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR})
  if(T_DISCOVER)
    gtest_discover_tests(${T_NAME} PROPERTIES LABELS "${T_LABELS}" DISCOVERY_TIMEOUT 60)
  else()
    add_test(NAME ${T_NAME} COMMAND ${T_NAME})
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}" TIMEOUT 900)
  endif()
endfunction()
