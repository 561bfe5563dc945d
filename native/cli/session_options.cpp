#include "commands.h"

namespace dxlens {
namespace cli {

native::SessionOptions session_options(const Options& options) {
    native::SessionOptions session;
    session.intra_op_threads = options.threads;
    session.optimization = native::parse_graph_optimization(options.graph_optimization);
    return session;
}

}  // namespace cli
}  // namespace dxlens
