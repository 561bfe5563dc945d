#pragma once
// Per-format header readers. They are our own rather than stbi_info's because
// stb refuses large images inside its info call with a bare "too large", and we
// want to name the dimensions and the limit; they also report channel counts
// exactly as the decoder will produce them. Each throws Error naming the format
// and the problem. The completeness checks cover what stb silently tolerates.
#include <cstddef>
#include <cstdint>

#include "dxlens/decode.h"

namespace dxlens {

ImageInfo read_png_header(const uint8_t* data, size_t size);
ImageInfo read_jpeg_header(const uint8_t* data, size_t size);  // exif_orientation included
ImageInfo read_bmp_header(const uint8_t* data, size_t size);

// stb fills missing JPEG scan data with grey and missing BMP rows with black,
// and ignores PNG checksums; these refuse truncated or damaged files instead,
// with messages that say where the damage is. The JPEG check also screens the
// Huffman tables that stb would overflow on.
void check_png_complete(const uint8_t* data, size_t size);
void check_jpeg_complete(const uint8_t* data, size_t size);
void check_bmp_complete(const uint8_t* data, size_t size);

}  // namespace dxlens
