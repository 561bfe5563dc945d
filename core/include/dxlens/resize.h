#pragma once
// Antialiased separable resampling, matching Pillow's Image.resize with a source box:
// the filter's support widens by the scale factor when downscaling, weights are
// precomputed once per output row/column, and the image is processed in two
// separable passes whose inner loops vectorise. Their order depends on the
// job: a bilinear downscale runs the vertical pass first (source rows are
// summed into the few output rows, so the per-pixel horizontal taps run on
// output rows only); bicubic filters and upscales run horizontal first, as
// Pillow does, because clamping bicubic overshoot in the other order would
// break parity with it.
#include "dxlens/image.h"

namespace dxlens {

enum class ResizeFilter { Bilinear, Bicubic };

// A rectangle in source pixel coordinates (may be fractional).
struct Box {
    double x = 0, y = 0, width = 0, height = 0;
};

// A window of the (virtual) output image that is actually computed; lets a
// resize-then-center-crop produce only the cropped pixels, with the same weights
// the full resize would use.
struct Window {
    int x = 0, y = 0, width = 0, height = 0;
};

// Resamples `box` of `src` to a virtual out_width x out_height image and returns
// the pixels of `window` in it, as planar float in [0, 1] with `out_channels`
// channels (1 or 3). Alpha is dropped (as Pillow's convert("RGB") does); RGB to
// grey uses Pillow's luma weights (0.299, 0.587, 0.114); grey to RGB replicates.
// 8- and 16-bit sources are both read at full precision.
PlanarImage resample(const Image& src, const Box& box, int out_width, int out_height,
                     const Window& window, ResizeFilter filter, int out_channels);

// Whole-image convenience form of `resample`.
PlanarImage resize(const Image& src, int out_width, int out_height, ResizeFilter filter,
                   int out_channels);

// Planar float to planar float (used to upsample CAMs and heatmaps).
PlanarImage resize(const PlanarImage& src, int out_width, int out_height, ResizeFilter filter);

}  // namespace dxlens
