// The physical resolution an image file states, for patch models that know
// theirs in microns per pixel (pipeline.h, InputScale).
#include <cmath>

#include "byte_reader.h"
#include "formats.h"
#include "jpeg_markers.h"

namespace dxlens {

double physical_microns_per_pixel(double microns_per_pixel) {
    constexpr double kCoarsestSubjectScale = 20.0;
    if (!std::isfinite(microns_per_pixel) || microns_per_pixel <= 0 || microns_per_pixel > kCoarsestSubjectScale) {
        return 0;
    }
    return microns_per_pixel;
}

double jpeg_microns_per_pixel(const uint8_t* data, size_t size) {
    constexpr uint8_t kApp0 = 0xE0;
    ByteReader in{data, size};
    if (!in.matches(0, "\xFF\xD8", 2)) return 0;
    size_t pos = 2;
    JpegSegment segment;
    while (next_jpeg_segment(data, size, pos, segment)) {
        if (segment.marker == jpeg_marker::SOS || segment.marker == jpeg_marker::EOI) break;
        // "JFIF\0", version (2 bytes), units, X density, Y density (JFIF 1.02).
        if (segment.marker != kApp0 || segment.payload_size < 12 ||
            !in.matches(segment.payload_offset, "JFIF\0", 5)) {
            continue;
        }
        uint8_t units = 0;
        uint16_t x_density = 0, y_density = 0;
        in.u8(segment.payload_offset + 7, units);
        in.u16(segment.payload_offset + 8, x_density);
        in.u16(segment.payload_offset + 10, y_density);
        if (x_density == 0 || x_density != y_density) return 0;
        if (units == 1) return physical_microns_per_pixel(25400.0 / x_density);
        if (units == 2) return physical_microns_per_pixel(10000.0 / x_density);
        return 0;  // units 0: an aspect ratio only
    }
    return 0;
}

}  // namespace dxlens
