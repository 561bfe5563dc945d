// Preprocessing: torchvision's resize/crop arithmetic, padding, letterbox,
// geometry, and the tensor layouts and dtypes.
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "dxlens/error.h"
#include "dxlens/preprocess.h"

using dxlens::Image;
using dxlens::InputGeometry;
using dxlens::PlanarImage;
using dxlens::PreprocessSpec;
using dxlens::ResizeFilter;
using dxlens::ResizePolicy;

namespace {

Image patterned_image8(int width, int height, int channels, uint32_t seed) {
    Image image;
    image.width = width;
    image.height = height;
    image.channels = channels;
    image.pixels8.resize(image.sample_count());
    for (auto& p : image.pixels8) {
        seed = seed * 1664525u + 1013904223u;
        p = static_cast<uint8_t>(seed >> 24);
    }
    return image;
}

float at(const PlanarImage& image, int c, int x, int y) {
    return image.plane(c)[size_t(y) * image.width + x];
}

PreprocessSpec crop_spec(int resize_size, int out_width, int out_height) {
    PreprocessSpec spec;
    spec.policy = ResizePolicy::ShorterSideCenterCrop;
    spec.resize_size = resize_size;
    spec.out_width = out_width;
    spec.out_height = out_height;
    return spec;
}

// `part` must equal `whole` shifted by (dx, dy): what a crop or a paste promises.
void require_region_equal(const PlanarImage& part, const PlanarImage& whole, int part_x, int part_y,
                          int whole_x, int whole_y, int width, int height) {
    REQUIRE(part.channels == whole.channels);
    for (int c = 0; c < part.channels; ++c)
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x)
                REQUIRE(at(part, c, part_x + x, part_y + y) == at(whole, c, whole_x + x, whole_y + y));
}

}  // namespace

TEST_CASE("shorter side resize then centre crop, as torchvision computes it", "[preprocess]") {
    const Image image = patterned_image8(97, 131, 3, 5);
    // Resize(73): 97 -> 73, 131 -> int(73 * 131 / 97) = int(98.59) = 98.
    // CenterCrop(61): left = round(12 / 2) = 6, top = round(37 / 2) = round(18.5) = 18 (half to even).
    const PreprocessSpec spec = crop_spec(73, 61, 61);
    InputGeometry geometry;
    const PlanarImage pixels = dxlens::prepare_pixels(image, spec, &geometry);
    REQUIRE(pixels.width == 61);
    REQUIRE(pixels.height == 61);
    const PlanarImage full = dxlens::resize(image, 73, 98, ResizeFilter::Bilinear, 3);
    require_region_equal(pixels, full, 0, 0, 6, 18, 61, 61);

    CHECK(geometry.content.x == 0);
    CHECK(geometry.content.y == 0);
    CHECK(geometry.content.width == 61);
    CHECK(geometry.content.height == 61);
    CHECK(geometry.source_box.x == Approx(6 * 97.0 / 73));
    CHECK(geometry.source_box.y == Approx(18 * 131.0 / 98));
    CHECK(geometry.source_box.width == Approx(61 * 97.0 / 73));
    CHECK(geometry.source_box.height == Approx(61 * 131.0 / 98));
}

TEST_CASE("centre crop offsets round half to even", "[preprocess]") {
    // Landscape 40x30 -> Resize(20) -> 26x20 (int(20 * 40 / 30) = 26).
    // Crop 23 wide: (26 - 23) / 2 = 1.5 -> 2; crop 17 high: (20 - 17) / 2 = 1.5 -> 2.
    // Crop 21 wide: 2.5 -> 2; crop 15 high: 2.5 -> 2.
    const Image image = patterned_image8(40, 30, 3, 9);
    const PlanarImage full = dxlens::resize(image, 26, 20, ResizeFilter::Bicubic, 3);
    for (auto crop : {std::pair<int, int>{23, 17}, {21, 15}}) {
        PreprocessSpec spec = crop_spec(20, crop.first, crop.second);
        spec.filter = ResizeFilter::Bicubic;
        const PlanarImage pixels = dxlens::prepare_pixels(image, spec);
        require_region_equal(pixels, full, 0, 0, 2, 2, crop.first, crop.second);
    }
}

TEST_CASE("a crop larger than the resized image is zero-padded", "[preprocess]") {
    // 40x50 -> Resize(32) -> 32x40; crop 36x48 pads (36-32)//2 = 2 left, (48-40)//2 = 4 top.
    const Image image = patterned_image8(40, 50, 3, 2);
    PreprocessSpec spec = crop_spec(32, 36, 48);
    spec.mean = {0.5f, 0.5f, 0.5f};  // padding is 0 before normalisation, whatever the mean
    InputGeometry geometry;
    const PlanarImage pixels = dxlens::prepare_pixels(image, spec, &geometry);
    const PlanarImage full = dxlens::resize(image, 32, 40, ResizeFilter::Bilinear, 3);
    require_region_equal(pixels, full, 2, 4, 0, 0, 32, 40);
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < 48; ++y)
            for (int x = 0; x < 36; ++x)
                if (x < 2 || x >= 34 || y < 4 || y >= 44) REQUIRE(at(pixels, c, x, y) == 0.f);
    CHECK(geometry.content.x == 2);
    CHECK(geometry.content.y == 4);
    CHECK(geometry.content.width == 32);
    CHECK(geometry.content.height == 40);
    CHECK(geometry.source_box.width == Approx(40.0));
    CHECK(geometry.source_box.height == Approx(50.0));
}

