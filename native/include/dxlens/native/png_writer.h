#pragma once
// Writing an RGBA image as a PNG file: the CLI's --cam output, an image the
// core composed (dxlens::compose) with its overlay.
#include <string>

#include "dxlens/overlay.h"

namespace dxlens {
namespace native {

// Throws Error kind Io when the file cannot be written.
void write_png(const std::string& path, const RgbaImage& image);

}  // namespace native
}  // namespace dxlens
