// Colour frames to interleaved 8-bit RGB: planar or interleaved RGB, YBR_FULL
// and (uncompressed) YBR_FULL_422 converted with the full-range ITU-R BT.601
// matrix of PS3.3 C.7.6.3.1.2; 16-bit RGB scaled from Bits Stored to 8 bits.
// JPEG frames come from stb_image as RGB already.
#include <algorithm>
#include <cmath>

#include "pixel_module.h"

namespace dxlens {
namespace dicom {
namespace {

uint8_t clamp_byte(double v) { return uint8_t(std::clamp(std::floor(v + 0.5), 0.0, 255.0)); }

void ybr_to_rgb(uint8_t y, uint8_t cb, uint8_t cr, uint8_t* rgb) {
    const double b = double(cb) - 128.0, r = double(cr) - 128.0;
    rgb[0] = clamp_byte(y + 1.402 * r);
    rgb[1] = clamp_byte(y - 0.344136 * b - 0.714136 * r);
    rgb[2] = clamp_byte(y + 1.772 * b);
}

}  // namespace

std::vector<uint8_t> colour_to_rgb8(const Frame& frame, const PixelModule& pm) {
    const size_t pixels = pm.pixels();
    std::vector<uint8_t> rgb(pixels * 3);
    if (frame.jpeg) {
        std::copy(frame.data, frame.data + pixels * 3, rgb.begin());
        return rgb;
    }
    if (frame.subsampled) {
        // Each pair of pixels in a row: Y1 Y2 Cb Cr.
        const size_t columns = size_t(pm.columns);
        for (size_t row = 0; row < size_t(pm.rows); ++row) {
            const uint8_t* in = frame.data + row * columns * 2;
            uint8_t* out = rgb.data() + row * columns * 3;
            for (size_t x = 0; x + 1 < columns; x += 2, in += 4) {
                ybr_to_rgb(in[0], in[2], in[3], out + x * 3);
                ybr_to_rgb(in[1], in[2], in[3], out + x * 3 + 3);
            }
        }
        return rgb;
    }
    // Sample c of pixel i, as 8 bits.
    const int bytes = pm.bits_allocated / 8;
    const int shift = pm.high_bit + 1 - pm.bits_stored;
    const uint32_t mask = (uint32_t(1) << pm.bits_stored) - 1;
    auto sample = [&](size_t i, int c) -> uint8_t {
        const size_t index = frame.planar ? size_t(c) * pixels + i : i * 3 + size_t(c);
        if (bytes == 1 && pm.bits_stored == 8) return frame.data[index];
        uint32_t word;
        if (bytes == 1) {
            word = frame.data[index];
        } else {
            const uint8_t* p = frame.data + index * 2;
            word = frame.big_endian ? uint32_t(p[0]) << 8 | p[1] : uint32_t(p[1]) << 8 | p[0];
        }
        return clamp_byte(double((word >> shift) & mask) * 255.0 / double(mask));
    };
    const bool ybr = pm.photometric == Photometric::YbrFull || pm.photometric == Photometric::YbrFull422;
    for (size_t i = 0; i < pixels; ++i) {
        uint8_t* out = rgb.data() + i * 3;
        if (ybr) {
            ybr_to_rgb(sample(i, 0), sample(i, 1), sample(i, 2), out);
        } else {
            for (int c = 0; c < 3; ++c) out[c] = sample(i, c);
        }
    }
    return rgb;
}

}  // namespace dicom
}  // namespace dxlens
