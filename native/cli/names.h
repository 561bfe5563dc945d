#pragma once
// Manifest enums back to the words manifest.json uses, for `info` and reports.
#include <string>
#include <vector>

#include "dxlens/manifest.h"

namespace dxlens {
namespace cli {

const char* resize_policy_name(ResizePolicy policy);
const char* filter_name(ResizeFilter filter);
const char* color_name(ColorMode color);
const char* layout_name(Layout layout);
const char* dtype_name(DType dtype);
const char* mask_name(MaskMethod mask);
const char* aggregation_name(Aggregation aggregation);

// A float as the double that prints like the float (0.485f -> 0.485, not
// 0.48500001430511475), for JSON output.
double tidy(float value);

}  // namespace cli
}  // namespace dxlens
