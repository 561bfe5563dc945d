#pragma once
// The dxlens::Error a call throws, for tests that check its kind and message;
// fails the test on any other outcome (no exception, or another type).
#include <catch2/catch.hpp>

#include "dxlens/error.h"

namespace test_support {

template <typename Call>
dxlens::Error error_of(Call call) {
    try {
        call();
    } catch (const dxlens::Error& error) {
        return error;
    }
    FAIL("no dxlens::Error was thrown");
    return dxlens::Error("unreachable");
}

}  // namespace test_support
