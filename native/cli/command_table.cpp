#include "command_table.h"

namespace dxlens {
namespace cli {

namespace {

const char* const kTitle = "dxlens - on-device classification of medical and plant images\n";

// ModelOptions (model_options.h), taken by every command that loads a model.
const char* const kModelOptions = R"(options of the commands that load a model (all but optimize and convert):
  --model DIR          model folder holding manifest.json (e.g. models/chest_xray)
  --json               machine-readable output (classify: one JSON object for one
                       image, a JSON array of such objects, in argument order, for several)
  --threads N          intra-op threads for ONNX Runtime (default: its own choice)
  --variant V          model file variant from the manifest, e.g. fp32 or int8
                       (default: int8 when listed, else fp32)
  --graph-opt LEVEL    ONNX Runtime graph optimisation: disable|basic|extended|all
  --profile PREFIX     ONNX Runtime's profiler: every node's time of every run, written
                       to PREFIX_<date>.json when the command ends (tools/bench/profile_ops.py
                       sums it per operator)
)";

const char* const kExitStatus = R"(Exit status: 0 success; 1 a model or image could not be processed (the other
images are still classified and each failure is reported); 2 usage error.
)";

}  // namespace

const std::vector<Command>& commands() {
    static const std::vector<Command> table{classify_command(),  info_command(),     eval_command(),
                                            calibrate_command(), optimize_command(), bench_command(),
                                            convert_command()};
    return table;
}

const Command* find_command(const std::string& name) {
    for (const Command& command : commands()) {
        if (command.name == name) return &command;
    }
    return nullptr;
}

std::string usage_text() {
    std::string text = std::string(kTitle) + "\nUsage:\n";
    for (const Command& command : commands()) text += command.synopsis;
    text += "  dxlens COMMAND --help\n  dxlens --help\n  dxlens --version\n\n";
    text += kModelOptions;
    for (const Command& command : commands()) text += "\n" + command.help;
    return text + "\n" + kExitStatus;
}

std::string command_usage_text(const Command& command) {
    return std::string(kTitle) + "\nUsage:\n" + command.synopsis + "\n" + command.help + "\n" + kModelOptions +
           "\n" + kExitStatus;
}

}  // namespace cli
}  // namespace dxlens
