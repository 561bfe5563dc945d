#include <algorithm>

#include "dxlens/patch.h"

namespace dxlens {

std::vector<Patch> sample_patches(const Image& image, const PatchSettings& settings,
                                  TissueMask* mask_out) {
    // patch_grid validates every field of `settings`, min_foreground included.
    std::vector<Patch> grid = patch_grid(image.width, image.height, settings);

    TissueMask mask;
    if (settings.mask != MaskMethod::None) {
        mask = tissue_mask(image, settings.mask);
        std::vector<Patch> tissue;
        for (Patch patch : grid) {
            // A patch larger than a small image only sees the image part.
            const int width = std::min(patch.size, image.width - patch.x);
            const int height = std::min(patch.size, image.height - patch.y);
            patch.foreground = foreground_fraction(mask, patch.x, patch.y, width, height);
            if (patch.foreground >= settings.min_foreground) tissue.push_back(patch);
        }
        grid = std::move(tissue);
    }
    if (mask_out) *mask_out = std::move(mask);
    return select_evenly(grid, settings.max_patches);
}

}  // namespace dxlens
