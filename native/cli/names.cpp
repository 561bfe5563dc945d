#include "names.h"

#include <cstdio>
#include <cstdlib>

namespace dxlens {
namespace cli {

const char* resize_policy_name(ResizePolicy policy) {
    switch (policy) {
        case ResizePolicy::Stretch: return "stretch";
        case ResizePolicy::Letterbox: return "letterbox";
        case ResizePolicy::ShorterSideCenterCrop: break;
    }
    return "shorter_side_center_crop";
}

const char* filter_name(ResizeFilter filter) { return filter == ResizeFilter::Bicubic ? "bicubic" : "bilinear"; }
const char* color_name(ColorMode color) { return color == ColorMode::Grey ? "grey" : "rgb"; }
const char* layout_name(Layout layout) { return layout == Layout::NHWC ? "NHWC" : "NCHW"; }
const char* dtype_name(DType dtype) { return dtype == DType::Uint8 ? "uint8" : "float32"; }

const char* mask_name(MaskMethod mask) {
    switch (mask) {
        case MaskMethod::None: return "none";
        case MaskMethod::Grey: return "grey";
        case MaskMethod::Saturation: break;
    }
    return "saturation";
}

const char* aggregation_name(Aggregation aggregation) {
    switch (aggregation) {
        case Aggregation::Max: return "max";
        case Aggregation::MajorityVote: return "majority_vote";
        case Aggregation::Mean: break;
    }
    return "mean";
}

double tidy(float value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.7g", double(value));
    return std::strtod(text, nullptr);
}

}  // namespace cli
}  // namespace dxlens
