# cmake -DKIT=<dms-plugin-check> -DEXPECT=pass|fail [-DEXPECT_LINE=<regex>] [-DSOURCE_ROOT=<dir>]
#       -P run_plugin_check.cmake -- <dms-plugin-check arguments>
#
# Runs the conformance kit on one plugin. EXPECT=pass wants exit code 0. EXPECT=fail wants exit code 1 (a
# check failed, and the kit itself survived to print its summary) and a line matching EXPECT_LINE. With
# SOURCE_ROOT, first makes a fresh allowed root holding src/ (two files, one in a subfolder) for copy and sync.
foreach(var KIT EXPECT)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "run_plugin_check.cmake: -D${var}=... is required")
    endif()
endforeach()

# The kit's arguments are everything after `--`.
set(arguments)
set(after_separator OFF)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE ${last})
    if(after_separator)
        list(APPEND arguments "${CMAKE_ARGV${i}}")
    elseif(CMAKE_ARGV${i} STREQUAL "--")
        set(after_separator ON)
    endif()
endforeach()

if(SOURCE_ROOT)
    file(REMOVE_RECURSE ${SOURCE_ROOT})
    file(WRITE ${SOURCE_ROOT}/src/a.txt "hello\n")
    string(REPEAT "0123456789abcdef" 4096 block)
    file(WRITE ${SOURCE_ROOT}/src/sub/b.bin "${block}")
endif()

execute_process(COMMAND ${KIT} ${arguments} RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE errors)
message("${output}")
if(errors)
    message("stderr:\n${errors}")
endif()

if(EXPECT STREQUAL "pass")
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "dms-plugin-check should have passed; it ended with ${status}")
    endif()
elseif(EXPECT STREQUAL "fail")
    if(NOT status EQUAL 1)
        message(FATAL_ERROR "dms-plugin-check should have ended with 1 (a check failed); it ended with ${status}")
    endif()
    if(NOT output MATCHES "\nsummary: [0-9]+ passed, [1-9][0-9]* failed")
        message(FATAL_ERROR "dms-plugin-check printed no summary with failures: it did not survive")
    endif()
    if(EXPECT_LINE AND NOT output MATCHES "${EXPECT_LINE}")
        message(FATAL_ERROR "dms-plugin-check printed no line matching '${EXPECT_LINE}'")
    endif()
else()
    message(FATAL_ERROR "run_plugin_check.cmake: EXPECT must be pass or fail, not '${EXPECT}'")
endif()
