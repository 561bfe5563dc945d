// Patch grid, tissue mask, even selection and batching, on synthetic slides.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "dxlens/error.h"
#include "dxlens/patch.h"

using namespace dxlens;
using Catch::Matchers::Contains;

namespace {

struct Rgb {
    uint8_t r, g, b;
};

const Rgb kGlass{245, 245, 245};   // bright, unsaturated background
const Rgb kPink{215, 120, 170};    // eosin-like tissue
const Rgb kPurple{120, 60, 150};   // haematoxylin-like tissue

Image rgb_image(int width, int height, Rgb fill) {
    Image image;
    image.width = width;
    image.height = height;
    image.channels = 3;
    image.pixels8.resize(image.sample_count());
    for (size_t i = 0; i < image.pixels8.size(); i += 3) {
        image.pixels8[i] = fill.r;
        image.pixels8[i + 1] = fill.g;
        image.pixels8[i + 2] = fill.b;
    }
    return image;
}

void paint(Image& image, int x, int y, Rgb colour) {
    uint8_t* p = image.pixels8.data() + (size_t(y) * image.width + x) * 3;
    p[0] = colour.r, p[1] = colour.g, p[2] = colour.b;
}

void paint_rect(Image& image, int x0, int y0, int w, int h, Rgb colour) {
    for (int y = y0; y < y0 + h; ++y)
        for (int x = x0; x < x0 + w; ++x) paint(image, x, y, colour);
}

void paint_disc(Image& image, int cx, int cy, int radius, Rgb colour) {
    for (int y = cy - radius; y <= cy + radius; ++y)
        for (int x = cx - radius; x <= cx + radius; ++x)
            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius) paint(image, x, y, colour);
}

PatchSettings settings(int size, int stride, double downscale = 1.0) {
    PatchSettings s;
    s.size = size;
    s.stride = stride;
    s.downscale = downscale;
    return s;
}

std::vector<std::pair<int, int>> corners(const std::vector<Patch>& patches) {
    std::vector<std::pair<int, int>> xy;
    for (const Patch& p : patches) xy.emplace_back(p.x, p.y);
    return xy;
}

uint8_t mask_at(const TissueMask& mask, int mx, int my) { return mask.data[size_t(my) * mask.width + mx]; }

}  // namespace

TEST_CASE("patch grid steps by the stride and shifts the last row/column to the edge", "[patch]") {
    const auto grid = patch_grid(500, 300, settings(200, 200));
    const std::vector<std::pair<int, int>> expected = {{0, 0},   {200, 0},   {300, 0},
                                                       {0, 100}, {200, 100}, {300, 100}};
    CHECK(corners(grid) == expected);
    for (const Patch& p : grid) CHECK(p.size == 200);

    // Every pixel is covered, and no patch hangs over the edge.
    std::vector<int> covered(500 * 300, 0);
    for (const Patch& p : grid) {
        REQUIRE(p.x + p.size <= 500);
        REQUIRE(p.y + p.size <= 300);
        for (int y = p.y; y < p.y + p.size; ++y)
            for (int x = p.x; x < p.x + p.size; ++x) covered[size_t(y) * 500 + x] = 1;
    }
    CHECK(std::count(covered.begin(), covered.end(), 0) == 0);
}

TEST_CASE("patch grid with overlap, exact fit and tiny images", "[patch]") {
    // Overlapping stride: 0, 50, 100, 150, 200 (200 + 100 reaches the edge exactly).
    const auto overlap = patch_grid(300, 100, settings(100, 50));
    CHECK(overlap.size() == 5);
    CHECK(overlap.back().x == 200);

    // Exact fit: no extra shifted patch.
    CHECK(patch_grid(400, 200, settings(100, 100)).size() == 8);

    // Smaller than one patch: a single patch at the origin.
    const auto tiny = patch_grid(50, 80, settings(224, 224));
    REQUIRE(tiny.size() == 1);
    CHECK(tiny[0].x == 0);
    CHECK(tiny[0].y == 0);
    CHECK(tiny[0].size == 224);
}

TEST_CASE("patch grid downscale multiplies the coordinates", "[patch]") {
    // At downscale 2.5, a 1000x600 image is worked at 400x240.
    const auto working = patch_grid(400, 240, settings(100, 100));
    const auto source = patch_grid(1000, 600, settings(100, 100, 2.5));
    REQUIRE(source.size() == working.size());
    for (size_t i = 0; i < source.size(); ++i) {
        CHECK(source[i].x == working[i].x * 5 / 2);
        CHECK(source[i].y == working[i].y * 5 / 2);
        CHECK(source[i].size == 250);
    }
    CHECK(source.back().x == 750);
    CHECK(source.back().y == 350);
}

