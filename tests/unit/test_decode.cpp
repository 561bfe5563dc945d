// Decoding PNG, JPEG and BMP from memory, and every way a file can be refused.
// Fixtures: tools/make_decode_fixtures.py; the pixel formulas are restated here.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "decode_test_helpers.h"
#include "dxlens/decode.h"
#include "dxlens/error.h"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using decode_test::decode_fixture;
using decode_test::fixture;
using decode_test::append_chunk;
using decode_test::png_header_only;
using dxlens::decode_image;
using dxlens::DecodeLimits;
using dxlens::Error;
using dxlens::Image;
using dxlens::ImageFormat;
using dxlens::probe_image;

namespace {

constexpr int W = 16, H = 12;  // the lossless fixtures

int value8(int x, int y, int c) { return (x * 16 + y * 5 + c * 60) % 256; }

int value16(int x, int y, int c) {
    if (x == 0 && y == 0) return 0;
    if (x == W - 1 && y == H - 1) return 65535;
    return (x * 4099 + y * 1031 + c * 17389 + 1) % 65536;
}

size_t index_of(const Image& image, int x, int y, int c) {
    return (size_t(y) * size_t(image.width) + size_t(x)) * size_t(image.channels) + size_t(c);
}

// Number of samples that differ from `expected(x, y, c)`.
template <typename Expected>
int mismatches8(const Image& image, Expected expected) {
    int bad = 0;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x)
            for (int c = 0; c < image.channels; ++c)
                bad += image.pixels8[index_of(image, x, y, c)] != expected(x, y, c);
    return bad;
}

void require_shape(const Image& image, int width, int height, int channels, int bit_depth) {
    REQUIRE(image.width == width);
    REQUIRE(image.height == height);
    REQUIRE(image.channels == channels);
    REQUIRE(image.bit_depth == bit_depth);
    if (bit_depth == 8) {
        REQUIRE(image.pixels8.size() == size_t(width) * size_t(height) * size_t(channels));
        REQUIRE(image.pixels16.empty());
    } else {
        REQUIRE(image.pixels16.size() == size_t(width) * size_t(height) * size_t(channels));
        REQUIRE(image.pixels8.empty());
    }
}

dxlens::ImageInfo probe_fixture(const std::string& name) {
    std::vector<uint8_t> bytes = fixture(name);
    return probe_image(bytes.data(), bytes.size());
}

std::vector<uint8_t> cut(std::vector<uint8_t> bytes, size_t keep) {
    bytes.resize(keep);
    return bytes;
}

void require_decode_error(const std::vector<uint8_t>& bytes, const std::string& expected_fragment) {
    REQUIRE_THROWS_AS(decode_image(bytes.data(), bytes.size()), Error);
    REQUIRE_THROWS_WITH(decode_image(bytes.data(), bytes.size()), Contains(expected_fragment));
}

bool contains_marker(const std::vector<uint8_t>& bytes, uint8_t marker) {
    for (size_t i = 0; i + 1 < bytes.size(); ++i)
        if (bytes[i] == 0xFF && bytes[i + 1] == marker) return true;
    return false;
}

}  // namespace

TEST_CASE("8-bit PNGs keep their channels and exact values", "[decode]") {
    struct Case {
        const char* file;
        int channels;
    };
    for (Case test : {Case{"grey8.png", 1}, Case{"grey_alpha8.png", 2}, Case{"rgb8.png", 3},
                      Case{"rgba8.png", 4}}) {
        INFO(test.file);
        Image image = decode_fixture(test.file);
        require_shape(image, W, H, test.channels, 8);
        CHECK(mismatches8(image, value8) == 0);

        dxlens::ImageInfo info = probe_fixture(test.file);
        CHECK(info.format == ImageFormat::Png);
        CHECK(info.width == W);
        CHECK(info.height == H);
        CHECK(info.channels == test.channels);
        CHECK(info.bit_depth == 8);
        CHECK(info.exif_orientation == 1);
    }
}

TEST_CASE("1-bit grey PNG is scaled to 0 and 255", "[decode]") {
    Image image = decode_fixture("grey1.png");
    require_shape(image, W, H, 1, 8);
    CHECK(mismatches8(image, [](int x, int y, int) { return (x + y) % 2 ? 255 : 0; }) == 0);
}

