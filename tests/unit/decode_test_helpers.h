#pragma once
// Shared by test_decode.cpp and test_exif.cpp: decoding fixtures, and the
// block colours of the JPEG fixtures (restated from tools/make_decode_fixtures.py).
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "dxlens/decode.h"
#include "test_support.h"

namespace decode_test {

inline std::vector<uint8_t> fixture(const std::string& name) {
    return test_support::read_fixture("decode/" + name);
}

inline dxlens::Image decode_fixture(const std::string& name, const dxlens::DecodeLimits& limits = {}) {
    std::vector<uint8_t> bytes = fixture(name);
    return dxlens::decode_image(bytes.data(), bytes.size(), limits);
}

// The JPEG fixtures are 32 x 16: a 4 x 2 grid of flat 8 x 8 blocks in these colours.
constexpr int kJpegWidth = 32;
constexpr int kJpegHeight = 16;
const std::array<std::array<int, 3>, 8> kBlockColours{{
    {230, 30, 30}, {30, 200, 40}, {40, 60, 220}, {240, 220, 40},
    {200, 40, 200}, {40, 210, 210}, {250, 250, 250}, {20, 20, 20},
}};

// Largest difference between the decoded JPEG and the block pattern, over
// every pixel (flat, block-aligned, unsubsampled blocks survive JPEG almost exactly).
inline int max_block_error(const dxlens::Image& image) {
    int worst = 0;
    for (int y = 0; y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            const auto& colour = kBlockColours[size_t((y / 8) * 4 + x / 8)];
            for (int c = 0; c < 3; ++c) {
                int got = image.pixels8[(size_t(y) * size_t(image.width) + size_t(x)) * 3 + size_t(c)];
                worst = std::max(worst, std::abs(got - colour[size_t(c)]));
            }
        }
    }
    return worst;
}

}  // namespace decode_test
