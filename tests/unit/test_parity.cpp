// Parity with torchvision: tests/fixtures/parity holds synthetic PNGs and the
// tensors torchvision's PIL pipeline makes of them (tools/make_parity_fixtures.py).
// preprocess() must agree within 2/255 in pixel units, i.e. before the division
// by std, which would otherwise inflate an 8-bit rounding step several times.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dxlens/decode.h"
#include "dxlens/preprocess.h"
#include "test_support.h"

namespace {

dxlens::PreprocessSpec spec_of(const nlohmann::json& c) {
    dxlens::PreprocessSpec spec;
    const std::string policy = c.at("policy");
    spec.policy = policy == "stretch" ? dxlens::ResizePolicy::Stretch : dxlens::ResizePolicy::ShorterSideCenterCrop;
    spec.resize_size = c.value("resize_size", 0);
    spec.out_width = c.at("out_width");
    spec.out_height = c.at("out_height");
    spec.filter = c.at("filter") == "bicubic" ? dxlens::ResizeFilter::Bicubic : dxlens::ResizeFilter::Bilinear;
    spec.color = c.at("color") == "grey" ? dxlens::ColorMode::Grey : dxlens::ColorMode::RGB;
    for (size_t i = 0; i < c.at("mean").size(); ++i) {
        spec.mean[i] = c.at("mean")[i];
        spec.std[i] = c.at("std")[i];
    }
    return spec;
}

std::vector<float> read_f32(const std::string& relative) {
    const std::vector<uint8_t> bytes = test_support::read_fixture(relative);
    std::vector<float> values(bytes.size() / sizeof(float));
    std::memcpy(values.data(), bytes.data(), values.size() * sizeof(float));  // fixtures are little-endian, as are x86 and wasm
    return values;
}

}  // namespace

TEST_CASE("preprocess matches torchvision within 2/255", "[parity]") {
    const auto cases = nlohmann::json::parse(test_support::read_text(
        test_support::fixture_path("parity/cases.json")))["cases"];
    REQUIRE(cases.size() >= 10);
    for (const auto& c : cases) {
        const std::string name = c.at("name");
        SECTION(name) {
            const std::vector<uint8_t> png = test_support::read_fixture("parity/" + c.at("image").get<std::string>());
            const dxlens::Image image = dxlens::decode_image(png.data(), png.size());
            const dxlens::PreprocessSpec spec = spec_of(c);
            const dxlens::Tensor tensor = dxlens::preprocess(image, spec);
            REQUIRE(tensor.shape == c.at("shape").get<std::vector<int64_t>>());
            const std::vector<float> reference = read_f32("parity/" + c.at("reference").get<std::string>());
            REQUIRE(reference.size() == tensor.f32.size());

            const size_t plane = size_t(spec.out_width) * spec.out_height;
            double worst = 0;
            for (size_t i = 0; i < reference.size(); ++i) {
                const size_t channel = i / plane;  // NCHW, batch of one
                worst = std::max(worst, std::fabs(double(tensor.f32[i]) - reference[i]) * spec.std[channel]);
            }
            WARN(name << ": max |diff| = " << worst * 255 << "/255 (pixel units)");
            REQUIRE(worst <= 2.0 / 255);
        }
    }
}
