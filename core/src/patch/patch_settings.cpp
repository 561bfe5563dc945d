#include "patch_settings.h"

#include <cmath>
#include <string>

#include "dxlens/error.h"

namespace dxlens {

namespace {

constexpr int kMaxScaledSide = 1 << 24;

void require(bool ok, const std::string& message) {
    if (!ok) throw Error(message);
}

}  // namespace

void check_patch_settings(const PatchSettings& s) {
    require(s.size > 0, "patch.size must be > 0, got " + std::to_string(s.size));
    require(s.stride > 0, "patch.stride must be > 0, got " + std::to_string(s.stride));
    // Below 1 the patch is upsampled: an image given at a lower resolution than
    // the model's reference (scale.h). Written so that NaN fails too.
    require(std::isfinite(s.downscale) && s.downscale > 0.0,
            "patch.downscale must be > 0, got " + std::to_string(s.downscale));
    require(double(s.size) * s.downscale >= 1.0 && double(s.stride) * s.downscale >= 1.0,
            "patch.size and patch.stride times patch.downscale must be at least one pixel, got " +
                std::to_string(s.size) + " and " + std::to_string(s.stride) + " x " + std::to_string(s.downscale));
    // The patch side and step in source pixels must be sizes an image can
    // have (stb's bound on a side): beyond it they overflow the int positions
    // of the grid, and patch_grid() never reaches the edge.
    require(double(s.size) * s.downscale <= kMaxScaledSide && double(s.stride) * s.downscale <= kMaxScaledSide,
            "patch.size and patch.stride times patch.downscale must be at most " + std::to_string(kMaxScaledSide) +
                " pixels, got " + std::to_string(s.size) + " and " + std::to_string(s.stride) + " x " +
                std::to_string(s.downscale));
    require(s.min_foreground >= 0.0 && s.min_foreground <= 1.0,
            "patch.min_foreground must be in [0, 1], got " + std::to_string(s.min_foreground));
    require(s.max_patches >= 0,
            "patch.max_patches must be >= 0 (0 = all), got " + std::to_string(s.max_patches));
    require(s.batch_size > 0, "patch.batch_size must be > 0, got " + std::to_string(s.batch_size));
}

}  // namespace dxlens
