#include "options.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <optional>

namespace dxlens {
namespace cli {

int parse_int(const std::string& option, const std::string& text, int min_value) {
    char* end = nullptr;
    errno = 0;
    const long value = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno == ERANGE || value < min_value || value > INT_MAX) {
        throw UsageError(option + " expects an integer >= " + std::to_string(min_value) + ", got '" + text + "'");
    }
    return int(value);
}

namespace {

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
  dxlens eval --model DIR --data DIR [--json] [--out FILE] [--variant fp32|int8]
              [--threads N] [--limit-per-class N]
  dxlens calibrate --model DIR --onnx AUGMENTED.onnx --images DIR --out STATS.json
                   [--limit N] [--bins N] [--threads N]
  dxlens optimize --onnx FILE.onnx --out OPTIMISED.onnx [--level basic|extended|all]
  dxlens bench --model DIR [--variant fp32|int8|both] [--batch 1,8,32] [--threads 1,2]
               [--warmup N] [--runs N] [--image FILE] [--json] [--out FILE]
               [--patch-modes sampled,all,naive] [--memory N] [--provider cpu|cuda]
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

eval: classifies every image under DIR/<label>/ (sub-folders must be the
model's labels; a label without a folder has support 0) and reports accuracy,
balanced accuracy, macro-F1, per-class precision/recall/F1, one-vs-rest AUROC,
sensitivity/specificity (two-class models, positive = second label), the
confusion matrix and images/s. Unreadable images are listed, not fatal; the
exit status is 1 only when no image could be classified.
  --out FILE           also write the --json report to FILE
  --limit-per-class N  only the first N files (by name) of each class

calibrate (used by tools/quantize): runs AUGMENTED.onnx (the model with the
tensors to quantize as extra outputs; its hash is not checked) on the images
under DIR (class folders or flat, recursive), preprocessed as the manifest in
--model says (patch models: on the patches the pipeline samples), and writes
each float output's min, max and a histogram of |x| (--bins, default 2048).
  --limit N            at most N images, spread evenly over the sorted list

optimize: writes the graph ONNX Runtime runs after its optimisations, to check
which operators a (quantized) model turns into.

bench: times decode, preprocess, inference, postprocess and the total for each
variant x batch x threads (batch N: N decoded and preprocessed copies of the
image in one ONNX Runtime run), after --warmup untimed runs (default 3, then
--runs 20). Patch models run the --patch-modes instead: sampled (the manifest's
mask and max_patches), all (mask on, every tissue patch) and naive (every grid
patch, no mask, batch 1). --memory N classifies N more times and reports RSS.
Accuracy from models/<name>/eval.<variant>.json is shown when present. JSON
schema: bench/README.md.
  --image FILE         default: a synthetic 1024x1024 JPEG
  --provider cuda      ONNX Runtime's CUDA execution provider (bench/README.md)

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
    // calibrate and optimize serve tools/quantize: a model file in, a file out.
    const bool model_tool = command == "calibrate" || command == "optimize";
    if (command != "classify" && command != "info" && command != "eval" && command != "bench" && !model_tool) {
        throw UsageError("unknown command '" + command + "'");
    }
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
        } else if (arg == "--threads" && (command == "classify" || command == "calibrate" || command == "eval")) {
            options.threads = parse_int(arg, args.value(arg), 1);
        } else if (arg == "--top-k" && command == "classify") {
            options.top_k = parse_int(arg, args.value(arg), 1);
        } else if (arg == "--cam" && command == "classify") {
            options.cam_path = args.value(arg);
        } else if (arg == "--onnx" && model_tool) {
            options.onnx_path = args.value(arg);
        } else if (arg == "--out" && (model_tool || command == "eval")) {
            options.out_path = args.value(arg);
        } else if (arg == "--data" && command == "eval") {
            options.data_dir = args.value(arg);
        } else if (arg == "--limit-per-class" && command == "eval") {
            options.limit_per_class = parse_int(arg, args.value(arg), 1);
        } else if (arg == "--images" && command == "calibrate") {
            options.images_dir = args.value(arg);
        } else if (arg == "--limit" && command == "calibrate") {
            options.limit = parse_int(arg, args.value(arg), 1);
        } else if (arg == "--bins" && command == "calibrate") {
            options.bins = parse_int(arg, args.value(arg), 16);
        } else if ((arg == "--level" && command == "optimize") || arg == "--graph-opt") {
            options.graph_optimization = args.value(arg);
        } else if (command == "bench" && parse_bench_option(arg, [&] { return args.value(arg); }, options.bench)) {
            // handled by bench_options.cpp
        } else if (arg.size() > 1 && arg[0] == '-') {
            throw UsageError("unknown option '" + arg + "' for " + command);
        } else if (command == "classify") {
            options.images.push_back(arg);
        } else {
            throw UsageError("unexpected argument '" + arg + "' for " + command);
        }
    }

    if (options.model_dir.empty() && command != "optimize") throw UsageError(command + " needs --model DIR");
    if (model_tool && options.onnx_path.empty()) throw UsageError(command + " needs --onnx FILE");
    if (model_tool && options.out_path.empty()) throw UsageError(command + " needs --out FILE");
    if (command == "calibrate" && options.images_dir.empty()) throw UsageError("calibrate needs --images DIR");
    if (command == "eval" && options.data_dir.empty()) throw UsageError("eval needs --data DIR");
    if (command == "classify" && options.images.empty()) throw UsageError("classify needs at least one IMAGE");
    if (command == "bench") finish_bench_options(options.variant, options.bench);
    if (!options.cam_path.empty() && options.images.size() != 1) {
        throw UsageError("--cam writes one overlay, so it needs exactly one IMAGE");
    }
    return options;
}

}  // namespace cli
}  // namespace dxlens
