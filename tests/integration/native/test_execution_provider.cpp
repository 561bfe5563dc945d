// `--provider cuda` on a machine (or ONNX Runtime build) without CUDA must fail
// at session creation with a message that says what to install, never fall
// back to the CPU silently (a benchmark would then report CPU numbers as GPU).
// On a machine where the CUDA provider does load, the first case is skipped.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "dxlens/error.h"
#include "dxlens/native/ort_model.h"

using namespace dxlens;
using namespace dxlens::native;

namespace {

std::string tiny_model() { return std::string(DXLENS_INTEGRATION_WORK) + "/models/tiny/model.fp32.onnx"; }

}  // namespace

TEST_CASE("the CUDA provider fails with a clear error when it cannot load", "[provider]") {
    if (std::getenv("DXLENS_EXPECT_CUDA")) return;  // a GPU machine set up as in bench/README.md
    SessionOptions options;
    options.provider = "cuda";
    CHECK_THROWS_WITH(OrtModel(tiny_model(), options),
                      Catch::Contains("cannot use the CUDA execution provider") &&
                          Catch::Contains("libonnxruntime_providers_cuda.so") && Catch::Contains("libcudart.so.13") &&
                          Catch::Contains("bench/README.md"));
}

TEST_CASE("cpu is the default provider and an unknown one is refused", "[provider]") {
    SessionOptions options;
    CHECK(options.provider == "cpu");
    CHECK_NOTHROW(OrtModel(tiny_model(), options));
    options.provider = "tpu";
    CHECK_THROWS_WITH(OrtModel(tiny_model(), options), Catch::Contains("unknown execution provider 'tpu'"));
}
