// Combining per-patch predictions: one verdict for the image, and per-class
// maps showing where each class was seen.
#include <algorithm>
#include <string>

#include "dxlens/error.h"
#include "dxlens/postprocess.h"

namespace dxlens {

namespace {

// The shared class count of all patches; throws when any patch disagrees.
size_t class_count(const std::vector<std::vector<float>>& patch_probs) {
    const size_t classes = patch_probs.front().size();
    if (classes == 0) throw Error("patch 0 has no class probabilities");
    for (size_t i = 1; i < patch_probs.size(); ++i) {
        if (patch_probs[i].size() != classes) {
            throw Error("patch " + std::to_string(i) + " has " + std::to_string(patch_probs[i].size()) +
                        " class probabilities, expected " + std::to_string(classes));
        }
    }
    return classes;
}

// First index of the maximum, so ties go to the lower class.
size_t argmax(const std::vector<float>& values) {
    return size_t(std::max_element(values.begin(), values.end()) - values.begin());
}

}  // namespace

std::vector<float> aggregate(const std::vector<std::vector<float>>& patch_probs, Aggregation method) {
    if (patch_probs.empty()) throw Error("cannot aggregate predictions of zero patches");
    const size_t classes = class_count(patch_probs);
    const double n = double(patch_probs.size());

    std::vector<double> result(classes, 0.0);
    switch (method) {
        case Aggregation::Mean:
            for (const auto& probs : patch_probs) {
                for (size_t c = 0; c < classes; ++c) result[c] += probs[c] / n;
            }
            break;
        case Aggregation::Max:
            result.assign(patch_probs.front().begin(), patch_probs.front().end());
            for (const auto& probs : patch_probs) {
                for (size_t c = 0; c < classes; ++c) result[c] = std::max(result[c], double(probs[c]));
            }
            break;
        case Aggregation::MajorityVote:
            for (const auto& probs : patch_probs) result[argmax(probs)] += 1.0 / n;
            break;
    }
    return std::vector<float>(result.begin(), result.end());
}

ProbabilityMap overlap_average(const std::vector<Patch>& patches,
                               const std::vector<std::vector<float>>& patch_probs,
                               int image_width, int image_height, int cell) {
    if (patches.size() != patch_probs.size()) {
        throw Error("overlap_average: " + std::to_string(patches.size()) + " patches but " +
                    std::to_string(patch_probs.size()) + " probability vectors");
    }
    if (image_width <= 0 || image_height <= 0) {
        throw Error("overlap_average needs a non-empty image, got " + std::to_string(image_width) +
                    "x" + std::to_string(image_height));
    }
    if (cell < 1) throw Error("overlap_average cell must be >= 1, got " + std::to_string(cell));

    ProbabilityMap map;
    map.cell = cell;
    map.width = (image_width + cell - 1) / cell;
    map.height = (image_height + cell - 1) / cell;
    map.classes = patch_probs.empty() ? 0 : int(class_count(patch_probs));
    const size_t plane = size_t(map.width) * size_t(map.height);
    map.data.assign(plane * size_t(map.classes), 0.f);
    map.coverage.assign(plane, 0.f);

    // A map pixel counts as covered by a patch when the centre of its source
    // cell (clipped to the image at the right/bottom edge) lies in the patch;
    // with cell = 1 that is exactly "the pixel is in the patch".
    const auto cell_centre = [cell](int m, int image_side) {
        const double begin = double(m) * cell;
        const double end = std::min(double(image_side), begin + cell);
        return (begin + end) * 0.5;
    };
    for (size_t p = 0; p < patches.size(); ++p) {
        const Patch& patch = patches[p];
        for (int my = std::max(0, patch.y / cell); my < map.height; ++my) {
            const double cy = cell_centre(my, image_height);
            if (cy < patch.y) continue;
            if (cy >= double(patch.y) + patch.size) break;
            for (int mx = std::max(0, patch.x / cell); mx < map.width; ++mx) {
                const double cx = cell_centre(mx, image_width);
                if (cx < patch.x) continue;
                if (cx >= double(patch.x) + patch.size) break;
                const size_t i = size_t(my) * size_t(map.width) + size_t(mx);
                map.coverage[i] += 1.f;
                for (int c = 0; c < map.classes; ++c) map.data[size_t(c) * plane + i] += patch_probs[p][size_t(c)];
            }
        }
    }
    for (size_t i = 0; i < plane; ++i) {
        if (map.coverage[i] == 0) continue;
        for (int c = 0; c < map.classes; ++c) map.data[size_t(c) * plane + i] /= map.coverage[i];
    }
    return map;
}

}  // namespace dxlens