TEST_CASE("patch settings are validated with the field named", "[patch]") {
    CHECK_THROWS_WITH(patch_grid(100, 100, settings(0, 10)), Contains("patch.size must be > 0"));
    CHECK_THROWS_WITH(patch_grid(100, 100, settings(10, 0)), Contains("patch.stride must be > 0"));
    CHECK_THROWS_WITH(patch_grid(100, 100, settings(10, 10, 0.0)), Contains("patch.downscale must be > 0"));
    CHECK_THROWS_WITH(patch_grid(100, 100, settings(10, 10, 0.05)), Contains("at least one pixel"));
    CHECK(patch_grid(100, 100, settings(10, 10, 0.5)).size() == 400);  // 5 px patches: an upsampled image (scale.h)
    CHECK_THROWS_WITH(patch_grid(100, 100, settings(10, 10, std::nan(""))), Contains("patch.downscale"));
    PatchSettings s = settings(10, 10);
    s.min_foreground = 1.5;
    CHECK_THROWS_WITH(patch_grid(100, 100, s), Contains("patch.min_foreground"));
    s.min_foreground = 0.5;
    s.max_patches = -1;
    CHECK_THROWS_WITH(patch_grid(100, 100, s), Contains("patch.max_patches"));
    CHECK_THROWS_AS(patch_grid(0, 100, settings(10, 10)), Error);
}

TEST_CASE("Otsu threshold on bimodal histograms", "[patch]") {
    SECTION("two spikes: the middle of the gap between them") {
        std::vector<uint64_t> h(256, 0);
        h[50] = 300;
        h[200] = 100;
        // Every t in [50, 199] gives the same split; the middle is (50 + 199) / 2.
        CHECK(otsu_threshold(h) == 124);
    }
    SECTION("two bumps: a level between the modes") {
        std::vector<uint64_t> h(256, 0);
        for (int i = 0; i < 256; ++i) {
            h[i] = uint64_t(1000 * std::exp(-0.5 * std::pow((i - 60) / 10.0, 2)) +
                            400 * std::exp(-0.5 * std::pow((i - 190) / 15.0, 2)));
        }
        const int t = otsu_threshold(h);
        CHECK(t > 90);
        CHECK(t < 160);
    }
    SECTION("agrees with minimising the within-class variance by brute force") {
        std::vector<uint64_t> h(256);
        for (int i = 0; i < 256; ++i) h[i] = uint64_t(1 + (i * 37 + (i * i) % 101) % 97 + (i > 170 ? 300 : 0));
        double best = 1e300;
        int expected = -1;
        for (int t = 0; t < 255; ++t) {
            double n[2] = {0, 0}, s[2] = {0, 0}, q[2] = {0, 0};
            for (int i = 0; i < 256; ++i) {
                const int k = i <= t ? 0 : 1;
                n[k] += double(h[i]);
                s[k] += double(h[i]) * i;
                q[k] += double(h[i]) * i * i;
            }
            // Sum over classes of n * variance = sum of squares minus n * mean^2.
            const double within = (q[0] - s[0] * s[0] / n[0]) + (q[1] - s[1] * s[1] / n[1]);
            if (within < best) best = within, expected = t;
        }
        CHECK(int(otsu_threshold(h)) == expected);
    }
    SECTION("degenerate histograms") {
        CHECK(otsu_threshold(std::vector<uint64_t>(256, 0)) == 0);
        std::vector<uint64_t> single(256, 0);
        single[77] = 12;
        CHECK(otsu_threshold(single) == 77);
        CHECK_THROWS_WITH(otsu_threshold(std::vector<uint64_t>(10, 1)), Contains("256-bin"));
    }
}

TEST_CASE("tissue mask of a synthetic slide marks the stained blobs", "[patch]") {
    Image slide = rgb_image(800, 600, kGlass);
    paint_disc(slide, 200, 200, 100, kPink);
    paint_disc(slide, 560, 380, 120, kPurple);

    for (MaskMethod method : {MaskMethod::Saturation, MaskMethod::Grey}) {
        const TissueMask mask = tissue_mask(slide, method, 200);
        REQUIRE(mask.width == 200);
        REQUIRE(mask.height == 150);
        CHECK(mask.scale == 4.0);
        REQUIRE(mask.data.size() == 200u * 150u);
        CHECK(mask_at(mask, 50, 50) == 1);    // pink centre
        CHECK(mask_at(mask, 140, 95) == 1);   // purple centre
        CHECK(mask_at(mask, 0, 0) == 0);      // glass corners
        CHECK(mask_at(mask, 199, 149) == 0);
        CHECK(mask_at(mask, 10, 140) == 0);
        // Tissue covers pi * (100^2 + 120^2) of 800 * 600 source pixels; the mask
        // may differ only along the blob outlines.
        const double tissue = double(std::count(mask.data.begin(), mask.data.end(), 1)) / mask.data.size();
        CHECK(tissue == Approx(3.14159265358979 * (100.0 * 100 + 120.0 * 120) / (800.0 * 600)).epsilon(0.03));
    }
}