TEST_CASE("palette PNGs expand to RGB, or RGBA with a tRNS chunk", "[decode]") {
    // Palette entry i is (30 i, 255 - 30 i, 70 i mod 256); pixel index is (x + y) mod 8.
    auto palette = [](int x, int y, int c) {
        int i = (x + y) % 8;
        int rgb[3] = {i * 30, 255 - i * 30, (i * 70) % 256};
        return rgb[c];
    };
    Image rgb = decode_fixture("palette.png");
    require_shape(rgb, W, H, 3, 8);
    CHECK(mismatches8(rgb, palette) == 0);
    CHECK(probe_fixture("palette.png").channels == 3);

    Image rgba = decode_fixture("palette_trns.png");
    require_shape(rgba, W, H, 4, 8);
    CHECK(mismatches8(rgba, [&](int x, int y, int c) {
              if (c < 3) return palette(x, y, c);
              return (x + y) % 8 == 0 ? 0 : 255;  // index 0 is the transparent one
          }) == 0);
    CHECK(probe_fixture("palette_trns.png").channels == 4);
}

TEST_CASE("an RGB PNG with a colour key gains an alpha channel", "[decode]") {
    Image image = decode_fixture("rgb8_colour_key.png");
    require_shape(image, W, H, 4, 8);
    // The key is the colour of pixel (3, 2), which no other pixel shares.
    CHECK(mismatches8(image, [](int x, int y, int c) {
              if (c < 3) return value8(x, y, c);
              return x == 3 && y == 2 ? 0 : 255;
          }) == 0);
    CHECK(probe_fixture("rgb8_colour_key.png").channels == 4);
}

TEST_CASE("16-bit PNGs keep every 16-bit value", "[decode]") {
    struct Case {
        const char* file;
        int channels;
    };
    for (Case test : {Case{"grey16.png", 1}, Case{"rgb16.png", 3}, Case{"rgba16.png", 4}}) {
        INFO(test.file);
        Image image = decode_fixture(test.file);
        require_shape(image, W, H, test.channels, 16);
        int bad = 0;
        for (int y = 0; y < H; ++y)
            for (int x = 0; x < W; ++x)
                for (int c = 0; c < test.channels; ++c)
                    bad += image.pixels16[index_of(image, x, y, c)] != value16(x, y, c);
        CHECK(bad == 0);
        // Spot checks that an 8-bit round trip could not pass.
        CHECK(image.pixels16[index_of(image, 0, 0, 0)] == 0);
        CHECK(image.pixels16[index_of(image, W - 1, H - 1, 0)] == 65535);
        CHECK(image.pixels16[index_of(image, 1, 0, 0)] == 4100);  // 4100 = 15 * 257 + 245
        CHECK(image.sample(index_of(image, W - 1, H - 1, 0)) == 1.0f);

        dxlens::ImageInfo info = probe_fixture(test.file);
        CHECK(info.bit_depth == 16);
        CHECK(info.channels == test.channels);
    }
}

TEST_CASE("BMPs decode exactly, with alpha from 32-bit files", "[decode]") {
    Image rgb = decode_fixture("rgb8.bmp");
    require_shape(rgb, W, H, 3, 8);
    CHECK(mismatches8(rgb, value8) == 0);

    Image rgba = decode_fixture("rgba8.bmp");
    require_shape(rgba, W, H, 4, 8);
    CHECK(mismatches8(rgba, value8) == 0);

    dxlens::ImageInfo info = probe_fixture("rgba8.bmp");
    CHECK(info.format == ImageFormat::Bmp);
    CHECK(info.width == W);
    CHECK(info.height == H);
    CHECK(info.channels == 4);
}

TEST_CASE("baseline and progressive JPEGs decode within JPEG tolerance", "[decode]") {
    for (const char* file : {"baseline.jpg", "progressive.jpg"}) {
        INFO(file);
        Image image = decode_fixture(file);
        require_shape(image, decode_test::kJpegWidth, decode_test::kJpegHeight, 3, 8);
        CHECK(decode_test::max_block_error(image) <= 4);
        CHECK(probe_fixture(file).format == ImageFormat::Jpeg);
    }
    // The fixtures really are the two codings: SOF0 and SOF2 frame markers.
    CHECK(contains_marker(fixture("baseline.jpg"), 0xC0));
    CHECK_FALSE(contains_marker(fixture("baseline.jpg"), 0xC2));
    CHECK(contains_marker(fixture("progressive.jpg"), 0xC2));
}

