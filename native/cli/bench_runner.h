#pragma once
// The timed loops behind `dxlens bench`: per-stage samples for one model
// session, for whole-image models (N copies of an image per ONNX Runtime run)
// and patch models (the pipeline's own patch path), plus a memory soak.
#include <cstdint>
#include <string>
#include <vector>

#include "dxlens/native/pipeline.h"

namespace dxlens {
namespace cli {

// One sample per timed run and stage, in milliseconds. `total` is the wall
// time of the whole run, so it also holds what falls between stages.
struct StageSamples {
    std::vector<double> decode, preprocess, inference, postprocess, total;
};

// How a patch model samples: "sampled" (the manifest as is), "all" (mask on,
// no max_patches), "naive" (every grid patch, no mask, batch 1).
native::ModelBundle with_patch_mode(native::ModelBundle bundle, const std::string& mode);

// Whole-image model: each run decodes and preprocesses `batch` copies of
// `encoded` into one tensor, runs the logits output once, and turns every
// row into probabilities and top-k.
StageSamples time_whole_image(const native::Pipeline& pipeline, const std::vector<uint8_t>& encoded, int batch,
                              int warmup, int runs);

// Patch model: Pipeline::classify end to end (CAM off); `patches` receives
// how many patches one classification ran.
StageSamples time_patches(const native::Pipeline& pipeline, const std::vector<uint8_t>& encoded, int warmup,
                          int runs, int& patches);

struct MemorySoak {
    int classifications = 0;
    double rss_start_mb = 0;    // after loading and one warm-up classification
    double rss_early_mb = 0;    // after the first tenth of the runs
    double rss_end_mb = 0;      // after all runs: the steady state
    double rss_peak_mb = 0;     // VmHWM: the process's high-water mark
    std::vector<double> rss_trace_mb;  // every tenth of the runs
};

// `runs` batch-1 classifications on the same path as the timed loops.
MemorySoak soak_memory(const native::Pipeline& pipeline, const std::vector<uint8_t>& encoded, int runs);

}  // namespace cli
}  // namespace dxlens
