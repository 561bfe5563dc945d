#pragma once
// Model input preparation: colour mode, resize policy, crop, mean/std, layout
// and dtype, all taken from the model manifest. The float output matches
// torchvision's Resize -> CenterCrop -> ToTensor -> Normalize on a Pillow image
// to within 2/255 (tests/unit/test_parity.cpp).
#include <array>

#include "dxlens/image.h"
#include "dxlens/resize.h"
#include "dxlens/tensor.h"

namespace dxlens {

enum class ResizePolicy {
    ShorterSideCenterCrop,  // torchvision Resize(resize_size) then CenterCrop(out)
    Stretch,                // plain resize to out_width x out_height
    Letterbox,              // fit inside, keep aspect, pad with letterbox_fill
};

enum class ColorMode { Grey, RGB };

struct PreprocessSpec {
    ResizePolicy policy = ResizePolicy::ShorterSideCenterCrop;
    int resize_size = 256;  // shorter side after resize (ShorterSideCenterCrop only)
    int out_width = 224;
    int out_height = 224;
    ResizeFilter filter = ResizeFilter::Bilinear;
    ColorMode color = ColorMode::RGB;
    std::array<float, 3> mean{0.f, 0.f, 0.f};  // per channel, in [0, 1] units
    std::array<float, 3> std{1.f, 1.f, 1.f};
    Layout layout = Layout::NCHW;
    DType dtype = DType::Float32;  // Uint8: raw 0..255, mean/std not applied
    float letterbox_fill = 0.f;    // pad value in [0, 1] before normalisation

    int channels() const { return color == ColorMode::Grey ? 1 : 3; }
};

// Where the model input came from in the source image: the source box that was
// resampled and the output window (for mapping CAMs back onto the image).
struct InputGeometry {
    Box source_box;      // region of the source image that maps onto `content`
    Window content;      // region of the model input holding image pixels (letterbox leaves margins)
};

// Resized / cropped / colour-converted pixels in [0, 1], before normalisation.
PlanarImage prepare_pixels(const Image& image, const PreprocessSpec& spec, InputGeometry* geometry = nullptr);

// Shape of a batch of `batch` inputs: [B,C,H,W] or [B,H,W,C].
std::vector<int64_t> input_shape(const PreprocessSpec& spec, int64_t batch);

// Allocates a zeroed tensor for `batch` inputs with the spec's shape and dtype.
Tensor make_input_tensor(const PreprocessSpec& spec, int64_t batch);

// Normalises `pixels` (out_width x out_height, spec.channels()) and writes them
// into slot `index` of `tensor` in the spec's layout and dtype.
void write_input(const PlanarImage& pixels, const PreprocessSpec& spec, Tensor& tensor, int64_t index);

// prepare_pixels + make_input_tensor(1) + write_input.
Tensor preprocess(const Image& image, const PreprocessSpec& spec, InputGeometry* geometry = nullptr);

}  // namespace dxlens