namespace {

// A 16x16 grey image holding each level of [first, first + 256) once (clipped to 255).
Image grey_ramp(int first, int count) {
    Image grey;
    grey.width = 16;
    grey.height = 16;
    grey.channels = 1;
    grey.pixels8.assign(256, uint8_t(first));
    for (int i = 0; i < count; ++i) grey.pixels8[size_t(i)] = uint8_t(first + i);
    return grey;
}

// A 16x16 RGB image whose pixel i is (255, 255 - s, 255 - s): saturation s / 255, s = first + i.
Image saturation_ramp(int first, int count) {
    Image colour = rgb_image(16, 16, Rgb{255, uint8_t(255 - first), uint8_t(255 - first)});
    for (int i = 0; i < count; ++i) {
        const int s = first + i;
        paint(colour, i % 16, i / 16, Rgb{255, uint8_t(255 - s), uint8_t(255 - s)});
    }
    return colour;
}

}  // namespace

TEST_CASE("tissue mask never splits all-tissue content in half: Otsu is clamped", "[patch]") {
    // Every level 0..255 once: Otsu alone would split at 127 (for a uniform
    // histogram the variance (t + 1)(255 - t) 128^2 peaks there), calling the
    // paler half of the tissue background. The clamp keeps grey <= 204 and
    // saturation > 38 as tissue.
    const TissueMask dark = tissue_mask(grey_ramp(0, 256), MaskMethod::Grey);
    CHECK(int(dark.threshold) == 204);
    for (int v = 0; v < 256; ++v) CHECK(int(dark.data[size_t(v)]) == (v <= 204 ? 1 : 0));

    const TissueMask stained = tissue_mask(saturation_ramp(0, 256), MaskMethod::Saturation);
    CHECK(int(stained.threshold) == 38);
    for (int s = 0; s < 256; ++s) CHECK(int(stained.data[size_t(s)]) == (s > 38 ? 1 : 0));
}

TEST_CASE("tissue mask uses the Otsu level where it is stricter than the clamp", "[patch]") {
    // Levels 180..255 once each (76 levels; the 180 extra cells repeat 180):
    // the histogram's Otsu split lies above the grey clamp, so it is kept.
    const Image bright = grey_ramp(180, 76);
    std::vector<uint64_t> histogram(256, 0);
    for (uint8_t v : bright.pixels8) ++histogram[v];
    const uint8_t otsu = otsu_threshold(histogram);
    REQUIRE(int(otsu) > 204);
    const TissueMask grey = tissue_mask(bright, MaskMethod::Grey);
    CHECK(grey.threshold == otsu);
    for (size_t i = 0; i < bright.pixels8.size(); ++i)
        CHECK(int(grey.data[i]) == (bright.pixels8[i] <= otsu ? 1 : 0));

    // Saturations 0..29 once each (the rest 0): Otsu splits below the clamp of 38.
    const Image pale = saturation_ramp(0, 30);
    const TissueMask stained = tissue_mask(pale, MaskMethod::Saturation);
    CHECK(int(stained.threshold) < 38);
    CHECK(mask_at(stained, 29 % 16, 29 / 16) == 1);
    CHECK(mask_at(stained, 15, 15) == 0);
}

TEST_CASE("tissue mask of a 16-bit grey image falls back to the grey level", "[patch]") {
    Image xray;
    xray.width = 120;
    xray.height = 90;
    xray.channels = 1;
    xray.bit_depth = 16;
    xray.pixels16.assign(xray.sample_count(), 60000);
    for (int y = 30; y < 60; ++y)
        for (int x = 40; x < 100; ++x) xray.pixels16[size_t(y) * 120 + x] = 9000;

    // Saturation is meaningless without colour; it must not mark everything as glass.
    const TissueMask mask = tissue_mask(xray, MaskMethod::Saturation);
    REQUIRE(mask.width == 120);
    CHECK(mask.scale == 1.0);
    CHECK(mask_at(mask, 60, 45) == 1);
    CHECK(mask_at(mask, 10, 10) == 0);
    CHECK(std::count(mask.data.begin(), mask.data.end(), 1) == 30 * 60);
}

