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

// PNG chunk CRC (ISO 3309 / zlib's crc32), bit by bit: independent of any library.
inline uint32_t crc32(const std::vector<uint8_t>& bytes, size_t begin, size_t end) {
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = begin; i < end; ++i) {
        crc ^= bytes[i];
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

inline void put_be32(std::vector<uint8_t>& out, uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(uint8_t(v >> shift));
}

inline void append_chunk(std::vector<uint8_t>& png, const std::string& type, const std::vector<uint8_t>& payload) {
    put_be32(png, uint32_t(payload.size()));
    size_t type_at = png.size();
    for (char ch : type) png.push_back(uint8_t(ch));
    for (uint8_t b : payload) png.push_back(b);
    put_be32(png, crc32(png, type_at, png.size()));
}

// A PNG that is only a signature and an IHDR (with a correct CRC), as a huge
// image's header would look before its data.
inline std::vector<uint8_t> png_header_only(uint32_t width, uint32_t height, uint8_t depth = 8,
                                     uint8_t colour_type = 2) {
    std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    std::vector<uint8_t> ihdr;
    put_be32(ihdr, width);
    put_be32(ihdr, height);
    for (uint8_t b : {depth, colour_type, uint8_t(0), uint8_t(0), uint8_t(0)}) ihdr.push_back(b);
    append_chunk(png, "IHDR", ihdr);
    return png;
}

}  // namespace decode_test
