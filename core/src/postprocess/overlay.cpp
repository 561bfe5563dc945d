#include "dxlens/overlay.h"

#include <algorithm>
#include <cmath>

#include "dxlens/colormap.h"
#include "dxlens/error.h"

namespace dxlens {
namespace {

uint8_t to_byte(float v) { return uint8_t(std::clamp(v, 0.f, 1.f) * 255.f + 0.5f); }

// Interleaved samples straight to RGBA, no resampling.
RgbaImage copy_rgba(const Image& image) {
    RgbaImage out{image.width, image.height, {}};
    const size_t pixels = size_t(image.width) * size_t(image.height);
    out.data.resize(pixels * 4);
    const int c = image.channels;
    const bool grey = c <= 2;
    for (size_t p = 0; p < pixels; ++p) {
        const size_t i = p * size_t(c);
        const uint8_t r = to_byte(image.sample(i));
        out.data[p * 4 + 0] = r;
        out.data[p * 4 + 1] = grey ? r : to_byte(image.sample(i + 1));
        out.data[p * 4 + 2] = grey ? r : to_byte(image.sample(i + 2));
        out.data[p * 4 + 3] = (c == 2 || c == 4) ? to_byte(image.sample(i + size_t(c) - 1)) : 255;
    }
    return out;
}

// Bilinear sample of an RGBA image at continuous pixel coordinates (pixel
// centres at +0.5), clamped at the edges, as a canvas scales it.
void sample_bilinear(const RgbaImage& img, double x, double y, float out[4]) {
    const double fx = std::clamp(x - 0.5, 0.0, double(img.width - 1));
    const double fy = std::clamp(y - 0.5, 0.0, double(img.height - 1));
    const int x0 = int(fx), y0 = int(fy);
    const int x1 = std::min(x0 + 1, img.width - 1), y1 = std::min(y0 + 1, img.height - 1);
    const float tx = float(fx - x0), ty = float(fy - y0);
    auto at = [&](int px, int py, int ch) { return float(img.data[(size_t(py) * size_t(img.width) + size_t(px)) * 4 + size_t(ch)]); };
    for (int ch = 0; ch < 4; ++ch) {
        const float top = at(x0, y0, ch) * (1 - tx) + at(x1, y0, ch) * tx;
        const float bottom = at(x0, y1, ch) * (1 - tx) + at(x1, y1, ch) * tx;
        out[ch] = top * (1 - ty) + bottom * ty;
    }
}

}  // namespace

RgbaImage preview_rgba(const Image& image, int max_side) {
    if (image.empty()) throw Error("preview: no image");
    if (max_side <= 0) throw Error("preview size must be positive, got " + std::to_string(max_side));
    const int longest = std::max(image.width, image.height);
    if (longest <= max_side) return copy_rgba(image);
    const double scale = double(max_side) / double(longest);
    const int width = std::max(1, int(image.width * scale + 0.5));
    const int height = std::max(1, int(image.height * scale + 0.5));
    const int channels = image.channels >= 3 ? 3 : 1;
    const PlanarImage scaled = resize(image, width, height, ResizeFilter::Bilinear, channels);
    RgbaImage out{width, height, std::vector<uint8_t>(size_t(width) * size_t(height) * 4)};
    const size_t pixels = size_t(width) * size_t(height);
    for (size_t p = 0; p < pixels; ++p) {
        const uint8_t r = to_byte(scaled.data[p]);
        out.data[p * 4 + 0] = r;
        out.data[p * 4 + 1] = channels == 3 ? to_byte(scaled.data[pixels + p]) : r;
        out.data[p * 4 + 2] = channels == 3 ? to_byte(scaled.data[2 * pixels + p]) : r;
        out.data[p * 4 + 3] = 255;
    }
    return out;
}

Overlay cam_overlay(const PlanarImage& cam, int class_index, const InputGeometry& geometry, const PreprocessSpec& spec) {
    // The CAM covers the whole model input. The input's content window came
    // from geometry.source_box of the image, so the input as a whole covers
    // that box extended by the margins (letterbox) at the same scale.
    const Box& box = geometry.source_box;
    const Window& content = geometry.content;
    if (content.width <= 0 || content.height <= 0) throw Error(ErrorKind::Internal, "CAM: empty input window");
    const double sx = box.width / content.width;
    const double sy = box.height / content.height;
    Overlay overlay;
    overlay.class_index = class_index;
    overlay.pixels = {cam.width, cam.height, colormap_rgba(cam, 1.f, false)};
    overlay.placement = {box.x - content.x * sx, box.y - content.y * sy, spec.out_width * sx, spec.out_height * sy};
    return overlay;
}

Overlay heatmap_overlay(const ProbabilityMap& map, int class_index) {
    if (class_index < 0 || class_index >= map.classes) {
        throw Error(ErrorKind::Internal, "heat map has no class " + std::to_string(class_index));
    }
    const size_t plane = size_t(map.width) * size_t(map.height);
    PlanarImage values{map.width, map.height, 1,
                       std::vector<float>(map.data.begin() + long(size_t(class_index) * plane),
                                          map.data.begin() + long(size_t(class_index + 1) * plane))};
    Overlay overlay;
    overlay.class_index = class_index;
    overlay.pixels = {map.width, map.height, colormap_rgba(values, 1.f, false)};
    for (size_t i = 0; i < plane; ++i) {
        if (map.coverage[i] == 0) overlay.pixels.data[i * 4 + 3] = 0;
    }
    overlay.placement = {0, 0, double(map.width) * map.cell, double(map.height) * map.cell};
    return overlay;
}

Overlay tissue_overlay(const TissueMask& mask) {
    Overlay overlay;
    overlay.pixels = {mask.width, mask.height, std::vector<uint8_t>(mask.data.size() * 4, 0)};
    for (size_t i = 0; i < mask.data.size(); ++i) {
        if (!mask.data[i]) continue;
        uint8_t* px = &overlay.pixels.data[i * 4];
        px[0] = 0, px[1] = 170, px[2] = 110, px[3] = 255;
    }
    overlay.placement = {0, 0, mask.width * mask.scale, mask.height * mask.scale};
    return overlay;
}

RgbaImage compose(const Image& image, const Overlay& overlay, float opacity) {
    RgbaImage out = copy_rgba(image);
    const Box& at = overlay.placement;
    const RgbaImage& px = overlay.pixels;
    if (px.width <= 0 || px.height <= 0 || !(at.width > 0) || !(at.height > 0)) return out;
    const int x0 = std::max(0, int(std::floor(at.x))), x1 = std::min(image.width, int(std::ceil(at.x + at.width)));
    const int y0 = std::max(0, int(std::floor(at.y))), y1 = std::min(image.height, int(std::ceil(at.y + at.height)));
    for (int y = y0; y < y1; ++y) {
        const double v = (y + 0.5 - at.y) / at.height * px.height;
        for (int x = x0; x < x1; ++x) {
            const double u = (x + 0.5 - at.x) / at.width * px.width;
            float rgba[4];
            sample_bilinear(px, u, v, rgba);
            const float a = opacity * rgba[3] / 255.f;
            uint8_t* o = &out.data[(size_t(y) * size_t(image.width) + size_t(x)) * 4];
            for (int c = 0; c < 3; ++c) o[c] = uint8_t(std::lround(o[c] * (1.f - a) + rgba[c] * a));
        }
    }
    return out;
}

}  // namespace dxlens
