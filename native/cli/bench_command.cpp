// `dxlens bench`: times every stage for each variant x threads x batch (or
// patch mode) and reports medians and spread, as JSON (bench/README.md) or text.
#include <onnxruntime_cxx_api.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "bench_options.h"
#include "bench_report.h"
#include "command_table.h"
#include "dxlens/decode.h"
#include "dxlens/error.h"
#include "dxlens/native/file_io.h"
#include "dxlens/native/model_dir.h"
#include "synthetic_jpeg.h"

namespace dxlens {
namespace cli {

namespace {

std::string join(const std::vector<int>& values) {
    std::string text;
    for (int v : values) text += (text.empty() ? "" : ",") + std::to_string(v);
    return text;
}

// The command as it could be typed again (the report quotes it).
std::string command_line(const BenchCommandOptions& o) {
    const BenchOptions& b = o.bench;
    std::string text = "dxlens bench --model " + o.model.model_dir;
    if (!o.model.variant.empty()) text += " --variant " + o.model.variant;
    text += " --batch " + join(b.batches) + " --threads " + join(b.threads);
    text += " --warmup " + std::to_string(b.warmup) + " --runs " + std::to_string(b.runs);
    if (!b.image_path.empty()) text += " --image " + b.image_path;
    if (b.memory_runs > 0) text += " --memory " + std::to_string(b.memory_runs);
    if (b.provider != "cpu") text += " --provider " + b.provider;
    return text;
}

// The variants to run: those asked for, else the manifest's preferred one;
// listed-but-absent files are skipped with a note rather than failing a
// "--variant both" run before the int8 model exists.
std::vector<std::string> variants_to_run(const BenchCommandOptions& options, const Manifest& manifest,
                                         BenchReport& report) {
    std::vector<std::string> wanted = options.bench.variants;
    if (wanted.empty()) wanted.push_back(native::resolve_variant(manifest, ""));
    std::vector<std::string> present;
    for (const std::string& v : wanted) {
        try {
            const native::FileCheck check = native::check_model_file(options.model.model_dir, manifest, v);
            if (!check.error.empty()) {
                report.skipped.push_back(v + ": " + check.error);
            } else if (!check.ok()) {
                report.skipped.push_back(v + ": " + check.path + " does not match the manifest's sha256");
            } else {
                present.push_back(v);
            }
        } catch (const Error& e) {  // not listed in the manifest
            report.skipped.push_back(v + ": " + e.what());
        }
    }
    return present;
}

// A session for the model of `bundle`, patch models sampling as `mode` says.
native::ModelRunner make_runner(const native::ModelBundle& bundle, const std::string& mode,
                                const native::SessionOptions& session) {
    if (mode.empty()) return native::ModelRunner(bundle, session);
    return native::ModelRunner(with_patch_mode(*bundle.model, mode), bundle.model_path, session);
}

int run(const BenchCommandOptions& options, std::ostream& out, std::ostream& err) {
    const BenchOptions& b = options.bench;
    BenchReport report;
    report.command = command_line(options);
    report.ort_version = Ort::GetVersionString();
    report.load_before = load_average();

    std::vector<uint8_t> encoded;
    if (b.image_path.empty()) {
        encoded = synthetic_jpeg(1024, 1024);
        report.image.name = "synthetic-1024.jpg";
    } else {
        encoded = native::read_file(b.image_path);
        report.image.name = std::filesystem::path(b.image_path).filename().string();
    }
    const ImageInfo info = probe_image(encoded.data(), encoded.size());
    report.image.width = info.width;
    report.image.height = info.height;
    report.image.bytes = encoded.size();

    const std::string& model_dir = options.model.model_dir;
    const Manifest manifest = native::load_manifest(model_dir);
    const std::vector<std::string> variants = variants_to_run(options, manifest, report);
    if (variants.empty()) throw Error(ErrorKind::Io, "no model file to benchmark in " + model_dir);
    const bool patch_model = manifest.patch.has_value();

    for (const std::string& variant : variants) {
        const native::ModelBundle bundle = native::load_model_dir(model_dir, variant);
        const nlohmann::ordered_json accuracy = read_accuracy(model_dir, variant);
        for (int threads : b.threads) {
            native::SessionOptions session = session_options(options.model);
            session.intra_op_threads = threads;
            session.provider = b.provider;
            // Patch models run their modes at the manifest's batch; whole-image
            // models run each --batch.
            const std::vector<std::string> modes = patch_model ? b.patch_modes : std::vector<std::string>{""};
            const std::vector<int> batches = patch_model ? std::vector<int>{0} : b.batches;
            for (const std::string& mode : modes) {
                const auto start = std::chrono::steady_clock::now();
                const native::ModelRunner runner = make_runner(bundle, mode, session);
                const double session_ms =
                    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
                for (int batch : batches) {
                    BenchCase c;
                    c.scenario = patch_model ? "patches_" + mode : b.scenario;
                    c.model = manifest.name;
                    c.variant = variant;
                    c.provider = b.provider;
                    c.threads = threads;
                    c.warmup = b.warmup;
                    c.runs = b.runs;
                    c.session_ms = session_ms;
                    c.accuracy = accuracy;
                    if (patch_model) {
                        c.samples = time_patches(runner, encoded, b.warmup, b.runs, c.patches, c.batch);
                    } else {
                        c.batch = batch;
                        c.samples = time_whole_image(runner, encoded, batch, b.warmup, b.runs);
                    }
                    err << "bench: " << c.scenario << " " << variant << " threads " << threads << " batch "
                        << c.batch << " done\n";
                    report.cases.push_back(std::move(c));
                }
            }
        }
    }

    if (b.memory_runs > 0) {
        // The variant the app ships (the manifest's preferred one) when it was benchmarked.
        const std::string preferred = native::resolve_variant(manifest, "");
        const bool have_preferred = std::find(variants.begin(), variants.end(), preferred) != variants.end();
        const std::string memory_variant = have_preferred ? preferred : variants.front();
        native::SessionOptions session = session_options(options.model);
        session.intra_op_threads = b.threads.front();
        session.provider = b.provider;
        const native::ModelBundle bundle = native::load_model_dir(model_dir, memory_variant);
        const native::ModelRunner runner = make_runner(bundle, patch_model ? b.patch_modes.front() : "", session);
        BenchMemory memory{manifest.name, memory_variant, b.threads.front(), {}};
        memory.soak = soak_memory(runner, encoded, b.memory_runs);
        report.memory.push_back(memory);
    }
    report.load_after = load_average();

    const std::string json = bench_json(report).dump(2) + "\n";
    if (!b.out_path.empty()) {
        std::ofstream file(b.out_path);
        file << json;
        if (!file) throw Error(ErrorKind::Io, "cannot write '" + b.out_path + "'");
    }
    if (options.json) {
        out << json;
    } else {
        print_bench_text(report, out);
    }
    return 0;
}

}  // namespace

Command bench_command() {
    return make_command<BenchCommandOptions>(
        "bench",
        "  dxlens bench --model DIR [--variant fp32|int8|both] [--batch 1,8,32] [--threads 1,2]\n"
        "               [--warmup N] [--runs N] [--image FILE] [--json] [--out FILE]\n"
        "               [--patch-modes sampled,all,naive] [--memory N] [--provider cpu|cuda]\n",
        R"(bench: times decode, preprocess, inference, postprocess and the total for each
variant x batch x threads (batch N: N decoded and preprocessed copies of the
image in one ONNX Runtime run), after --warmup untimed runs (default 3, then
--runs 20). Patch models run the --patch-modes instead: sampled (the manifest's
mask and max_patches), all (mask on, every tissue patch) and naive (every grid
patch, no mask, batch 1). --memory N classifies N more times and reports RSS.
Accuracy from models/<name>/eval.<variant>.json is shown when present. JSON
schema: bench/README.md.
  --image FILE         default: a synthetic 1024x1024 JPEG
  --provider cuda      ONNX Runtime's CUDA execution provider (bench/README.md)
)",
        parse_bench_options, run);
}

}  // namespace cli
}  // namespace dxlens
