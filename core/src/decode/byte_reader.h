#pragma once
// Bounds-checked reads from untrusted bytes (file headers, EXIF blocks). Every
// read names the offset it wants and fails, returning false, instead of touching
// memory past the end: a malformed file must never cause an out-of-bounds read.
#include <cstddef>
#include <cstdint>

namespace dxlens {

struct ByteReader {
    const uint8_t* data = nullptr;
    size_t size = 0;
    bool big_endian = true;

    // True when [offset, offset + count) lies inside the data; written so that
    // offset + count cannot overflow.
    bool has(size_t offset, size_t count) const { return offset <= size && count <= size - offset; }

    bool u8(size_t offset, uint8_t& out) const {
        if (!has(offset, 1)) return false;
        out = data[offset];
        return true;
    }

    bool u16(size_t offset, uint16_t& out) const {
        if (!has(offset, 2)) return false;
        const uint8_t* p = data + offset;
        out = big_endian ? uint16_t(p[0] << 8 | p[1]) : uint16_t(p[1] << 8 | p[0]);
        return true;
    }

    bool u32(size_t offset, uint32_t& out) const {
        if (!has(offset, 4)) return false;
        const uint8_t* p = data + offset;
        out = big_endian ? uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]
                         : uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0];
        return true;
    }

    // True when the data holds `text` (no terminator) at `offset`.
    bool matches(size_t offset, const char* text, size_t length) const {
        if (!has(offset, length)) return false;
        for (size_t i = 0; i < length; ++i) {
            if (data[offset + i] != uint8_t(text[i])) return false;
        }
        return true;
    }
};

}  // namespace dxlens
