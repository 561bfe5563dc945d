#pragma once
// The formats dxlens decodes, as one table (formats.cpp). Adding a format is one
// entry there plus one file with its header reader and completeness check.
// The header readers are our own rather than stbi_info's because stb refuses
// large images inside its info call with a bare "too large", and we want to
// name the dimensions and the limit; they also report channel counts exactly as
// the decoder will produce them. Each throws Error naming the format and the
// problem. The completeness checks cover what stb silently tolerates: stb fills
// missing JPEG scan data with grey and missing BMP rows with black, and ignores
// PNG checksums; these refuse truncated or damaged files instead, with messages
// that say where the damage is. The JPEG check also screens the Huffman tables
// that stb would overflow on.
#include <cstddef>
#include <cstdint>
#include <string>

#include "dxlens/decode.h"

namespace dxlens {

struct FormatCodec {
    ImageFormat format;
    const char* name;
    const char* magic;  // leading bytes that identify the format
    size_t magic_length;
    ImageInfo (*read_header)(const uint8_t* data, size_t size);
    void (*check_complete)(const uint8_t* data, size_t size);
};

// The codec whose magic bytes start `data`, or null.
const FormatCodec* find_codec(const uint8_t* data, size_t size);
const FormatCodec& codec_of(ImageFormat format);
// "PNG, JPEG, BMP": for messages about what is supported.
std::string supported_format_names();

ImageInfo read_png_header(const uint8_t* data, size_t size);
ImageInfo read_jpeg_header(const uint8_t* data, size_t size);  // exif_orientation included
ImageInfo read_bmp_header(const uint8_t* data, size_t size);
void check_png_complete(const uint8_t* data, size_t size);
void check_jpeg_complete(const uint8_t* data, size_t size);
void check_bmp_complete(const uint8_t* data, size_t size);

}  // namespace dxlens
