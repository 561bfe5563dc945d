#include "jpeg_markers.h"

#include "byte_reader.h"

namespace dxlens {

bool jpeg_marker_is_standalone(uint8_t marker) {
    return marker == jpeg_marker::SOI || marker == jpeg_marker::EOI || marker == 0x01 ||
           (marker >= 0xD0 && marker <= 0xD7);  // TEM, RST0..RST7
}

bool next_jpeg_segment(const uint8_t* data, size_t size, size_t& pos, JpegSegment& segment) {
    ByteReader in{data, size};
    uint8_t byte = 0;
    if (!in.u8(pos, byte) || byte != 0xFF) return false;
    size_t at = pos + 1;
    // Any number of 0xFF fill bytes may precede the marker code.
    while (in.u8(at, byte) && byte == 0xFF) ++at;
    if (!in.has(at, 1) || byte == 0x00) return false;
    segment.marker = byte;
    ++at;
    if (jpeg_marker_is_standalone(byte)) {
        segment.payload_offset = at;
        segment.payload_size = 0;
        pos = at;
        return true;
    }
    uint16_t length = 0;  // counts itself
    if (!in.u16(at, length) || length < 2 || !in.has(at, length)) return false;
    segment.payload_offset = at + 2;
    segment.payload_size = length - 2u;
    pos = at + length;
    return true;
}

size_t skip_entropy_coded_data(const uint8_t* data, size_t size, size_t pos) {
    while (pos + 1 < size) {
        if (data[pos] != 0xFF) {
            ++pos;
            continue;
        }
        uint8_t next = data[pos + 1];
        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
            pos += 2;  // stuffed zero or restart marker: still inside the scan
        } else if (next == 0xFF) {
            ++pos;  // fill byte before a marker
        } else {
            return pos;
        }
    }
    return size;
}

}  // namespace dxlens
