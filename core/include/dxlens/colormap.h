#pragma once
// Colour-mapping scalar maps to RGBA for overlays on the image.
#include <cstdint>
#include <vector>

#include "dxlens/image.h"

namespace dxlens {

// Maps each value of a 1-channel planar image (expected in [0, 1], clamped) to a
// blue -> cyan -> green -> yellow -> red ramp. Alpha is `alpha` * 255 scaled by
// the value when `alpha_follows_value` (cold regions fade out), else constant.
// Returns width * height * 4 bytes.
std::vector<uint8_t> colormap_rgba(const PlanarImage& map, float alpha, bool alpha_follows_value);

}  // namespace dxlens
