// A blue -> cyan -> green -> yellow -> red ramp ("jet"-like) for heatmaps:
// low values read as cold, high as hot, and the hue changes monotonically.
#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "dxlens/colormap.h"
#include "dxlens/error.h"

namespace dxlens {

namespace {

struct ControlPoint {
    float at;
    float rgb[3];
};

// Evenly spaced pure hues; linear blends between neighbours keep the hue
// sweeping one way (240 -> 180 -> 120 -> 60 -> 0 degrees).
constexpr std::array<ControlPoint, 5> kRamp{{
    {0.00f, {0.f, 0.f, 255.f}},      // blue
    {0.25f, {0.f, 255.f, 255.f}},    // cyan
    {0.50f, {0.f, 255.f, 0.f}},      // green
    {0.75f, {255.f, 255.f, 0.f}},    // yellow
    {1.00f, {255.f, 0.f, 0.f}},      // red
}};

uint8_t to_byte(float v) { return uint8_t(std::clamp(std::lround(v), 0L, 255L)); }

void ramp_colour(float v, uint8_t* rgb) {
    size_t seg = 1;
    while (seg + 1 < kRamp.size() && v > kRamp[seg].at) ++seg;
    const ControlPoint& a = kRamp[seg - 1];
    const ControlPoint& b = kRamp[seg];
    const float t = (v - a.at) / (b.at - a.at);
    for (int c = 0; c < 3; ++c) rgb[c] = to_byte(a.rgb[c] + t * (b.rgb[c] - a.rgb[c]));
}

}  // namespace

std::vector<uint8_t> colormap_rgba(const PlanarImage& map, float alpha, bool alpha_follows_value) {
    const size_t pixels = size_t(map.width) * size_t(map.height);
    if (map.channels != 1 || map.data.size() != pixels) {
        throw Error("colormap needs a 1-channel map of " + std::to_string(map.width) + "x" +
                    std::to_string(map.height) + " values, got " + std::to_string(map.channels) +
                    " channels and " + std::to_string(map.data.size()) + " values");
    }
    const float opacity = std::isnan(alpha) ? 0.f : std::clamp(alpha, 0.f, 1.f) * 255.f;
    std::vector<uint8_t> rgba(pixels * 4);
    for (size_t i = 0; i < pixels; ++i) {
        const float raw = map.data[i];
        const float v = std::isnan(raw) ? 0.f : std::clamp(raw, 0.f, 1.f);  // NaN: no evidence
        uint8_t* out = rgba.data() + i * 4;
        ramp_colour(v, out);
        out[3] = to_byte(alpha_follows_value ? opacity * v : opacity);
    }
    return rgba;
}

}  // namespace dxlens
