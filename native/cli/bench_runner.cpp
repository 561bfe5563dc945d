#include "bench_runner.h"

#include <algorithm>
#include <chrono>

#include "dxlens/decode.h"
#include "dxlens/error.h"
#include "dxlens/postprocess.h"
#include "process_memory.h"

namespace dxlens {
namespace cli {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct RunTimes {
    double decode = 0, preprocess = 0, inference = 0, postprocess = 0, total = 0;
};

// One whole-image run; the returned top-1 index keeps the work observable.
RunTimes whole_image_run(const native::Pipeline& pipeline, const std::vector<uint8_t>& encoded, int batch) {
    const Manifest& m = pipeline.model().manifest;
    RunTimes t;
    const auto start = Clock::now();
    Tensor input = make_input_tensor(m.preprocess, batch);
    for (int i = 0; i < batch; ++i) {
        auto lap = Clock::now();
        const Image image = decode_image(encoded.data(), encoded.size());
        t.decode += ms_since(lap);
        lap = Clock::now();
        write_input(prepare_pixels(image, m.preprocess), m.preprocess, input, i);
        t.preprocess += ms_since(lap);
    }
    auto lap = Clock::now();
    const auto outputs = pipeline.session().run(input, {m.logits_output});
    t.inference = ms_since(lap);

    lap = Clock::now();
    const native::OutputTensor& logits = outputs.at(m.logits_output);
    if (logits.shape.size() != 2 || logits.shape[0] != batch) {
        throw Error("model returned logits of shape " + native::shape_to_string(logits.shape) + " for a batch of " +
                    std::to_string(batch));
    }
    const size_t classes = size_t(logits.shape[1]);
    for (int i = 0; i < batch; ++i) {
        const auto probs = probabilities(logits.data.data() + size_t(i) * classes, classes, m.task);
        if (top_k(probs, m.top_k).empty()) throw Error("no classes in the model's output");
    }
    t.postprocess = ms_since(lap);
    t.total = ms_since(start);
    return t;
}

RunTimes patch_run(const native::Pipeline& pipeline, const std::vector<uint8_t>& encoded, int& patches) {
    native::ClassifyOptions options;
    options.cam = false;
    const auto start = Clock::now();
    const native::Classification c = pipeline.classify(encoded, options);
    RunTimes t;
    t.total = ms_since(start);
    t.decode = c.timings.decode_ms;
    t.preprocess = c.timings.preprocess_ms;
    t.inference = c.timings.inference_ms;
    t.postprocess = c.timings.postprocess_ms;
    patches = int(c.patches.size());
    return t;
}

void record(StageSamples& samples, const RunTimes& t) {
    samples.decode.push_back(t.decode);
    samples.preprocess.push_back(t.preprocess);
    samples.inference.push_back(t.inference);
    samples.postprocess.push_back(t.postprocess);
    samples.total.push_back(t.total);
}

}  // namespace

native::ModelBundle with_patch_mode(native::ModelBundle bundle, const std::string& mode) {
    if (!bundle.manifest.patch) throw Error("model '" + bundle.manifest.name + "' has no patch settings");
    PatchSettings& s = bundle.manifest.patch->settings;
    if (mode == "all") {
        s.max_patches = 0;
    } else if (mode == "naive") {
        // What a straightforward port would do: every grid cell, one at a time.
        s.mask = MaskMethod::None;
        s.min_foreground = 0;
        s.max_patches = 0;
        s.batch_size = 1;
    } else if (mode != "sampled") {
        throw Error("unknown patch mode '" + mode + "'");
    }
    return bundle;
}

StageSamples time_whole_image(const native::Pipeline& pipeline, const std::vector<uint8_t>& encoded, int batch,
                              int warmup, int runs) {
    for (int i = 0; i < warmup; ++i) whole_image_run(pipeline, encoded, batch);
    StageSamples samples;
    for (int i = 0; i < runs; ++i) record(samples, whole_image_run(pipeline, encoded, batch));
    return samples;
}

StageSamples time_patches(const native::Pipeline& pipeline, const std::vector<uint8_t>& encoded, int warmup,
                          int runs, int& patches) {
    for (int i = 0; i < warmup; ++i) patch_run(pipeline, encoded, patches);
    StageSamples samples;
    for (int i = 0; i < runs; ++i) record(samples, patch_run(pipeline, encoded, patches));
    return samples;
}

MemorySoak soak_memory(const native::Pipeline& pipeline, const std::vector<uint8_t>& encoded, int runs) {
    const bool patch_model = pipeline.model().manifest.patch.has_value();
    int patches = 0;
    auto once = [&] {
        if (patch_model) {
            patch_run(pipeline, encoded, patches);
        } else {
            whole_image_run(pipeline, encoded, 1);
        }
    };
    MemorySoak soak;
    soak.classifications = runs;
    once();
    soak.rss_start_mb = process_memory().rss_mb;
    const int step = std::max(1, runs / 10);
    for (int i = 1; i <= runs; ++i) {
        once();
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
