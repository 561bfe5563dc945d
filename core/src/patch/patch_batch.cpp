#include <algorithm>
#include <string>

#include "dxlens/error.h"
#include "dxlens/patch.h"
#include "dxlens/resize.h"

namespace dxlens {

PlanarImage patch_pixels(const Image& image, const Patch& patch, const PreprocessSpec& spec) {
    if (patch.size <= 0 || patch.x < 0 || patch.y < 0 || patch.x >= image.width || patch.y >= image.height) {
        throw Error("patch at (" + std::to_string(patch.x) + ", " + std::to_string(patch.y) + ") size " +
                    std::to_string(patch.size) + " lies outside the " + std::to_string(image.width) + "x" +
                    std::to_string(image.height) + " image");
    }
    // Grid patches fit inside the image except when the image is smaller
    // than one patch; then the image part is what gets resized.
    Box box;
    box.x = patch.x;
    box.y = patch.y;
    box.width = std::min(patch.size, image.width - patch.x);
    box.height = std::min(patch.size, image.height - patch.y);
    const Window whole{0, 0, spec.out_width, spec.out_height};
    return resample(image, box, spec.out_width, spec.out_height, whole, spec.filter, spec.channels());
}

Tensor make_patch_batch(const Image& image, const std::vector<Patch>& patches, size_t begin,
                        size_t end, const PreprocessSpec& spec) {
    if (begin >= end || end > patches.size()) {
        throw Error("patch batch range [" + std::to_string(begin) + ", " + std::to_string(end) +
                    ") is empty or exceeds the " + std::to_string(patches.size()) + " patches");
    }
    Tensor batch = make_input_tensor(spec, int64_t(end - begin));
    for (size_t i = begin; i < end; ++i) {
        write_input(patch_pixels(image, patches[i], spec), spec, batch, int64_t(i - begin));
    }
    return batch;
}

}  // namespace dxlens
