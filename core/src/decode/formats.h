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
    const char* magic;  // leading bytes that identify the format (null: `sniff` decides)
    size_t magic_length;
    ImageInfo (*read_header)(const uint8_t* data, size_t size);
    void (*check_complete)(const uint8_t* data, size_t size);
    bool (*sniff)(const uint8_t* data, size_t size);  // formats without leading magic (DICOM)
};

// The codec whose magic bytes start `data`, or null.
const FormatCodec* find_codec(const uint8_t* data, size_t size);
const FormatCodec& codec_of(ImageFormat format);
// "PNG, JPEG, BMP, DICOM": for messages about what is supported.
std::string supported_format_names();

ImageInfo read_png_header(const uint8_t* data, size_t size);
ImageInfo read_jpeg_header(const uint8_t* data, size_t size);  // exif_orientation included
ImageInfo read_bmp_header(const uint8_t* data, size_t size);
// DICOM (dicom.h): the header facts of the default frame, 8-bit, 1 or 3 channels.
ImageInfo read_dicom_header(const uint8_t* data, size_t size);
// A density a file states, in microns per pixel, or 0 when it says nothing
// about the subject. Files carry densities for printing and screens too (72,
// 96, 300 dpi: 353, 265, 85 microns per pixel), which say nothing about the
// subject; only densities of at most 20 microns per pixel (1,270 dpi and
// finer: scanners and microscopes) are taken as the subject's resolution.
double physical_microns_per_pixel(double microns_per_pixel);
// The JFIF APP0 density (units 1 = dots per inch, 2 = dots per cm), 0 if none.
double jpeg_microns_per_pixel(const uint8_t* data, size_t size);

void check_png_complete(const uint8_t* data, size_t size);
void check_jpeg_complete(const uint8_t* data, size_t size);
void check_bmp_complete(const uint8_t* data, size_t size);
void check_dicom_complete(const uint8_t* data, size_t size);  // nothing: the DICOM reader checks as it decodes

}  // namespace dxlens
