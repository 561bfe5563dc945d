// EXIF orientation: reading the tag from JPEG bytes (including hostile ones) and
// turning the pixels upright.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "decode_test_helpers.h"
#include "dxlens/decode.h"
#include "dxlens/exif.h"

using dxlens::apply_exif_orientation;
using dxlens::Image;
using dxlens::jpeg_exif_orientation;

namespace {

// ---- Building JPEG headers with hand-made Exif blocks ----------------------

struct TiffWriter {
    bool big_endian;
    std::vector<uint8_t> bytes;

    void u16(uint16_t v) {
        bytes.push_back(uint8_t(big_endian ? v >> 8 : v));
        bytes.push_back(uint8_t(big_endian ? v : v >> 8));
    }
    void u32(uint32_t v) {
        if (big_endian) { u16(uint16_t(v >> 16)); u16(uint16_t(v)); }
        else { u16(uint16_t(v)); u16(uint16_t(v >> 16)); }
    }
};

struct Entry {
    uint16_t tag, type;
    uint32_t count;
    uint16_t value;
};

// TIFF header + IFD0 holding `entries` (values stored inline, left-justified).
std::vector<uint8_t> tiff(bool big_endian, const std::vector<Entry>& entries, uint32_t ifd_offset = 8,
                          uint16_t magic = 42) {
    TiffWriter w{big_endian, {}};
    w.bytes = big_endian ? std::vector<uint8_t>{'M', 'M'} : std::vector<uint8_t>{'I', 'I'};
    w.u16(magic);
    w.u32(ifd_offset);
    w.u16(uint16_t(entries.size()));
    for (const Entry& e : entries) {
        w.u16(e.tag);
        w.u16(e.type);
        w.u32(e.count);
        w.u16(e.value);
        w.u16(0);
    }
    w.u32(0);  // no next IFD
    return w.bytes;
}

// Appends with push_back: GCC 12 warns falsely (-Wstringop-overread) on
// vector::insert of small vectors here.
void append(std::vector<uint8_t>& out, const std::vector<uint8_t>& bytes) {
    for (uint8_t b : bytes) out.push_back(b);
}

std::vector<uint8_t> segment(uint8_t marker, const std::vector<uint8_t>& payload) {
    size_t length = payload.size() + 2;
    std::vector<uint8_t> out = {0xFF, marker, uint8_t(length >> 8), uint8_t(length)};
    append(out, payload);
    return out;
}

std::vector<uint8_t> exif_payload(const std::vector<uint8_t>& tiff_bytes) {
    std::vector<uint8_t> payload = {'E', 'x', 'i', 'f', 0, 0};
    append(payload, tiff_bytes);
    return payload;
}

// SOI, the given segments, then a token scan header and EOI: enough for the tag reader.
std::vector<uint8_t> jpeg_with(const std::vector<std::vector<uint8_t>>& segments) {
    std::vector<uint8_t> out = {0xFF, 0xD8};
    for (const auto& s : segments) append(out, s);
    append(out, segment(0xDA, {1, 1, 0, 0, 63, 0}));
    append(out, {0x12, 0x34, 0xFF, 0xD9});
    return out;
}

int orientation_of(const std::vector<uint8_t>& bytes) { return jpeg_exif_orientation(bytes.data(), bytes.size()); }

const Entry kSoftware{0x0131, 2, 4, 0};  // an unrelated tag before the one we want

std::vector<uint8_t> jpeg_with_orientation(bool big_endian, uint16_t orientation) {
    return jpeg_with({segment(0xE1, exif_payload(tiff(big_endian, {kSoftware, {0x0112, 3, 1, orientation}})))});
}

// ---- Small images with hand-written transformed forms ----------------------

// 3 x 2 source, one channel, samples a..f:   a b c
//                                           d e f
Image three_by_two(int channels, int bit_depth) {
    Image image;
    image.width = 3;
    image.height = 2;
    image.channels = channels;
    image.bit_depth = bit_depth;
    for (int i = 0; i < 6; ++i) {
        for (int c = 0; c < channels; ++c) {
            int v = (i + 1) * 10 + c;  // a = 10, b = 20, ... ; channel c adds c
            if (bit_depth == 16) image.pixels16.push_back(uint16_t(v * 1000 + 7));
            else image.pixels8.push_back(uint8_t(v));
        }
    }
    return image;
}

// The labels (1 = a ... 6 = f) of each output pixel, row by row.
std::vector<int> labels_of(const Image& image) {
    std::vector<int> labels;
    for (size_t p = 0; p < size_t(image.width) * size_t(image.height); ++p) {
        size_t i = p * size_t(image.channels);
        int v = image.bit_depth == 16 ? (image.pixels16[i] - 7) / 1000 : image.pixels8[i];
        labels.push_back(v / 10);
        for (int c = 1; c < image.channels; ++c) {  // the other channels travelled along
            int vc = image.bit_depth == 16 ? (image.pixels16[i + size_t(c)] - 7) / 1000 : image.pixels8[i + size_t(c)];
            if (vc != v + c) labels.back() = -1;
        }
    }
    return labels;
}

}  // namespace

