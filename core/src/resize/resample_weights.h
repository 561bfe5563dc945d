#pragma once
// Per-axis resampling weights, computed exactly as Pillow's precompute_coeffs
// does, so that our output lines up with Pillow (and hence torchvision) tap for
// tap. Internal to the core.
#include <vector>

#include "dxlens/resize.h"

namespace dxlens {
namespace detail {

// Weights of the output positions [out_first, out_first + out_count) of an axis
// of `out_size` samples covering [in_origin, in_origin + in_length) of an input
// axis of `in_size` samples. Output i reads `count[i]` consecutive input samples
// starting at `first[i]`; its weights start at `weights[i * stride]`.
struct AxisWeights {
    int stride = 0;  // the largest possible tap count; rows of `weights` are padded to it
    std::vector<int> first;
    std::vector<int> count;
    std::vector<float> weights;

    const float* of(int i) const { return weights.data() + static_cast<size_t>(i) * stride; }
    // Smallest and one-past-largest input index any output reads.
    int min_input() const;
    int max_input() const;
};

double filter_support(ResizeFilter filter);
double filter_value(ResizeFilter filter, double x);

AxisWeights axis_weights(int in_size, double in_origin, double in_length, int out_size,
                         int out_first, int out_count, ResizeFilter filter);

}  // namespace detail
}  // namespace dxlens
