#pragma once
// The transfer syntaxes dxlens knows by name: those it reads, and those it
// refuses with a message that names them (by UID and name) and says what to do.
#include <string>

namespace dxlens {
namespace dicom {

enum class PixelEncoding {
    Native,       // uncompressed pixel data in the data set's byte order
    Rle,          // RLE Lossless: one fragment per frame, PackBits segments
    JpegBaseline, // 8-bit JPEG (ITU T.81 process 1) fragments, decoded by stb_image
    Unsupported,
};

struct TransferSyntax {
    const char* uid;
    const char* name;
    bool explicit_vr;
    bool big_endian;
    bool deflated;  // the data set after the meta group is a raw deflate stream
    PixelEncoding pixels;
};

// The entry for `uid`, or null when dxlens does not know it.
const TransferSyntax* find_transfer_syntax(const std::string& uid);

// Throws Error (UnsupportedFormat) for a syntax whose pixels dxlens cannot
// decode, or an unknown one: "JPEG 2000 Image Compression (1.2.840.10008.1.2.4.90)
// is not supported: convert ...".
const TransferSyntax& supported_transfer_syntax(const std::string& uid);

}  // namespace dicom
}  // namespace dxlens
