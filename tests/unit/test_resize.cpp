// Resampling: Pillow's weights, exactness where it is expected, windows, channel
// conversion and 16-bit precision.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "../../core/src/resize/resample_weights.h"  // internal: the per-axis weights
#include "dxlens/error.h"
#include "dxlens/resize.h"

using dxlens::Box;
using dxlens::Image;
using dxlens::PlanarImage;
using dxlens::ResizeFilter;
using dxlens::Window;

namespace {

Image make_image8(int width, int height, int channels, const std::vector<uint8_t>& pixels) {
    Image image;
    image.width = width;
    image.height = height;
    image.channels = channels;
    image.bit_depth = 8;
    image.pixels8 = pixels;
    return image;
}

// Deterministic pseudo-random bytes (a small LCG, so the test needs no <random>
// distribution whose output could differ between standard libraries).
Image patterned_image8(int width, int height, int channels, uint32_t seed) {
    std::vector<uint8_t> pixels(size_t(width) * height * channels);
    for (auto& p : pixels) {
        seed = seed * 1664525u + 1013904223u;
        p = static_cast<uint8_t>(seed >> 24);
    }
    return make_image8(width, height, channels, pixels);
}

float value(const PlanarImage& image, int c, int x, int y) {
    return image.plane(c)[size_t(y) * image.width + x];
}

}  // namespace

TEST_CASE("axis weights are normalised and stay inside the input", "[resize]") {
    for (auto filter : {ResizeFilter::Bilinear, ResizeFilter::Bicubic}) {
        for (auto sizes : {std::pair<int, int>{100, 7}, {7, 100}, {131, 61}, {5, 5}, {1000, 3}}) {
            const int in = sizes.first, out = sizes.second;
            const auto w = dxlens::detail::axis_weights(in, 0.0, in, out, 0, out, filter);
            for (int i = 0; i < out; ++i) {
                double sum = 0;
                for (int k = 0; k < w.count[i]; ++k) sum += w.of(i)[k];
                CAPTURE(in, out, i);
                REQUIRE(sum == Approx(1.0).margin(1e-6));
                REQUIRE(w.first[i] >= 0);
                REQUIRE(w.first[i] + w.count[i] <= in);
                REQUIRE(w.count[i] <= w.stride);
            }
        }
    }
}

TEST_CASE("bilinear 2x downscale uses Pillow's triangle taps", "[resize]") {
    // Scale 2 widens the triangle to support 2: interior outputs read four inputs
    // weighted 1,3,3,1 / 8; the edge outputs lose the tap outside the image and
    // renormalise to 3,3,1 / 7 (hand-derived from center = (i + 0.5) * 2).
    const std::vector<double> v{0, 40, 80, 200, 255, 10, 120, 60};
    const std::vector<double> row_expected{
        (3 * v[0] + 3 * v[1] + v[2]) / 7, (v[1] + 3 * v[2] + 3 * v[3] + v[4]) / 8,
        (v[3] + 3 * v[4] + 3 * v[5] + v[6]) / 8, (v[5] + 3 * v[6] + 3 * v[7]) / 7};

    SECTION("one row") {
        std::vector<uint8_t> pixels(v.begin(), v.end());
        const PlanarImage out = dxlens::resize(make_image8(8, 1, 1, pixels), 4, 1, ResizeFilter::Bilinear, 1);
        REQUIRE(out.width == 4);
        REQUIRE(out.height == 1);
        for (int x = 0; x < 4; ++x) REQUIRE(value(out, 0, x, 0) == Approx(row_expected[x] / 255).margin(1e-6));
    }
    SECTION("both axes, separably") {
        // pixel(x, y) = v[x] scaled by a per-row factor, so expected = row_expected[x] * column mix.
        const std::vector<double> f{1.0, 0.5, 0.25, 0.75, 0.1, 0.9, 0.3, 0.6};
        std::vector<uint8_t> pixels;
        std::vector<double> exact;  // the stored (rounded) samples
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 8; ++x) pixels.push_back(static_cast<uint8_t>(std::lround(v[x] * f[y])));
        const PlanarImage out = dxlens::resize(make_image8(8, 8, 1, pixels), 4, 4, ResizeFilter::Bilinear, 1);
        const double taps[4][8] = {{3, 3, 1, 0, 0, 0, 0, 0},
                                   {0, 1, 3, 3, 1, 0, 0, 0},
                                   {0, 0, 0, 1, 3, 3, 1, 0},
                                   {0, 0, 0, 0, 0, 1, 3, 3}};
        const double norm[4] = {7, 8, 8, 7};
        for (int oy = 0; oy < 4; ++oy)
            for (int ox = 0; ox < 4; ++ox) {
                double sum = 0;
                for (int y = 0; y < 8; ++y)
                    for (int x = 0; x < 8; ++x)
                        sum += taps[oy][y] / norm[oy] * taps[ox][x] / norm[ox] * pixels[y * 8 + x];
                CAPTURE(ox, oy);
                REQUIRE(value(out, 0, ox, oy) == Approx(sum / 255).margin(1e-6));
            }
    }
}

