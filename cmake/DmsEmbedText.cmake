# dms_embed_text(TARGET target FILE file NAMESPACE ns FUNCTION name): compiles `file` into `target` as
# `std::string_view ns::name()`. The file becomes a byte array at build time (cmake/embed_text.cmake),
# so its text needs no escaping and a change to it rebuilds only the generated source.
set(DMS_EMBED_TEXT_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_text.cmake)

function(dms_embed_text)
    cmake_parse_arguments(ARG "" "TARGET;FILE;NAMESPACE;FUNCTION" "" ${ARGN})
    get_filename_component(input ${ARG_FILE} ABSOLUTE)
    set(output ${CMAKE_CURRENT_BINARY_DIR}/embedded/${ARG_FUNCTION}.cpp)
    add_custom_command(
        OUTPUT ${output}
        COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DNAMESPACE=${ARG_NAMESPACE}
                -DFUNCTION=${ARG_FUNCTION} -P ${DMS_EMBED_TEXT_SCRIPT}
        DEPENDS ${input} ${DMS_EMBED_TEXT_SCRIPT}
        COMMENT "Embedding ${ARG_FILE} as ${ARG_NAMESPACE}::${ARG_FUNCTION}()"
        VERBATIM)
    target_sources(${ARG_TARGET} PRIVATE ${output})
endfunction()
