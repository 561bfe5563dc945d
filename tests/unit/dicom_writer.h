#pragma once
// A tiny DICOM writer for the DICOM tests (test_dicom.cpp, fuzz regressions):
// Part 10 files with or without the preamble and meta group, explicit or
// implicit VR little endian (or explicit big endian), native or encapsulated
// pixel data. Elements are written in tag order; values are padded to even
// lengths as PS3.5 requires. Written here from the standard, for tests only.
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dicom_test {

constexpr const char* kExplicitLE = "1.2.840.10008.1.2.1";
constexpr const char* kImplicitLE = "1.2.840.10008.1.2";
constexpr const char* kExplicitBE = "1.2.840.10008.1.2.2";
constexpr const char* kDeflated = "1.2.840.10008.1.2.1.99";
constexpr const char* kRle = "1.2.840.10008.1.2.5";
constexpr const char* kJpegBaseline = "1.2.840.10008.1.2.4.50";
constexpr const char* kSecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";

inline uint32_t tag(uint16_t group, uint16_t element) { return uint32_t(group) << 16 | element; }

struct Value {
    std::string vr;
    std::vector<uint8_t> bytes;
    bool undefined_length = false;  // encapsulated pixel data / sequences: bytes hold the items
};

class Writer {
public:
    bool preamble = true;     // 128 bytes + "DICM"
    bool meta = true;         // the group 0002 meta information
    std::string transfer_syntax = kExplicitLE;
    std::string sop_class = kSecondaryCapture;

    void text(uint32_t t, const std::string& vr, std::string value) {
        if (value.size() % 2) value.push_back(vr == "UI" ? '\0' : ' ');
        set(t, vr, std::vector<uint8_t>(value.begin(), value.end()));
    }
    void us(uint32_t t, uint16_t value) { set(t, "US", {uint8_t(value), uint8_t(value >> 8)}); }
    void set(uint32_t t, const std::string& vr, std::vector<uint8_t> bytes, bool undefined = false) {
        values_[t] = Value{vr, std::move(bytes), undefined};
    }
    void erase(uint32_t t) { values_.erase(t); }

    // Image Pixel module in one call.
    void image(int rows, int columns, int samples, int bits_allocated, int bits_stored, bool is_signed,
               const std::string& photometric, int frames = 1) {
        us(tag(0x0028, 0x0002), uint16_t(samples));
        text(tag(0x0028, 0x0004), "CS", photometric);
        if (frames != 1) text(tag(0x0028, 0x0008), "IS", std::to_string(frames));
        us(tag(0x0028, 0x0010), uint16_t(rows));
        us(tag(0x0028, 0x0011), uint16_t(columns));
        us(tag(0x0028, 0x0100), uint16_t(bits_allocated));
        us(tag(0x0028, 0x0101), uint16_t(bits_stored));
        us(tag(0x0028, 0x0102), uint16_t(bits_stored - 1));
        us(tag(0x0028, 0x0103), is_signed ? 1 : 0);
    }
    void native_pixels(const std::vector<uint8_t>& bytes, bool words = false) {
        std::vector<uint8_t> data = bytes;
        if (data.size() % 2) data.push_back(0);
        set(tag(0x7FE0, 0x0010), words ? "OW" : "OB", std::move(data));
    }
    void pixels16(const std::vector<uint16_t>& samples) {
        std::vector<uint8_t> data;
        for (uint16_t v : samples) data.push_back(uint8_t(v)), data.push_back(uint8_t(v >> 8));
        set(tag(0x7FE0, 0x0010), "OW", std::move(data));
    }
    // Encapsulated: an offset table item (empty, or the given offsets), one item
    // per fragment, the sequence delimiter.
    void encapsulated(const std::vector<std::vector<uint8_t>>& fragments, const std::vector<uint32_t>& offsets = {}) {
        std::vector<uint8_t> items;
        auto item = [&](uint32_t length) {
            put16(items, 0xFFFE, false), put16(items, 0xE000, false), put32(items, length, false);
        };
        item(uint32_t(offsets.size() * 4));
        for (uint32_t o : offsets) put32(items, o, false);
        for (const auto& f : fragments) {
            std::vector<uint8_t> even = f;
            if (even.size() % 2) even.push_back(0);
            item(uint32_t(even.size()));
            items.insert(items.end(), even.begin(), even.end());
        }
        put16(items, 0xFFFE, false), put16(items, 0xE0DD, false), put32(items, 0, false);
        set(tag(0x7FE0, 0x0010), "OB", std::move(items), true);
    }

    // The data set alone (after the meta group), in the transfer syntax's encoding.
    std::vector<uint8_t> data_set() const {
        const bool explicit_vr = transfer_syntax != kImplicitLE;
        const bool big = transfer_syntax == kExplicitBE;
        std::vector<uint8_t> out;
        std::map<uint32_t, Value> all = values_;
        if (!sop_class.empty() && !all.count(tag(0x0008, 0x0016))) {
            std::string uid = sop_class;
            if (uid.size() % 2) uid.push_back('\0');
            all[tag(0x0008, 0x0016)] = Value{"UI", std::vector<uint8_t>(uid.begin(), uid.end())};
        }
        for (const auto& [t, v] : all) element(out, t, v, explicit_vr, big);
        return out;
    }

    // The whole file; `body` replaces the data set (a deflated one, say).
    std::vector<uint8_t> bytes(const std::vector<uint8_t>* body = nullptr) const {
        std::vector<uint8_t> out;
        if (preamble) {
            out.assign(128, 0);
            out.insert(out.end(), {'D', 'I', 'C', 'M'});
        }
        if (meta) {
            std::vector<uint8_t> group;
            std::string ts = transfer_syntax;
            if (ts.size() % 2) ts.push_back('\0');
            element(group, tag(0x0002, 0x0001), Value{"OB", {0, 1}}, true, false);
            std::string sc = sop_class;
            if (sc.size() % 2) sc.push_back('\0');
            element(group, tag(0x0002, 0x0002), Value{"UI", std::vector<uint8_t>(sc.begin(), sc.end())}, true, false);
            element(group, tag(0x0002, 0x0010), Value{"UI", std::vector<uint8_t>(ts.begin(), ts.end())}, true, false);
            std::vector<uint8_t> length;
            put32(length, uint32_t(group.size()), false);
            element(out, tag(0x0002, 0x0000), Value{"UL", length}, true, false);
            out.insert(out.end(), group.begin(), group.end());
        }
        const std::vector<uint8_t> ds = body ? *body : data_set();
        out.insert(out.end(), ds.begin(), ds.end());
        return out;
    }

    static void put16(std::vector<uint8_t>& out, uint16_t v, bool big) {
        if (big) out.push_back(uint8_t(v >> 8)), out.push_back(uint8_t(v));
        else out.push_back(uint8_t(v)), out.push_back(uint8_t(v >> 8));
    }
    static void put32(std::vector<uint8_t>& out, uint32_t v, bool big) {
        if (big) put16(out, uint16_t(v >> 16), true), put16(out, uint16_t(v), true);
        else put16(out, uint16_t(v), false), put16(out, uint16_t(v >> 16), false);
    }

    static void element(std::vector<uint8_t>& out, uint32_t t, const Value& v, bool explicit_vr, bool big) {
        put16(out, uint16_t(t >> 16), big);
        put16(out, uint16_t(t), big);
        const uint32_t length = v.undefined_length ? 0xFFFFFFFFu : uint32_t(v.bytes.size());
        if (explicit_vr) {
            out.push_back(uint8_t(v.vr[0]));
            out.push_back(uint8_t(v.vr[1]));
            static const char* const kLong[] = {"OB", "OW", "SQ", "UN", "UT", "OF", "OD", "OL", "UC", "UR"};
            const bool long_form = std::any_of(std::begin(kLong), std::end(kLong), [&](const char* l) { return v.vr == l; });
            if (long_form) {
                put16(out, 0, big);
                put32(out, length, big);
            } else {
                put16(out, uint16_t(length), big);
            }
        } else {
            put32(out, length, big);
        }
        std::vector<uint8_t> bytes = v.bytes;
        // 16-bit binary values were written little endian above; swap them for big endian.
        if (big && (v.vr == "US" || v.vr == "SS" || v.vr == "OW")) {
            for (size_t i = 0; i + 1 < bytes.size(); i += 2) std::swap(bytes[i], bytes[i + 1]);
        }
        out.insert(out.end(), bytes.begin(), bytes.end());
    }

private:
    std::map<uint32_t, Value> values_;
};

// PackBits (PS3.5 G.3.1), literal runs only: valid, if not small.
inline std::vector<uint8_t> packbits_literal(const std::vector<uint8_t>& bytes) {
    std::vector<uint8_t> out;
    for (size_t i = 0; i < bytes.size(); i += 128) {
        const size_t n = std::min<size_t>(128, bytes.size() - i);
        out.push_back(uint8_t(n - 1));
        out.insert(out.end(), bytes.begin() + long(i), bytes.begin() + long(i + n));
    }
    return out;
}

// An RLE Lossless frame: one segment per byte plane (`planes`, most
// significant byte first per sample), the first plane compressed with a
// replicate run where it can be, to exercise both kinds of run.
inline std::vector<uint8_t> rle_frame(const std::vector<std::vector<uint8_t>>& planes) {
    std::vector<uint8_t> header(64, 0);
    std::vector<uint8_t> body;
    header[0] = uint8_t(planes.size());
    for (size_t s = 0; s < planes.size(); ++s) {
        const uint32_t offset = uint32_t(64 + body.size());
        for (int b = 0; b < 4; ++b) header[4 + 4 * s + size_t(b)] = uint8_t(offset >> (8 * b));
        const std::vector<uint8_t>& p = planes[s];
        size_t i = 0;
        while (i < p.size()) {
            size_t run = 1;
            while (i + run < p.size() && run < 128 && p[i + run] == p[i]) ++run;
            if (run >= 3) {
                body.push_back(uint8_t(int8_t(1 - int(run))));
                body.push_back(p[i]);
                i += run;
            } else {
                const size_t n = std::min<size_t>(p.size() - i, 2);
                body.push_back(uint8_t(n - 1));
                body.insert(body.end(), p.begin() + long(i), p.begin() + long(i + n));
                i += n;
            }
        }
        if (body.size() % 2) body.push_back(0x80);  // a no-op run as padding
    }
    header.insert(header.end(), body.begin(), body.end());
    return header;
}

}  // namespace dicom_test