TEST_CASE("apply_exif_orientation: all eight orientations", "[exif]") {
    enum { a = 1, b, c, d, e, f };
    struct Case {
        int orientation, width, height;
        std::vector<int> labels;
    };
    const std::vector<Case> cases = {
        {1, 3, 2, {a, b, c, d, e, f}},
        {2, 3, 2, {c, b, a, f, e, d}},  // mirror
        {3, 3, 2, {f, e, d, c, b, a}},  // rotate 180
        {4, 3, 2, {d, e, f, a, b, c}},  // flip
        {5, 2, 3, {a, d, b, e, c, f}},  // transpose
        {6, 2, 3, {d, a, e, b, f, c}},  // rotate 90 clockwise
        {7, 2, 3, {f, c, e, b, d, a}},  // transverse
        {8, 2, 3, {c, f, b, e, a, d}},  // rotate 90 counter-clockwise
    };
    for (int bit_depth : {8, 16}) {
        for (int channels : {1, 2, 3, 4}) {
            Image source = three_by_two(channels, bit_depth);
            for (const Case& test : cases) {
                INFO("orientation " << test.orientation << ", " << channels << " channels, " << bit_depth << "-bit");
                Image out = apply_exif_orientation(source, test.orientation);
                CHECK(out.width == test.width);
                CHECK(out.height == test.height);
                CHECK(out.channels == channels);
                CHECK(out.bit_depth == bit_depth);
                CHECK(out.sample_count() == source.sample_count());
                CHECK((bit_depth == 16 ? out.pixels8.empty() : out.pixels16.empty()));
                CHECK(labels_of(out) == test.labels);
            }
        }
    }
}

TEST_CASE("apply_exif_orientation: 6 then 8 and 5 twice are identities", "[exif]") {
    Image source = three_by_two(3, 8);
    Image round = apply_exif_orientation(apply_exif_orientation(source, 6), 8);
    CHECK(round.width == 3);
    CHECK(round.pixels8 == source.pixels8);
    CHECK(apply_exif_orientation(apply_exif_orientation(source, 5), 5).pixels8 == source.pixels8);
}

TEST_CASE("apply_exif_orientation: values outside 2..8 return a copy", "[exif]") {
    Image source = three_by_two(2, 16);
    for (int orientation : {-1, 0, 1, 9, 255}) {
        Image out = apply_exif_orientation(source, orientation);
        CHECK(out.width == 3);
        CHECK(out.height == 2);
        CHECK(out.pixels16 == source.pixels16);
    }
}

TEST_CASE("EXIF orientations 1-8 decode upright", "[exif]") {
    for (int orientation = 1; orientation <= 8; ++orientation) {
        std::string file = "exif_orientation_" + std::to_string(orientation) + ".jpg";
        INFO(file);
        std::vector<uint8_t> bytes = decode_test::fixture(file);
        CHECK(jpeg_exif_orientation(bytes.data(), bytes.size()) == orientation);

        dxlens::ImageInfo info = dxlens::probe_image(bytes.data(), bytes.size());
        CHECK(info.exif_orientation == orientation);
        bool sideways = orientation >= 5;  // stored with width and height swapped
        CHECK(info.width == (sideways ? decode_test::kJpegHeight : decode_test::kJpegWidth));
        CHECK(info.height == (sideways ? decode_test::kJpegWidth : decode_test::kJpegHeight));

        Image image = dxlens::decode_image(bytes.data(), bytes.size());
        REQUIRE(image.width == decode_test::kJpegWidth);
        REQUIRE(image.height == decode_test::kJpegHeight);
        REQUIRE(image.channels == 3);
        CHECK(decode_test::max_block_error(image) <= 4);
    }
}

TEST_CASE("jpeg_exif_orientation reads both byte orders", "[exif]") {
    for (uint16_t orientation = 1; orientation <= 8; ++orientation) {
        CHECK(orientation_of(jpeg_with_orientation(false, orientation)) == orientation);
        CHECK(orientation_of(jpeg_with_orientation(true, orientation)) == orientation);
    }
    // Exif after an XMP APP1 and a comment is still found.
    std::string xmp = "http://ns.adobe.com/xap/1.0/";
    std::vector<uint8_t> with_xmp = jpeg_with({
        segment(0xE1, std::vector<uint8_t>(xmp.begin(), xmp.end())),
        segment(0xFE, {'h', 'i'}),
        segment(0xE1, exif_payload(tiff(true, {{0x0112, 3, 1, 6}}))),
    });
    CHECK(orientation_of(with_xmp) == 6);
}

