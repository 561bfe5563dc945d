#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include "bench_report.h"
#include "dxlens/bench_stats.h"
#include "dxlens/native/file_io.h"

namespace dxlens {
namespace cli {

namespace {

using nlohmann::ordered_json;

// Microsecond resolution: finer than any run-to-run difference here, and it
// keeps the JSON readable.
double ms(double value) { return std::round(value * 1000.0) / 1000.0; }

ordered_json summary_json(const std::vector<double>& values) {
    const SampleSummary s = summarize(values);
    return {{"count", s.count}, {"mean", ms(s.mean)},     {"median", ms(s.median)}, {"p50", ms(s.p50)},
            {"p95", ms(s.p95)}, {"p99", ms(s.p99)},       {"min", ms(s.min)},       {"max", ms(s.max)},
            {"stddev", ms(s.stddev)}};
}

ordered_json rounded(const std::vector<double>& values) {
    ordered_json list = ordered_json::array();
    for (double v : values) list.push_back(ms(v));
    return list;
}

// The first line of /proc/cpuinfo naming the CPU model.
std::string cpu_model() {
    std::ifstream info("/proc/cpuinfo");
    std::string line;
    while (std::getline(info, line)) {
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    }
    return "unknown";
}

double total_memory_mb() {
    std::ifstream info("/proc/meminfo");
    std::string key;
    double kb = 0;
    info >> key >> kb;  // "MemTotal:  16384 kB" is the first line
    return key == "MemTotal:" ? std::round(kb / 1024.0) : 0;
}

}  // namespace

double load_average() {
    std::ifstream file("/proc/loadavg");
    double one_minute = 0;
    file >> one_minute;
    return one_minute;
}

ordered_json machine_json() {
    return {{"cpu", cpu_model()},
            {"logical_cores", std::thread::hardware_concurrency()},
            {"memory_mb", total_memory_mb()}};
}

ordered_json read_accuracy(const std::string& model_dir, const std::string& variant) {
    const std::string path = (std::filesystem::path(model_dir) / ("eval." + variant + ".json")).string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return nullptr;
    try {
        const ordered_json eval = ordered_json::parse(native::read_text_file(path));
        ordered_json out = {{"source", path}};
        for (const char* key : {"accuracy", "balanced_accuracy", "macro_f1", "macro_auroc", "images", "data"}) {
            if (eval.contains(key)) out[key] = eval[key];
        }
        return out;
    } catch (const std::exception& e) {
        return {{"source", path}, {"error", e.what()}};
    }
}

ordered_json bench_json(const BenchReport& report) {
    ordered_json j;
    j["schema"] = "dxlens-bench/1";
    j["runtime"] = "native";
    j["runtime_detail"] = {{"onnxruntime", report.ort_version}, {"compiler", __VERSION__}};
    ordered_json machine = machine_json();
    machine["load_average_before"] = report.load_before;
    machine["load_average_after"] = report.load_after;
    j["machine"] = machine;
    j["command"] = report.command;
    j["image"] = {{"name", report.image.name},
                  {"width", report.image.width},
                  {"height", report.image.height},
                  {"bytes", report.image.bytes}};

    ordered_json cases = ordered_json::array();
    for (const BenchCase& c : report.cases) {
        const StageSamples& s = c.samples;
        ordered_json item = {{"scenario", c.scenario}, {"model", c.model},     {"variant", c.variant},
                             {"provider", c.provider}, {"threads", c.threads}, {"batch", c.batch},
                             {"warmup", c.warmup},     {"runs", c.runs}};
        item["image"] = {{"name", report.image.name},
                         {"width", report.image.width},
                         {"height", report.image.height},
                         {"bytes", report.image.bytes}};
        if (c.patches > 0) item["patches"] = c.patches;
        item["session_ms"] = ms(c.session_ms);
        item["stages"] = {{"decode", summary_json(s.decode)},
                          {"preprocess", summary_json(s.preprocess)},
                          {"inference", summary_json(s.inference)},
                          {"postprocess", summary_json(s.postprocess)},
                          {"total", summary_json(s.total)}};
        const double per_image = summarize(s.total).p50 / double(std::max(1, c.batch));
        item["images_per_second"] = per_image > 0 ? std::round(10000.0 / per_image) / 10.0 : 0.0;
        item["samples_ms"] = {{"decode", rounded(s.decode)},
                              {"preprocess", rounded(s.preprocess)},
                              {"inference", rounded(s.inference)},
                              {"postprocess", rounded(s.postprocess)},
                              {"total", rounded(s.total)}};
        item["accuracy"] = c.accuracy;
        cases.push_back(item);
    }
    j["results"] = cases;

    ordered_json memory = ordered_json::array();
    for (const BenchMemory& m : report.memory) {
        const MemorySoak& soak = m.soak;
        memory.push_back({{"scenario", "memory"},
                          {"model", m.model},
                          {"variant", m.variant},
                          {"threads", m.threads},
                          {"classifications", soak.classifications},
                          {"measure", "process RSS"},
                          {"start_mb", ms(soak.rss_start_mb)},
                          {"early_mb", ms(soak.rss_early_mb)},
                          {"steady_mb", ms(soak.rss_end_mb)},
                          {"peak_mb", ms(soak.rss_peak_mb)},
                          {"growth_mb", ms(soak.rss_end_mb - soak.rss_early_mb)},
                          {"trace_mb", rounded(soak.rss_trace_mb)}});
    }
    j["memory"] = memory;
    j["skipped"] = report.skipped;
    return j;
}

}  // namespace cli
}  // namespace dxlens
