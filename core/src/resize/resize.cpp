// Public resize entry points: argument checks and the row readers that convert
// an Image's channels and sample depth to float while its rows are read.
#include "dxlens/resize.h"

#include <cmath>
#include <string>
#include <vector>

#include "dxlens/error.h"
#include "resample_engine.h"
#include "resample_kernels.h"

namespace dxlens {
namespace {

// Pillow's ITU-R 601-2 luma weights (convert("L")).
constexpr float kLumaR = 0.299f, kLumaG = 0.587f, kLumaB = 0.114f;

template <typename Sample>
class ImageRows final : public detail::RowSource {
public:
    ImageRows(const Image& image, const Sample* pixels, int out_channels)
        : image_(image),
          pixels_(pixels),
          out_channels_(out_channels),
          to_unit_(1.0f / (sizeof(Sample) == 1 ? 255.0f : 65535.0f)),
          buffer_(static_cast<size_t>(out_channels) * image.width) {}

    int width() const override { return image_.width; }
    int height() const override { return image_.height; }
    int channels() const override { return out_channels_; }

    void read(int y, int x_begin, int x_end, const float** rows) override {
        const int n = x_end - x_begin;
        const int step = image_.channels;
        // Locals, not members, in the loops: otherwise a store through a float*
        // may alias to_unit_ as far as the compiler knows.
        const Sample* __restrict p = pixels_ + (static_cast<size_t>(y) * image_.width + x_begin) * step;
        float* __restrict plane0 = buffer_.data();
        const float scale = to_unit_;

        // 8-bit samples (the common case) go through the SIMD conversions of
        // resample_kernels.h; the casts below only ever run for them.
        constexpr bool bytes = sizeof(Sample) == 1;
        const auto* p8 = reinterpret_cast<const uint8_t*>(p);
        if (step <= 2) {
            // Grey or grey+alpha (alpha dropped); an RGB consumer gets the same row three times.
            if (bytes && step == 1)
                detail::bytes_to_float(p8, plane0, n, scale);
            else
                for (int i = 0; i < n; ++i) plane0[i] = p[static_cast<size_t>(i) * step] * scale;
            for (int c = 0; c < out_channels_; ++c) rows[c] = plane0;
        } else if (out_channels_ == 1) {
            for (int i = 0; i < n; ++i) {
                const Sample* px = p + static_cast<size_t>(i) * step;
                plane0[i] = (kLumaR * px[0] + kLumaG * px[1] + kLumaB * px[2]) * scale;
            }
            rows[0] = plane0;
        } else {
            // RGB(A) to three planes; alpha is dropped.
            float* __restrict plane1 = plane0 + n;
            float* __restrict plane2 = plane1 + n;
            if (bytes) {
                scratch_.resize(static_cast<size_t>(n) * step);
                detail::rgb_bytes_to_planes(p8, step, n, scale, plane0, plane1, plane2, scratch_.data());
            } else {
                detail::split_rgb(p, step, n, scale, plane0, plane1, plane2);
            }
            rows[0] = plane0;
            rows[1] = plane1;
            rows[2] = plane2;
        }
    }

private:
    const Image& image_;
    const Sample* pixels_;
    int out_channels_;
    float to_unit_;
    std::vector<float> buffer_;
    std::vector<float> scratch_;  // 8-bit RGB(A) rows as floats before the split (wasm)
};

class PlanarRows final : public detail::RowSource {
public:
    explicit PlanarRows(const PlanarImage& image) : image_(image) {}
    int width() const override { return image_.width; }
    int height() const override { return image_.height; }
    int channels() const override { return image_.channels; }
    void read(int y, int x_begin, int, const float** rows) override {
        for (int c = 0; c < image_.channels; ++c)
            rows[c] = image_.plane(c) + static_cast<size_t>(y) * image_.width + x_begin;
    }

private:
    const PlanarImage& image_;
};

std::string size_text(int width, int height) {
    return std::to_string(width) + "x" + std::to_string(height);
}

void check_output_size(int out_width, int out_height) {
    if (out_width <= 0 || out_height <= 0)
        throw Error("resize: output size must be positive, got " + size_text(out_width, out_height));
}

void check_source(const Image& src) {
    if (src.width <= 0 || src.height <= 0)
        throw Error("resize: source image is empty (" + size_text(src.width, src.height) + ")");
    if (src.channels < 1 || src.channels > 4)
        throw Error("resize: source image must have 1 to 4 channels, got " + std::to_string(src.channels));
    if (src.bit_depth != 8 && src.bit_depth != 16)
        throw Error("resize: source bit depth must be 8 or 16, got " + std::to_string(src.bit_depth));
    const size_t held = src.bit_depth == 8 ? src.pixels8.size() : src.pixels16.size();
    if (held != src.sample_count())
        throw Error("resize: source holds " + std::to_string(held) + " samples, expected " +
                    std::to_string(src.sample_count()) + " for " + size_text(src.width, src.height) +
                    " x " + std::to_string(src.channels));
}

void check_box(const Box& box) {
    if (!std::isfinite(box.x) || !std::isfinite(box.y) || !(box.width > 0) || !(box.height > 0) ||
        !std::isfinite(box.width) || !std::isfinite(box.height))
        throw Error("resize: source box must have a finite position and a positive size");
}

void check_window(const Window& window, int out_width, int out_height) {
    if (window.width <= 0 || window.height <= 0 || window.x < 0 || window.y < 0 ||
        window.x > out_width - window.width || window.y > out_height - window.height)
        throw Error("resize: window " + size_text(window.width, window.height) + " at (" +
                    std::to_string(window.x) + ", " + std::to_string(window.y) +
                    ") does not lie inside the " + size_text(out_width, out_height) + " output");
}

}  // namespace

PlanarImage resample(const Image& src, const Box& box, int out_width, int out_height,
                     const Window& window, ResizeFilter filter, int out_channels) {
    check_output_size(out_width, out_height);
    if (out_channels != 1 && out_channels != 3)
        throw Error("resize: output must have 1 or 3 channels, got " + std::to_string(out_channels));
    check_source(src);
    check_box(box);
    check_window(window, out_width, out_height);
    // Image samples are bounded to [0, 1], so clamp as Pillow does for 8-bit modes.
    if (src.bit_depth == 16) {
        ImageRows<uint16_t> rows(src, src.pixels16.data(), out_channels);
        return detail::resample_separable(rows, box, out_width, out_height, window, filter, true);
    }
    ImageRows<uint8_t> rows(src, src.pixels8.data(), out_channels);
    return detail::resample_separable(rows, box, out_width, out_height, window, filter, true);
}

PlanarImage resize(const Image& src, int out_width, int out_height, ResizeFilter filter,
                   int out_channels) {
    const Box whole{0.0, 0.0, static_cast<double>(src.width), static_cast<double>(src.height)};
    return resample(src, whole, out_width, out_height, Window{0, 0, out_width, out_height}, filter,
                    out_channels);
}

PlanarImage resize(const PlanarImage& src, int out_width, int out_height, ResizeFilter filter) {
    check_output_size(out_width, out_height);
    if (src.width <= 0 || src.height <= 0 || src.channels <= 0)
        throw Error("resize: source map is empty (" + size_text(src.width, src.height) + " x " +
                    std::to_string(src.channels) + ")");
    if (src.data.size() != static_cast<size_t>(src.width) * src.height * src.channels)
        throw Error("resize: source map holds " + std::to_string(src.data.size()) +
                    " values, expected width * height * channels");
    const Box whole{0.0, 0.0, static_cast<double>(src.width), static_cast<double>(src.height)};
    PlanarRows rows(src);
    // Float maps are not clamped: they need not live in [0, 1] (Pillow's mode "F" does not clip either).
    return detail::resample_separable(rows, whole, out_width, out_height,
                                      Window{0, 0, out_width, out_height}, filter, false);
}

}  // namespace dxlens