TEST_CASE("bilinear 2x upscale interpolates at quarter positions", "[resize]") {
    // Output centres at 0.25, 0.75, 1.25, 1.75 input pixels; the outermost ones
    // fall back on the edge sample alone.
    const PlanarImage out = dxlens::resize(make_image8(2, 1, 1, {40, 200}), 4, 1, ResizeFilter::Bilinear, 1);
    const double expected[4] = {40, 0.75 * 40 + 0.25 * 200, 0.25 * 40 + 0.75 * 200, 200};
    for (int x = 0; x < 4; ++x) REQUIRE(value(out, 0, x, 0) == Approx(expected[x] / 255).margin(1e-6));
}

TEST_CASE("a constant image stays constant at any scale", "[resize]") {
    const Image image = make_image8(37, 23, 3, std::vector<uint8_t>(37 * 23 * 3, 77));
    for (auto filter : {ResizeFilter::Bilinear, ResizeFilter::Bicubic})
        for (auto size : {std::pair<int, int>{5, 3}, {37, 23}, {100, 61}, {1, 1}, {64, 9}}) {
            const PlanarImage out = dxlens::resize(image, size.first, size.second, filter, 3);
            REQUIRE(out.data.size() == size_t(size.first) * size.second * 3);
            for (float v : out.data) REQUIRE(v == Approx(77.0 / 255).margin(1e-6));
        }
}

TEST_CASE("resizing to the same size is exact", "[resize]") {
    const Image image = patterned_image8(19, 11, 3, 7);
    for (auto filter : {ResizeFilter::Bilinear, ResizeFilter::Bicubic}) {
        const PlanarImage out = dxlens::resize(image, 19, 11, filter, 3);
        for (int c = 0; c < 3; ++c)
            for (int y = 0; y < 11; ++y)
                for (int x = 0; x < 19; ++x)
                    REQUIRE(value(out, c, x, y) == image.sample((size_t(y) * 19 + x) * 3 + c));
    }
}

TEST_CASE("a window is exactly the crop of the full resize", "[resize]") {
    const Image image = patterned_image8(37, 29, 3, 11);
    const Box whole{0, 0, 37, 29};
    for (auto filter : {ResizeFilter::Bilinear, ResizeFilter::Bicubic})
        // Up, down and mixed: a downscale runs the vertical pass first, an upscale
        // the horizontal one, and either way a window must match the full result.
        for (auto out_size : {std::pair<int, int>{23, 31}, {90, 70}, {17, 21}}) {
            const int ow = out_size.first, oh = out_size.second;
            const PlanarImage full = dxlens::resize(image, ow, oh, filter, 3);
            const Window window{5, 7, 11, 13};
            const PlanarImage part = dxlens::resample(image, whole, ow, oh, window, filter, 3);
            REQUIRE(part.width == 11);
            REQUIRE(part.height == 13);
            for (int c = 0; c < 3; ++c)
                for (int y = 0; y < 13; ++y)
                    for (int x = 0; x < 11; ++x)
                        REQUIRE(value(part, c, x, y) == value(full, c, x + window.x, y + window.y));
        }
}

TEST_CASE("a source box resamples just that region", "[resize]") {
    const Image image = patterned_image8(40, 30, 1, 3);
    // Box of integer size at an integer offset, same output size: the crop itself.
    const PlanarImage out = dxlens::resample(image, Box{10, 5, 12, 8}, 12, 8, Window{0, 0, 12, 8},
                                             ResizeFilter::Bicubic, 1);
    for (int y = 0; y < 8; ++y)
        for (int x = 0; x < 12; ++x) REQUIRE(value(out, 0, x, y) == image.sample(size_t(y + 5) * 40 + x + 10));
}

