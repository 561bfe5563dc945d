// DICOM input (dxlens/dicom.h): files made here by a small writer
// (dicom_writer.h), every supported encoding, the display chain restated from
// DICOM PS3.3, and every way a file is refused. Runs natively and in wasm.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "error_of.h"
#include "dicom_writer.h"
#include "dxlens/decode.h"
#include "dxlens/dicom.h"
#include "dxlens/error.h"

#define STBI_WRITE_NO_STDIO
#include <stb_image_write.h>  // compiled once in stb_image_write_impl.cpp

// stb_image_write's zlib compressor: defined (extern "C") with the
// implementation, not declared by the header.
extern "C" unsigned char* stbi_zlib_compress(unsigned char* data, int data_len, int* out_len, int quality);

using Catch::Matchers::Contains;
using dicom_test::tag;
using dicom_test::Writer;
using namespace dxlens;

namespace {

constexpr int W = 6, H = 4;

DecodedFile decode(const std::vector<uint8_t>& bytes, const DicomOptions& options = {},
                   const DecodeLimits& limits = {}) {
    return decode_file(bytes.data(), bytes.size(), limits, options);
}

using test_support::error_of;

Error decode_error(const std::vector<uint8_t>& bytes, const DicomOptions& options = {},
                   const DecodeLimits& limits = {}) {
    return error_of([&] { decode(bytes, options, limits); });
}

uint8_t expected_byte(double y) { return uint8_t(std::min(255.0, std::max(0.0, std::floor(y + 0.5)))); }

// An 8-bit grey writer with values v(i) = 40 * i mod 256 and an identity window.
Writer grey8() {
    Writer w;
    w.image(H, W, 1, 8, 8, false, "MONOCHROME2");
    std::vector<uint8_t> pixels;
    for (int i = 0; i < W * H; ++i) pixels.push_back(uint8_t(i * 40 % 256));
    w.native_pixels(pixels);
    return w;
}

std::vector<uint8_t> grey8_values() {
    std::vector<uint8_t> v;
    for (int i = 0; i < W * H; ++i) v.push_back(uint8_t(i * 40 % 256));
    return v;
}

void set_window(Writer& w, const std::string& center, const std::string& width, const std::string& function = "") {
    w.text(tag(0x0028, 0x1050), "DS", center);
    w.text(tag(0x0028, 0x1051), "DS", width);
    if (!function.empty()) w.text(tag(0x0028, 0x1056), "CS", function);
}

void append(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    out->insert(out->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
}

// Raw deflate (no zlib header or checksum) from stb_image_write's compressor.
std::vector<uint8_t> raw_deflate(const std::vector<uint8_t>& data) {
    int length = 0;
    unsigned char* zlib = stbi_zlib_compress(const_cast<unsigned char*>(data.data()), int(data.size()), &length, 8);
    REQUIRE(zlib != nullptr);
    std::vector<uint8_t> out(zlib + 2, zlib + length - 4);
    std::free(zlib);
    return out;
}

}  // namespace

TEST_CASE("dicom: 8-bit MONOCHROME2 with an identity window keeps its values, like a grey PNG", "[dicom]") {
    Writer w = grey8();
    set_window(w, "128", "256");  // LINEAR: exactly the identity on 0..255
    w.text(tag(0x0008, 0x0060), "CS", "CR");
    w.text(tag(0x0018, 0x0015), "CS", "CHEST");
    w.text(tag(0x0018, 0x5101), "CS", "PA");
    const std::vector<uint8_t> bytes = w.bytes();
    const DecodedFile out = decode(bytes);
    REQUIRE(out.dicom);
    CHECK(out.image.width == W);
    CHECK(out.image.height == H);
    CHECK(out.image.channels == 1);
    CHECK(out.image.bit_depth == 8);
    CHECK(out.image.pixels8 == grey8_values());
    const DicomInfo& info = *out.dicom;
    CHECK(info.modality == "CR");
    CHECK(info.body_part == "CHEST");
    CHECK(info.view_position == "PA");
    CHECK(info.rows == H);
    CHECK(info.columns == W);
    CHECK(info.bits_allocated == 8);
    CHECK(info.photometric == "MONOCHROME2");
    CHECK(info.transfer_syntax_uid == "1.2.840.10008.1.2.1");
    CHECK(info.transfer_syntax_name == "Explicit VR Little Endian");
    CHECK(info.frames == 1);
    CHECK(info.frame == 1);
    REQUIRE(info.window);
    CHECK(info.window->source == WindowSource::File);
    CHECK(info.window->function == VoiFunction::Linear);
    CHECK(info.window->center == 128);
    CHECK(info.window->width == 256);

    // The same through the generic entry points.
    const ImageInfo probed = probe_image(bytes.data(), bytes.size());
    CHECK(probed.format == ImageFormat::Dicom);
    CHECK(std::string(format_name(probed.format)) == "DICOM");
    CHECK(probed.width == W);
    CHECK(probed.channels == 1);
    CHECK(decode_image(bytes.data(), bytes.size()).pixels8 == grey8_values());
}

TEST_CASE("dicom: implicit VR, without preamble and meta group, and explicit big endian read alike", "[dicom]") {
    for (const char* syntax : {dicom_test::kImplicitLE, dicom_test::kExplicitBE}) {
        for (bool bare : {false, true}) {
            INFO(syntax << (bare ? " without preamble/meta" : " Part 10"));
            Writer w = grey8();
            w.transfer_syntax = syntax;
            set_window(w, "128", "256");
            w.text(tag(0x0008, 0x0060), "CS", "MR");
            if (bare) w.preamble = w.meta = false;
            if (bare && std::string(syntax) == dicom_test::kExplicitBE) continue;  // only with its meta group
            const std::vector<uint8_t> bytes = w.bytes();
            CHECK(looks_like_dicom(bytes.data(), bytes.size()));
            const DecodedFile out = decode(bytes);
            CHECK(out.image.pixels8 == grey8_values());
            CHECK(out.dicom->transfer_syntax_uid == syntax);
            CHECK(out.dicom->modality == "MR");
        }
    }
    // 16-bit big-endian samples are swapped back.
    Writer w;
    w.transfer_syntax = dicom_test::kExplicitBE;
    w.image(1, 3, 1, 16, 16, false, "MONOCHROME2");
    w.pixels16({0, 1000, 2000});
    set_window(w, "1000", "2001", "LINEAR_EXACT");
    const DecodedFile out = decode(w.bytes());
    CHECK(out.image.pixels8 == std::vector<uint8_t>{expected_byte(voi_output(0, VoiFunction::LinearExact, 1000, 2001)),
                                                    128, expected_byte(voi_output(2000, VoiFunction::LinearExact, 1000, 2001))});
}

TEST_CASE("dicom: the VOI functions follow PS3.3 C.11.2.1", "[dicom]") {
    // LINEAR, c = 40, w = 400: 0 up to c - 0.5 - (w - 1) / 2 = -160, 255 above 239.
    CHECK(voi_output(-160, VoiFunction::Linear, 40, 400) == 0);
    CHECK(voi_output(240, VoiFunction::Linear, 40, 400) == 255);
    CHECK(voi_output(39.5, VoiFunction::Linear, 40, 400) == Approx(127.5));
    CHECK(voi_output(139.25, VoiFunction::Linear, 40, 400) == Approx(((139.25 - 39.5) / 399 + 0.5) * 255));
    // LINEAR with c = 2^(n-1), w = 2^n is the identity on n bits.
    for (int x : {0, 1, 100, 254, 255}) CHECK(voi_output(x, VoiFunction::Linear, 128, 256) == Approx(x));
    // LINEAR_EXACT, c = 0, w = 100.
    CHECK(voi_output(-50, VoiFunction::LinearExact, 0, 100) == 0);
    CHECK(voi_output(0, VoiFunction::LinearExact, 0, 100) == Approx(127.5));
    CHECK(voi_output(25, VoiFunction::LinearExact, 0, 100) == Approx(191.25));
    CHECK(voi_output(51, VoiFunction::LinearExact, 0, 100) == 255);
    // SIGMOID, c = 0, w = 100: 255 / (1 + exp(-4 (x - c) / w)).
    CHECK(voi_output(0, VoiFunction::Sigmoid, 0, 100) == Approx(127.5));
    CHECK(voi_output(25, VoiFunction::Sigmoid, 0, 100) == Approx(255 / (1 + std::exp(-1.0))));
    CHECK(voi_output(-100, VoiFunction::Sigmoid, 0, 100) == Approx(255 / (1 + std::exp(4.0))));

    // In a file: 16-bit values through each function.
    const std::vector<uint16_t> values{0, 100, 500, 900, 1000, 1100, 1500, 2000, 4095, 3000, 2500, 50};
    for (const char* name : {"LINEAR", "LINEAR_EXACT", "SIGMOID"}) {
        INFO(name);
        const VoiFunction f = std::string(name) == "LINEAR" ? VoiFunction::Linear
                              : std::string(name) == "SIGMOID" ? VoiFunction::Sigmoid : VoiFunction::LinearExact;
        Writer w;
        w.image(3, 4, 1, 16, 12, false, "MONOCHROME2");
        w.pixels16(values);
        set_window(w, "1000\\2000", "1500\\100", name);  // the first of several values
        const DecodedFile out = decode(w.bytes());
        REQUIRE(out.dicom->window);
        CHECK(out.dicom->window->function == f);
        for (size_t i = 0; i < values.size(); ++i) {
            CHECK(int(out.image.pixels8[i]) == int(expected_byte(voi_output(values[i], f, 1000, 1500))));
        }
    }
}

TEST_CASE("dicom: 12-bit signed values are sign-extended and rescaled before the window", "[dicom]") {
    // Stored 12-bit two's complement in 16-bit words, High Bit 11; junk in the top bits is ignored.
    const std::vector<int> stored{-2048, -1, 0, 1, 100, 2047};
    std::vector<uint16_t> words;
    for (int v : stored) words.push_back(uint16_t((v & 0x0FFF) | 0xF000));
    Writer w;
    w.image(2, 3, 1, 16, 12, true, "MONOCHROME2");
    w.pixels16(words);
    w.text(tag(0x0028, 0x1052), "DS", "-1024");  // intercept
    w.text(tag(0x0028, 0x1053), "DS", "2");      // slope
    set_window(w, "-1000", "4000");
    const DecodedFile out = decode(w.bytes());
    for (size_t i = 0; i < stored.size(); ++i) {
        const double hu = stored[i] * 2.0 - 1024;
        CHECK(int(out.image.pixels8[i]) == int(expected_byte(voi_output(hu, VoiFunction::Linear, -1000, 4000))));
    }
    CHECK(out.dicom->bits_stored == 12);
}

TEST_CASE("dicom: without a window, the frame's min-max; MONOCHROME1 is inverted after windowing", "[dicom]") {
    Writer w;
    w.image(1, 4, 1, 16, 16, false, "MONOCHROME2");
    w.pixels16({1000, 1100, 1200, 1300});
    DecodedFile out = decode(w.bytes());
    CHECK(out.image.pixels8 == std::vector<uint8_t>{0, 85, 170, 255});
    REQUIRE(out.dicom->window);
    CHECK(out.dicom->window->source == WindowSource::MinMax);
    CHECK(out.dicom->window->center == 1150);
    CHECK(out.dicom->window->width == 300);

    w.text(tag(0x0028, 0x0004), "CS", "MONOCHROME1");
    out = decode(w.bytes());
    CHECK(out.image.pixels8 == std::vector<uint8_t>{255, 170, 85, 0});
    CHECK(out.dicom->photometric == "MONOCHROME1");

    // 8-bit MONOCHROME1 with an identity window: 255 - v.
    Writer m1 = grey8();
    m1.text(tag(0x0028, 0x0004), "CS", "MONOCHROME1");
    set_window(m1, "128", "256");
    out = decode(m1.bytes());
    for (size_t i = 0; i < out.image.pixels8.size(); ++i) CHECK(out.image.pixels8[i] == 255 - grey8_values()[i]);
}

TEST_CASE("dicom: a window override replaces the file's window", "[dicom]") {
    Writer w;
    w.image(1, 5, 1, 16, 16, false, "MONOCHROME2");
    w.pixels16({0, 40, 240, 440, 1000});
    set_window(w, "500", "1000");
    DicomOptions options;
    options.window = DicomWindow{40, 400};
    const DecodedFile out = decode(w.bytes(), options);
    REQUIRE(out.dicom->window);
    CHECK(out.dicom->window->source == WindowSource::Override);
    CHECK(out.dicom->window->center == 40);
    CHECK(out.dicom->window->width == 400);
    for (int i = 0; i < 5; ++i) {
        const int x = std::vector<int>{0, 40, 240, 440, 1000}[size_t(i)];
        CHECK(int(out.image.pixels8[size_t(i)]) == int(expected_byte(voi_output(x, VoiFunction::Linear, 40, 400))));
    }
    options.window = DicomWindow{40, 0.5};
    CHECK_THROWS_WITH(decode(w.bytes(), options), Contains("width a number of at least 1"));
}

TEST_CASE("dicom: a VOI LUT Sequence maps modality values through its first LUT", "[dicom]") {
    Writer w;
    w.image(1, 5, 1, 16, 16, false, "MONOCHROME2");
    w.pixels16({0, 10, 11, 13, 500});
    // Item: LUT Descriptor (4 entries, first mapped 10, 12 bits), LUT Data.
    std::vector<uint8_t> item_body;
    Writer::element(item_body, tag(0x0028, 0x3002), {"US", {4, 0, 10, 0, 12, 0}}, true, false);
    std::vector<uint8_t> lut;
    for (uint16_t v : {0, 1365, 2730, 4095}) lut.push_back(uint8_t(v)), lut.push_back(uint8_t(v >> 8));
    Writer::element(item_body, tag(0x0028, 0x3006), {"OW", lut}, true, false);
    std::vector<uint8_t> seq;
    Writer::put16(seq, 0xFFFE, false), Writer::put16(seq, 0xE000, false), Writer::put32(seq, uint32_t(item_body.size()), false);
    seq.insert(seq.end(), item_body.begin(), item_body.end());
    w.set(tag(0x0028, 0x3010), "SQ", seq);
    const DecodedFile out = decode(w.bytes());
    REQUIRE(out.dicom->window);
    CHECK(out.dicom->window->source == WindowSource::VoiLut);
    // below the first mapped value: entry 0; 10 -> 0, 11 -> 1365, 13 -> 4095, above: the last.
    CHECK(out.image.pixels8 == std::vector<uint8_t>{0, 0, expected_byte(1365 / 4095.0 * 255), 255, 255});
}

TEST_CASE("dicom: RGB (planar 0 and 1) and YBR_FULL become RGB", "[dicom]") {
    const std::vector<std::array<uint8_t, 3>> rgb{{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {10, 20, 30}};
    for (int planar : {0, 1}) {
        INFO("planar " << planar);
        Writer w;
        w.image(2, 2, 3, 8, 8, false, "RGB");
        w.us(tag(0x0028, 0x0006), uint16_t(planar));
        std::vector<uint8_t> bytes;
        if (planar == 0) {
            for (const auto& p : rgb) bytes.insert(bytes.end(), p.begin(), p.end());
        } else {
            for (int c = 0; c < 3; ++c)
                for (const auto& p : rgb) bytes.push_back(p[size_t(c)]);
        }
        w.native_pixels(bytes);
        const DecodedFile out = decode(w.bytes());
        CHECK(out.image.channels == 3);
        CHECK(!out.dicom->window);
        for (size_t i = 0; i < rgb.size(); ++i)
            for (size_t c = 0; c < 3; ++c) CHECK(out.image.pixels8[i * 3 + c] == rgb[i][c]);
    }
    // YBR_FULL: Y = 0.299 R + 0.587 G + 0.114 B, Cb, Cr full range (PS3.3 C.7.6.3.1.2).
    Writer w;
    w.image(2, 2, 3, 8, 8, false, "YBR_FULL");
    std::vector<uint8_t> bytes;
    for (const auto& p : rgb) {
        const double r = p[0], g = p[1], b = p[2];
        bytes.push_back(expected_byte(0.299 * r + 0.587 * g + 0.114 * b));
        bytes.push_back(expected_byte(-0.168736 * r - 0.331264 * g + 0.5 * b + 128));
        bytes.push_back(expected_byte(0.5 * r - 0.418688 * g - 0.081312 * b + 128));
    }
    w.native_pixels(bytes);
    const DecodedFile out = decode(w.bytes());
    for (size_t i = 0; i < rgb.size(); ++i)
        for (size_t c = 0; c < 3; ++c) CHECK(std::abs(int(out.image.pixels8[i * 3 + c]) - int(rgb[i][c])) <= 2);
    // YBR_FULL_422: Y1 Y2 Cb Cr per pair of pixels; grey pairs stay grey.
    Writer s;
    s.image(1, 2, 3, 8, 8, false, "YBR_FULL_422");
    s.native_pixels({50, 200, 128, 128});
    CHECK(decode(s.bytes()).image.pixels8 == std::vector<uint8_t>{50, 50, 50, 200, 200, 200});
}

TEST_CASE("dicom: multi-frame files give the middle frame, or the one asked for (1-based)", "[dicom]") {
    Writer w;
    w.image(1, 2, 1, 8, 8, false, "MONOCHROME2", 5);
    w.native_pixels({0, 0, 10, 10, 20, 20, 30, 30, 40, 40});  // frame k holds 10 (k - 1)
    set_window(w, "128", "256");
    DecodedFile out = decode(w.bytes());
    CHECK(out.dicom->frames == 5);
    CHECK(out.dicom->frame == 3);  // floor(5 / 2) + 1
    CHECK(out.image.pixels8 == std::vector<uint8_t>{20, 20});
    DicomOptions options;
    options.frame = 1;
    out = decode(w.bytes(), options);
    CHECK(out.dicom->frame == 1);
    CHECK(out.image.pixels8 == std::vector<uint8_t>{0, 0});
    options.frame = 5;
    CHECK(decode(w.bytes(), options).image.pixels8 == std::vector<uint8_t>{40, 40});
    options.frame = 6;
    const Error error = decode_error(w.bytes(), options);
    CHECK(error.kind() == ErrorKind::InvalidArgument);
    CHECK(std::string(error.what()) == "frame 6 is out of range: the file has 5 frames (numbered 1 to 5)");
    // Even frame counts: n / 2 + 1 (frame 2 of 2).
    Writer two;
    two.image(1, 2, 1, 8, 8, false, "MONOCHROME2", 2);
    two.native_pixels({0, 0, 10, 10});
    CHECK(decode(two.bytes()).dicom->frame == 2);
}

TEST_CASE("dicom: RLE Lossless, 8 and 16 bits, one and several frames", "[dicom]") {
    // 8-bit grey.
    Writer w = grey8();
    w.transfer_syntax = dicom_test::kRle;
    set_window(w, "128", "256");
    w.encapsulated({dicom_test::rle_frame({grey8_values()})});
    CHECK(decode(w.bytes()).image.pixels8 == grey8_values());

    // 16-bit grey: most significant byte plane first.
    const std::vector<uint16_t> values{0, 300, 300, 300, 300, 65535};
    std::vector<uint8_t> high, low;
    for (uint16_t v : values) high.push_back(uint8_t(v >> 8)), low.push_back(uint8_t(v));
    Writer w16;
    w16.transfer_syntax = dicom_test::kRle;
    w16.image(2, 3, 1, 16, 16, false, "MONOCHROME2");
    set_window(w16, "32768", "65536");
    w16.encapsulated({dicom_test::rle_frame({high, low})});
    const DecodedFile out = decode(w16.bytes());
    for (size_t i = 0; i < values.size(); ++i)
        CHECK(int(out.image.pixels8[i]) == int(expected_byte(voi_output(values[i], VoiFunction::Linear, 32768, 65536))));

    // Two RGB frames, one fragment each, no offset table: frame 1 asked for.
    Writer rgb;
    rgb.transfer_syntax = dicom_test::kRle;
    rgb.image(1, 2, 3, 8, 8, false, "RGB", 2);
    rgb.encapsulated({dicom_test::rle_frame({{1, 2}, {3, 4}, {5, 6}}), dicom_test::rle_frame({{7, 8}, {9, 10}, {11, 12}})});
    DicomOptions first;
    first.frame = 1;
    CHECK(decode(rgb.bytes(), first).image.pixels8 == std::vector<uint8_t>{1, 3, 5, 2, 4, 6});
    CHECK(decode(rgb.bytes()).image.pixels8 == std::vector<uint8_t>{7, 9, 11, 8, 10, 12});

    // A segment that ends early is refused.
    std::vector<uint8_t> short_frame = dicom_test::rle_frame({grey8_values()});
    short_frame.resize(70);
    w.encapsulated({short_frame});
    const Error error = decode_error(w.bytes());
    CHECK(error.kind() == ErrorKind::Corrupt);
    CHECK_THAT(error.what(), Contains("RLE segment 1 decodes to"));
}

TEST_CASE("dicom: Deflated Explicit VR Little Endian inflates; a deflate bomb is refused", "[dicom]") {
    Writer w = grey8();
    w.transfer_syntax = dicom_test::kDeflated;
    set_window(w, "128", "256");
    const std::vector<uint8_t> deflated = raw_deflate(w.data_set());
    const DecodedFile out = decode(w.bytes(&deflated));
    CHECK(out.image.pixels8 == grey8_values());
    CHECK(out.dicom->transfer_syntax_name == "Deflated Explicit VR Little Endian");

    // 4 MB of zeros deflates to a few kB; with a 1 MB cap it must be refused, not inflated.
    const std::vector<uint8_t> bomb = raw_deflate(std::vector<uint8_t>(4 << 20, 0));
    CHECK(bomb.size() < 100000);
    DecodeLimits limits;
    limits.max_inflated_bytes = 1 << 20;
    const Error error = decode_error(w.bytes(&bomb), {}, limits);
    CHECK(error.kind() == ErrorKind::TooLarge);
    CHECK_THAT(error.what(), Contains("inflates to more than 1 MB"));
    // Not deflate at all.
    const std::vector<uint8_t> junk{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    CHECK(decode_error(w.bytes(&junk)).kind() == ErrorKind::Corrupt);
}

TEST_CASE("dicom: JPEG Baseline fragments decode with stb_image, as the JPEG would", "[dicom]") {
    for (int channels : {1, 3}) {
        INFO(channels << " channels");
        const int w = 16, h = 8;
        std::vector<uint8_t> pixels;
        for (int i = 0; i < w * h * channels; ++i) pixels.push_back(uint8_t((i * 7) % 256));
        std::vector<uint8_t> jpeg;
        REQUIRE(stbi_write_jpg_to_func(append, &jpeg, w, h, channels, pixels.data(), 90));
        const Image reference = decode_image(jpeg.data(), jpeg.size());

        Writer dcm;
        dcm.transfer_syntax = dicom_test::kJpegBaseline;
        dcm.image(h, w, channels, 8, 8, false, channels == 1 ? "MONOCHROME2" : "YBR_FULL_422");
        if (channels == 1) set_window(dcm, "128", "256");
        // Split over two fragments: one frame, so they are joined.
        const size_t half = jpeg.size() / 2 & ~size_t(1);
        dcm.encapsulated({std::vector<uint8_t>(jpeg.begin(), jpeg.begin() + long(half)),
                          std::vector<uint8_t>(jpeg.begin() + long(half), jpeg.end())});
        const DecodedFile out = decode(dcm.bytes());
        CHECK(out.image.channels == channels);
        if (channels == 3) {
            CHECK(out.image.pixels8 == reference.pixels8);
        } else {
            // stb_image_write always writes three components: the grey DICOM takes their luminance.
            REQUIRE(reference.channels == 3);
            for (size_t i = 0; i < out.image.pixels8.size(); ++i)
                CHECK(std::abs(int(out.image.pixels8[i]) - int(reference.pixels8[i * 3])) <= 1);
        }
    }
    // Two frames with an offset table.
    std::vector<uint8_t> a, b;
    const std::vector<uint8_t> dark(64, 20), light(64, 220);
    REQUIRE(stbi_write_jpg_to_func(append, &a, 8, 8, 1, dark.data(), 90));
    REQUIRE(stbi_write_jpg_to_func(append, &b, 8, 8, 1, light.data(), 90));
    if (a.size() % 2) a.push_back(0);
    Writer dcm;
    dcm.transfer_syntax = dicom_test::kJpegBaseline;
    dcm.image(8, 8, 1, 8, 8, false, "MONOCHROME2", 2);
    set_window(dcm, "128", "256");
    dcm.encapsulated({a, b}, {0, uint32_t(8 + a.size())});
    DicomOptions second;
    second.frame = 2;
    CHECK(std::abs(int(decode(dcm.bytes(), second).image.pixels8[0]) - 220) <= 2);
    second.frame = 1;
    CHECK(std::abs(int(decode(dcm.bytes(), second).image.pixels8[0]) - 20) <= 2);
    // A fragment that is not a JPEG.
    dcm.encapsulated({{1, 2, 3, 4}, {5, 6}});
    CHECK_THAT(decode_error(dcm.bytes()).what(), Contains("is not a JPEG image"));
}

TEST_CASE("dicom: every refusal is a clear dxlens::Error", "[dicom]") {
    SECTION("truncated pixel data") {
        std::vector<uint8_t> bytes = grey8().bytes();
        bytes.resize(bytes.size() - 5);
        const Error error = decode_error(bytes);
        CHECK(error.kind() == ErrorKind::Corrupt);
        CHECK_THAT(error.what(), Contains("truncated DICOM file: element (7FE0,0010)"));
        // ... and cut anywhere in the header.
        const std::vector<uint8_t> whole = grey8().bytes();
        for (size_t keep = 133; keep < whole.size(); keep += 7) {
            INFO("kept " << keep);
            std::vector<uint8_t> cut(whole.begin(), whole.begin() + long(keep));
            CHECK_THROWS_AS(decode(cut), Error);
        }
    }
    SECTION("short native pixel data") {
        Writer w = grey8();
        w.native_pixels(std::vector<uint8_t>(10, 0));
        CHECK_THAT(decode_error(w.bytes()).what(), Contains("Pixel Data holds 10 bytes"));
    }
    SECTION("DICOMDIR") {
        Writer w;
        w.sop_class = "1.2.840.10008.1.3.10";
        w.set(tag(0x0004, 0x1220), "SQ", {});
        const Error error = decode_error(w.bytes());
        CHECK(error.kind() == ErrorKind::UnsupportedFormat);
        CHECK_THAT(error.what(), Contains("DICOMDIR"));
    }
    SECTION("a structured report, an encapsulated PDF, no pixel data") {
        Writer sr;
        sr.sop_class = "1.2.840.10008.5.1.4.1.1.88.22";
        sr.text(tag(0x0008, 0x0060), "CS", "SR");
        CHECK_THAT(decode_error(sr.bytes()).what(), Contains("is a structured report"));
        Writer pdf;
        pdf.sop_class = "1.2.840.10008.5.1.4.1.1.104.1";
        pdf.set(tag(0x0042, 0x0011), "OB", {'%', 'P', 'D', 'F'});
        CHECK_THAT(decode_error(pdf.bytes()).what(), Contains("is an encapsulated PDF"));
        Writer none = grey8();
        none.erase(tag(0x7FE0, 0x0010));
        const Error error = decode_error(none.bytes());
        CHECK(error.kind() == ErrorKind::UnsupportedFormat);
        CHECK_THAT(error.what(), Contains("has no Pixel Data (7FE0,0010)"));
    }
    SECTION("unsupported transfer syntaxes are named by UID and name") {
        Writer w = grey8();
        w.transfer_syntax = "1.2.840.10008.1.2.4.90";
        w.encapsulated({{0xFF, 0x4F, 0xFF, 0x51}});
        Error error = decode_error(w.bytes());
        CHECK(error.kind() == ErrorKind::UnsupportedFormat);
        CHECK_THAT(error.what(), Contains("JPEG 2000 Image Compression (Lossless Only) (1.2.840.10008.1.2.4.90) is not "
                                          "supported: convert"));
        w.transfer_syntax = "1.2.840.10008.1.2.4.57";
        CHECK_THAT(decode_error(w.bytes()).what(), Contains("JPEG Lossless, Non-Hierarchical (Process 14) (1.2.840.10008.1.2.4.57)"));
        w.transfer_syntax = "1.2.3.4.5.6";
        CHECK_THAT(decode_error(w.bytes()).what(), Contains("transfer syntax 1.2.3.4.5.6 is not one dxlens knows"));
    }
    SECTION("unsupported pixel formats") {
        Writer w = grey8();
        w.us(tag(0x0028, 0x0100), 32);
        CHECK_THAT(decode_error(w.bytes()).what(), Contains("Bits Allocated 32 is not supported"));
        Writer p = grey8();
        p.text(tag(0x0028, 0x0004), "CS", "PALETTE COLOR");
        CHECK_THAT(decode_error(p.bytes()).what(), Contains("PALETTE COLOR is not supported"));
    }
    SECTION("too many pixels, refused before any allocation") {
        Writer w;
        w.image(60000, 60000, 1, 16, 16, false, "MONOCHROME2");
        w.native_pixels({0, 0});
        const Error error = decode_error(w.bytes());
        CHECK(error.kind() == ErrorKind::TooLarge);
        CHECK_THAT(error.what(), Contains("60000x60000"));
    }
    SECTION("sequences nested too deeply") {
        // 20 levels of undefined-length sequences in undefined-length items.
        std::vector<uint8_t> nested;
        for (int i = 0; i < 20; ++i) {
            Writer::put16(nested, 0x0009, false), Writer::put16(nested, 0x1010, false);
            nested.insert(nested.end(), {'S', 'Q', 0, 0});
            Writer::put32(nested, 0xFFFFFFFFu, false);
            Writer::put16(nested, 0xFFFE, false), Writer::put16(nested, 0xE000, false);
            Writer::put32(nested, 0xFFFFFFFFu, false);
        }
        Writer w = grey8();
        w.set(tag(0x0009, 0x0010), "LO", {'X', ' '});
        std::vector<uint8_t> ds = w.data_set();
        // Insert before the image elements: right after (0009,0010).
        std::vector<uint8_t> marker{0x09, 0x00, 0x10, 0x00, 'L', 'O', 2, 0, 'X', ' '};
        auto at = std::search(ds.begin(), ds.end(), marker.begin(), marker.end());
        REQUIRE(at != ds.end());
        ds.insert(at + long(marker.size()), nested.begin(), nested.end());
        CHECK_THAT(decode_error(w.bytes(&ds)).what(), Contains("nest more than 16 levels"));
    }
    SECTION("not DICOM at all") {
        const std::vector<uint8_t> text{'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '!'};
        CHECK_FALSE(looks_like_dicom(text.data(), text.size()));
    }
}

TEST_CASE("dicom: patient and study identity never reach the decoded facts or messages", "[dicom][privacy]") {
    const std::string name = "Zyxwvut^Privacy", id = "PRIV-98765";
    auto identified = [&](Writer w) {
        w.text(tag(0x0008, 0x0050), "SH", "ACC-PRIV-98765");
        w.text(tag(0x0008, 0x0080), "LO", "Zyxwvut Hospital");
        w.text(tag(0x0008, 0x0090), "PN", name);
        w.text(tag(0x0010, 0x0010), "PN", name);
        w.text(tag(0x0010, 0x0020), "LO", id);
        w.text(tag(0x0010, 0x0030), "DA", "19010101");
        // Identity in the fields that are shown, too, would be the writer's doing; not here.
        w.text(tag(0x0008, 0x0060), "CS", "CR");
        return w;
    };
    const DecodedFile out = decode(identified(grey8()).bytes());
    const DicomInfo& info = *out.dicom;
    for (const std::string* field : {&info.modality, &info.body_part, &info.view_position, &info.photometric,
                                     &info.transfer_syntax_uid, &info.transfer_syntax_name}) {
        CHECK(field->find("Zyxwvut") == std::string::npos);
        CHECK(field->find("98765") == std::string::npos);
        CHECK(field->find("1901") == std::string::npos);
    }
    // Refusals do not quote them either.
    Writer broken = identified(grey8());
    broken.erase(tag(0x7FE0, 0x0010));
    for (const std::vector<uint8_t>& bytes : {broken.bytes(), [&] {
             std::vector<uint8_t> b = identified(grey8()).bytes();
             b.resize(b.size() - 3);
             return b;
         }()}) {
        const std::string message = decode_error(bytes).what();
        CHECK(message.find("Zyxwvut") == std::string::npos);
        CHECK(message.find("98765") == std::string::npos);
    }
}
