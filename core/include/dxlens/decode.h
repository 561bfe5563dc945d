#pragma once
// Image decoding from bytes in memory (stb_image underneath; DICOM by our own
// reader, dicom.h, which uses stb_image for JPEG Baseline and deflate).
// The dimensions are read from the header first, so an oversized image is refused
// before any pixel buffer is allocated.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "dxlens/dicom.h"
#include "dxlens/image.h"
#include "dxlens/limits.h"

namespace dxlens {

enum class ImageFormat { Png, Jpeg, Bmp, Dicom };

struct DecodeLimits {
    uint64_t max_pixels = kLimits.max_pixels;  // width * height
    uint64_t max_inflated_bytes = kLimits.max_file_bytes;  // a deflated DICOM data set, inflated
};

struct ImageInfo {
    ImageFormat format = ImageFormat::Png;
    int width = 0;             // as stored in the file (before EXIF rotation)
    int height = 0;
    int channels = 0;          // channels the decoder will produce (palette PNG -> 3 or 4;
                               // DICOM -> 1 grey or 3 RGB)
    int bit_depth = 8;         // 16 for 16-bit PNGs (DICOM is windowed to 8)
    int exif_orientation = 1;  // 1..8, JPEG only; 1 when absent
    double microns_per_pixel = 0;  // the physical resolution the file states (PNG pHYs,
                                   // JPEG JFIF density), square pixels at microscope or
                                   // scanner scale only; 0 = not stated (see formats.h)
};

const char* format_name(ImageFormat format);

// The format, from the first bytes only (no header parsed: a deflated DICOM data
// set is not inflated). Throws Error for empty input and for unknown or
// unsupported formats (GIF, TIFF, WebP, ...: the message names the format when it can).
ImageFormat detect_image_format(const uint8_t* data, size_t size);

// Reads only the header. Throws as detect_image_format does, and for headers
// that cannot be parsed.
ImageInfo probe_image(const uint8_t* data, size_t size);

// Full decode. Applies the EXIF orientation of JPEGs, so the returned image is
// upright. Throws Error if the image exceeds `limits` (checked before decoding),
// or is truncated or corrupt.
Image decode_image(const uint8_t* data, size_t size, const DecodeLimits& limits = {});

// decode_image, plus what may be shown about a DICOM file (dicom.h). `dicom`
// chooses a DICOM file's frame and window; other formats ignore it.
struct DecodedFile {
    Image image;
    std::optional<DicomInfo> dicom;  // DICOM files only
};
DecodedFile decode_file(const uint8_t* data, size_t size, const DecodeLimits& limits = {},
                        const DicomOptions& dicom = {});

}  // namespace dxlens
