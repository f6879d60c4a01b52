# dms_add_test(NAME name SOURCES a.cpp... [LIBS lib...] [DEPENDS target...]): one GoogleTest binary whose
# tests CTest discovers when it runs them.
include(GoogleTest)

function(dms_add_test)
    cmake_parse_arguments(ARG "" "NAME" "SOURCES;LIBS;DEPENDS" ${ARGN})
    add_executable(${ARG_NAME} ${ARG_SOURCES})
    target_link_libraries(${ARG_NAME} PRIVATE ${ARG_LIBS} dms_test_support GTest::gtest GTest::gmock GTest::gtest_main)
    target_compile_options(${ARG_NAME} PRIVATE -Wall -Wextra)
    if(ARG_DEPENDS)
        add_dependencies(${ARG_NAME} ${ARG_DEPENDS})
    endif()
    gtest_discover_tests(${ARG_NAME}
        DISCOVERY_MODE PRE_TEST
        PROPERTIES ENVIRONMENT "DMS_TEST_BINARY_DIR=${CMAKE_BINARY_DIR};DMS_TEST_SOURCE_DIR=${CMAKE_SOURCE_DIR}")
endfunction()
