#include "image_format.h"

#include "byte_reader.h"
#include "formats.h"

namespace dxlens {
namespace {

struct Signature {
    size_t offset;
    const char* bytes;
    size_t length;
    const char* name;
};

// Formats people are likely to try (camera, scanner, web and medical files).
// A file matching none of these, nor a supported format, is reported as unrecognised.
const Signature kUnsupported[] = {
    {0, "GIF87a", 6, "GIF"},
    {0, "GIF89a", 6, "GIF"},
    {0, "II*\0", 4, "TIFF"},
    {0, "MM\0*", 4, "TIFF"},
    {0, "II+\0", 4, "TIFF"},  // BigTIFF
    {0, "MM\0+", 4, "TIFF"},
    {0, "\0\0\0\x0CjP  \r\n\x87\n", 12, "JPEG 2000"},
    {0, "\xFF\x4F\xFF\x51", 4, "JPEG 2000"},  // raw codestream
    {0, "\0\0\0\x0CJXL \r\n\x87\n", 12, "JPEG XL"},
    {0, "\xFF\x0A", 2, "JPEG XL"},
    {0, "8BPS", 4, "Photoshop PSD"},
    {0, "\0\0\1\0", 4, "ICO"},
    {0, "qoif", 4, "QOI"},
    {0, "\x76\x2F\x31\x01", 4, "OpenEXR"},
    {0, "#?RADIANCE", 10, "Radiance HDR"},
    {0, "%PDF", 4, "PDF"},
    {0, "<svg", 4, "SVG"},
    {0, "<?xml", 5, "SVG/XML"},
};

// ISO base media files ("....ftyp<brand>"): HEIC from phones, AVIF from the web.
const char* iso_media_name(const ByteReader& in) {
    if (!in.matches(4, "ftyp", 4)) return nullptr;
    static const Signature kBrands[] = {
        {8, "heic", 4, "HEIC"}, {8, "heix", 4, "HEIC"}, {8, "hevc", 4, "HEIC"},
        {8, "heim", 4, "HEIC"}, {8, "heis", 4, "HEIC"}, {8, "hevx", 4, "HEIC"},
        {8, "mif1", 4, "HEIF"}, {8, "msf1", 4, "HEIF"},
        {8, "avif", 4, "AVIF"}, {8, "avis", 4, "AVIF"},
    };
    for (const Signature& brand : kBrands) {
        if (in.matches(brand.offset, brand.bytes, brand.length)) return brand.name;
    }
    return nullptr;
}

}  // namespace

SniffedFormat sniff_format(const uint8_t* data, size_t size) {
    ByteReader in{data, size};
    SniffedFormat result;
    if (const FormatCodec* codec = find_codec(data, size)) {
        result.supported = codec->format;
    } else if (in.matches(0, "RIFF", 4) && in.matches(8, "WEBP", 4)) {
        result.unsupported_name = "WebP";
    } else if (const char* iso = iso_media_name(in)) {
        result.unsupported_name = iso;
    } else {
        for (const Signature& sig : kUnsupported) {
            if (in.matches(sig.offset, sig.bytes, sig.length)) {
                result.unsupported_name = sig.name;
                break;
            }
        }
    }
    return result;
}

}  // namespace dxlens
