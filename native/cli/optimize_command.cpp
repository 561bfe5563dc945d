// `dxlens optimize`: saves the graph ONNX Runtime actually runs after its
// optimisations (fusions such as DQ -> Conv -> Q into QLinearConv), so tools
// can check which operators a quantized model ends up with.
#include <filesystem>

#include "command_table.h"
#include "dxlens/error.h"
#include "dxlens/native/ort_model.h"

namespace dxlens {
namespace cli {

namespace {

struct OptimizeOptions {
    std::string onnx_path;  // --onnx: a model file outside any manifest
    std::string out_path;   // --out: the optimised graph
    std::string graph_optimization = "all";  // --level (or --graph-opt)
};

OptimizeOptions parse(Args& args) {
    OptimizeOptions o;
    args.parse("optimize", [&](const std::string& arg) {
        if (arg == "--onnx") {
            o.onnx_path = args.value(arg);
        } else if (arg == "--out") {
            o.out_path = args.value(arg);
        } else if (arg == "--level" || arg == "--graph-opt") {
            o.graph_optimization = args.value(arg);
        } else {
            return false;
        }
        return true;
    });
    if (o.onnx_path.empty()) throw UsageError("optimize needs --onnx FILE");
    if (o.out_path.empty()) throw UsageError("optimize needs --out FILE");
    return o;
}

int run(const OptimizeOptions& options, std::ostream& out, std::ostream& /*err*/) {
    native::SessionOptions session;
    session.optimization = native::parse_graph_optimization(options.graph_optimization);
    session.optimized_model_path = options.out_path;
    // A stale file from an earlier run must not pass for this run's output.
    std::error_code ec;
    std::filesystem::remove(options.out_path, ec);
    const native::OrtModel model(options.onnx_path, session);
    if (!std::filesystem::is_regular_file(options.out_path, ec)) {
        throw Error(ErrorKind::Io, "ONNX Runtime did not write '" + options.out_path + "'");
    }
    out << options.onnx_path << " -> " << options.out_path << " (optimisation level " << options.graph_optimization
        << ")\n";
    return 0;
}

}  // namespace

Command optimize_command() {
    return make_command<OptimizeOptions>(
        "optimize", "  dxlens optimize --onnx FILE.onnx --out OPTIMISED.onnx [--level disable|basic|extended|all]\n",
        R"(optimize: writes the graph ONNX Runtime runs after its optimisations, to check
which operators a (quantized) model turns into.
)",
        parse, run);
}

}  // namespace cli
}  // namespace dxlens
