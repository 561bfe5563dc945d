#include <string>

#include "byte_reader.h"
#include "dxlens/error.h"
#include "formats.h"
#include "stb_config.h"

namespace dxlens {
namespace {

[[noreturn]] void corrupt_bmp(const std::string& why) { throw Error(ErrorKind::Corrupt, "corrupt or truncated BMP: " + why); }

// The fields of the BITMAPFILEHEADER + DIB header that size the pixel data.
struct BmpLayout {
    uint32_t pixel_offset = 0;  // where the pixel rows start
    uint32_t header_size = 0;   // selects the DIB header version
    int64_t width = 0;
    int64_t height = 0;         // negative: rows stored top-down
    uint16_t bits_per_pixel = 0;
    uint32_t compression = 0;   // 0 none, 1/2 RLE, 3 bit fields, 4 JPEG, 5 PNG
};

BmpLayout read_layout(const uint8_t* data, size_t size) {
    ByteReader in{data, size, /*big_endian=*/false};
    BmpLayout bmp;
    if (!in.u32(10, bmp.pixel_offset) || !in.u32(14, bmp.header_size)) {
        corrupt_bmp("file ends inside the header");
    }
    const uint32_t h = bmp.header_size;
    if (h != 12 && h != 40 && h != 56 && h != 108 && h != 124) {
        throw Error(ErrorKind::UnsupportedFormat, "unsupported BMP: unknown header version (" + std::to_string(h) + " bytes)");
    }
    if (!in.has(14, h)) corrupt_bmp("file ends inside the header");
    if (h == 12) {  // OS/2 BITMAPCOREHEADER: 16-bit unsigned sides
        uint16_t w16 = 0, h16 = 0;
        in.u16(18, w16);
        in.u16(20, h16);
        in.u16(24, bmp.bits_per_pixel);
        bmp.width = w16;
        bmp.height = h16;
    } else {
        uint32_t w32 = 0, h32 = 0;
        in.u32(18, w32);
        in.u32(22, h32);
        in.u16(28, bmp.bits_per_pixel);
        in.u32(30, bmp.compression);
        bmp.width = int32_t(w32);
        bmp.height = int32_t(h32);
    }
    return bmp;
}

}  // namespace

ImageInfo read_bmp_header(const uint8_t* data, size_t size) {
    BmpLayout bmp = read_layout(data, size);
    int64_t rows = bmp.height < 0 ? -bmp.height : bmp.height;
    if (bmp.width <= 0 || rows == 0 || rows > INT32_MAX) {
        corrupt_bmp("invalid dimensions " + std::to_string(bmp.width) + "x" + std::to_string(bmp.height));
    }
    if (bmp.compression == 1 || bmp.compression == 2) throw Error(ErrorKind::UnsupportedFormat, "unsupported BMP: RLE compression");
    if (bmp.compression >= 4) throw Error(ErrorKind::UnsupportedFormat, "unsupported BMP: embedded JPEG/PNG compression");
    const uint16_t bpp = bmp.bits_per_pixel;
    if (bpp != 1 && bpp != 4 && bpp != 8 && bpp != 16 && bpp != 24 && bpp != 32) {
        corrupt_bmp(std::to_string(bpp) + " bits per pixel");
    }

    ImageInfo info;
    info.format = ImageFormat::Bmp;
    info.width = int(bmp.width);
    info.height = int(rows);
    info.bit_depth = 8;
    // Whether stb produces 3 or 4 channels depends on the header version and its
    // colour masks; ask stb rather than restate its rules.
    if (size > size_t(INT32_MAX)) corrupt_bmp("file larger than 2 GiB");
    int w = 0, h = 0, channels = 0;
    clear_stb_failure_reason();
    if (!stbi_info_from_memory(data, int(size), &w, &h, &channels)) {
        corrupt_bmp(stb_failure_reason_or("header not understood"));
    }
    info.channels = channels;
    return info;
}

void check_bmp_complete(const uint8_t* data, size_t size) {
    BmpLayout bmp = read_layout(data, size);
    // Only uncompressed rows have a fixed size; bad dimensions are read_bmp_header's to report.
    if ((bmp.compression != 0 && bmp.compression != 3) || bmp.width <= 0) return;
    // Rows are padded to whole 32-bit words.
    uint64_t rows = uint64_t(bmp.height < 0 ? -bmp.height : bmp.height);
    uint64_t row_bytes = (uint64_t(bmp.width) * bmp.bits_per_pixel + 31) / 32 * 4;
    if (row_bytes == 0) return;  // 0 bits per pixel: refused by read_bmp_header
    // Compared by division: row_bytes * rows can exceed 64 bits for a forged header.
    uint64_t available = size > bmp.pixel_offset ? size - bmp.pixel_offset : 0;
    if (available / row_bytes < rows) {
        corrupt_bmp("the pixel data needs " + std::to_string(row_bytes) + " x " + std::to_string(rows) +
                    " bytes from offset " + std::to_string(bmp.pixel_offset) + ", the file has " +
                    std::to_string(size));
    }
}

}  // namespace dxlens
