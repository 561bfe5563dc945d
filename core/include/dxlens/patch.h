#pragma once
// Patch sampling for large images (histopathology): a grid of patches, a tissue
// mask to skip background, an evenly spread subset, and batching into model
// input tensors. Every patch keeps its coordinates in source-image pixels.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dxlens/image.h"
#include "dxlens/preprocess.h"
#include "dxlens/tensor.h"

namespace dxlens {

enum class MaskMethod {
    None,        // every patch counts as foreground
    Grey,        // Otsu on grey level; tissue is darker than the background
    Saturation,  // Otsu on HSV saturation; stained tissue is more saturated than glass
};

struct PatchSettings {
    int size = 224;           // patch side in pixels at the working (downscaled) resolution
    int stride = 224;         // step between patches at the working resolution
    double downscale = 1.0;   // working resolution = source / downscale (>= 1)
    MaskMethod mask = MaskMethod::Saturation;
    double min_foreground = 0.5;  // fraction of a patch's mask pixels that must be tissue
    int max_patches = 0;      // 0 = all eligible patches, up to kLimits.max_patches (limits.h)
    int batch_size = 16;
};

struct Patch {
    int x = 0, y = 0;         // top-left, source pixels
    int size = 0;             // side, source pixels (= settings.size * downscale, rounded)
    float foreground = 1.f;   // tissue fraction in [0, 1]
};

// Binary tissue mask at reduced resolution (its longer side is at most
// `max_side`); mask pixel (mx, my) covers source pixels scaled by `scale`.
struct TissueMask {
    int width = 0, height = 0;
    double scale = 1.0;         // source pixels per mask pixel
    uint8_t threshold = 0;      // Otsu threshold on the 0..255 grey/saturation values, clamped
                                // so tissue-only or glass-only images are not split in half
    std::vector<uint8_t> data;  // 1 = tissue, 0 = background; width * height
};

// Otsu's threshold over a 256-bin histogram: the level t that maximises the
// between-class variance of {<= t} and {> t}.
uint8_t otsu_threshold(const std::vector<uint64_t>& histogram);

TissueMask tissue_mask(const Image& image, MaskMethod method, int max_side = 1024);

// Fraction of mask pixels under the source rectangle that are tissue.
float foreground_fraction(const TissueMask& mask, int x, int y, int width, int height);

// Regular grid over the image at the working resolution. The last row and
// column are shifted to end at the image edge so nothing is left uncovered; an
// image smaller than one patch gives a single patch at (0, 0).
std::vector<Patch> patch_grid(int image_width, int image_height, const PatchSettings& settings);

// Deterministic, spatially even subset of at most `max_patches` (0 = all):
// farthest-point selection starting from the patch nearest the candidates'
// centroid, ties broken by grid order. The result is returned in grid order.
std::vector<Patch> select_evenly(const std::vector<Patch>& candidates, int max_patches);

// grid -> mask filter (min_foreground) -> select_evenly. `mask_out` receives the
// mask when non-null (MaskMethod::None leaves it empty).
std::vector<Patch> sample_patches(const Image& image, const PatchSettings& settings,
                                  TissueMask* mask_out = nullptr);

// One patch's region resampled to the spec's input size, in [0, 1] before
// normalisation (the spec's resize policy is ignored: a patch is always
// resized as a whole). Throws Error when the patch lies outside the image.
PlanarImage patch_pixels(const Image& image, const Patch& patch, const PreprocessSpec& spec);

// Batch tensor of patches [begin, end): each patch region is resampled to the
// spec's input size and normalised like a whole image (the spec's resize policy
// is ignored: a patch is always resized as a whole).
Tensor make_patch_batch(const Image& image, const std::vector<Patch>& patches, size_t begin,
                        size_t end, const PreprocessSpec& spec);

}  // namespace dxlens
