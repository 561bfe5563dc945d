#include <string>
#include <vector>

#include "byte_reader.h"
#include "dxlens/error.h"
#include "dxlens/exif.h"
#include "formats.h"
#include "jpeg_markers.h"

namespace dxlens {
namespace {

[[noreturn]] void corrupt_jpeg(const std::string& why) { throw Error(ErrorKind::Corrupt, "corrupt or truncated JPEG: " + why); }

bool is_frame_marker(uint8_t marker) {
    // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC) which share the range.
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// stb_image decodes baseline, extended sequential and progressive Huffman JPEGs.
const char* unsupported_coding(uint8_t frame_marker) {
    switch (frame_marker) {
        case 0xC0:
        case 0xC1:
        case 0xC2: return nullptr;
        case 0xC3: return "lossless";
        case 0xC5:
        case 0xC6:
        case 0xC7: return "hierarchical";
        default: return "arithmetic";
    }
}

ImageInfo read_frame_header(const ByteReader& in, const JpegSegment& frame) {
    if (const char* coding = unsupported_coding(frame.marker)) {
        throw Error(ErrorKind::UnsupportedFormat, std::string("unsupported JPEG: ") + coding +
                    " coding (only baseline and progressive JPEGs are supported)");
    }
    uint8_t precision = 0, components = 0;
    uint16_t height = 0, width = 0;
    size_t at = frame.payload_offset;
    if (frame.payload_size < 6 || !in.u8(at, precision) || !in.u16(at + 1, height) ||
        !in.u16(at + 3, width) || !in.u8(at + 5, components)) {
        corrupt_jpeg("frame header too short");
    }
    if (precision != 8) {
        throw Error(ErrorKind::UnsupportedFormat, "unsupported JPEG: " + std::to_string(precision) +
                    "-bit samples (only 8-bit JPEGs are supported)");
    }
    if (height == 0) throw Error(ErrorKind::UnsupportedFormat, "unsupported JPEG: the height is only given after the image data (DNL)");
    if (width == 0) corrupt_jpeg("zero width");
    if (components != 1 && components != 3 && components != 4) {
        corrupt_jpeg(std::to_string(components) + " colour components");
    }
    ImageInfo info;
    info.format = ImageFormat::Jpeg;
    info.width = width;
    info.height = height;
    info.channels = components == 1 ? 1 : 3;  // YCbCr and CMYK both come out as RGB
    info.bit_depth = 8;
    return info;
}

// ---- The table and scan screen (check_jpeg_complete) ----
//
// stb_image 2.27 trusts the tables and scan headers it is given, and its
// decoder state is not zeroed: a scan that names a Huffman table no DHT
// defined decodes with whatever the heap held there, which reads far outside
// its 257-entry tables (indices like -95 or 11,672,831, a use-after-free, and
// a negative shift with stbi__bmask[255] in stbi__jpeg_huff_decode). Likewise
// a quantisation table never defined, or a colour component that no scan ever
// codes, turns uninitialised heap memory into pixels. So every file is checked
// here, in order, as stb would read it, before stb sees it: each table is
// well formed, and each scan refers only to components of the frame and to
// tables already defined, with parameters in the ranges ITU T.81 allows.

constexpr uint8_t kStartOfFrameProgressive = 0xC2;
constexpr uint8_t kDefineHuffmanTables = 0xC4;
constexpr uint8_t kDefineQuantisationTables = 0xDB;

struct FrameComponent {
    uint8_t id = 0;
    uint8_t quant_table = 0;
    bool coded = false;  // a scan has coded it (its DC, for progressive frames)
};

struct ScanScreen {
    const ByteReader& in;
    bool frame_seen = false;
    bool progressive = false;
    std::vector<FrameComponent> components;
    bool dc_defined[4] = {false, false, false, false};
    bool ac_defined[4] = {false, false, false, false};
    bool quant_defined[4] = {false, false, false, false};

    // DHT: class/id byte, 16 code-length counts, then that many symbols. The
    // counts must describe a prefix code (Kraft: no length runs out of codes)
    // of at most 256 symbols, one per byte value.
    void huffman_tables(const JpegSegment& segment) {
        size_t pos = segment.payload_offset;
        const size_t end = segment.payload_offset + segment.payload_size;
        if (pos == end) corrupt_jpeg("empty Huffman table segment");
        while (pos < end) {
            if (end - pos < 17) corrupt_jpeg("Huffman table cut short");
            const uint8_t table_class = in.data[pos] >> 4, id = in.data[pos] & 15;
            if (table_class > 1 || id > 3) corrupt_jpeg("invalid Huffman table class or id");
            size_t symbols = 0;
            uint32_t codes = 0;  // codes of the current length still free, times 2^length
            for (size_t length = 1; length <= 16; ++length) {
                const uint8_t count = in.data[pos + length];
                symbols += count;
                codes = (codes << 1) + count;  // codes used, counted at this length
                if (codes > (1u << length)) corrupt_jpeg("invalid Huffman table (more codes than fit their lengths)");
            }
            if (symbols > 256 || end - pos - 17 < symbols) corrupt_jpeg("invalid Huffman table");
            (table_class == 0 ? dc_defined : ac_defined)[id] = true;
            pos += 17 + symbols;
        }
    }

    // DQT: precision/id byte, then 64 values of 8 or 16 bits.
    void quantisation_tables(const JpegSegment& segment) {
        size_t pos = segment.payload_offset;
        const size_t end = segment.payload_offset + segment.payload_size;
        if (pos == end) corrupt_jpeg("empty quantisation table segment");
        while (pos < end) {
            const uint8_t precision = in.data[pos] >> 4, id = in.data[pos] & 15;
            if (precision > 1 || id > 3) corrupt_jpeg("invalid quantisation table precision or id");
            const size_t bytes = 1 + 64 * (precision + 1u);
            if (end - pos < bytes) corrupt_jpeg("quantisation table cut short");
            quant_defined[id] = true;
            pos += bytes;
        }
    }

    // SOFn: the components (read_frame_header checked the rest).
    void frame(const JpegSegment& segment) {
        if (frame_seen) corrupt_jpeg("a second frame header");
        frame_seen = true;
        progressive = segment.marker == kStartOfFrameProgressive;
        const size_t at = segment.payload_offset;
        uint8_t count = 0;
        in.u8(at + 5, count);
        if (segment.payload_size != 6 + 3u * count) corrupt_jpeg("frame header length does not match its components");
        for (size_t i = 0; i < count; ++i) {
            const uint8_t* c = in.data + at + 6 + 3 * i;
            const int h = c[1] >> 4, v = c[1] & 15;
            if (h < 1 || h > 4 || v < 1 || v > 4) corrupt_jpeg("invalid sampling factors");
            if (c[2] > 3) corrupt_jpeg("invalid quantisation table id in the frame header");
            for (const FrameComponent& other : components) {
                if (other.id == c[0]) corrupt_jpeg("two colour components with one id");
            }
            components.push_back({c[0], c[2], false});
        }
    }

    // SOS: components, their tables, spectral selection and successive approximation.
    void scan(const JpegSegment& segment) {
        if (!frame_seen) corrupt_jpeg("no frame header before the image data");
        const uint8_t* p = in.data + segment.payload_offset;
        if (segment.payload_size < 1) corrupt_jpeg("scan header too short");
        const size_t count = p[0];
        if (count < 1 || count > 4 || count > components.size()) corrupt_jpeg("invalid scan component count");
        if (segment.payload_size != 4 + 2 * count) corrupt_jpeg("scan header length does not match its components");
        const uint8_t ss = p[1 + 2 * count], se = p[2 + 2 * count];
        const uint8_t ah = p[3 + 2 * count] >> 4, al = p[3 + 2 * count] & 15;
        bool dc_first = true, ac = false;
        if (progressive) {
            if (ss > se || se > 63) corrupt_jpeg("invalid spectral selection in a progressive scan");
            if (ss == 0 && se != 0) corrupt_jpeg("a progressive scan mixes DC and AC coefficients");
            if (ss > 0 && count != 1) corrupt_jpeg("a progressive AC scan with several components");
            if (ah > 13 || al > 13 || (ah != 0 && ah != al + 1)) {
                corrupt_jpeg("invalid successive approximation in a progressive scan");
            }
            dc_first = ss == 0 && ah == 0;  // the scans that Huffman-decode DC differences
            ac = ss > 0;                    // every AC scan Huffman-decodes
        } else {
            if (ss != 0 || ah != 0 || al != 0) corrupt_jpeg("invalid scan parameters in a sequential JPEG");
            ac = true;
        }
        for (size_t i = 0; i < count; ++i) {
            const uint8_t id = p[1 + 2 * i], dc = p[2 + 2 * i] >> 4, actable = p[2 + 2 * i] & 15;
            FrameComponent* component = nullptr;
            for (FrameComponent& c : components) {
                if (c.id == id) component = &c;
            }
            if (component == nullptr) corrupt_jpeg("a scan names a colour component the frame does not have");
            for (size_t j = 0; j < i; ++j) {
                if (p[1 + 2 * j] == id) corrupt_jpeg("a scan names one colour component twice");
            }
            if (dc > 3 || actable > 3) corrupt_jpeg("invalid Huffman table id in a scan");
            if (dc_first && !dc_defined[dc]) corrupt_jpeg("a scan uses a DC Huffman table that was never defined");
            if (ac && !ac_defined[actable]) corrupt_jpeg("a scan uses an AC Huffman table that was never defined");
            if (!quant_defined[component->quant_table]) {
                corrupt_jpeg("a scan uses a quantisation table that was never defined");
            }
            // Only a first DC scan starts a progressive component's coefficients
            // (stb zeroes them there); any other scan before it refines memory
            // nobody wrote.
            if (progressive && !dc_first && !component->coded) {
                corrupt_jpeg("a progressive scan before the component's first DC scan");
            }
            if (!progressive || (ss == 0 && ah == 0)) component->coded = true;
        }
    }

    void visit(const JpegSegment& segment) {
        if (segment.marker == kDefineHuffmanTables) {
            huffman_tables(segment);
        } else if (segment.marker == kDefineQuantisationTables) {
            quantisation_tables(segment);
        } else if (is_frame_marker(segment.marker)) {
            frame(segment);
        } else if (segment.marker == jpeg_marker::SOS) {
            scan(segment);
        }
    }

    // At the end of the image: every component was coded, so no pixel comes
    // from memory nobody wrote.
    void finish() const {
        for (const FrameComponent& c : components) {
            if (!c.coded) corrupt_jpeg("a colour component is never coded by any scan");
            if (!quant_defined[c.quant_table]) corrupt_jpeg("a quantisation table is used but never defined");
        }
    }
};

}  // namespace

ImageInfo read_jpeg_header(const uint8_t* data, size_t size) {
    ByteReader in{data, size, /*big_endian=*/true};
    size_t pos = 2;  // past SOI
    JpegSegment segment;
    for (;;) {
        if (!next_jpeg_segment(data, size, pos, segment)) {
            corrupt_jpeg(pos >= size ? "file ends before the frame header"
                                     : "damaged or cut-off marker segment at byte " + std::to_string(pos));
        }
        if (is_frame_marker(segment.marker)) break;
        if (segment.marker == jpeg_marker::SOS || segment.marker == jpeg_marker::EOI) {
            corrupt_jpeg("no frame header before the image data");
        }
    }
    ImageInfo info = read_frame_header(in, segment);
    info.exif_orientation = jpeg_exif_orientation(data, size);
    info.microns_per_pixel = jpeg_microns_per_pixel(data, size);
    return info;
}

void check_jpeg_complete(const uint8_t* data, size_t size) {
    ByteReader in{data, size, /*big_endian=*/true};
    ScanScreen screen{in};
    const bool reached_end = walk_jpeg_segments(data, size, [&](const JpegSegment& segment) {
        screen.visit(segment);
        return true;
    });
    if (!reached_end) corrupt_jpeg("the file ends before its end-of-image marker");
    screen.finish();
}

}  // namespace dxlens
