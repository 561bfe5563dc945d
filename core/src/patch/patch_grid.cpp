#include <algorithm>
#include <cmath>
#include <string>

#include "dxlens/error.h"
#include "dxlens/limits.h"
#include "dxlens/patch.h"
#include "patch_settings.h"

namespace dxlens {

namespace {

// Start positions along one axis of `length` source pixels. Steps by `stride`;
// the first patch that would reach or cross the edge is shifted back to end
// exactly at it, so the whole axis is covered and no patch hangs over.
std::vector<int> axis_positions(int length, int patch_size, double stride) {
    std::vector<int> positions;
    for (int i = 0;; ++i) {
        const int start = int(std::lround(i * stride));  // stride in [1, 2^24] pixels (check_patch_settings)
        if (int64_t(start) + patch_size >= length) {
            positions.push_back(std::max(0, length - patch_size));
            return positions;
        }
        positions.push_back(start);
    }
}

}  // namespace

std::vector<Patch> patch_grid(int image_width, int image_height, const PatchSettings& settings) {
    check_patch_settings(settings);
    if (image_width <= 0 || image_height <= 0) {
        throw Error("patch grid needs a non-empty image, got " + std::to_string(image_width) + "x" +
                    std::to_string(image_height));
    }
    // Work in source pixels directly: the working resolution only scales the
    // patch side and the step, and the edge shift then lands on the true edge.
    const int size = std::max(1, int(std::lround(settings.size * settings.downscale)));
    const double stride = settings.stride * settings.downscale;
    // The count before the positions are made: a tiny downscale must be refused
    // before millions of them are.
    const auto positions = [&](int length) { return length <= size ? 1 : int64_t(std::ceil((length - size) / stride)) + 1; };
    const int64_t count = positions(image_width) * positions(image_height);
    if (count > kLimits.max_grid_patches) {
        throw Error(ErrorKind::TooLarge,
                    "the patch grid would hold " + std::to_string(count) + " patches of " + std::to_string(size) +
                        " source pixels (limit " + std::to_string(kLimits.max_grid_patches) +
                        "): is the image's scale right?");
    }
    const std::vector<int> xs = axis_positions(image_width, size, stride);
    const std::vector<int> ys = axis_positions(image_height, size, stride);

    std::vector<Patch> patches;
    patches.reserve(xs.size() * ys.size());
    for (int y : ys) {
        for (int x : xs) {
            Patch patch;
            patch.x = x;
            patch.y = y;
            patch.size = size;
            patches.push_back(patch);
        }
    }
    return patches;
}

}  // namespace dxlens