TEST_CASE("greyscale JPEG decodes to one channel", "[decode]") {
    Image image = decode_fixture("grey.jpg");
    require_shape(image, 32, 16, 1, 8);
    int worst = 0;
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 32; ++x) {
            int expected = 20 + 30 * ((y / 8) * 4 + x / 8);
            worst = std::max(worst, std::abs(image.pixels8[size_t(y) * 32 + size_t(x)] - expected));
        }
    CHECK(worst <= 4);
}

TEST_CASE("bytes after a JPEG's end marker are ignored", "[decode]") {
    std::vector<uint8_t> bytes = fixture("baseline.jpg");
    bytes.insert(bytes.end(), {0x00, 0x11, 0xFF, 0x22});
    Image image = decode_image(bytes.data(), bytes.size());
    CHECK(decode_test::max_block_error(image) <= 4);
}

TEST_CASE("empty input is refused", "[decode]") {
    std::vector<uint8_t> nothing;
    REQUIRE_THROWS_WITH(decode_image(nothing.data(), 0), StartsWith("empty file"));
    REQUIRE_THROWS_WITH(probe_image(nullptr, 0), StartsWith("empty file"));
}

TEST_CASE("unsupported formats are named", "[decode]") {
    REQUIRE_THROWS_WITH(decode_fixture("unsupported.gif"),
                        "unsupported image format: GIF (supported: PNG, JPEG, BMP, DICOM)");
    REQUIRE_THROWS_WITH(decode_fixture("unsupported.tif"),
                        "unsupported image format: TIFF (supported: PNG, JPEG, BMP, DICOM)");

    auto bytes_of = [](const std::string& text) { return std::vector<uint8_t>(text.begin(), text.end()); };
    std::vector<uint8_t> webp = bytes_of(std::string("RIFF\x24\0\0\0WEBPVP8 ", 16) + std::string(32, '\0'));
    require_decode_error(webp, "unsupported image format: WebP");
    std::vector<uint8_t> heic = bytes_of(std::string("\0\0\0\x18" "ftypheic\0\0\0\0mif1heic", 24));
    require_decode_error(heic, "unsupported image format: HEIC");
    // DICOM is read (test_dicom.cpp); a Part 10 file that holds no image is named as such.
    std::vector<uint8_t> dicom(132, 0);
    dicom.insert(dicom.end(), 16, 0);
    dicom[128] = 'D', dicom[129] = 'I', dicom[130] = 'C', dicom[131] = 'M';
    require_decode_error(dicom, "DICOM file has no Pixel Data");

    std::vector<uint8_t> text = bytes_of("hello, this is not an image");
    require_decode_error(text, "unrecognised image format");
    std::vector<uint8_t> one_byte = {0x89};
    require_decode_error(one_byte, "unrecognised image format");
}

TEST_CASE("truncated PNGs are refused, saying where they end", "[decode]") {
    std::vector<uint8_t> png = fixture("rgb8.png");
    for (size_t keep : {size_t(8), size_t(20), size_t(40), png.size() / 2, png.size() - 20, png.size() - 12}) {
        INFO("kept " << keep << " of " << png.size() << " bytes");
        require_decode_error(cut(png, keep), "corrupt or truncated PNG: ");
    }
    // The fixture ends with IDAT and then the 12-byte IEND chunk.
    REQUIRE_THROWS_WITH(decode_image(png.data(), 20), "corrupt or truncated PNG: file ends inside the header");
    REQUIRE_THROWS_WITH(decode_image(png.data(), png.size() - 20),
                        "corrupt or truncated PNG: the file ends inside the IDAT chunk");
    REQUIRE_THROWS_WITH(decode_image(png.data(), png.size() - 12),
                        "corrupt or truncated PNG: the file ends before the IEND chunk");
}

