#include "formats.h"

#include <cstring>

#include "dxlens/dicom.h"
#include "dxlens/error.h"

namespace dxlens {
namespace {

const FormatCodec kCodecs[] = {
    {ImageFormat::Png, "PNG", "\x89PNG\r\n\x1A\n", 8, read_png_header, check_png_complete, nullptr},
    {ImageFormat::Jpeg, "JPEG", "\xFF\xD8\xFF", 3, read_jpeg_header, check_jpeg_complete, nullptr},
    {ImageFormat::Bmp, "BMP", "BM", 2, read_bmp_header, check_bmp_complete, nullptr},
    // Last: "DICM" at byte 128, or a plausible data set from byte 0.
    {ImageFormat::Dicom, "DICOM", nullptr, 0, read_dicom_header, check_dicom_complete, looks_like_dicom},
};

}  // namespace

const FormatCodec* find_codec(const uint8_t* data, size_t size) {
    for (const FormatCodec& codec : kCodecs) {
        if (codec.magic == nullptr ? codec.sniff(data, size)
                                   : size >= codec.magic_length && std::memcmp(data, codec.magic, codec.magic_length) == 0) {
            return &codec;
        }
    }
    return nullptr;
}

const FormatCodec& codec_of(ImageFormat format) {
    for (const FormatCodec& codec : kCodecs) {
        if (codec.format == format) return codec;
    }
    throw Error(ErrorKind::Internal, "no codec for image format " + std::to_string(int(format)));
}

std::string supported_format_names() {
    std::string names;
    for (const FormatCodec& codec : kCodecs) names += (names.empty() ? "" : ", ") + std::string(codec.name);
    return names;
}

const char* format_name(ImageFormat format) { return codec_of(format).name; }

ImageInfo read_dicom_header(const uint8_t* data, size_t size) {
    const DicomInfo dicom = probe_dicom(data, size, kLimits.max_file_bytes);
    ImageInfo info;
    info.format = ImageFormat::Dicom;
    info.width = dicom.columns;
    info.height = dicom.rows;
    info.channels = dicom.samples_per_pixel == 1 ? 1 : 3;
    info.bit_depth = 8;
    return info;
}

void check_dicom_complete(const uint8_t*, size_t) {}

}  // namespace dxlens
