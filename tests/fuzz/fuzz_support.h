#pragma once
// Shared by the libFuzzer targets. The rule of every harness: dxlens::Error is
// the core's documented way to refuse input, so it is caught and ignored; any
// other exception (nlohmann's, std::bad_alloc, std::out_of_range, ...) escapes,
// aborts the process and counts as a finding, like a sanitizer report does.
#include <cstdio>
#include <cstdlib>

#include "dxlens/error.h"

// A broken promise of the core that no sanitizer would notice (a result that
// contradicts its own header, say): report it and abort, so libFuzzer keeps
// the input as a crash.
#define FUZZ_CHECK(condition)                                                              \
    do {                                                                                   \
        if (!(condition)) {                                                                \
            std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #condition, __FILE__, \
                         __LINE__);                                                        \
            std::abort();                                                                  \
        }                                                                                  \
    } while (0)

// Sanitizer defaults, built in so every way of running a target (ctest,
// tools/fuzz/long_run.sh, by hand) behaves alike; the environment can still
// override them. Any report is fatal; ubsan.supp lists the one dependency
// defect that is tolerated, and why.
extern "C" const char* __ubsan_default_options() {
    return "halt_on_error=1:print_stacktrace=1:suppressions=" DXLENS_UBSAN_SUPPRESSIONS;
}
extern "C" const char* __asan_default_options() { return "detect_leaks=1:allocator_may_return_null=1"; }

// Runs `body`; only dxlens::Error is an accepted outcome besides success.
template <typename Body>
bool fuzz_expect_error_or_ok(Body body) {
    try {
        body();
        return true;
    } catch (const dxlens::Error& error) {
        // Every refusal has a message: the CLI and the page show it verbatim.
        FUZZ_CHECK(error.what() != nullptr && error.what()[0] != '\0');
        return false;
    }
}