TEST_CASE("damaged PNG data is refused", "[decode]") {
    // A byte changed inside the pixel data: stb ignores checksums, we do not.
    std::vector<uint8_t> png = fixture("rgb8.png");
    size_t idat = std::string(png.begin(), png.end()).find("IDAT");
    REQUIRE(idat != std::string::npos);
    png[idat + 6] ^= 0x01;
    REQUIRE_THROWS_WITH(decode_image(png.data(), png.size()),
                        "corrupt or truncated PNG: checksum mismatch in the IDAT chunk");

    // Well-formed chunks around data that is not zlib: stb's reason is passed on.
    std::vector<uint8_t> not_zlib = png_header_only(4, 4);
    append_chunk(not_zlib, "IDAT", std::vector<uint8_t>(8, 0xFF));
    append_chunk(not_zlib, "IEND", {});
    REQUIRE_THROWS_WITH(decode_image(not_zlib.data(), not_zlib.size()),
                        StartsWith("corrupt or truncated PNG: ") && Contains("zlib"));
}

TEST_CASE("truncated JPEGs are refused although stb would fill them in", "[decode]") {
    for (const char* file : {"baseline.jpg", "progressive.jpg", "exif_orientation_6.jpg"}) {
        std::vector<uint8_t> jpeg = fixture(file);
        for (size_t keep : {jpeg.size() - 2, jpeg.size() - 1, jpeg.size() * 3 / 4, jpeg.size() / 2, size_t(100)}) {
            INFO(file << " cut to " << keep << " of " << jpeg.size() << " bytes");
            require_decode_error(cut(jpeg, keep), "corrupt or truncated JPEG");
        }
    }
}

TEST_CASE("truncated BMPs are refused although stb would fill them in", "[decode]") {
    std::vector<uint8_t> bmp = fixture("rgb8.bmp");
    for (size_t keep : {bmp.size() - 1, bmp.size() / 2, size_t(60), size_t(20)}) {
        INFO("kept " << keep << " of " << bmp.size() << " bytes");
        require_decode_error(cut(bmp, keep), "corrupt or truncated BMP");
    }
}

TEST_CASE("corrupt or unsupported headers are refused", "[decode]") {
    // A JPEG whose frame header claims 12-bit samples, and one that is arithmetic-coded.
    std::vector<uint8_t> jpeg = fixture("baseline.jpg");
    size_t sof = 0;
    while (!(jpeg[sof] == 0xFF && jpeg[sof + 1] == 0xC0)) ++sof;
    std::vector<uint8_t> twelve_bit = jpeg;
    twelve_bit[sof + 4] = 12;
    require_decode_error(twelve_bit, "unsupported JPEG: 12-bit samples");
    std::vector<uint8_t> arithmetic = jpeg;
    arithmetic[sof + 1] = 0xC9;
    REQUIRE_THROWS_WITH(decode_image(arithmetic.data(), arithmetic.size()),
                        "unsupported JPEG: arithmetic coding (only baseline and progressive JPEGs are supported)");

    // Huffman code counts summing past 256 symbols (stb 2.27 would write past its tables).
    size_t dht = 0;
    while (!(jpeg[dht] == 0xFF && jpeg[dht + 1] == 0xC4)) ++dht;
    std::vector<uint8_t> bad_huffman = jpeg;
    for (size_t i = dht + 5; i < dht + 5 + 16; ++i) bad_huffman[i] = 0xFF;
    require_decode_error(bad_huffman, "corrupt or truncated JPEG: invalid Huffman table");

    // A quantisation table declared 16-bit in a segment sized for 8 (stb would
    // fail without a reason of its own): the table screen names it first.
    size_t dqt = 0;
    while (!(jpeg[dqt] == 0xFF && jpeg[dqt + 1] == 0xDB)) ++dqt;
    std::vector<uint8_t> bad_table = jpeg;
    bad_table[dqt + 4] |= 0x10;
    REQUIRE_THROWS_WITH(decode_image(bad_table.data(), bad_table.size()),
                        "corrupt or truncated JPEG: quantisation table cut short");

    // A PNG header with an impossible bit depth, and one with zero width.
    require_decode_error(png_header_only(16, 12, 5, 2), "invalid bit depth 5 for colour type 2");
    require_decode_error(png_header_only(0, 12), "invalid dimensions 0x12");
}

