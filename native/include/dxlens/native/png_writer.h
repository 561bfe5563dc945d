#pragma once
// Writing an RGBA image as a PNG file: the CLI's --cam output, an image the
// core composed (dxlens::compose) with its overlay.
#include <string>

#include "dxlens/image.h"
#include "dxlens/overlay.h"

namespace dxlens {
namespace native {

// Throws Error kind Io when the file cannot be written.
void write_png(const std::string& path, const RgbaImage& image);
// A decoded image as it is (1 to 4 channels; 16-bit samples keep their high
// byte): `dxlens convert`'s output. Throws Error kind Io as above.
void write_png(const std::string& path, const Image& image);

}  // namespace native
}  // namespace dxlens
