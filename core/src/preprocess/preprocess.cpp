// Resize policies that reproduce torchvision's PIL-based transforms:
//   Resize(n) -> CenterCrop((h, w)), Resize((h, w)), and a keep-aspect letterbox.
#include "dxlens/preprocess.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "dxlens/error.h"

namespace dxlens {
namespace {

struct Size {
    int width, height;
};

// torchvision's Resize(int): the shorter side becomes `target`, the longer one
// int(target * long / short), truncated as Python's int() does.
Size shorter_side_size(int width, int height, int target) {
    const bool width_is_short = width <= height;
    const int short_side = width_is_short ? width : height;
    const int long_side = width_is_short ? height : width;
    const double scaled_long = static_cast<double>(target) * long_side / short_side;
    if (scaled_long > 1e9)
        throw Error("preprocess: resize_size " + std::to_string(target) + " makes the long side of a " +
                    std::to_string(width) + "x" + std::to_string(height) + " image too large");
    const int new_long = std::max(1, static_cast<int>(scaled_long));  // a 1-pixel-wide sliver still gets a pixel
    return width_is_short ? Size{target, new_long} : Size{new_long, target};
}

// Where one axis of a centre crop of `crop` samples out of `size` lands: input
// samples [first, first + count) go to output position `offset`.
struct AxisCrop {
    int first, count, offset;
};

// torchvision's center_crop: a crop larger than the image zero-pads it by
// (crop - size) // 2 before; otherwise the start is round((size - crop) / 2),
// with Python's round-half-to-even (nearbyint in the default rounding mode).
AxisCrop center_crop_axis(int size, int crop) {
    if (crop > size) return AxisCrop{0, size, (crop - size) / 2};
    const int first = static_cast<int>(std::nearbyint((size - crop) / 2.0));
    return AxisCrop{first, crop, 0};
}

PlanarImage filled(int width, int height, int channels, float value) {
    PlanarImage image;
    image.width = width;
    image.height = height;
    image.channels = channels;
    image.data.assign(static_cast<size_t>(width) * height * channels, value);
    return image;
}

void paste(PlanarImage& canvas, const PlanarImage& part, int x, int y) {
    for (int c = 0; c < part.channels; ++c)
        for (int row = 0; row < part.height; ++row) {
            const float* from = part.plane(c) + static_cast<size_t>(row) * part.width;
            float* to = canvas.plane(c) + static_cast<size_t>(y + row) * canvas.width + x;
            std::copy(from, from + part.width, to);
        }
}

void check_spec(const Image& image, const PreprocessSpec& spec) {
    if (spec.out_width <= 0 || spec.out_height <= 0)
        throw Error("preprocess: input size must be positive, got " + std::to_string(spec.out_width) +
                    "x" + std::to_string(spec.out_height));
    if (spec.policy == ResizePolicy::ShorterSideCenterCrop && spec.resize_size <= 0)
        throw Error("preprocess: resize_size must be positive, got " + std::to_string(spec.resize_size));
    if (image.width <= 0 || image.height <= 0)
        throw Error("preprocess: the image is empty");
}

PlanarImage shorter_side_center_crop(const Image& image, const PreprocessSpec& spec,
                                     InputGeometry& geometry) {
    const Size resized = shorter_side_size(image.width, image.height, spec.resize_size);
    const AxisCrop x = center_crop_axis(resized.width, spec.out_width);
    const AxisCrop y = center_crop_axis(resized.height, spec.out_height);
    const Box whole{0.0, 0.0, double(image.width), double(image.height)};
    // Only the cropped pixels are computed, with the weights of the full resize.
    PlanarImage part = resample(image, whole, resized.width, resized.height,
                                Window{x.first, y.first, x.count, y.count}, spec.filter, spec.channels());

    const double sx = double(image.width) / resized.width;
    const double sy = double(image.height) / resized.height;
    geometry.source_box = Box{x.first * sx, y.first * sy, x.count * sx, y.count * sy};
    geometry.content = Window{x.offset, y.offset, x.count, y.count};
    if (x.count == spec.out_width && y.count == spec.out_height) return part;

    PlanarImage canvas = filled(spec.out_width, spec.out_height, spec.channels(), 0.f);  // torchvision pads with 0
    paste(canvas, part, x.offset, y.offset);
    return canvas;
}

PlanarImage letterbox(const Image& image, const PreprocessSpec& spec, InputGeometry& geometry) {
    const int64_t w = image.width, h = image.height, ow = spec.out_width, oh = spec.out_height;
    Size fit{};
    if (ow * h <= oh * w) {  // width is the binding side
        fit.width = spec.out_width;
        fit.height = static_cast<int>(std::clamp<int64_t>(std::llround(double(h) * ow / w), 1, oh));
    } else {
        fit.height = spec.out_height;
        fit.width = static_cast<int>(std::clamp<int64_t>(std::llround(double(w) * oh / h), 1, ow));
    }
    const int x = (spec.out_width - fit.width) / 2;
    const int y = (spec.out_height - fit.height) / 2;
    const PlanarImage part = resize(image, fit.width, fit.height, spec.filter, spec.channels());

    geometry.source_box = Box{0.0, 0.0, double(image.width), double(image.height)};
    geometry.content = Window{x, y, fit.width, fit.height};
    PlanarImage canvas = filled(spec.out_width, spec.out_height, spec.channels(), spec.letterbox_fill);
    paste(canvas, part, x, y);
    return canvas;
}

}  // namespace

PlanarImage prepare_pixels(const Image& image, const PreprocessSpec& spec, InputGeometry* geometry) {
    check_spec(image, spec);
    InputGeometry where;
    PlanarImage pixels;
    switch (spec.policy) {
        case ResizePolicy::ShorterSideCenterCrop:
            pixels = shorter_side_center_crop(image, spec, where);
            break;
        case ResizePolicy::Letterbox:
            pixels = letterbox(image, spec, where);
            break;
        case ResizePolicy::Stretch:
        default:
            pixels = resize(image, spec.out_width, spec.out_height, spec.filter, spec.channels());
            where.source_box = Box{0.0, 0.0, double(image.width), double(image.height)};
            where.content = Window{0, 0, spec.out_width, spec.out_height};
            break;
    }
    if (geometry) *geometry = where;
    return pixels;
}

Tensor preprocess(const Image& image, const PreprocessSpec& spec, InputGeometry* geometry) {
    const PlanarImage pixels = prepare_pixels(image, spec, geometry);
    Tensor tensor = make_input_tensor(spec, 1);
    write_input(pixels, spec, tensor, 0);
    return tensor;
}

}  // namespace dxlens