TEST_CASE("a 60000x60000 PNG header is refused before decoding", "[decode]") {
    std::vector<uint8_t> huge = png_header_only(60000, 60000);
    // The header alone is readable...
    dxlens::ImageInfo info = probe_image(huge.data(), huge.size());
    CHECK(info.width == 60000);
    CHECK(info.height == 60000);
    CHECK(info.channels == 3);
    // ...and names the size and the limit when decoding is asked for.
    REQUIRE_THROWS_WITH(decode_image(huge.data(), huge.size()),
                        "image is 60000x60000 (3600.0 megapixels), above the 100 megapixel limit");
    // Raising the limit cannot make a buffer past what stb and wasm can address.
    DecodeLimits generous;
    generous.max_pixels = 4'000'000'000;
    REQUIRE_THROWS_WITH(decode_image(huge.data(), huge.size(), generous),
                        "image is 60000x60000 with 3 8-bit channels: its pixels would take over 1 GiB, "
                        "more than the decoder supports");
    // Within both bounds, decoding goes on (and stops at the missing pixel data).
    std::vector<uint8_t> large = png_header_only(15000, 15000);
    REQUIRE_THROWS_WITH(decode_image(large.data(), large.size(), generous),
                        StartsWith("corrupt or truncated PNG: "));
}

TEST_CASE("huge JPEG and BMP headers are refused before decoding", "[decode]") {
    const std::string message = "image is 60000x60000 (3600.0 megapixels), above the 100 megapixel limit";
    // JPEG: height and width are 16-bit big-endian fields of the frame header.
    std::vector<uint8_t> jpeg = fixture("baseline.jpg");
    size_t sof = 0;
    while (!(jpeg[sof] == 0xFF && jpeg[sof + 1] == 0xC0)) ++sof;
    for (size_t at : {sof + 5, sof + 7}) jpeg[at] = 60000 >> 8, jpeg[at + 1] = 60000 & 0xFF;
    REQUIRE_THROWS_WITH(decode_image(jpeg.data(), jpeg.size()), message);

    // BMP: width and height are 32-bit little-endian at offsets 18 and 22.
    std::vector<uint8_t> bmp = fixture("rgb8.bmp");
    for (size_t at : {size_t(18), size_t(22)}) {
        bmp[at] = 60000 & 0xFF, bmp[at + 1] = 60000 >> 8, bmp[at + 2] = 0, bmp[at + 3] = 0;
    }
    REQUIRE_THROWS_WITH(decode_image(bmp.data(), bmp.size()), message);
    CHECK(probe_image(bmp.data(), bmp.size()).width == 60000);
}

TEST_CASE("the pixel limit is configurable", "[decode]") {
    DecodeLimits limits;
    limits.max_pixels = W * H;  // exactly the image: allowed
    CHECK(decode_fixture("rgb8.png", limits).width == W);
    limits.max_pixels = W * H - 1;
    REQUIRE_THROWS_WITH(decode_fixture("rgb8.png", limits),
                        "image is 16x12 (0.00019 megapixels), above the 0.000191 megapixel limit");

    // For JPEGs the stored (pre-rotation) size counts: same pixel count either way.
    limits.max_pixels = 511;
    REQUIRE_THROWS_WITH(decode_fixture("exif_orientation_6.jpg", limits), StartsWith("image is 16x32 ("));
    limits.max_pixels = 512;
    CHECK(decode_fixture("exif_orientation_6.jpg", limits).width == 32);

    limits.max_pixels = 2'000'000;
    std::vector<uint8_t> big = png_header_only(2000, 1500);
    REQUIRE_THROWS_WITH(decode_image(big.data(), big.size(), limits),
                        "image is 2000x1500 (3.0 megapixels), above the 2 megapixel limit");
}

TEST_CASE("format names", "[decode]") {
    CHECK(std::string(dxlens::format_name(ImageFormat::Png)) == "PNG");
    CHECK(std::string(dxlens::format_name(ImageFormat::Jpeg)) == "JPEG");
    CHECK(std::string(dxlens::format_name(ImageFormat::Bmp)) == "BMP");
}
