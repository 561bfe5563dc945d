#pragma once
// What `dxlens bench` measured, and its two renderings: the JSON of
// bench/README.md (shared with tools/bench/browser_bench.mjs) and a text table.
#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "bench_runner.h"

namespace dxlens {
namespace cli {

struct BenchImage {
    std::string name;  // file name, or "synthetic-1024.jpg"
    int width = 0, height = 0;
    size_t bytes = 0;
};

struct BenchCase {
    std::string scenario;    // single_image | patches_sampled | patches_all | patches_naive
    std::string model, variant, provider;
    int batch = 1, threads = 1, warmup = 0, runs = 0;
    int patches = 0;         // patch scenarios: patches per classification
    double session_ms = 0;   // creating the ONNX Runtime session
    StageSamples samples;
    nlohmann::ordered_json accuracy;  // from eval.<variant>.json, or null
};

struct BenchMemory {
    std::string model, variant;
    int threads = 1;
    MemorySoak soak;
};

struct BenchReport {
    std::string command;  // the command line, for the report
    std::string ort_version;
    BenchImage image;
    std::vector<BenchCase> cases;
    std::vector<BenchMemory> memory;
    std::vector<std::string> skipped;  // e.g. "int8: not in the manifest"
    double load_before = 0, load_after = 0;  // 1-minute load average
};

// Accuracy fields of <model_dir>/eval.<variant>.json, or null when absent.
nlohmann::ordered_json read_accuracy(const std::string& model_dir, const std::string& variant);

nlohmann::ordered_json bench_json(const BenchReport& report);
void print_bench_text(const BenchReport& report, std::ostream& out);

// Machine facts shared by both renderings: CPU model, cores, memory, load.
nlohmann::ordered_json machine_json();
double load_average();

}  // namespace cli
}  // namespace dxlens