TEST_CASE("boxes reaching past the image renormalise or repeat the edge", "[resize]") {
    SECTION("partly outside: a constant image stays constant") {
        const Image image = make_image8(10, 10, 1, std::vector<uint8_t>(100, 90));
        const PlanarImage out = dxlens::resample(image, Box{-3, -2, 16, 14}, 5, 5, Window{0, 0, 5, 5},
                                                 ResizeFilter::Bicubic, 1);
        for (float v : out.data) REQUIRE(v == Approx(90.0 / 255).margin(1e-6));
    }
    SECTION("entirely outside: the nearest edge column") {
        std::vector<uint8_t> pixels;
        for (int y = 0; y < 4; ++y)
            for (int x = 0; x < 6; ++x) pixels.push_back(static_cast<uint8_t>(x * 40 + 10));
        const Image image = make_image8(6, 4, 1, pixels);
        const PlanarImage right = dxlens::resample(image, Box{50, 0, 4, 4}, 2, 2, Window{0, 0, 2, 2},
                                                   ResizeFilter::Bilinear, 1);
        const PlanarImage left = dxlens::resample(image, Box{-50, 0, 4, 4}, 2, 2, Window{0, 0, 2, 2},
                                                  ResizeFilter::Bilinear, 1);
        for (float v : right.data) REQUIRE(v == Approx(210.0 / 255).margin(1e-6));
        for (float v : left.data) REQUIRE(v == Approx(10.0 / 255).margin(1e-6));
    }
}

TEST_CASE("16-bit samples keep their full precision", "[resize]") {
    Image image;
    image.width = 4;
    image.height = 2;
    image.channels = 1;
    image.bit_depth = 16;
    image.pixels16 = {30000, 30001, 30002, 30003, 30000, 30001, 30002, 30003};
    const PlanarImage same = dxlens::resize(image, 4, 2, ResizeFilter::Bilinear, 1);
    for (int x = 0; x < 4; ++x) REQUIRE(value(same, 0, x, 0) == Approx((30000.0 + x) / 65535).margin(1e-7));
    REQUIRE(value(same, 0, 1, 0) - value(same, 0, 0, 0) == Approx(1.0 / 65535).margin(1e-7));

    // A 16-bit level that 8 bits cannot represent survives a downscale.
    image.pixels16.assign(8, 12345);
    const PlanarImage down = dxlens::resize(image, 1, 1, ResizeFilter::Bicubic, 3);
    for (float v : down.data) REQUIRE(v == Approx(12345.0 / 65535).margin(1e-7));
}

TEST_CASE("channel conversion while reading rows", "[resize]") {
    SECTION("RGB to grey uses Pillow's luma weights") {
        const PlanarImage out = dxlens::resize(make_image8(1, 1, 3, {200, 100, 50}), 1, 1, ResizeFilter::Bilinear, 1);
        REQUIRE(out.channels == 1);
        REQUIRE(value(out, 0, 0, 0) == Approx((0.299 * 200 + 0.587 * 100 + 0.114 * 50) / 255).margin(1e-6));
    }
    SECTION("RGBA to grey ignores alpha") {
        const PlanarImage out = dxlens::resize(make_image8(1, 1, 4, {200, 100, 50, 0}), 1, 1, ResizeFilter::Bilinear, 1);
        REQUIRE(value(out, 0, 0, 0) == Approx((0.299 * 200 + 0.587 * 100 + 0.114 * 50) / 255).margin(1e-6));
    }
    SECTION("grey to RGB replicates") {
        const PlanarImage out = dxlens::resize(make_image8(2, 1, 1, {123, 7}), 2, 1, ResizeFilter::Bicubic, 3);
        REQUIRE(out.channels == 3);
        for (int c = 0; c < 3; ++c) {
            REQUIRE(value(out, c, 0, 0) == Approx(123.0 / 255).margin(1e-6));
            REQUIRE(value(out, c, 1, 0) == Approx(7.0 / 255).margin(1e-6));
        }
    }
    SECTION("grey+alpha keeps the grey, drops alpha") {
        const PlanarImage grey = dxlens::resize(make_image8(1, 1, 2, {60, 255}), 1, 1, ResizeFilter::Bilinear, 1);
        const PlanarImage rgb = dxlens::resize(make_image8(1, 1, 2, {60, 0}), 1, 1, ResizeFilter::Bilinear, 3);
        REQUIRE(value(grey, 0, 0, 0) == Approx(60.0 / 255).margin(1e-6));
        for (int c = 0; c < 3; ++c) REQUIRE(value(rgb, c, 0, 0) == Approx(60.0 / 255).margin(1e-6));
    }
    SECTION("RGBA to RGB drops alpha") {
        const PlanarImage out = dxlens::resize(make_image8(1, 1, 4, {10, 20, 30, 0}), 1, 1, ResizeFilter::Bilinear, 3);
        REQUIRE(value(out, 0, 0, 0) == Approx(10.0 / 255).margin(1e-6));
        REQUIRE(value(out, 1, 0, 0) == Approx(20.0 / 255).margin(1e-6));
        REQUIRE(value(out, 2, 0, 0) == Approx(30.0 / 255).margin(1e-6));
    }
}

