#include "options.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <optional>

namespace dxlens {
namespace cli {

namespace {

int parse_int(const std::string& option, const std::string& text, int min_value) {
    char* end = nullptr;
    errno = 0;
    const long value = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno == ERANGE || value < min_value || value > INT_MAX) {
        throw UsageError(option + " expects an integer >= " + std::to_string(min_value) + ", got '" + text + "'");
    }
    return int(value);
}

// Walks argv, accepting both "--opt value" and "--opt=value".
class ArgReader {
public:
    ArgReader(int argc, const char* const* argv) : args_(argv + 1, argv + argc) {}
    bool done() const { return index_ >= args_.size(); }

    // The next argument, split into name and inline value (after '=').
    std::string next() {
        std::string arg = args_[index_++];
        inline_value_.reset();
        const auto eq = arg.find('=');
        if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
            inline_value_ = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        return arg;
    }
    std::string value(const std::string& option) {
        if (inline_value_) return *inline_value_;
        if (done()) throw UsageError(option + " needs a value");
        return args_[index_++];
    }
    void no_value(const std::string& option) const {
        if (inline_value_) throw UsageError(option + " takes no value");
    }

private:
    std::vector<std::string> args_;
    size_t index_ = 0;
    std::optional<std::string> inline_value_;  // the "value" of "--opt=value"
};

}  // namespace

const char* usage_text() {
    return R"(dxlens - on-device classification of medical and plant images

Usage:
  dxlens classify --model DIR IMAGE... [options]
  dxlens info --model DIR [--json] [--variant fp32|int8]
  dxlens --help
  dxlens --version

classify options:
  --model DIR          model folder holding manifest.json (e.g. models/chest_xray)
  --json               machine-readable output: one JSON object for one image,
                       a JSON array of such objects (in argument order) for several
  --threads N          intra-op threads for ONNX Runtime (default: its own choice)
  --variant V          model file variant from the manifest, e.g. fp32 or int8
                       (default: int8 when listed, else fp32)
  --top-k K            number of classes to report (default: the manifest's top_k)
  --cam FILE.png       write a class activation map overlay (one image only;
                       models with a features output)
  --graph-opt LEVEL    ONNX Runtime graph optimisation: disable|basic|extended|all

Exit status: 0 success; 1 a model or image could not be processed (the other
images are still classified and each failure is reported); 2 usage error.
)";
}

Options parse_options(int argc, const char* const* argv) {
    Options options;
    ArgReader args(argc, argv);
    if (args.done()) throw UsageError("no command given");

    const std::string command = args.next();
    if (command == "--help" || command == "-h" || command == "help") {
        options.command = "help";
        return options;
    }
    if (command == "--version" || command == "-V") {
        options.command = "version";
        return options;
    }
    if (command != "classify" && command != "info") throw UsageError("unknown command '" + command + "'");
    options.command = command;

    while (!args.done()) {
        const std::string arg = args.next();
        if (arg == "--help" || arg == "-h") {
            options.command = "help";
            return options;
        } else if (arg == "--model") {
            options.model_dir = args.value(arg);
        } else if (arg == "--json") {
            args.no_value(arg);
            options.json = true;
        } else if (arg == "--variant") {
            options.variant = args.value(arg);
            if (options.variant.empty()) throw UsageError("--variant needs a value");
        } else if (arg == "--threads" && command == "classify") {
            options.threads = parse_int(arg, args.value(arg), 1);
        } else if (arg == "--top-k" && command == "classify") {
            options.top_k = parse_int(arg, args.value(arg), 1);
        } else if (arg == "--cam" && command == "classify") {
            options.cam_path = args.value(arg);
        } else if (arg == "--graph-opt") {
            options.graph_optimization = args.value(arg);
        } else if (arg.size() > 1 && arg[0] == '-') {
            throw UsageError("unknown option '" + arg + "' for " + command);
        } else if (command == "classify") {
            options.images.push_back(arg);
        } else {
            throw UsageError("unexpected argument '" + arg + "' for info");
        }
    }

    if (options.model_dir.empty()) throw UsageError(command + " needs --model DIR");
    if (command == "classify" && options.images.empty()) throw UsageError("classify needs at least one IMAGE");
    if (!options.cam_path.empty() && options.images.size() != 1) {
        throw UsageError("--cam writes one overlay, so it needs exactly one IMAGE");
    }
    return options;
}

}  // namespace cli
}  // namespace dxlens
