#include "dxlens/exif.h"

#include <cstddef>

#include "byte_reader.h"
#include "jpeg_markers.h"

namespace dxlens {
namespace {

constexpr uint16_t kOrientationTag = 0x0112;
constexpr uint16_t kTypeShort = 3;
constexpr size_t kIfdEntrySize = 12;

// The orientation in a TIFF structure (the body of an Exif block): byte order
// mark, magic 42, offset of IFD0, then IFD0's 12-byte entries. 0 when the
// structure is malformed or has no valid orientation entry.
int tiff_orientation(const uint8_t* tiff, size_t size) {
    ByteReader in{tiff, size};
    if (in.matches(0, "II", 2)) {
        in.big_endian = false;
    } else if (!in.matches(0, "MM", 2)) {
        return 0;
    }
    uint16_t magic = 0, entry_count = 0;
    uint32_t ifd = 0;
    if (!in.u16(2, magic) || magic != 42 || !in.u32(4, ifd) || !in.u16(ifd, entry_count)) return 0;
    for (size_t i = 0; i < entry_count; ++i) {
        size_t entry = size_t(ifd) + 2 + i * kIfdEntrySize;
        uint16_t tag = 0, type = 0, value = 0;
        uint32_t count = 0;
        if (!in.has(entry, kIfdEntrySize)) return 0;  // IFD cut short
        in.u16(entry, tag);
        if (tag != kOrientationTag) continue;
        in.u16(entry + 2, type);
        in.u32(entry + 4, count);
        // A single SHORT sits in the first two bytes of the value field.
        in.u16(entry + 8, value);
        bool valid = type == kTypeShort && count == 1 && value >= 1 && value <= 8;
        return valid ? value : 0;
    }
    return 0;
}

}  // namespace

int jpeg_exif_orientation(const uint8_t* data, size_t size) {
    ByteReader in{data, size};
    if (!in.matches(0, "\xFF\xD8", 2)) return 1;
    size_t pos = 2;
    JpegSegment segment;
    // Exif lives in an APP1 segment among the headers, before the first scan.
    while (next_jpeg_segment(data, size, pos, segment)) {
        if (segment.marker == jpeg_marker::SOS || segment.marker == jpeg_marker::EOI) break;
        if (segment.marker != jpeg_marker::APP1) continue;
        // APP1 also carries XMP; only the "Exif\0\0" one holds the tag.
        if (!in.matches(segment.payload_offset, "Exif\0\0", 6) || segment.payload_size < 6) continue;
        int orientation = tiff_orientation(data + segment.payload_offset + 6, segment.payload_size - 6);
        return orientation == 0 ? 1 : orientation;
    }
    return 1;
}

namespace {

// Where source pixel (x, y) lands in the output, as a linear map on pixel
// indices: out_index = origin + x * step_x + y * step_y. Every EXIF orientation
// is such an affine map, so the copy loop needs no per-pixel branching.
struct PixelMap {
    int out_width = 0, out_height = 0;
    ptrdiff_t origin = 0, step_x = 0, step_y = 0;
};

PixelMap pixel_map(int width, int height, int orientation) {
    const ptrdiff_t w = width, h = height;
    switch (orientation) {
        case 2: return {width, height, w - 1, -1, w};                        // mirror
        case 3: return {width, height, w * h - 1, -1, -w};                   // rotate 180
        case 4: return {width, height, (h - 1) * w, 1, -w};                  // flip
        case 5: return {height, width, 0, h, 1};                             // transpose
        case 6: return {height, width, h - 1, h, -1};                        // rotate 90 CW
        case 7: return {height, width, w * h - 1, -h, -1};                   // transverse
        case 8: return {height, width, (w - 1) * h, -h, 1};                  // rotate 90 CCW
        default: return {width, height, 0, 1, w};
    }
}

template <typename Sample>
void remap(const std::vector<Sample>& src, std::vector<Sample>& dst, int width, int height,
           int channels, const PixelMap& map) {
    dst.resize(src.size());
    const size_t c = size_t(channels);
    for (int y = 0; y < height; ++y) {
        const Sample* in = src.data() + size_t(y) * size_t(width) * c;
        ptrdiff_t out_index = map.origin + y * map.step_y;
        for (int x = 0; x < width; ++x, out_index += map.step_x) {
            Sample* out = dst.data() + size_t(out_index) * c;
            for (size_t k = 0; k < c; ++k) out[k] = in[size_t(x) * c + k];
        }
    }
}

}  // namespace

Image apply_exif_orientation(const Image& image, int orientation) {
    if (orientation < 2 || orientation > 8 || image.empty()) return image;
    PixelMap map = pixel_map(image.width, image.height, orientation);
    Image out;
    out.width = map.out_width;
    out.height = map.out_height;
    out.channels = image.channels;
    out.bit_depth = image.bit_depth;
    if (image.bit_depth == 16) {
        remap(image.pixels16, out.pixels16, image.width, image.height, image.channels, map);
    } else {
        remap(image.pixels8, out.pixels8, image.width, image.height, image.channels, map);
    }
    return out;
}

}  // namespace dxlens
