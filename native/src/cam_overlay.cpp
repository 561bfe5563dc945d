#include "dxlens/native/cam_overlay.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "dxlens/colormap.h"
#include "dxlens/error.h"
#include "dxlens/resize.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

namespace dxlens {
namespace native {

namespace {

// The image as 8-bit RGBA, whatever its channel count and depth.
std::vector<uint8_t> to_rgba8(const Image& image) {
    std::vector<uint8_t> rgba(size_t(image.width) * size_t(image.height) * 4);
    const size_t pixels = size_t(image.width) * size_t(image.height);
    for (size_t p = 0; p < pixels; ++p) {
        const size_t i = p * size_t(image.channels);
        const auto at = [&](int c) { return uint8_t(std::lround(image.sample(i + size_t(c)) * 255.f)); };
        const bool grey = image.channels <= 2;
        rgba[p * 4 + 0] = at(0);
        rgba[p * 4 + 1] = grey ? at(0) : at(1);
        rgba[p * 4 + 2] = grey ? at(0) : at(2);
        rgba[p * 4 + 3] = image.channels == 2 ? at(1) : image.channels == 4 ? at(3) : 255;
    }
    return rgba;
}

// Maps a source coordinate into the model input's content window (nearest pixel).
int to_input(double source, double box_start, double box_size, int window_start, int window_size) {
    const double t = (source + 0.5 - box_start) / box_size;
    const int pixel = window_start + int(std::floor(t * window_size));
    return std::clamp(pixel, window_start, window_start + window_size - 1);
}

}  // namespace

void write_cam_overlay_png(const std::string& path, const Image& image, const CamResult& cam,
                           const PreprocessSpec& spec) {
    if (image.empty()) throw Error("cannot write a CAM overlay: no image");
    // The CAM covers the model input; bring it to input resolution, then map
    // every source pixel of the box the input came from onto it.
    const PlanarImage heat_map = resize(cam.map, spec.out_width, spec.out_height, ResizeFilter::Bilinear);
    const std::vector<uint8_t> heat = colormap_rgba(heat_map, 0.6f, true);
    std::vector<uint8_t> out = to_rgba8(image);

    const Box& box = cam.geometry.source_box;
    const Window& window = cam.geometry.content;
    if (box.width > 0 && box.height > 0 && window.width > 0 && window.height > 0) {
        const int x0 = std::max(0, int(std::floor(box.x))), x1 = std::min(image.width, int(std::ceil(box.x + box.width)));
        const int y0 = std::max(0, int(std::floor(box.y))), y1 = std::min(image.height, int(std::ceil(box.y + box.height)));
        for (int y = y0; y < y1; ++y) {
            const int v = to_input(y, box.y, box.height, window.y, window.height);
            for (int x = x0; x < x1; ++x) {
                const int u = to_input(x, box.x, box.width, window.x, window.width);
                const uint8_t* h = &heat[(size_t(v) * size_t(spec.out_width) + size_t(u)) * 4];
                uint8_t* o = &out[(size_t(y) * size_t(image.width) + size_t(x)) * 4];
                const float a = h[3] / 255.f;
                for (int c = 0; c < 3; ++c) o[c] = uint8_t(std::lround(o[c] * (1.f - a) + h[c] * a));
            }
        }
    }
    if (!stbi_write_png(path.c_str(), image.width, image.height, 4, out.data(), image.width * 4)) {
        throw Error("cannot write CAM overlay '" + path + "'");
    }
}

}  // namespace native
}  // namespace dxlens
