#pragma once
// Walking the marker segments of a JPEG file (ITU T.81 annex B), shared by the
// header reader, the truncation check and the EXIF reader. All offsets are
// bounds-checked; a malformed file makes the walk stop, never read past the end.
#include <cstddef>
#include <cstdint>

namespace dxlens {

namespace jpeg_marker {
constexpr uint8_t SOI = 0xD8;
constexpr uint8_t EOI = 0xD9;
constexpr uint8_t SOS = 0xDA;
constexpr uint8_t APP1 = 0xE1;
}  // namespace jpeg_marker

struct JpegSegment {
    uint8_t marker = 0;
    size_t payload_offset = 0;  // first byte after the 2-byte length field
    size_t payload_size = 0;    // 0 for markers that carry no length (RSTn, EOI, ...)
};

// True for markers that stand alone, without a length field.
bool jpeg_marker_is_standalone(uint8_t marker);

// Reads the segment whose marker starts at `pos` (fill bytes 0xFF allowed) and
// moves `pos` past it. False if `pos` holds no marker or the segment's length
// runs past the end of the data.
bool next_jpeg_segment(const uint8_t* data, size_t size, size_t& pos, JpegSegment& segment);

// Calls `visit` for every marker segment of the file, those between the scans
// of a progressive JPEG included, skipping the entropy-coded data; stops early
// when `visit` returns false. Returns true when it reaches the EOI marker.
// Entropy-coded data escapes every 0xFF as FF 00, so FF D9 cannot occur inside
// a scan: a file cut short never reaches EOI.
template <typename Visit>
bool walk_jpeg_segments(const uint8_t* data, size_t size, Visit visit);

// ---- implementation ----

// Position just past the entropy-coded data that starts at `pos`: the first
// byte pair that is a real marker (not FF 00 stuffing, fill or RSTn), or `size`.
size_t skip_entropy_coded_data(const uint8_t* data, size_t size, size_t pos);

template <typename Visit>
bool walk_jpeg_segments(const uint8_t* data, size_t size, Visit visit) {
    size_t pos = 2;  // past SOI
    JpegSegment segment;
    while (next_jpeg_segment(data, size, pos, segment)) {
        if (segment.marker == jpeg_marker::EOI) return true;
        if (!visit(segment)) return false;
        if (segment.marker == jpeg_marker::SOS) pos = skip_entropy_coded_data(data, size, pos);
    }
    return false;
}

}  // namespace dxlens
