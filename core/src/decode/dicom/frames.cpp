// One frame's bytes: a slice of native pixel data, or the fragments of an
// encapsulated frame (Basic Offset Table, one fragment per frame, or JPEG
// start-of-image markers) decoded from RLE Lossless or JPEG Baseline.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

#include "../formats.h"
#include "../jpeg_markers.h"
#include "dxlens/decode.h"
#include "dxlens/error.h"
#include "pixel_module.h"

namespace dxlens {
namespace dicom {
namespace {

struct Fragment {
    size_t item_offset;  // from the first fragment's item tag (what offset tables count)
    size_t value;
    size_t length;
};

struct Fragments {
    std::vector<uint32_t> offset_table;
    std::vector<Fragment> items;
};

Fragments read_fragments(const DataSet& ds) {
    // Items carry no VR; encapsulated data is always little endian.
    ElementReader in(ds.bytes(), ds.size(), ds.pixel_data.value, Encoding{false, false});
    Fragments out;
    const Element table = in.next();
    if (table.tag != kItem || table.undefined()) corrupt("encapsulated Pixel Data does not start with an offset table item");
    for (uint32_t i = 0; i + 4 <= table.length; i += 4) out.offset_table.push_back(in.u32(table.value + i));
    in.skip(table);
    const size_t first = in.position();
    // A missing sequence delimiter at the very end of the file is tolerated.
    while (!in.at_end()) {
        const Element item = in.next();
        if (item.tag == kSequenceEnd) break;
        if (item.tag != kItem || item.undefined()) {
            corrupt("encapsulated Pixel Data holds " + tag_text(item.tag) + " at byte " + std::to_string(item.offset) +
                    " where a fragment belongs");
        }
        out.items.push_back({item.offset - first, item.value, item.length});
        in.skip(item);
    }
    if (out.items.empty()) corrupt("encapsulated Pixel Data holds no fragments");
    return out;
}

bool starts_jpeg(const DataSet& ds, const Fragment& f) {
    const uint8_t* p = ds.bytes() + f.value;
    return f.length >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF;
}

// The fragments of frame `index` (0-based) of `frames`.
std::vector<Fragment> frame_fragments(const DataSet& ds, const Fragments& all, int frames, int index, bool jpeg) {
    const size_t n = size_t(frames);
    if (frames == 1) return all.items;
    const std::vector<uint32_t>& table = all.offset_table;
    bool table_ok = table.size() == n && table[0] == 0;
    for (size_t i = 1; table_ok && i < n; ++i) table_ok = table[i] > table[i - 1];
    if (table_ok) {
        const uint64_t begin = table[size_t(index)];
        const uint64_t end = size_t(index) + 1 < n ? table[size_t(index) + 1] : UINT64_MAX;
        std::vector<Fragment> chosen;
        for (const Fragment& f : all.items) {
            if (f.item_offset >= begin && f.item_offset < end) chosen.push_back(f);
        }
        if (chosen.empty() || chosen.front().item_offset != begin) {
            corrupt("the Basic Offset Table entry of frame " + std::to_string(index + 1) + " points at no fragment");
        }
        return chosen;
    }
    if (all.items.size() == n) return {all.items[size_t(index)]};
    if (jpeg) {
        // Frames split over several fragments without an offset table: each
        // frame's first fragment starts a JPEG image.
        std::vector<size_t> starts;
        for (size_t i = 0; i < all.items.size(); ++i) {
            if (starts_jpeg(ds, all.items[i])) starts.push_back(i);
        }
        if (starts.size() == n && starts[0] == 0) {
            const size_t end = size_t(index) + 1 < n ? starts[size_t(index) + 1] : all.items.size();
            return std::vector<Fragment>(all.items.begin() + long(starts[size_t(index)]), all.items.begin() + long(end));
        }
    }
    corrupt(std::to_string(all.items.size()) + " fragments for " + std::to_string(frames) +
            " frames and no usable Basic Offset Table: which fragments make which frame is unknown");
}

// The frame's encoded bytes: the fragment itself, or the fragments joined.
const uint8_t* joined(const DataSet& ds, const std::vector<Fragment>& parts, std::vector<uint8_t>& storage,
                      size_t& size) {
    if (parts.size() == 1) {
        size = parts[0].length;
        return ds.bytes() + parts[0].value;
    }
    storage.clear();
    for (const Fragment& f : parts) storage.insert(storage.end(), ds.bytes() + f.value, ds.bytes() + f.value + f.length);
    size = storage.size();
    return storage.data();
}

uint32_t le32(const uint8_t* p) { return uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0]; }

// PS3.5 Annex G: a 64-byte header (segment count, 15 offsets), then one
// PackBits segment per byte plane, most significant byte first per sample.
std::vector<uint8_t> decode_rle(const uint8_t* data, size_t size, const PixelModule& pm) {
    if (size < 64) truncated("an RLE frame is " + std::to_string(size) + " bytes, shorter than its 64-byte header");
    const int bytes = pm.bits_allocated / 8;
    const uint32_t expected = uint32_t(pm.samples * bytes);
    const uint32_t segments = le32(data);
    if (segments != expected) {
        corrupt("an RLE frame has " + std::to_string(segments) + " segments; " + std::to_string(pm.samples) +
                " samples of " + std::to_string(pm.bits_allocated) + " bits need " + std::to_string(expected));
    }
    const size_t pixels = pm.pixels();
    std::vector<uint8_t> out(pixels * expected);
    for (uint32_t s = 0; s < segments; ++s) {
        const uint32_t begin = le32(data + 4 + 4 * s);
        const uint32_t end = s + 1 < segments ? le32(data + 8 + 4 * s) : uint32_t(std::min<size_t>(size, UINT32_MAX));
        if (begin < 64 || begin > end || end > size) {
            corrupt("RLE segment " + std::to_string(s + 1) + " has offsets " + std::to_string(begin) + ".." +
                    std::to_string(end) + " outside its " + std::to_string(size) + "-byte frame");
        }
        const int sample = int(s) / bytes;
        const int byte = bytes - 1 - int(s) % bytes;  // little-endian position of this byte plane
        const size_t stride = expected;
        uint8_t* target = out.data() + size_t(sample * bytes + byte);
        size_t done = 0;
        size_t pos = begin;
        while (done < pixels && pos < end) {
            const int header = int8_t(data[pos++]);
            if (header >= 0) {
                const size_t count = std::min<size_t>(size_t(header) + 1, pixels - done);
                if (count > end - pos) break;
                for (size_t i = 0; i < count; ++i) target[(done + i) * stride] = data[pos + i];
                pos += size_t(header) + 1;
                done += count;
            } else if (header != -128) {
                if (pos >= end) break;
                const uint8_t value = data[pos++];
                const size_t count = std::min<size_t>(size_t(1 - header), pixels - done);
                for (size_t i = 0; i < count; ++i) target[(done + i) * stride] = value;
                done += count;
            }
        }
        if (done < pixels) {
            truncated("RLE segment " + std::to_string(s + 1) + " decodes to " + std::to_string(done) + " of " +
                      std::to_string(pixels) + " bytes");
        }
    }
    return out;
}

bool is_sof(uint8_t marker) { return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC; }

// Photometric RGB in JPEG Baseline means the samples were not transformed to
// YCbCr, unless the JPEG's Adobe APP14 marker states a transform (its 12th
// payload byte, 1 = YCbCr). Without that statement decoders (stb_image,
// libjpeg) assume YCbCr; naming the components 'R', 'G', 'B' (in the frame
// header and every scan header) is how a JPEG says RGB to stb_image, so a copy
// of the frame gets those identifiers. pydicom and DCMTK read such files the
// same way (pydicom's SC_rgb_jpeg.dcm has an Adobe marker cut before its
// transform byte).
bool samples_are_rgb(const uint8_t* data, size_t size) {
    bool transformed = false;
    walk_jpeg_segments(data, size, [&](const JpegSegment& s) {
        if (s.marker == 0xEE && s.payload_size >= 12 && std::memcmp(data + s.payload_offset, "Adobe", 5) == 0) {
            transformed = data[s.payload_offset + 11] != 0;
        }
        return true;
    });
    return !transformed;
}

void name_components_rgb(std::vector<uint8_t>& jpeg) {
    uint8_t ids[3] = {0, 0, 0};
    bool found = false;
    uint8_t* data = jpeg.data();
    walk_jpeg_segments(data, jpeg.size(), [&](const JpegSegment& s) {
        uint8_t* p = data + s.payload_offset;
        if (is_sof(s.marker) && s.payload_size >= 15 && p[5] == 3) {
            for (int k = 0; k < 3; ++k) {
                ids[k] = p[6 + 3 * k];
                p[6 + 3 * k] = uint8_t("RGB"[k]);
            }
            found = true;
        } else if (s.marker == jpeg_marker::SOS && found && s.payload_size >= 1) {
            const size_t count = p[0];
            for (size_t c = 0; c < count && 1 + 2 * c < s.payload_size; ++c) {
                for (int k = 0; k < 3; ++k) {
                    if (p[1 + 2 * c] == ids[k]) {
                        p[1 + 2 * c] = uint8_t("RGB"[k]);
                        break;
                    }
                }
            }
        }
        return true;
    });
}

void decode_jpeg(const uint8_t* data, size_t size, const PixelModule& pm, uint64_t max_pixels, Frame& frame) {
    // Only a JPEG goes to the image decoder: never another DICOM file, so
    // decoding cannot recurse.
    const FormatCodec* codec = find_codec(data, size);
    if (codec == nullptr || codec->format != ImageFormat::Jpeg) corrupt("a JPEG Baseline frame is not a JPEG image");
    DecodeLimits limits;
    limits.max_pixels = max_pixels;
    std::vector<uint8_t> renamed;
    if (pm.photometric == Photometric::Rgb && pm.samples == 3 && samples_are_rgb(data, size)) {
        renamed.assign(data, data + size);
        name_components_rgb(renamed);
        data = renamed.data();
    }
    Image image = decode_image(data, size, limits);  // our JPEG checks, then stb_image
    if (pm.samples == 1 && image.channels == 3 && image.bit_depth == 8) {
        // A grey image stored as a three-component JPEG (some writers do):
        // its luminance, as stb_image computes it.
        std::vector<uint8_t> grey(image.pixels8.size() / 3);
        for (size_t i = 0; i < grey.size(); ++i) {
            const uint8_t* p = image.pixels8.data() + i * 3;
            grey[i] = uint8_t((p[0] * 77 + p[1] * 150 + p[2] * 29) >> 8);
        }
        image.pixels8 = std::move(grey);
        image.channels = 1;
    }
    if (image.width != pm.columns || image.height != pm.rows || image.bit_depth != 8 ||
        image.channels != pm.samples) {
        corrupt("a JPEG frame is " + std::to_string(image.width) + "x" + std::to_string(image.height) + " with " +
                std::to_string(image.channels) + " channels; the DICOM header says " + std::to_string(pm.columns) +
                "x" + std::to_string(pm.rows) + " with " + std::to_string(pm.samples));
    }
    frame.owned = std::move(image.pixels8);
    frame.jpeg = true;
    frame.jpeg_channels = image.channels;
}

}  // namespace

Frame read_frame(const DataSet& ds, const PixelModule& pm, int index, uint64_t max_pixels) {
    Frame frame;
    const PixelEncoding encoding = ds.syntax->pixels;
    if (encoding == PixelEncoding::Native) {
        if (ds.pixel_data.undefined()) corrupt("uncompressed Pixel Data has an undefined length");
        const uint64_t frame_bytes = pm.frame_bytes();
        const uint64_t needed = frame_bytes * uint64_t(pm.frames);
        if (ds.pixel_data.length < needed) {
            truncated("Pixel Data holds " + std::to_string(ds.pixel_data.length) + " bytes; " +
                      std::to_string(pm.frames) + " frame(s) of " + std::to_string(pm.columns) + "x" +
                      std::to_string(pm.rows) + " need " + std::to_string(needed));
        }
        frame.data = ds.bytes() + ds.pixel_data.value + size_t(frame_bytes) * size_t(index);
        frame.size = size_t(frame_bytes);
        frame.big_endian = ds.encoding.big_endian;
        frame.planar = pm.planar;
        frame.subsampled = pm.photometric == Photometric::YbrFull422;
        if (ds.encoding.big_endian && pm.bits_allocated == 8 && ds.pixel_data.vr_is("OW")) {
            // 8-bit samples in big-endian 16-bit words: swap each pair back.
            frame.owned.assign(frame.data, frame.data + frame.size);
            for (size_t i = 0; i + 1 < frame.owned.size(); i += 2) std::swap(frame.owned[i], frame.owned[i + 1]);
            frame.data = frame.owned.data();
        }
        return frame;
    }
    if (!ds.pixel_data.undefined()) corrupt("compressed Pixel Data must be encapsulated (undefined length)");
    const bool jpeg = encoding == PixelEncoding::JpegBaseline;
    const Fragments all = read_fragments(ds);
    const std::vector<Fragment> parts = frame_fragments(ds, all, pm.frames, index, jpeg);
    std::vector<uint8_t> storage;
    size_t size = 0;
    const uint8_t* data = joined(ds, parts, storage, size);
    if (jpeg) {
        decode_jpeg(data, size, pm, max_pixels, frame);
    } else {
        frame.owned = decode_rle(data, size, pm);
    }
    frame.data = frame.owned.data();
    frame.size = frame.owned.size();
    return frame;
}

}  // namespace dicom
}  // namespace dxlens
