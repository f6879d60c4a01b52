# DMS_FUZZ=ON: every target is compiled with ASan, UBSan and libFuzzer's coverage hooks; fuzz/ adds the
# fuzzers, whose link brings libFuzzer's main. Only the dms_fuzzers target builds in such a tree: clang
# links no sanitizer runtime into shared objects, so the plugins' --no-undefined link cannot succeed.
include_guard(GLOBAL)

if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "DMS_FUZZ needs clang (libFuzzer): use the `fuzz` preset, or CMAKE_CXX_COMPILER=clang++")
endif()

# -fno-sanitize=function: clang 14 cannot emit that check's prologue data for coroutines ("Cannot represent a
# difference across sections", llvm/llvm-project#49689), and the HTTP server is made of them.
set(DMS_SANITIZE_FLAGS -fsanitize=address,undefined -fno-sanitize=function -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
add_compile_options(${DMS_SANITIZE_FLAGS} -fsanitize=fuzzer-no-link)
add_link_options(-fsanitize=address,undefined)
