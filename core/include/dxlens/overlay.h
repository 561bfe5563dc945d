#pragma once
// What a host draws: an RGBA preview of the image, and overlays (class
// activation maps, patch heat maps, the tissue mask) at their own resolution
// with their placement on the image. The core decides the placement; the page
// lets its canvas scale an overlay into place, the CLI composes it into a PNG.
#include <cstdint>
#include <vector>

#include "dxlens/image.h"
#include "dxlens/patch.h"
#include "dxlens/postprocess.h"
#include "dxlens/preprocess.h"
#include "dxlens/resize.h"

namespace dxlens {

struct RgbaImage {
    int width = 0, height = 0;
    std::vector<uint8_t> data;  // width * height * 4, straight alpha
};

enum class OverlayKind { None, Cam, PatchHeatmap };

struct Overlay {
    int class_index = -1;  // -1 for the tissue mask
    RgbaImage pixels;      // at the map's own resolution
    Box placement;         // where `pixels` cover the image, in source pixels; may reach
                           // past the image edges (a letterboxed input's margins)
};

// 8-bit RGBA copy of `image` (grey replicated, alpha kept), downscaled with
// the antialiased bilinear filter so its longer side is at most `max_side`.
RgbaImage preview_rgba(const Image& image, int max_side);

// A class activation map (feature-map resolution, values in [0, 1]) coloured
// and placed over the source region the model input came from.
Overlay cam_overlay(const PlanarImage& cam, int class_index, const InputGeometry& geometry, const PreprocessSpec& spec);

// One class plane of a patch probability map, coloured; map pixels no patch
// covered stay transparent.
Overlay heatmap_overlay(const ProbabilityMap& map, int class_index);

// The tissue mask: tissue green, background transparent.
Overlay tissue_overlay(const TissueMask& mask);

// The image at full resolution with `overlay` bilinearly scaled onto its
// placement and blended at `opacity` (times the overlay's own alpha).
RgbaImage compose(const Image& image, const Overlay& overlay, float opacity);

}  // namespace dxlens