TEST_CASE("tissue mask of a flat image is decided by the clamp alone", "[patch]") {
    const TissueMask mask = tissue_mask(rgb_image(64, 32, kGlass), MaskMethod::Grey);
    CHECK(std::count(mask.data.begin(), mask.data.end(), 1) == 0);
    const TissueMask none = tissue_mask(rgb_image(64, 32, kGlass), MaskMethod::None);
    CHECK(std::count(none.data.begin(), none.data.end(), 1) == 64 * 32);
    // A flat, evenly stained tile is all tissue (a patch classifier's own tiles look like this).
    const TissueMask stained = tissue_mask(rgb_image(64, 32, Rgb{200, 90, 160}), MaskMethod::Saturation);
    CHECK(std::count(stained.data.begin(), stained.data.end(), 1) == 64 * 32);
    CHECK_THROWS_AS(tissue_mask(Image{}, MaskMethod::Grey), Error);
}

TEST_CASE("foreground_fraction weights mask cells by overlap", "[patch]") {
    TissueMask mask;
    mask.width = 4;
    mask.height = 2;
    mask.scale = 2.0;
    mask.data = {1, 1, 0, 0,
                 1, 0, 0, 0};
    CHECK(foreground_fraction(mask, 0, 0, 4, 4) == Approx(0.75));
    CHECK(foreground_fraction(mask, 1, 0, 2, 2) == Approx(1.0));   // halves of two tissue cells
    CHECK(foreground_fraction(mask, 2, 0, 4, 4) == Approx(0.25));
    CHECK(foreground_fraction(mask, 3, 1, 2, 2) == Approx(0.25));  // quarters of four cells
    CHECK(foreground_fraction(mask, 100, 100, 2, 2) == 0.f);
    CHECK(foreground_fraction(TissueMask{}, 0, 0, 5, 5) == 1.f);
    CHECK_THROWS_AS(foreground_fraction(mask, 0, 0, 0, 4), Error);
}

TEST_CASE("sample_patches keeps patches with enough tissue", "[patch]") {
    // A 4x3 grid of 100-pixel patches; tissue fills patches (1,0) and (2,1) and
    // the left half of patch (3,2).
    Image slide = rgb_image(400, 300, kGlass);
    paint_rect(slide, 100, 0, 100, 100, kPurple);
    paint_rect(slide, 200, 100, 100, 100, kPink);
    paint_rect(slide, 300, 200, 50, 100, kPurple);

    PatchSettings s = settings(100, 100);
    s.min_foreground = 0.5;
    TissueMask mask;
    const auto kept = sample_patches(slide, s, &mask);
    const std::vector<std::pair<int, int>> expected = {{100, 0}, {200, 100}, {300, 200}};
    CHECK(corners(kept) == expected);
    REQUIRE(kept.size() == 3);
    CHECK(kept[0].foreground == Approx(1.0));
    CHECK(kept[2].foreground == Approx(0.5));
    CHECK(mask.width == 400);

    s.min_foreground = 0.6;
    CHECK(sample_patches(slide, s).size() == 2);

    s.min_foreground = 0.0;
    CHECK(sample_patches(slide, s).size() == 12);

    s.mask = MaskMethod::None;
    s.min_foreground = 1.0;
    const auto all = sample_patches(slide, s, &mask);
    CHECK(all.size() == 12);
    CHECK(mask.data.empty());
    for (const Patch& p : all) CHECK(p.foreground == 1.f);

    s.max_patches = 5;
    CHECK(sample_patches(slide, s).size() == 5);
}

TEST_CASE("select_evenly spreads a budget over the grid", "[patch]") {
    const auto grid = patch_grid(1000, 1000, settings(100, 100));
    REQUIRE(grid.size() == 100);

    const auto four = select_evenly(grid, 4);
    REQUIRE(four.size() == 4);
    // Worked by hand: start at (400, 400) (nearest the centre, first in grid
    // order), then (900, 900), then (900, 0) before (0, 900) by grid order, then (0, 900).
    const std::vector<std::pair<int, int>> expected = {{900, 0}, {400, 400}, {0, 900}, {900, 900}};
    CHECK(corners(four) == expected);
    int quadrant_count[4] = {0, 0, 0, 0};
    for (const Patch& p : four) ++quadrant_count[(p.x >= 500 ? 1 : 0) + (p.y >= 500 ? 2 : 0)];
    for (int q : quadrant_count) CHECK(q == 1);

    // Deterministic, the requested count, in grid order.
    const auto first = select_evenly(grid, 17);
    CHECK(first.size() == 17);
    CHECK(corners(select_evenly(grid, 17)) == corners(first));
    CHECK(std::is_sorted(first.begin(), first.end(), [](const Patch& a, const Patch& b) {
        return a.y != b.y ? a.y < b.y : a.x < b.x;
    }));

    CHECK(select_evenly(grid, 0).size() == 100);
    CHECK(select_evenly(grid, 500).size() == 100);
    CHECK(select_evenly({}, 3).empty());
    CHECK_THROWS_AS(select_evenly(grid, -1), Error);
}

