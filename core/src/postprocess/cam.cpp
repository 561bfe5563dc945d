#include <algorithm>
#include <string>

#include "dxlens/cam.h"
#include "dxlens/error.h"

namespace dxlens {

namespace {

void check_inputs(const float* features, int channels, int height, int width,
                  const ClassifierWeights& weights, int class_index) {
    if (!features || channels <= 0 || height <= 0 || width <= 0) {
        throw Error("CAM needs a non-empty feature map, got " + std::to_string(channels) + "x" +
                    std::to_string(height) + "x" + std::to_string(width));
    }
    if (weights.channels != channels) {
        throw Error("CAM: the feature map has " + std::to_string(channels) +
                    " channels but the classifier weights expect " + std::to_string(weights.channels));
    }
    if (weights.weight.size() != size_t(weights.classes) * size_t(weights.channels)) {
        throw Error("CAM: classifier weight holds " + std::to_string(weights.weight.size()) +
                    " values, expected " + std::to_string(weights.classes) + " x " +
                    std::to_string(weights.channels));
    }
    // A one-logit binary classifier has one row but two classes (see cam.h).
    const int classes = weights.classes == 1 ? 2 : weights.classes;
    if (class_index < 0 || class_index >= classes) {
        throw Error("CAM: class index " + std::to_string(class_index) + " is out of range for " +
                    std::to_string(classes) + " classes");
    }
}

// Rescales to [0, 1]; a flat map (no evidence anywhere) becomes all zero.
void normalise_min_max(std::vector<float>& values) {
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    const float min = *lo, range = *hi - *lo;
    if (!(range > 0)) {
        std::fill(values.begin(), values.end(), 0.f);
        return;
    }
    for (float& v : values) v = (v - min) / range;
}

}  // namespace

PlanarImage class_activation_map(const float* features, int channels, int height, int width,
                                 const ClassifierWeights& weights, int class_index) {
    check_inputs(features, channels, height, width, weights, class_index);

    PlanarImage map;
    map.width = width;
    map.height = height;
    map.channels = 1;
    const size_t plane = size_t(width) * size_t(height);
    map.data.assign(plane, 0.f);
    const bool single_logit = weights.classes == 1;
    const float sign = single_logit && class_index == 0 ? -1.f : 1.f;
    const float* class_weights = weights.weight.data() + size_t(single_logit ? 0 : class_index) * size_t(channels);
    for (int c = 0; c < channels; ++c) {
        const float w = sign * class_weights[c];
        const float* channel = features + size_t(c) * plane;
        for (size_t i = 0; i < plane; ++i) map.data[i] += w * channel[i];
    }
    // The class bias shifts every pixel equally, so min-max normalisation
    // cancels it; it is deliberately not added.
    normalise_min_max(map.data);
    return map;
}

}  // namespace dxlens
