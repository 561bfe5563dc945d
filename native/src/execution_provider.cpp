// Execution providers other than ONNX Runtime's built-in CPU one. Only CUDA
// for now: `dxlens bench --provider cuda` on a GPU machine (bench/README.md).
#include <onnxruntime_cxx_api.h>

#include "dxlens/error.h"
#include "dxlens/native/ort_model.h"

namespace dxlens {
namespace native {

namespace {

// What a machine needs before the CUDA EP loads; ORT's own message names only
// the first library it failed to open, which sends people hunting one at a time.
const char* kCudaRequirements =
    "the CUDA execution provider needs a CUDA-enabled libonnxruntime.so.1 with "
    "libonnxruntime_providers_cuda.so and "
    "libonnxruntime_providers_shared.so next to libonnxruntime.so.1 (npm package "
    "com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9) and the CUDA 13 libraries "
    "libcudart.so.13, libcublas.so.13, libcublasLt.so.13 and libcurand.so.10 on the "
    "library path (see bench/README.md)";

void append_cuda(OrtSessionOptions* options) {
    try {
        Ort::CUDAProviderOptions cuda;  // device 0, ORT's defaults otherwise
        Ort::UnownedSessionOptions(options).AppendExecutionProvider_CUDA_V2(*cuda);
    } catch (const Ort::Exception& e) {
        throw Error(std::string("cannot use the CUDA execution provider: ") + e.what() + "; " + kCudaRequirements);
    }
}

}  // namespace

void append_execution_provider(void* ort_session_options, const std::string& provider) {
    if (provider.empty() || provider == "cpu") return;
    if (provider == "cuda") return append_cuda(static_cast<OrtSessionOptions*>(ort_session_options));
    throw Error("unknown execution provider '" + provider + "' (expected cpu or cuda)");
}

}  // namespace native
}  // namespace dxlens