TEST_CASE("stretch resizes the whole image to the input size", "[preprocess]") {
    const Image image = patterned_image8(50, 20, 3, 4);
    PreprocessSpec spec;
    spec.policy = ResizePolicy::Stretch;
    spec.out_width = 16;
    spec.out_height = 24;
    InputGeometry geometry;
    const PlanarImage pixels = dxlens::prepare_pixels(image, spec, &geometry);
    require_region_equal(pixels, dxlens::resize(image, 16, 24, ResizeFilter::Bilinear, 3), 0, 0, 0, 0, 16, 24);
    CHECK(geometry.content.width == 16);
    CHECK(geometry.content.height == 24);
    CHECK(geometry.source_box.width == 50.0);
    CHECK(geometry.source_box.height == 20.0);
}

TEST_CASE("letterbox keeps the aspect ratio and fills the margins", "[preprocess]") {
    PreprocessSpec spec;
    spec.policy = ResizePolicy::Letterbox;
    spec.out_width = 64;
    spec.out_height = 64;
    spec.letterbox_fill = 0.25f;

    SECTION("wide image: bands above and below") {
        const Image image = patterned_image8(200, 100, 3, 6);
        InputGeometry geometry;
        const PlanarImage pixels = dxlens::prepare_pixels(image, spec, &geometry);
        CHECK(geometry.content.x == 0);
        CHECK(geometry.content.y == 16);
        CHECK(geometry.content.width == 64);
        CHECK(geometry.content.height == 32);
        require_region_equal(pixels, dxlens::resize(image, 64, 32, ResizeFilter::Bilinear, 3), 0, 16, 0, 0, 64, 32);
        for (int c = 0; c < 3; ++c)
            for (int x = 0; x < 64; ++x)
                for (int y : {0, 15, 48, 63}) REQUIRE(at(pixels, c, x, y) == 0.25f);
    }
    SECTION("tall grey image: bands left and right") {
        spec.color = dxlens::ColorMode::Grey;
        spec.out_width = 40;
        spec.out_height = 40;
        const Image image = patterned_image8(50, 100, 1, 8);
        InputGeometry geometry;
        const PlanarImage pixels = dxlens::prepare_pixels(image, spec, &geometry);
        REQUIRE(pixels.channels == 1);
        CHECK(geometry.content.x == 10);
        CHECK(geometry.content.width == 20);
        CHECK(geometry.content.height == 40);
        for (int y = 0; y < 40; ++y)
            for (int x : {0, 9, 30, 39}) REQUIRE(at(pixels, 0, x, y) == 0.25f);
        require_region_equal(pixels, dxlens::resize(image, 20, 40, ResizeFilter::Bilinear, 1), 10, 0, 0, 0, 20, 40);
    }
}

TEST_CASE("input shapes and zeroed tensors", "[preprocess]") {
    PreprocessSpec spec;
    spec.out_width = 5;
    spec.out_height = 4;
    CHECK(dxlens::input_shape(spec, 2) == std::vector<int64_t>{2, 3, 4, 5});
    spec.layout = dxlens::Layout::NHWC;
    spec.color = dxlens::ColorMode::Grey;
    CHECK(dxlens::input_shape(spec, 3) == std::vector<int64_t>{3, 4, 5, 1});

    const dxlens::Tensor f = dxlens::make_input_tensor(spec, 3);
    CHECK(f.dtype == dxlens::DType::Float32);
    CHECK(f.f32.size() == 60);
    CHECK(f.u8.empty());
    for (float v : f.f32) REQUIRE(v == 0.f);
    spec.dtype = dxlens::DType::Uint8;
    const dxlens::Tensor u = dxlens::make_input_tensor(spec, 2);
    CHECK(u.u8.size() == 40);
    CHECK(u.f32.empty());
}

