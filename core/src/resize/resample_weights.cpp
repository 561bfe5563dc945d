#include "resample_weights.h"

#include <algorithm>
#include <cmath>

namespace dxlens {
namespace detail {

double filter_support(ResizeFilter filter) {
    return filter == ResizeFilter::Bicubic ? 2.0 : 1.0;
}

double filter_value(ResizeFilter filter, double x) {
    x = std::fabs(x);
    if (filter == ResizeFilter::Bilinear) return x < 1.0 ? 1.0 - x : 0.0;
    // Keys' cubic convolution with a = -0.5, the constant Pillow uses.
    const double a = -0.5;
    if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
    if (x < 2.0) return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
    return 0.0;
}

int AxisWeights::min_input() const {
    return first.empty() ? 0 : *std::min_element(first.begin(), first.end());
}

int AxisWeights::max_input() const {
    int end = 0;
    for (size_t i = 0; i < first.size(); ++i) end = std::max(end, first[i] + count[i]);
    return end;
}

AxisWeights axis_weights(int in_size, double in_origin, double in_length, int out_size,
                         int out_first, int out_count, ResizeFilter filter) {
    const double scale = in_length / out_size;
    // Downscaling stretches the filter over `scale` input samples (antialiasing);
    // upscaling keeps it at its natural width.
    const double filterscale = std::max(scale, 1.0);
    const double support = filter_support(filter) * filterscale;

    AxisWeights w;
    w.stride = static_cast<int>(std::ceil(support)) * 2 + 1;
    w.first.resize(out_count);
    w.count.resize(out_count);
    w.weights.assign(static_cast<size_t>(out_count) * w.stride, 0.f);

    std::vector<double> taps(w.stride);
    for (int i = 0; i < out_count; ++i) {
        const double center = in_origin + (out_first + i + 0.5) * scale;
        // Pillow rounds with a C cast (truncation toward zero) after adding 0.5;
        // the clamps below make the sign of the truncation irrelevant.
        int lo = static_cast<int>(center - support + 0.5);
        int hi = static_cast<int>(center + support + 0.5);
        lo = std::max(lo, 0);
        hi = std::min(hi, in_size);

        double sum = 0.0;
        int n = 0;
        if (hi > lo) {
            n = std::min(hi - lo, w.stride);
            for (int k = 0; k < n; ++k) {
                taps[k] = filter_value(filter, (lo + k - center + 0.5) / filterscale);
                sum += taps[k];
            }
        }
        if (n == 0 || sum == 0.0) {
            // The box reaches past the image so far that no input sample falls
            // under the filter: repeat the nearest edge sample rather than
            // producing black (or dividing by zero).
            lo = std::min(std::max(static_cast<int>(std::floor(center)), 0), in_size - 1);
            n = 1;
            taps[0] = 1.0;
            sum = 1.0;
        }
        w.first[i] = lo;
        w.count[i] = n;
        float* dst = w.weights.data() + static_cast<size_t>(i) * w.stride;
        for (int k = 0; k < n; ++k) dst[k] = static_cast<float>(taps[k] / sum);
    }
    return w;
}

}  // namespace detail
}  // namespace dxlens
