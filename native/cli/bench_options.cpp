#include "bench_options.h"

#include <cstdlib>
#include <sstream>

namespace dxlens {
namespace cli {

namespace {

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> parts;
    std::stringstream stream(text);
    std::string part;
    while (std::getline(stream, part, ',')) parts.push_back(part);
    return parts;
}

std::vector<int> int_list(const std::string& option, const std::string& text, int min_value) {
    std::vector<int> values;
    for (const std::string& part : split(text)) values.push_back(parse_int(option, part, min_value));
    if (values.empty()) throw UsageError(option + " needs a comma-separated list, e.g. 1,8,32");
    return values;
}

// Consumes `arg` (and its value) when it is one of bench's own options.
bool parse_bench_option(const std::string& arg, Args& args, BenchOptions& bench) {
    const auto value = [&] { return args.value(arg); };
    if (arg == "--batch") {
        bench.batches = int_list(arg, value(), 1);
    } else if (arg == "--threads") {
        bench.threads = int_list(arg, value(), 1);
    } else if (arg == "--warmup") {
        bench.warmup = parse_int(arg, value(), 0);
    } else if (arg == "--runs") {
        bench.runs = parse_int(arg, value(), 1);
    } else if (arg == "--image") {
        bench.image_path = value();
    } else if (arg == "--memory") {
        bench.memory_runs = parse_int(arg, value(), 10);
    } else if (arg == "--out") {
        bench.out_path = value();
    } else if (arg == "--scenario") {
        bench.scenario = value();
    } else if (arg == "--provider") {
        bench.provider = value();
        if (bench.provider != "cpu" && bench.provider != "cuda") {
            throw UsageError("--provider expects cpu or cuda, got '" + bench.provider + "'");
        }
    } else if (arg == "--patch-modes") {
        bench.patch_modes = split(value());
        for (const std::string& mode : bench.patch_modes) {
            if (mode != "sampled" && mode != "all" && mode != "naive") {
                throw UsageError("--patch-modes takes sampled, all and naive, got '" + mode + "'");
            }
        }
    } else {
        return false;
    }
    return true;
}

// Checks that need every option (e.g. --variant both).
void finish_bench_options(const std::string& variant, BenchOptions& bench) {
    if (variant == "both") {
        bench.variants = {"fp32", "int8"};
    } else if (!variant.empty()) {
        bench.variants = {variant};
    }
    if (bench.patch_modes.empty()) bench.patch_modes = {"sampled"};
}

}  // namespace

BenchCommandOptions parse_bench_options(Args& args) {
    BenchCommandOptions o;
    args.parse("bench", [&](const std::string& arg) {
        if (arg == "--json") {
            o.json = args.flag(arg);
        } else {
            return parse_bench_option(arg, args, o.bench) || parse_model_option(arg, args, o.model);
        }
        return true;
    });
    require_model_dir(o.model, "bench");
    finish_bench_options(o.model.variant, o.bench);
    return o;
}

}  // namespace cli
}  // namespace dxlens
