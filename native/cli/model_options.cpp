#include "model_options.h"

namespace dxlens {
namespace cli {

bool parse_model_option(const std::string& arg, Args& args, ModelOptions& options) {
    if (arg == "--model") {
        options.model_dir = args.value(arg);
    } else if (arg == "--variant") {
        options.variant = args.value(arg);
        if (options.variant.empty()) throw UsageError("--variant needs a value");
    } else if (arg == "--threads") {
        options.threads = parse_int(arg, args.value(arg), 1);
    } else if (arg == "--graph-opt") {
        options.graph_optimization = args.value(arg);
    } else if (arg == "--profile") {
        options.profile_prefix = args.value(arg);
        if (options.profile_prefix.empty()) throw UsageError("--profile needs a file name prefix");
    } else {
        return false;
    }
    return true;
}

void require_model_dir(const ModelOptions& options, const std::string& command) {
    if (options.model_dir.empty()) throw UsageError(command + " needs --model DIR");
}

native::SessionOptions session_options(const ModelOptions& options) {
    native::SessionOptions session;
    session.intra_op_threads = options.threads;
    session.optimization = native::parse_graph_optimization(options.graph_optimization);
    session.profile_prefix = options.profile_prefix;
    return session;
}

}  // namespace cli
}  // namespace dxlens
