#pragma once
// A decoded image: interleaved channels, 8 or 16 bits per sample.
// 16-bit sources (X-ray PNGs) stay 16-bit here so their full range survives
// until normalisation; `sample()` maps either depth to [0, 1].
#include <cstddef>
#include <cstdint>
#include <vector>

namespace dxlens {

struct Image {
    int width = 0;
    int height = 0;
    int channels = 0;   // 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA
    int bit_depth = 8;  // 8 or 16
    double microns_per_pixel = 0;  // physical resolution from the file's metadata; 0 = unknown
    std::vector<uint8_t> pixels8;    // used when bit_depth == 8
    std::vector<uint16_t> pixels16;  // used when bit_depth == 16

    size_t sample_count() const { return size_t(width) * size_t(height) * size_t(channels); }
    bool empty() const { return width == 0 || height == 0; }

    // Sample at interleaved index i, scaled to [0, 1].
    float sample(size_t i) const {
        return bit_depth == 16 ? pixels16[i] * (1.0f / 65535.0f) : pixels8[i] * (1.0f / 255.0f);
    }
};

// A planar float image (channel-major), values usually in [0, 1]. This is the
// working format of resize and normalisation.
struct PlanarImage {
    int width = 0;
    int height = 0;
    int channels = 0;
    std::vector<float> data;  // channels * height * width

    float* plane(int c) { return data.data() + size_t(c) * size_t(width) * size_t(height); }
    const float* plane(int c) const { return data.data() + size_t(c) * size_t(width) * size_t(height); }
};

}  // namespace dxlens
