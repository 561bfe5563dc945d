#pragma once
// The command line: `dxlens classify|info ...`, `--help`, `--version`.
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_options.h"

namespace dxlens {
namespace cli {

// A mistake in how the tool was called: reported with a hint, exit status 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Options {
    std::string command;  // "classify", "info", "help", "version"
    std::string model_dir;
    std::vector<std::string> images;
    bool json = false;
    int threads = 0;           // 0 = ONNX Runtime's default
    std::string variant;       // empty = the manifest's preferred variant
    int top_k = 0;             // 0 = the manifest's top_k
    std::string cam_path;      // classify: write a CAM overlay PNG here
    std::string graph_optimization = "all";
    // calibrate / optimize (tools/quantize)
    std::string onnx_path;   // --onnx: a model file outside the manifest
    std::string out_path;    // --out: the file written
    std::string images_dir;  // calibrate --images
    int limit = 0;           // calibrate --limit: at most N images (0 = all)
    int bins = 2048;         // calibrate --bins: histogram bins per tensor
    // eval (--out above: where the JSON report is also written)
    std::string data_dir;     // --data: one sub-folder per label
    int limit_per_class = 0;  // --limit-per-class: first N files of each class (0 = all)
    BenchOptions bench;       // bench (bench_options.h)
};

Options parse_options(int argc, const char* const* argv);

const char* usage_text();

// An integer option value >= min_value; anything else is a UsageError naming the option.
int parse_int(const std::string& option, const std::string& text, int min_value);

}  // namespace cli
}  // namespace dxlens
