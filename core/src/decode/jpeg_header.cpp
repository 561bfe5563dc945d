#include <string>

#include "byte_reader.h"
#include "dxlens/error.h"
#include "dxlens/exif.h"
#include "formats.h"
#include "jpeg_markers.h"

namespace dxlens {
namespace {

[[noreturn]] void corrupt_jpeg(const std::string& why) { throw Error(ErrorKind::Corrupt, "corrupt or truncated JPEG: " + why); }

bool is_frame_marker(uint8_t marker) {
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC) which share the range.
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// stb_image decodes baseline, extended sequential and progressive Huffman JPEGs.
const char* unsupported_coding(uint8_t frame_marker) {
    switch (frame_marker) {
        case 0xC0:
        case 0xC1:
        case 0xC2: return nullptr;
        case 0xC3: return "lossless";
        case 0xC5:
        case 0xC6:
        case 0xC7: return "hierarchical";
        default: return "arithmetic";
    }
}

ImageInfo read_frame_header(const ByteReader& in, const JpegSegment& frame) {
    if (const char* coding = unsupported_coding(frame.marker)) {
        throw Error(ErrorKind::UnsupportedFormat, std::string("unsupported JPEG: ") + coding +
                    " coding (only baseline and progressive JPEGs are supported)");
    }
    uint8_t precision = 0, components = 0;
    uint16_t height = 0, width = 0;
    size_t at = frame.payload_offset;
    if (frame.payload_size < 6 || !in.u8(at, precision) || !in.u16(at + 1, height) ||
        !in.u16(at + 3, width) || !in.u8(at + 5, components)) {
        corrupt_jpeg("frame header too short");
    }
    if (precision != 8) {
        throw Error(ErrorKind::UnsupportedFormat, "unsupported JPEG: " + std::to_string(precision) +
                    "-bit samples (only 8-bit JPEGs are supported)");
    }
    if (height == 0) throw Error(ErrorKind::UnsupportedFormat, "unsupported JPEG: the height is only given after the image data (DNL)");
    if (width == 0) corrupt_jpeg("zero width");
    if (components != 1 && components != 3 && components != 4) {
        corrupt_jpeg(std::to_string(components) + " colour components");
    }
    ImageInfo info;
    info.format = ImageFormat::Jpeg;
    info.width = width;
    info.height = height;
    info.channels = components == 1 ? 1 : 3;  // YCbCr and CMYK both come out as RGB
    info.bit_depth = 8;
    return info;
}

constexpr uint8_t kDefineHuffmanTables = 0xC4;

// A DHT segment holds tables of: class/id byte, 16 code-length counts, then
// that many symbols, at most 256 (one per byte value). stb_image 2.27 trusts
// the counts and writes past its 256-entry arrays when they sum to more, so
// such tables must never reach it.
bool huffman_tables_fit(const ByteReader& in, const JpegSegment& segment) {
    size_t pos = segment.payload_offset;
    const size_t end = segment.payload_offset + segment.payload_size;
    while (pos < end) {
        if (end - pos < 17) return false;
        size_t symbols = 0;
        for (size_t i = 1; i <= 16; ++i) symbols += in.data[pos + i];
        if (symbols > 256 || end - pos - 17 < symbols) return false;
        pos += 17 + symbols;
    }
    return true;
}

}  // namespace

ImageInfo read_jpeg_header(const uint8_t* data, size_t size) {
    ByteReader in{data, size, /*big_endian=*/true};
    size_t pos = 2;  // past SOI
    JpegSegment segment;
    for (;;) {
        if (!next_jpeg_segment(data, size, pos, segment)) {
            corrupt_jpeg(pos >= size ? "file ends before the frame header"
                                     : "damaged or cut-off marker segment at byte " + std::to_string(pos));
        }
        if (is_frame_marker(segment.marker)) break;
        if (segment.marker == jpeg_marker::SOS || segment.marker == jpeg_marker::EOI) {
            corrupt_jpeg("no frame header before the image data");
        }
    }
    ImageInfo info = read_frame_header(in, segment);
    info.exif_orientation = jpeg_exif_orientation(data, size);
    return info;
}

void check_jpeg_complete(const uint8_t* data, size_t size) {
    ByteReader in{data, size};
    bool tables_ok = true;
    bool reached_end = walk_jpeg_segments(data, size, [&](const JpegSegment& segment) {
        tables_ok = segment.marker != kDefineHuffmanTables || huffman_tables_fit(in, segment);
        return tables_ok;
    });
    if (!tables_ok) corrupt_jpeg("invalid Huffman table");
    if (!reached_end) corrupt_jpeg("the file ends before its end-of-image marker");
}

}  // namespace dxlens
