#pragma once
// Class activation maps (Zhou et al. 2016): for a network that ends in global
// average pooling and a linear classifier, the map of class k is the
// classifier-weighted sum of the last feature map's channels.
#include <vector>

#include "dxlens/image.h"

namespace dxlens {

struct ClassifierWeights {
    int classes = 0;
    int channels = 0;
    std::vector<float> weight;  // classes x channels, row-major
    std::vector<float> bias;    // classes (may be empty)
};

// `features` is one sample's [channels, height, width] map. Returns a 1-channel
// height x width map, min-max normalised to [0, 1] (all zero when flat).
// A binary classifier ending in one logit has one weight row scoring the
// positive class (index 1); the negative class (index 0) gets the same map
// with opposite sign, so both class indices are valid for it.
PlanarImage class_activation_map(const float* features, int channels, int height, int width,
                                 const ClassifierWeights& weights, int class_index);

}  // namespace dxlens
