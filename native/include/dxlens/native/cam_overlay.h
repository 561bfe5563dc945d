#pragma once
// Writing a class activation map as a heat overlay on the source image.
#include <string>

#include "dxlens/image.h"
#include "dxlens/native/pipeline.h"
#include "dxlens/preprocess.h"

namespace dxlens {
namespace native {

// Blends the CAM (colour-mapped, transparent where cold) over the part of
// `image` the model saw and writes the whole image as an RGBA PNG at `path`.
void write_cam_overlay_png(const std::string& path, const Image& image, const CamResult& cam,
                           const PreprocessSpec& spec);

}  // namespace native
}  // namespace dxlens
