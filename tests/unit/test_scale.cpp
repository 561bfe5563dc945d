// The scale patches are cut at (scale.h): the image's stated resolution from
// its file (PNG pHYs, JPEG JFIF density), the user's, or the reference's; and
// the limits that keep a wrong scale from grinding through millions of patches.
// Runs natively and in wasm.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "decode_test_helpers.h"
#include "dxlens/decode.h"
#include "dxlens/error.h"
#include "dxlens/manifest.h"
#include "dxlens/patch.h"
#include "dxlens/scale.h"

using namespace dxlens;

namespace {

// A PNG header with a pHYs chunk: `per_unit` pixels per unit on each axis.
std::vector<uint8_t> png_with_density(uint32_t x_per_unit, uint32_t y_per_unit, uint8_t unit) {
    std::vector<uint8_t> png = decode_test::png_header_only(8, 8);
    std::vector<uint8_t> phys;
    decode_test::put_be32(phys, x_per_unit);
    decode_test::put_be32(phys, y_per_unit);
    phys.push_back(unit);
    decode_test::append_chunk(png, "pHYs", phys);
    return png;
}

double png_mpp(uint32_t x_per_unit, uint32_t y_per_unit, uint8_t unit) {
    const std::vector<uint8_t> png = png_with_density(x_per_unit, y_per_unit, unit);
    return probe_image(png.data(), png.size()).microns_per_pixel;
}

// The baseline fixture with its JFIF APP0 density rewritten (offsets: FFD8,
// FFE0, length, "JFIF\0", version; then units at 13, X at 14, Y at 16).
double jpeg_mpp(uint8_t units, uint16_t x_density, uint16_t y_density) {
    std::vector<uint8_t> jpeg = decode_test::fixture("baseline.jpg");
    REQUIRE(std::string(jpeg.begin() + 6, jpeg.begin() + 10) == "JFIF");
    jpeg[13] = units;
    jpeg[14] = uint8_t(x_density >> 8);
    jpeg[15] = uint8_t(x_density);
    jpeg[16] = uint8_t(y_density >> 8);
    jpeg[17] = uint8_t(y_density);
    const double probed = probe_image(jpeg.data(), jpeg.size()).microns_per_pixel;
    CHECK(decode_image(jpeg.data(), jpeg.size()).microns_per_pixel == probed);
    return probed;
}

PatchConfig patch_config(double reference_downscale, double model_mpp = 0) {
    PatchConfig config;
    config.settings.size = 112;
    config.settings.stride = 112;
    config.settings.downscale = reference_downscale;
    config.scale_reference = "originals";
    config.input_microns_per_pixel = model_mpp;
    return config;
}

Image image_with_mpp(double mpp) {
    Image image;
    image.microns_per_pixel = mpp;
    return image;
}

}  // namespace

TEST_CASE("scale: a PNG's pHYs in pixels per metre gives microns per pixel", "[scale][decode]") {
    CHECK(png_mpp(4'000'000, 4'000'000, 1) == Approx(0.25));  // 40x scanner
    CHECK(png_mpp(100'000, 100'000, 1) == Approx(10.0));
    // Screen and print densities say nothing about the subject.
    CHECK(png_mpp(2835, 2835, 1) == 0);     // 72 dpi
    CHECK(png_mpp(11811, 11811, 1) == 0);   // 300 dpi
    CHECK(png_mpp(4'000'000, 4'000'000, 0) == 0);  // unit 0: an aspect ratio only
    CHECK(png_mpp(4'000'000, 2'000'000, 1) == 0);  // not square pixels
    CHECK(png_mpp(0, 0, 1) == 0);
    const std::vector<uint8_t> plain = decode_test::png_header_only(8, 8);
    CHECK(probe_image(plain.data(), plain.size()).microns_per_pixel == 0);
}

TEST_CASE("scale: a JPEG's JFIF density in dots per inch or per cm gives microns per pixel", "[scale][decode]") {
    CHECK(jpeg_mpp(1, 25400, 25400) == Approx(1.0));  // dots per inch
    CHECK(jpeg_mpp(2, 20000, 20000) == Approx(0.5));  // dots per cm
    CHECK(jpeg_mpp(1, 72, 72) == 0);                  // a screen's
    CHECK(jpeg_mpp(0, 1, 1) == 0);                    // aspect ratio only (the fixture as written)
    CHECK(jpeg_mpp(2, 20000, 10000) == 0);            // not square pixels
}

TEST_CASE("scale: the user's scale wins, then the file's, then the reference", "[scale]") {
    const PatchConfig relative_only = patch_config(6.0);
    const PatchConfig physical = patch_config(6.0, 2.0);  // one model pixel is 2 microns

    PatchScale s = resolve_patch_scale(relative_only, {}, Image{});
    CHECK(s.source == ScaleSource::Reference);
    CHECK(s.downscale == 6.0);
    CHECK(s.field_of_view == 672);

    // Half the reference resolution: half the source pixels per model pixel.
    s = resolve_patch_scale(relative_only, InputScale{0.5, 0}, Image{});
    CHECK(s.source == ScaleSource::User);
    CHECK(s.downscale == Approx(3.0));
    CHECK(s.field_of_view == 336);

    // A model that knows its microns per pixel: 2 um per model pixel from a 0.25 um image.
    s = resolve_patch_scale(physical, InputScale{0, 0.25}, Image{});
    CHECK(s.source == ScaleSource::User);
    CHECK(s.downscale == Approx(8.0));
    s = resolve_patch_scale(physical, {}, image_with_mpp(0.5));
    CHECK(s.source == ScaleSource::File);
    CHECK(s.downscale == Approx(4.0));
    s = resolve_patch_scale(physical, InputScale{2.0, 0}, image_with_mpp(0.5));  // the user wins
    CHECK(s.source == ScaleSource::User);
    CHECK(s.downscale == Approx(12.0));
    // A relative-only model cannot use a file's physical resolution.
    CHECK(resolve_patch_scale(relative_only, {}, image_with_mpp(0.5)).source == ScaleSource::Reference);
}

TEST_CASE("scale: impossible scales are refused with their reason", "[scale]") {
    const PatchConfig relative_only = patch_config(6.0);
    const auto refused = [&](InputScale input, const char* fragment) {
        try {
            resolve_patch_scale(relative_only, input, Image{});
            FAIL("accepted");
        } catch (const Error& e) {
            CHECK(e.kind() == ErrorKind::InvalidArgument);
            CHECK_THAT(e.what(), Catch::Matchers::Contains(fragment));
        }
    };
    refused(InputScale{0.5, 0.5}, "not both");
    refused(InputScale{-1, 0}, "positive");
    refused(InputScale{0, 0.5}, "relative to originals");  // no physical scale in the manifest

    // A scale that makes patches a few pixels wide: refused before the grid is made.
    PatchSettings tiny;
    tiny.size = 112;
    tiny.stride = 112;
    tiny.downscale = 0.05;  // 5.6 px patches
    try {
        patch_grid(10000, 10000, tiny);
        FAIL("a grid of millions of patches was made");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::TooLarge);
    }
    tiny.downscale = 0.001;  // under one pixel
    CHECK_THROWS_AS(patch_grid(100, 100, tiny), Error);
}
