#include "dxlens/native/png_writer.h"

#include "dxlens/error.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>
#pragma GCC diagnostic pop

namespace dxlens {
namespace native {

void write_png(const std::string& path, const RgbaImage& image) {
    if (image.width <= 0 || image.height <= 0) throw Error(ErrorKind::Internal, "cannot write an empty image as PNG");
    if (!stbi_write_png(path.c_str(), image.width, image.height, 4, image.data.data(), image.width * 4)) {
        throw Error(ErrorKind::Io, "cannot write '" + path + "'");
    }
}

void write_png(const std::string& path, const Image& image) {
    if (image.empty() || image.channels < 1 || image.channels > 4) {
        throw Error(ErrorKind::Internal, "cannot write an empty image as PNG");
    }
    std::vector<uint8_t> bytes = image.pixels8;
    if (image.bit_depth == 16) {
        bytes.resize(image.pixels16.size());
        for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = uint8_t(image.pixels16[i] >> 8);
    }
    if (!stbi_write_png(path.c_str(), image.width, image.height, image.channels, bytes.data(),
                        image.width * image.channels)) {
        throw Error(ErrorKind::Io, "cannot write '" + path + "'");
    }
}

}  // namespace native
}  // namespace dxlens
