#include "transfer_syntax.h"

#include "dxlens/error.h"

namespace dxlens {
namespace dicom {
namespace {

constexpr PixelEncoding kNo = PixelEncoding::Unsupported;

// PS3.6 Table A-1 (the image transfer syntaxes in use).
const TransferSyntax kSyntaxes[] = {
    {"1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, PixelEncoding::Native},
    {"1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, PixelEncoding::Native},
    {"1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, PixelEncoding::Native},
    {"1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, PixelEncoding::Native},
    {"1.2.840.10008.1.2.5", "RLE Lossless", true, false, false, PixelEncoding::Rle},
    {"1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true, false, false, PixelEncoding::JpegBaseline},
    {"1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])",
     true, false, false, kNo},
    {"1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)", true, false,
     false, kNo},
    {"1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.94", "JPIP Referenced", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.95", "JPIP Referenced Deflate", true, false, true, kNo},
    {"1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.110", "JPEG XL Lossless", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.111", "JPEG XL JPEG Recompression", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.112", "JPEG XL", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)", true, false, false, kNo},
    {"1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)", true,
     false, false, kNo},
    {"1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression", true, false, false, kNo},
    {"1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", true, false, false, kNo},
};

const char* const kConvertHint =
    ": convert the file to an uncompressed (Explicit VR Little Endian), RLE Lossless or JPEG Baseline transfer "
    "syntax first (e.g. DCMTK's dcmdjpeg/dcmdjpls/dcmconv +te, or GDCM's gdcmconv --raw)";

}  // namespace

const TransferSyntax* find_transfer_syntax(const std::string& uid) {
    for (const TransferSyntax& syntax : kSyntaxes) {
        if (uid == syntax.uid) return &syntax;
    }
    return nullptr;
}

const TransferSyntax& supported_transfer_syntax(const std::string& uid) {
    const TransferSyntax* syntax = find_transfer_syntax(uid);
    if (syntax == nullptr) {
        throw Error(ErrorKind::UnsupportedFormat,
                    "DICOM transfer syntax " + (uid.empty() ? std::string("(none given)") : uid) +
                        " is not one dxlens knows" + kConvertHint);
    }
    if (syntax->pixels == PixelEncoding::Unsupported) {
        throw Error(ErrorKind::UnsupportedFormat, std::string(syntax->name) + " (" + syntax->uid +
                                                      ") is not supported" + kConvertHint);
    }
    return *syntax;
}

}  // namespace dicom
}  // namespace dxlens
