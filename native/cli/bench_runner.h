#pragma once
// The timed loops behind `dxlens bench`: per-stage samples for one model
// session, every run one pass of the core's pipeline through the same loop as
// `classify` (native::ModelRunner::run), plus a memory soak.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dxlens/native/model_runner.h"

namespace dxlens {
namespace cli {

// One sample per timed run and stage, in milliseconds, as the pipeline timed
// them. `total` is the wall time of the whole run, so it also holds what falls
// between stages.
struct StageSamples {
    std::vector<double> decode, preprocess, inference, postprocess, total;
};

// How a patch model samples: "sampled" (the manifest as is), "all" (mask on,
// no max_patches), "naive" (every grid patch, no mask, batch 1).
std::shared_ptr<const Model> with_patch_mode(const Model& model, const std::string& mode);

// Whole-image model: each run decodes `batch` copies of `encoded` and runs
// them as one batch (PipelineOptions::batch_size), CAM off.
StageSamples time_whole_image(const native::ModelRunner& runner, const std::vector<uint8_t>& encoded, int batch,
                              int warmup, int runs);

// Patch model: one image per run, CAM off; `patches` receives how many
// patches one classification ran and `batch` the pipeline's patch batch.
StageSamples time_patches(const native::ModelRunner& runner, const std::vector<uint8_t>& encoded, int warmup,
                          int runs, int& patches, int& batch);

struct MemorySoak {
    int classifications = 0;
    double rss_start_mb = 0;    // after loading and one warm-up classification
    double rss_early_mb = 0;    // after the first tenth of the runs
    double rss_end_mb = 0;      // after all runs: the steady state
    double rss_peak_mb = 0;     // VmHWM: the process's high-water mark
    std::vector<double> rss_trace_mb;  // every tenth of the runs
};

// `runs` batch-1 classifications on the same path as the timed loops.
MemorySoak soak_memory(const native::ModelRunner& runner, const std::vector<uint8_t>& encoded, int runs);

}  // namespace cli
}  // namespace dxlens
