#include "synthetic_jpeg.h"

#include <stb/stb_image_write.h>  // implementation compiled in native/src/cam_overlay.cpp

#include <cmath>

#include "dxlens/error.h"

namespace dxlens {
namespace cli {

namespace {

void append(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    const auto* bytes = static_cast<const uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
}

}  // namespace

std::vector<uint8_t> synthetic_jpeg(int width, int height, int quality) {
    std::vector<uint8_t> pixels(size_t(width) * size_t(height) * 3);
    uint32_t seed = 12345;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            seed = seed * 1664525u + 1013904223u;
            const int noise = int(seed >> 28) - 8;
            const double fx = double(x) / width, fy = double(y) / height;
            const double ring = 0.5 + 0.5 * std::sin(18.0 * std::hypot(fx - 0.5, fy - 0.5));
            const int base = int(60 + 120 * ring + 50 * fy);
            uint8_t* p = &pixels[(size_t(y) * size_t(width) + size_t(x)) * 3];
            for (int c = 0; c < 3; ++c) {
                const int v = base + noise + c * 12;
                p[c] = uint8_t(v < 0 ? 0 : (v > 255 ? 255 : v));
            }
        }
    }
    std::vector<uint8_t> out;
    if (!stbi_write_jpg_to_func(append, &out, width, height, 3, pixels.data(), quality)) {
        throw Error("could not encode the synthetic benchmark image");
    }
    return out;
}

}  // namespace cli
}  // namespace dxlens
