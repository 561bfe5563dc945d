#pragma once
// A dense tensor handed to or received from a model. Exactly one of `f32` and
// `u8` holds data, according to `dtype`.
#include <cstdint>
#include <vector>

namespace dxlens {

enum class DType { Float32, Uint8 };
enum class Layout { NCHW, NHWC };

struct Tensor {
    std::vector<int64_t> shape;
    DType dtype = DType::Float32;
    std::vector<float> f32;
    std::vector<uint8_t> u8;

    int64_t element_count() const {
        int64_t n = 1;
        for (int64_t d : shape) n *= d;
        return shape.empty() ? 0 : n;
    }
};

}  // namespace dxlens