TEST_CASE("write_input normalises into NCHW and NHWC positions", "[preprocess]") {
    // 3 channels, 2 wide, 2 high; value encodes (c, y, x) so positions are checkable.
    PlanarImage pixels;
    pixels.width = 2;
    pixels.height = 2;
    pixels.channels = 3;
    for (int c = 0; c < 3; ++c)
        for (int y = 0; y < 2; ++y)
            for (int x = 0; x < 2; ++x) pixels.data.push_back(0.1f * c + 0.02f * y + 0.01f * x);
    PreprocessSpec spec;
    spec.out_width = 2;
    spec.out_height = 2;
    spec.mean = {0.1f, 0.2f, 0.3f};
    spec.std = {0.5f, 0.25f, 2.f};
    auto expected = [&](int c, int y, int x) {
        return (0.1f * c + 0.02f * y + 0.01f * x - spec.mean[c]) / spec.std[c];
    };

    SECTION("NCHW, second slot of a batch of two") {
        dxlens::Tensor tensor = dxlens::make_input_tensor(spec, 2);
        dxlens::write_input(pixels, spec, tensor, 1);
        for (int i = 0; i < 12; ++i) REQUIRE(tensor.f32[i] == 0.f);  // slot 0 untouched
        for (int c = 0; c < 3; ++c)
            for (int y = 0; y < 2; ++y)
                for (int x = 0; x < 2; ++x)
                    REQUIRE(tensor.f32[12 + (c * 2 + y) * 2 + x] == Approx(expected(c, y, x)).margin(1e-6));
    }
    SECTION("NHWC") {
        spec.layout = dxlens::Layout::NHWC;
        dxlens::Tensor tensor = dxlens::make_input_tensor(spec, 1);
        dxlens::write_input(pixels, spec, tensor, 0);
        for (int c = 0; c < 3; ++c)
            for (int y = 0; y < 2; ++y)
                for (int x = 0; x < 2; ++x)
                    REQUIRE(tensor.f32[(y * 2 + x) * 3 + c] == Approx(expected(c, y, x)).margin(1e-6));
    }
}

TEST_CASE("uint8 inputs are rounded 0..255 without normalisation", "[preprocess]") {
    PlanarImage pixels;
    pixels.width = 6;
    pixels.height = 1;
    pixels.channels = 1;
    pixels.data = {0.f, 0.2f, 0.5f, 1.f, -0.1f, 1.2f};
    PreprocessSpec spec;
    spec.color = dxlens::ColorMode::Grey;
    spec.out_width = 6;
    spec.out_height = 1;
    spec.dtype = dxlens::DType::Uint8;
    spec.mean = {0.5f, 0.5f, 0.5f};
    spec.std = {0.1f, 0.1f, 0.1f};
    dxlens::Tensor tensor = dxlens::make_input_tensor(spec, 1);
    dxlens::write_input(pixels, spec, tensor, 0);
    // 0.5 * 255 = 127.5 rounds to even (128); out-of-range values clamp.
    CHECK(tensor.u8 == std::vector<uint8_t>{0, 51, 128, 255, 0, 255});
}

TEST_CASE("preprocess produces one normalised sample", "[preprocess]") {
    const Image image = patterned_image8(30, 20, 3, 12);
    PreprocessSpec spec = crop_spec(16, 16, 16);
    spec.color = dxlens::ColorMode::Grey;
    spec.mean = {0.4f, 0.f, 0.f};
    spec.std = {0.2f, 1.f, 1.f};
    const dxlens::Tensor tensor = dxlens::preprocess(image, spec);
    CHECK(tensor.shape == std::vector<int64_t>{1, 1, 16, 16});
    const PlanarImage pixels = dxlens::prepare_pixels(image, spec);
    for (size_t i = 0; i < 256; ++i) REQUIRE(tensor.f32[i] == Approx((pixels.data[i] - 0.4f) / 0.2f).margin(1e-6));
}

TEST_CASE("preprocess rejects bad specs and mismatched tensors", "[preprocess]") {
    const Image image = patterned_image8(8, 8, 3, 1);
    using dxlens::Error;
    REQUIRE_THROWS_AS(dxlens::prepare_pixels(image, crop_spec(8, 0, 4)), Error);
    REQUIRE_THROWS_WITH(dxlens::prepare_pixels(image, crop_spec(0, 4, 4)), Catch::Contains("resize_size"));
    REQUIRE_THROWS_AS(dxlens::prepare_pixels(Image{}, crop_spec(8, 4, 4)), Error);

    PreprocessSpec spec = crop_spec(8, 4, 4);
    const PlanarImage pixels = dxlens::prepare_pixels(image, spec);
    dxlens::Tensor tensor = dxlens::make_input_tensor(spec, 1);
    REQUIRE_THROWS_WITH(dxlens::write_input(pixels, spec, tensor, 1), Catch::Contains("sample 1"));
    PreprocessSpec bigger = spec;
    bigger.out_width = 5;
    dxlens::Tensor big_tensor = dxlens::make_input_tensor(bigger, 1);
    REQUIRE_THROWS_AS(dxlens::write_input(pixels, bigger, big_tensor, 0), Error);
    REQUIRE_THROWS_AS(dxlens::write_input(pixels, spec, big_tensor, 0), Error);
    PreprocessSpec zero_std = spec;
    zero_std.std = {1.f, 0.f, 1.f};
    REQUIRE_THROWS_WITH(dxlens::write_input(pixels, zero_std, tensor, 0), Catch::Contains("std"));
    REQUIRE_THROWS_AS(dxlens::make_input_tensor(spec, -1), Error);
}