TEST_CASE("image resizes clamp bicubic overshoot, float maps do not", "[resize]") {
    // A hard 0 -> 255 edge: bicubic's negative lobes undershoot next to it.
    const Image edge = make_image8(4, 1, 1, {0, 0, 255, 255});
    const PlanarImage image_out = dxlens::resize(edge, 16, 1, ResizeFilter::Bicubic, 1);
    for (float v : image_out.data) {
        REQUIRE(v >= 0.f);
        REQUIRE(v <= 1.f);
    }
    PlanarImage map;
    map.width = 4;
    map.height = 1;
    map.channels = 1;
    map.data = {0.f, 0.f, 1.f, 1.f};
    const PlanarImage map_out = dxlens::resize(map, 16, 1, ResizeFilter::Bicubic);
    float lowest = 1.f;
    for (float v : map_out.data) lowest = std::min(lowest, v);
    REQUIRE(lowest < -0.01f);
}

TEST_CASE("planar maps resize per channel", "[resize]") {
    PlanarImage map;
    map.width = 3;
    map.height = 2;
    map.channels = 2;
    map.data = {2.5f, 2.5f, 2.5f, 2.5f, 2.5f, 2.5f, -1.f, 0.f, 3.f, -1.f, 0.f, 3.f};
    const PlanarImage same = dxlens::resize(map, 3, 2, ResizeFilter::Bicubic);
    REQUIRE(same.data == map.data);
    const PlanarImage up = dxlens::resize(map, 7, 5, ResizeFilter::Bilinear);
    REQUIRE(up.channels == 2);
    for (int y = 0; y < 5; ++y)
        for (int x = 0; x < 7; ++x) REQUIRE(value(up, 0, x, y) == Approx(2.5f).margin(1e-6));
    REQUIRE(value(up, 1, 0, 2) == Approx(-1.f).margin(1e-6));
    REQUIRE(value(up, 1, 6, 2) == Approx(3.f).margin(1e-6));
}

TEST_CASE("resize rejects bad arguments", "[resize]") {
    const Image image = patterned_image8(8, 6, 3, 1);
    const Box whole{0, 0, 8, 6};
    using dxlens::Error;
    REQUIRE_THROWS_AS(dxlens::resize(image, 0, 4, ResizeFilter::Bilinear, 3), Error);
    REQUIRE_THROWS_AS(dxlens::resize(image, 4, -1, ResizeFilter::Bilinear, 3), Error);
    REQUIRE_THROWS_WITH(dxlens::resize(image, 4, 4, ResizeFilter::Bilinear, 2),
                        Catch::Contains("1 or 3 channels"));
    REQUIRE_THROWS_AS(dxlens::resize(Image{}, 4, 4, ResizeFilter::Bilinear, 3), Error);
    REQUIRE_THROWS_WITH(dxlens::resample(image, whole, 4, 4, Window{2, 0, 3, 4}, ResizeFilter::Bilinear, 3),
                        Catch::Contains("window"));
    REQUIRE_THROWS_AS(dxlens::resample(image, whole, 4, 4, Window{0, 0, 0, 4}, ResizeFilter::Bilinear, 3), Error);
    REQUIRE_THROWS_AS(dxlens::resample(image, Box{0, 0, 0, 6}, 4, 4, Window{0, 0, 4, 4}, ResizeFilter::Bilinear, 3),
                      Error);
    Image short_buffer = image;
    short_buffer.pixels8.pop_back();
    REQUIRE_THROWS_WITH(dxlens::resize(short_buffer, 4, 4, ResizeFilter::Bilinear, 3), Catch::Contains("samples"));
    PlanarImage empty_map;
    REQUIRE_THROWS_AS(dxlens::resize(empty_map, 4, 4, ResizeFilter::Bilinear), Error);
}
