# dms_add_plugin(<name> SOURCES <file>... [LIBRARIES <lib>...])
#
# Builds a DMS executor plugin: a MODULE library named libdms_<name>.so (target <name>) compiled as C++20
# against dms::sdk, with hidden visibility and a linker version script so that the only exported symbol
# is dms_plugin_init. Undefined symbols are link errors: a plugin links against nothing in the host.
# Set CMAKE_LIBRARY_OUTPUT_DIRECTORY (or the target's LIBRARY_OUTPUT_DIRECTORY) to choose where it lands.
include_guard(GLOBAL)

function(dms_add_plugin name)
    cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;LIBRARIES")
    if(NOT ARG_SOURCES)
        message(FATAL_ERROR "dms_add_plugin(${name}): SOURCES is required")
    endif()
    if(ARG_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR "dms_add_plugin(${name}): unexpected arguments ${ARG_UNPARSED_ARGUMENTS}")
    endif()

    add_library(${name} MODULE ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE dms::sdk ${ARG_LIBRARIES})
    set_target_properties(${name} PROPERTIES
        OUTPUT_NAME dms_${name}
        PREFIX lib
        CXX_STANDARD 20
        CXX_STANDARD_REQUIRED ON
        CXX_EXTENSIONS OFF
        C_VISIBILITY_PRESET hidden
        CXX_VISIBILITY_PRESET hidden
        VISIBILITY_INLINES_HIDDEN ON)

    # Hidden visibility alone still exports std:: template instances; the version script exports one name.
    if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
        set(exports ${CMAKE_CURRENT_BINARY_DIR}/${name}_exports.map)
        file(CONFIGURE OUTPUT ${exports} CONTENT "{\n  global: dms_plugin_init;\n  local: *;\n};\n")
        target_link_options(${name} PRIVATE "LINKER:--version-script=${exports}" "LINKER:--no-undefined")
        set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS ${exports})
    endif()
endfunction()
