// `dxlens optimize`: saves the graph ONNX Runtime actually runs after its
// optimisations (fusions such as DQ -> Conv -> Q into QLinearConv), so tools
// can check which operators a quantized model ends up with.
#include <filesystem>

#include "commands.h"
#include "dxlens/error.h"
#include "dxlens/native/ort_model.h"

namespace dxlens {
namespace cli {

int run_optimize(const Options& options, std::ostream& out, std::ostream& /*err*/) {
    native::SessionOptions session = session_options(options);
    session.optimized_model_path = options.out_path;
    // A stale file from an earlier run must not pass for this run's output.
    std::error_code ec;
    std::filesystem::remove(options.out_path, ec);
    const native::OrtModel model(options.onnx_path, session);
    if (!std::filesystem::is_regular_file(options.out_path, ec)) {
        throw Error("ONNX Runtime did not write '" + options.out_path + "'");
    }
    out << options.onnx_path << " -> " << options.out_path << " (optimisation level " << options.graph_optimization
        << ")\n";
    return 0;
}

}  // namespace cli
}  // namespace dxlens
