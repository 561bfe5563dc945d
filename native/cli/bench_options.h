#pragma once
// `dxlens bench`'s own options, parsed apart from options.cpp so the other
// commands' parser stays as it was: options.cpp hands every argument it does
// not know to parse_bench_option.
#include <functional>
#include <string>
#include <vector>

namespace dxlens {
namespace cli {

struct BenchOptions {
    std::vector<std::string> variants;      // --variant fp32|int8|both (empty = the preferred one)
    std::vector<int> batches{1};            // --batch 1,8,32: images per ONNX Runtime run
    std::vector<int> threads{1};            // --threads 1,2: intra-op threads
    int warmup = 3;                         // --warmup N: untimed runs per configuration
    int runs = 20;                          // --runs N: timed runs per configuration
    std::string image_path;                 // --image FILE (default: a synthetic 1024x1024 JPEG)
    std::vector<std::string> patch_modes;   // --patch-modes sampled,all,naive (patch models)
    int memory_runs = 0;                    // --memory N: N classifications, RSS sampled
    std::string provider = "cpu";           // --provider cpu|cuda
    std::string out_path;                   // --out FILE: also write the JSON here
    std::string scenario = "single_image";  // --scenario NAME: label copied into the JSON
};

// Consumes `arg` (taking its value through `value` when it has one) and
// returns true when it is a bench option; throws UsageError for a bad value.
bool parse_bench_option(const std::string& arg, const std::function<std::string()>& value, BenchOptions& bench);

// Checks that need every option (e.g. --variant both); `variant` is Options::variant.
void finish_bench_options(const std::string& variant, BenchOptions& bench);

}  // namespace cli
}  // namespace dxlens