TEST_CASE("jpeg_exif_orientation: no or malformed Exif gives 1", "[exif]") {
    const Entry orientation_6{0x0112, 3, 1, 6};
    auto exif_jpeg = [](const std::vector<uint8_t>& tiff_bytes) {
        return jpeg_with({segment(0xE1, exif_payload(tiff_bytes))});
    };

    CHECK(orientation_of({}) == 1);
    CHECK(orientation_of({0xFF, 0xD8}) == 1);
    CHECK(orientation_of(jpeg_with({})) == 1);                                        // no APP1 at all
    CHECK(orientation_of(decode_test::fixture("baseline.jpg")) == 1);                 // JFIF only
    CHECK(orientation_of(decode_test::fixture("rgb8.png")) == 1);                     // not a JPEG
    CHECK(orientation_of(exif_jpeg(tiff(false, {kSoftware}))) == 1);                  // no orientation tag
    CHECK(orientation_of(exif_jpeg(tiff(false, {{0x0112, 3, 1, 0}}))) == 1);          // value 0
    CHECK(orientation_of(exif_jpeg(tiff(true, {{0x0112, 3, 1, 9}}))) == 1);           // value 9
    CHECK(orientation_of(exif_jpeg(tiff(false, {{0x0112, 4, 1, 6}}))) == 1);          // LONG, not SHORT
    CHECK(orientation_of(exif_jpeg(tiff(false, {{0x0112, 3, 2, 6}}))) == 1);          // count 2
    CHECK(orientation_of(exif_jpeg(tiff(false, {orientation_6}, 8, 43))) == 1);       // bad magic
    CHECK(orientation_of(exif_jpeg(tiff(false, {orientation_6}, 0xFFFFFFF0u))) == 1); // IFD out of bounds
    CHECK(orientation_of(exif_jpeg(tiff(true, {orientation_6}, 1000))) == 1);         // IFD past the end

    std::vector<uint8_t> bad_order = tiff(false, {orientation_6});
    bad_order[0] = bad_order[1] = 'X';
    CHECK(orientation_of(exif_jpeg(bad_order)) == 1);

    // The IFD claims 3 entries but is cut after the first (the tag would be third).
    std::vector<uint8_t> short_ifd = tiff(false, {kSoftware, kSoftware, orientation_6});
    short_ifd.resize(8 + 2 + 12);
    CHECK(orientation_of(exif_jpeg(short_ifd)) == 1);

    // Cut inside the orientation entry itself.
    std::vector<uint8_t> cut_entry = tiff(true, {orientation_6});
    cut_entry.resize(8 + 2 + 9);
    CHECK(orientation_of(exif_jpeg(cut_entry)) == 1);

    // "Exif\0\0" and nothing else; an APP1 whose length runs past the end of the file.
    CHECK(orientation_of(jpeg_with({segment(0xE1, {'E', 'x', 'i', 'f', 0, 0})})) == 1);
    std::vector<uint8_t> overlong = {0xFF, 0xD8, 0xFF, 0xE1, 0x40, 0x00, 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0};
    CHECK(orientation_of(overlong) == 1);

    // Exif after the first scan does not count.
    std::vector<uint8_t> late = jpeg_with({});
    late.resize(late.size() - 2);
    append(late, segment(0xE1, exif_payload(tiff(false, {orientation_6}))));
    CHECK(orientation_of(late) == 1);
}

TEST_CASE("jpeg_exif_orientation survives every truncation and byte corruption", "[exif]") {
    std::vector<uint8_t> good = jpeg_with_orientation(true, 6);
    REQUIRE(orientation_of(good) == 6);
    // Every prefix: the answer is 1 until the tag is complete, then 6.
    int last = 1;
    for (size_t keep = 0; keep <= good.size(); ++keep) {
        std::vector<uint8_t> prefix(good.begin(), good.begin() + ptrdiff_t(keep));
        int got = orientation_of(prefix);
        CHECK((got == 1 || got == 6));
        CHECK(got >= last);  // never flips back once found
        last = got;
    }
    // Every single byte set to each of a few hostile values: always a valid answer.
    for (size_t i = 0; i < good.size(); ++i) {
        for (uint8_t v : {uint8_t(0x00), uint8_t(0xFF), uint8_t(0x7F), uint8_t(0x80)}) {
            std::vector<uint8_t> bad = good;
            bad[i] = v;
            int got = orientation_of(bad);
            CHECK((got >= 1 && got <= 8));
        }
    }
}
