#include <algorithm>

#include "dxlens/limits.h"
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
    // However many patches the settings allow, one classification runs at most
    // the limit of limits.h, spread evenly like any other selection.
    const int cap = settings.max_patches > 0 ? std::min(settings.max_patches, kLimits.max_patches) : kLimits.max_patches;
    return select_evenly(grid, cap);
}

}  // namespace dxlens
