#include "bench_runner.h"

#include <algorithm>
#include <chrono>

#include "dxlens/error.h"
#include "process_memory.h"

namespace dxlens {
namespace cli {

namespace {

using Clock = std::chrono::steady_clock;

struct RunTimes {
    double decode = 0, preprocess = 0, inference = 0, postprocess = 0, total = 0;
    int patches = 0;  // patch models: patches classified
    int batch = 0;    // the batch size the pipeline chose
};

// One pass of the pipeline over `copies` copies of the image, CAM off.
RunTimes run_once(const native::ModelRunner& runner, const std::vector<uint8_t>& encoded, int copies) {
    PipelineOptions options;
    options.overlay_classes = 0;
    options.batch_size = copies;
    const std::vector<EncodedImage> files(size_t(copies), EncodedImage{encoded.data(), encoded.size()});

    const auto start = Clock::now();
    Pipeline pipeline = Pipeline::decode(runner.model(), files, options);
    const PipelineResult result = runner.run(pipeline);
    RunTimes t;
    t.total = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    t.decode = result.timings.decode_ms;
    t.preprocess = result.timings.preprocess_ms;
    t.inference = result.timings.inference_ms;
    t.postprocess = result.timings.postprocess_ms;
    t.patches = int(result.images.front().patches.size());
    t.batch = int(pipeline.batch_size());
    return t;
}

void record(StageSamples& samples, const RunTimes& t) {
    samples.decode.push_back(t.decode);
    samples.preprocess.push_back(t.preprocess);
    samples.inference.push_back(t.inference);
    samples.postprocess.push_back(t.postprocess);
    samples.total.push_back(t.total);
}

// `warmup` untimed runs, then `runs` recorded ones; returns the last run.
RunTimes time_runs(const native::ModelRunner& runner, const std::vector<uint8_t>& encoded, int copies, int warmup,
                   int runs, StageSamples& samples) {
    RunTimes last;
    for (int i = 0; i < warmup; ++i) last = run_once(runner, encoded, copies);
    for (int i = 0; i < runs; ++i) {
        last = run_once(runner, encoded, copies);
        record(samples, last);
    }
    return last;
}

}  // namespace

std::shared_ptr<const Model> with_patch_mode(const Model& model, const std::string& mode) {
    if (!model.manifest.patch) {
        throw Error(ErrorKind::InvalidArgument, "model '" + model.manifest.name + "' has no patch settings");
    }
    auto changed = std::make_shared<Model>(model);
    PatchSettings& s = changed->manifest.patch->settings;
    if (mode == "all") {
        s.max_patches = 0;
    } else if (mode == "naive") {
        // What a straightforward port would do: every grid cell, one at a time.
        s.mask = MaskMethod::None;
        s.min_foreground = 0;
        s.max_patches = 0;
        s.batch_size = 1;
    } else if (mode != "sampled") {
        throw Error(ErrorKind::InvalidArgument, "unknown patch mode '" + mode + "'");
    }
    return changed;
}

StageSamples time_whole_image(const native::ModelRunner& runner, const std::vector<uint8_t>& encoded, int batch,
                              int warmup, int runs) {
    StageSamples samples;
    time_runs(runner, encoded, batch, warmup, runs, samples);
    return samples;
}

StageSamples time_patches(const native::ModelRunner& runner, const std::vector<uint8_t>& encoded, int warmup,
                          int runs, int& patches, int& batch) {
    StageSamples samples;
    const RunTimes last = time_runs(runner, encoded, 1, warmup, runs, samples);
    patches = last.patches;
    batch = last.batch;
    return samples;
}

MemorySoak soak_memory(const native::ModelRunner& runner, const std::vector<uint8_t>& encoded, int runs) {
    MemorySoak soak;
    soak.classifications = runs;
    run_once(runner, encoded, 1);
    soak.rss_start_mb = process_memory().rss_mb;
    const int step = std::max(1, runs / 10);
    for (int i = 1; i <= runs; ++i) {
        run_once(runner, encoded, 1);
        if (i % step == 0 || i == runs) {
            const double rss = process_memory().rss_mb;
            soak.rss_trace_mb.push_back(rss);
            if (soak.rss_early_mb == 0) soak.rss_early_mb = rss;
        }
    }
    const ProcessMemory end = process_memory();
    soak.rss_end_mb = end.rss_mb;
    soak.rss_peak_mb = end.peak_mb;
    return soak;
}

}  // namespace cli
}  // namespace dxlens
