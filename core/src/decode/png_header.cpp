#include <string>

#include "byte_reader.h"
#include "crc32.h"
#include "dxlens/error.h"
#include "formats.h"

namespace dxlens {
namespace {

[[noreturn]] void corrupt_png(const std::string& why) { throw Error(ErrorKind::Corrupt, "corrupt or truncated PNG: " + why); }

// PNG colour types (PNG spec 11.2.2) and the bit depths each allows.
bool valid_depth(int colour_type, int depth) {
    switch (colour_type) {
        case 0: return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
        case 3: return depth == 1 || depth == 2 || depth == 4 || depth == 8;
        case 2:
        case 4:
        case 6: return depth == 8 || depth == 16;
        default: return false;
    }
}

int base_channels(int colour_type) {
    switch (colour_type) {
        case 0: return 1;   // grey
        case 4: return 2;   // grey + alpha
        case 6: return 4;   // RGBA
        default: return 3;  // RGB, and palette expanded to RGB
    }
}

// The chunk of `type` among those before the image data, or false. Stops
// quietly at damaged chunks: the decoder reports those with its own reason.
bool find_chunk_before_data(const ByteReader& in, const char* type, size_t& payload, uint32_t& length) {
    size_t pos = 8;
    while (in.u32(pos, length) && in.has(pos + 4, 4)) {
        if (in.matches(pos + 4, type, 4)) {
            payload = pos + 8;
            return in.has(payload, length);
        }
        if (in.matches(pos + 4, "IDAT", 4) || in.matches(pos + 4, "IEND", 4)) return false;
        if (!in.has(pos + 8, length) || !in.has(pos + 8 + length, 4)) return false;
        pos += 12 + size_t(length);  // length, type, data, CRC
    }
    return false;
}

// A tRNS chunk before the image data adds an alpha channel to grey, RGB and
// palette images when decoded.
bool has_transparency_chunk(const ByteReader& in) {
    size_t payload = 0;
    uint32_t length = 0;
    return find_chunk_before_data(in, "tRNS", payload, length);
}

// pHYs (PNG spec 11.3.5.3): pixels per unit on each axis; unit 1 is the metre,
// unit 0 states only the aspect ratio.
double png_microns_per_pixel(const ByteReader& in) {
    size_t payload = 0;
    uint32_t length = 0, x_per_metre = 0, y_per_metre = 0;
    uint8_t unit = 0;
    if (!find_chunk_before_data(in, "pHYs", payload, length) || length != 9) return 0;
    in.u32(payload, x_per_metre);
    in.u32(payload + 4, y_per_metre);
    in.u8(payload + 8, unit);
    if (unit != 1 || x_per_metre == 0 || x_per_metre != y_per_metre) return 0;
    return physical_microns_per_pixel(1e6 / x_per_metre);
}

// A chunk type for messages; chunk types are letters, but a damaged file can
// hold any bytes there.
std::string chunk_name(const uint8_t* type) {
    std::string name;
    for (int i = 0; i < 4; ++i) {
        bool letter = (type[i] >= 'A' && type[i] <= 'Z') || (type[i] >= 'a' && type[i] <= 'z');
        name += letter ? char(type[i]) : '?';
    }
    return name;
}

}  // namespace

ImageInfo read_png_header(const uint8_t* data, size_t size) {
    ByteReader in{data, size, /*big_endian=*/true};
    uint32_t ihdr_length = 0, width = 0, height = 0;
    uint8_t depth = 0, colour_type = 0;
    if (!in.u32(8, ihdr_length) || !in.has(16, 13)) corrupt_png("file ends inside the header");
    if (!in.matches(12, "IHDR", 4) || ihdr_length != 13) corrupt_png("first chunk is not a valid IHDR");
    in.u32(16, width);
    in.u32(20, height);
    in.u8(24, depth);
    in.u8(25, colour_type);
    // The spec caps each side at 2^31 - 1.
    if (width == 0 || height == 0 || width > 0x7FFFFFFFu || height > 0x7FFFFFFFu) {
        corrupt_png("invalid dimensions " + std::to_string(width) + "x" + std::to_string(height));
    }
    if (!valid_depth(colour_type, depth)) {
        corrupt_png("invalid bit depth " + std::to_string(depth) + " for colour type " +
                    std::to_string(colour_type));
    }

    ImageInfo info;
    info.format = ImageFormat::Png;
    info.width = int(width);
    info.height = int(height);
    info.bit_depth = depth == 16 ? 16 : 8;  // 1-, 2- and 4-bit samples are scaled up to 8 bits
    info.channels = base_channels(colour_type);
    if ((colour_type == 0 || colour_type == 2 || colour_type == 3) && has_transparency_chunk(in)) {
        ++info.channels;
    }
    info.microns_per_pixel = png_microns_per_pixel(in);
    return info;
}

void check_png_complete(const uint8_t* data, size_t size) {
    ByteReader in{data, size, /*big_endian=*/true};
    size_t pos = 8;  // past the signature
    for (;;) {
        uint32_t length = 0, stored_crc = 0;
        if (!in.u32(pos, length) || !in.has(pos + 4, 4)) corrupt_png("the file ends before the IEND chunk");
        const uint8_t* type = data + pos + 4;
        // Two steps: length + 4 could wrap around a 32-bit size_t (wasm).
        if (!in.has(pos + 8, length) || !in.has(pos + 8 + length, 4)) {
            corrupt_png("the file ends inside the " + chunk_name(type) + " chunk");
        }
        // Critical chunks (upper-case first letter) must be intact, as libpng
        // insists by default; stb_image never looks at the checksums.
        in.u32(pos + 8 + length, stored_crc);
        bool critical = (type[0] & 0x20) == 0;
        if (critical && crc32(type, size_t(length) + 4) != stored_crc) {
            corrupt_png("checksum mismatch in the " + chunk_name(type) + " chunk");
        }
        if (chunk_name(type) == "IEND") return;
        pos += 12 + size_t(length);  // length, type, data, CRC
    }
}

}  // namespace dxlens