TEST_CASE("make_patch_batch fills [B,C,H,W] with each region preprocessed", "[patch]") {
    // Distinct values everywhere, so a wrong offset cannot go unnoticed.
    Image image = rgb_image(64, 48, kGlass);
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 64; ++x)
            paint(image, x, y, Rgb{uint8_t((x * 7 + y * 13) % 256), uint8_t((x * 3 + y * 29) % 256), uint8_t(x + y)});

    PreprocessSpec spec;
    spec.policy = ResizePolicy::ShorterSideCenterCrop;  // ignored for patches
    spec.out_width = 16;
    spec.out_height = 16;
    spec.mean = {0.5f, 0.4f, 0.3f};
    spec.std = {0.2f, 0.25f, 0.3f};

    std::vector<Patch> patches(4);
    patches[0] = {0, 0, 16, 1.f};
    patches[1] = {16, 8, 16, 1.f};
    patches[2] = {48, 32, 16, 1.f};
    patches[3] = {30, 20, 16, 1.f};

    // Patch side = input side: resampling is the identity, so each value is
    // (pixel / 255 - mean) / std of the source pixel.
    const Tensor batch = make_patch_batch(image, patches, 1, 4, spec);
    const std::vector<int64_t> shape = {3, 3, 16, 16};
    REQUIRE(batch.shape == shape);
    REQUIRE(batch.f32.size() == 3u * 3 * 16 * 16);
    for (int b = 0; b < 3; ++b) {
        const Patch& p = patches[size_t(b) + 1];
        for (int c = 0; c < 3; ++c)
            for (int y = 0; y < 16; ++y)
                for (int x = 0; x < 16; ++x) {
                    const float pixel = image.pixels8[(size_t(p.y + y) * 64 + p.x + x) * 3 + c] / 255.f;
                    const float expected = (pixel - spec.mean[c]) / spec.std[c];
                    CHECK(batch.f32[((size_t(b) * 3 + c) * 16 + y) * 16 + x] == Approx(expected).margin(1e-5));
                }
    }

    spec.layout = Layout::NHWC;
    const std::vector<int64_t> nhwc = {2, 16, 16, 3};
    CHECK(make_patch_batch(image, patches, 0, 2, spec).shape == nhwc);

    CHECK_THROWS_AS(make_patch_batch(image, patches, 2, 2, spec), Error);
    CHECK_THROWS_AS(make_patch_batch(image, patches, 0, 5, spec), Error);
}

TEST_CASE("make_patch_batch downsamples a larger patch to the input size", "[patch]") {
    // A linear ramp is reproduced exactly by the symmetric bilinear filter: output
    // pixel ox of a 32-pixel patch at x0 (scale 2) averages around source
    // position x0 + 2 * ox + 0.5. Border outputs depend on pixels beyond the
    // patch, so only interior ones are checked.
    Image ramp = rgb_image(80, 80, kGlass);
    for (int y = 0; y < 80; ++y)
        for (int x = 0; x < 80; ++x) paint(ramp, x, y, Rgb{uint8_t(10 + 2 * x), uint8_t(10 + 2 * y), 100});

    PreprocessSpec spec;
    spec.out_width = 16;
    spec.out_height = 16;
    const Patch patch{20, 30, 32, 1.f};
    const Tensor batch = make_patch_batch(ramp, {patch}, 0, 1, spec);
    const size_t plane = 16 * 16;
    for (int oy = 1; oy < 15; ++oy)
        for (int ox = 1; ox < 15; ++ox) {
            const size_t i = size_t(oy) * 16 + ox;
            CHECK(batch.f32[i] == Approx((10 + 2 * (patch.x + 2 * ox + 0.5)) / 255.0).margin(1e-4));
            CHECK(batch.f32[plane + i] == Approx((10 + 2 * (patch.y + 2 * oy + 0.5)) / 255.0).margin(1e-4));
            CHECK(batch.f32[2 * plane + i] == Approx(100 / 255.0).margin(1e-4));
        }
}
