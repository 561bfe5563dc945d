// Model input tensors: shape, allocation, and normalised writes of one sample.
#include <algorithm>
#include <cmath>
#include <string>

#include "dxlens/error.h"
#include "dxlens/preprocess.h"

namespace dxlens {
namespace {

std::string shape_text(const std::vector<int64_t>& shape) {
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

}  // namespace

std::vector<int64_t> input_shape(const PreprocessSpec& spec, int64_t batch) {
    const int64_t c = spec.channels(), h = spec.out_height, w = spec.out_width;
    if (spec.layout == Layout::NHWC) return {batch, h, w, c};
    return {batch, c, h, w};
}

Tensor make_input_tensor(const PreprocessSpec& spec, int64_t batch) {
    if (batch < 0) throw Error("preprocess: batch size must not be negative, got " + std::to_string(batch));
    if (spec.out_width <= 0 || spec.out_height <= 0)
        throw Error("preprocess: input size must be positive, got " + std::to_string(spec.out_width) +
                    "x" + std::to_string(spec.out_height));
    Tensor tensor;
    tensor.shape = input_shape(spec, batch);
    tensor.dtype = spec.dtype;
    const auto count = static_cast<size_t>(tensor.element_count());
    if (spec.dtype == DType::Uint8)
        tensor.u8.assign(count, 0);
    else
        tensor.f32.assign(count, 0.f);
    return tensor;
}

void write_input(const PlanarImage& pixels, const PreprocessSpec& spec, Tensor& tensor, int64_t index) {
    const int channels = spec.channels();
    const int width = spec.out_width, height = spec.out_height;
    if (pixels.width != width || pixels.height != height || pixels.channels != channels)
        throw Error("preprocess: pixels are " + std::to_string(pixels.width) + "x" +
                    std::to_string(pixels.height) + "x" + std::to_string(pixels.channels) +
                    ", the model input needs " + std::to_string(width) + "x" + std::to_string(height) +
                    "x" + std::to_string(channels));
    if (pixels.data.size() != static_cast<size_t>(width) * height * channels)
        throw Error("preprocess: pixel buffer size does not match its dimensions");
    const std::vector<int64_t> sample_shape = input_shape(spec, 1);
    const bool shape_ok = tensor.shape.size() == 4 && tensor.shape[0] > index && index >= 0 &&
                          std::equal(sample_shape.begin() + 1, sample_shape.end(), tensor.shape.begin() + 1);
    if (!shape_ok)
        throw Error("preprocess: cannot write sample " + std::to_string(index) + " into a tensor of shape " +
                    shape_text(tensor.shape) + " (one sample is " + shape_text(sample_shape) + ")");
    if (tensor.dtype != spec.dtype)
        throw Error("preprocess: tensor dtype does not match the model input dtype");
    const size_t needed = static_cast<size_t>(tensor.element_count());
    if ((spec.dtype == DType::Uint8 ? tensor.u8.size() : tensor.f32.size()) != needed)
        throw Error("preprocess: tensor buffer does not hold " + std::to_string(needed) + " elements");

    const size_t plane = static_cast<size_t>(width) * height;
    const size_t sample_offset = static_cast<size_t>(index) * plane * channels;
    // Planar pixel p of channel c lands at p * channels + c in NHWC, c * plane + p in NCHW.
    const bool nhwc = spec.layout == Layout::NHWC;
    for (int c = 0; c < channels; ++c) {
        const float* src = pixels.plane(c);
        const size_t base = sample_offset + (nhwc ? static_cast<size_t>(c) : c * plane);
        const size_t step = nhwc ? static_cast<size_t>(channels) : 1;
        if (spec.dtype == DType::Uint8) {
            uint8_t* dst = tensor.u8.data() + base;
            for (size_t p = 0; p < plane; ++p) {
                const float v = std::nearbyint(src[p] * 255.f);
                dst[p * step] = static_cast<uint8_t>(std::min(255.f, std::max(0.f, v)));
            }
        } else {
            if (spec.std[c] == 0.f || !std::isfinite(spec.std[c]))
                throw Error("preprocess: std of channel " + std::to_string(c) + " must be non-zero");
            // Divide (not multiply by 1/std) to round exactly as torchvision's Normalize.
            const float mean = spec.mean[c], std_dev = spec.std[c];
            float* dst = tensor.f32.data() + base;
            for (size_t p = 0; p < plane; ++p) dst[p * step] = (src[p] - mean) / std_dev;
        }
    }
}

}  // namespace dxlens
