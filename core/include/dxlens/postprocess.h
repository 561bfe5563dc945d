#pragma once
// Turning model outputs into answers: probabilities, top-k, and the aggregation
// of patch predictions into one verdict and into per-class maps.
#include <cstddef>
#include <vector>

#include "dxlens/patch.h"

namespace dxlens {

enum class Task {
    SingleLabel,  // softmax over classes
    Binary,       // one logit -> sigmoid -> [1-p, p]; two logits -> softmax
    MultiLabel,   // independent sigmoid per class
};

enum class Aggregation { Mean, Max, MajorityVote };

// Numerically stable: subtracts the max logit before exponentiating.
std::vector<float> softmax(const float* logits, size_t count);
std::vector<float> sigmoid(const float* logits, size_t count);

// Per-class probabilities for one sample's logits, according to the task.
std::vector<float> probabilities(const float* logits, size_t count, Task task);

struct Ranked {
    int index = 0;
    float prob = 0.f;
};

// The k most probable classes, highest first; ties keep the lower index first.
std::vector<Ranked> top_k(const std::vector<float>& probs, int k);

// One probability vector from many patches. Mean: average; Max: per-class
// maximum; MajorityVote: fraction of patches whose argmax is each class.
std::vector<float> aggregate(const std::vector<std::vector<float>>& patch_probs, Aggregation method);

// Per-class maps over the image, `classes` planes of width x height where one
// map pixel covers `cell` x `cell` source pixels.
struct ProbabilityMap {
    int width = 0, height = 0, classes = 0;
    int cell = 1;
    std::vector<float> data;  // class-major planes
    std::vector<float> coverage;  // number of patches covering each map pixel
};

// Per-pixel count-weighted average of overlapping patch probabilities: each map
// pixel holds the mean of the probabilities of every patch covering it (0 and
// coverage 0 where no patch does).
ProbabilityMap overlap_average(const std::vector<Patch>& patches,
                               const std::vector<std::vector<float>>& patch_probs,
                               int image_width, int image_height, int cell);

}  // namespace dxlens
