#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

// What the fuzzers share: a check that stops the run with a message (libFuzzer saves the input as a crash),
// and a temporary folder removed when the process exits.
namespace dms::fuzz {

// Aborts, naming what broke, when `holds` is false.
inline void require(bool holds, const char* what) {
    if (holds) return;
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

// A fresh folder under $TMPDIR (or /tmp), removed at exit.
inline std::filesystem::path temporary_folder(const char* name) {
    static std::filesystem::path made;
    std::filesystem::path base = std::filesystem::temp_directory_path();
    std::string pattern = (base / (std::string(name) + "-XXXXXX")).string();
    require(::mkdtemp(pattern.data()) != nullptr, "mkdtemp");
    made = pattern;
    std::atexit([] {
        std::error_code ignored;
        std::filesystem::remove_all(made, ignored);
    });
    return made;
}

}  // namespace dms::fuzz
