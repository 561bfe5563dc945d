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

bool jpeg_has_end_of_image(const uint8_t* data, size_t size) {
    size_t pos = 2;  // past SOI
    JpegSegment segment;
    do {
        if (!next_jpeg_segment(data, size, pos, segment)) return false;
        if (segment.marker == jpeg_marker::EOI) return true;
    } while (segment.marker != jpeg_marker::SOS);

    // In the scan data now; pos is past the SOS header.
    while (pos + 1 < size) {
        if (data[pos] != 0xFF) {
            ++pos;
            continue;
        }
        uint8_t next = data[pos + 1];
        if (next == 0x00 || next == 0xFF || (next >= 0xD0 && next <= 0xD7)) {
            // Stuffed byte, fill byte or restart marker: still inside the scan.
            pos += next == 0xFF ? 1 : 2;
            continue;
        }
        if (next == jpeg_marker::EOI) return true;
        // A marker between scans (DHT, SOS, DQT, ...): skip it whole.
        if (!next_jpeg_segment(data, size, pos, segment)) return false;
        if (segment.marker == jpeg_marker::EOI) return true;
    }
    return false;
}

}  // namespace dxlens
