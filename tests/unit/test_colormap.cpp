// The heatmap colour ramp and its alpha.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "dxlens/colormap.h"
#include "dxlens/error.h"

using namespace dxlens;

namespace {

PlanarImage row_map(std::vector<float> values) {
    PlanarImage map;
    map.width = int(values.size());
    map.height = 1;
    map.channels = 1;
    map.data = std::move(values);
    return map;
}

// HSV hue in degrees, computed from the bytes.
double hue(const uint8_t* rgb) {
    const double r = rgb[0], g = rgb[1], b = rgb[2];
    const double hi = std::max({r, g, b}), lo = std::min({r, g, b}), d = hi - lo;
    if (d == 0) return 0;
    double h;
    if (hi == r) h = (g - b) / d;
    else if (hi == g) h = 2 + (b - r) / d;
    else h = 4 + (r - g) / d;
    h *= 60;
    return h < 0 ? h + 360 : h;
}

}  // namespace

TEST_CASE("colormap runs blue, cyan, green, yellow, red", "[colormap]") {
    const auto rgba = colormap_rgba(row_map({0.f, 0.25f, 0.5f, 0.75f, 1.f}), 1.f, false);
    REQUIRE(rgba.size() == 5 * 4);
    const std::vector<uint8_t> expected = {0,   0,   255, 255,   // blue
                                           0,   255, 255, 255,   // cyan
                                           0,   255, 0,   255,   // green
                                           255, 255, 0,   255,   // yellow
                                           255, 0,   0,   255};  // red
    CHECK(rgba == expected);
}

TEST_CASE("colormap hue falls monotonically from blue to red", "[colormap]") {
    std::vector<float> values;
    for (int i = 0; i <= 200; ++i) values.push_back(i / 200.f);
    const auto rgba = colormap_rgba(row_map(values), 1.f, false);
    double previous = 240.0;
    for (size_t i = 0; i < values.size(); ++i) {
        const double h = hue(&rgba[i * 4]);
        CHECK(h <= previous + 1e-9);
        previous = h;
    }
    CHECK(hue(&rgba[0]) == Approx(240));
    CHECK(previous == Approx(0));
    // Halfway into the blue -> cyan segment.
    CHECK(int(rgba[25 * 4 + 1]) == 128);
}

TEST_CASE("colormap alpha is constant or follows the value; values are clamped", "[colormap]") {
    const PlanarImage map = row_map({-0.5f, 0.f, 0.4f, 1.f, 3.f});
    const auto constant = colormap_rgba(map, 0.5f, false);
    for (size_t i = 0; i < 5; ++i) CHECK(int(constant[i * 4 + 3]) == 128);  // 127.5 rounds up

    const auto fading = colormap_rgba(map, 0.8f, true);
    const int expected_alpha[] = {0, 0, 82, 204, 204};  // 0.8 * 255 * clamp(v)
    for (size_t i = 0; i < 5; ++i) CHECK(int(fading[i * 4 + 3]) == expected_alpha[i]);

    // Out-of-range values take the end colours.
    CHECK(std::vector<uint8_t>(fading.begin(), fading.begin() + 3) == std::vector<uint8_t>{0, 0, 255});
    CHECK(std::vector<uint8_t>(fading.begin() + 16, fading.begin() + 19) == std::vector<uint8_t>{255, 0, 0});
}

TEST_CASE("colormap refuses multi-channel maps", "[colormap]") {
    PlanarImage rgb;
    rgb.width = 2;
    rgb.height = 2;
    rgb.channels = 3;
    rgb.data.assign(12, 0.5f);
    CHECK_THROWS_AS(colormap_rgba(rgb, 1.f, true), Error);
    PlanarImage empty;
    empty.channels = 1;
    CHECK(colormap_rgba(empty, 1.f, true).empty());
}
