#include "element_reader.h"

#include <cstdio>

#include "dxlens/error.h"

namespace dxlens {
namespace dicom {
namespace {

// VRs whose explicit header has 2 reserved bytes and a 32-bit length (PS3.5 7.1.2).
bool long_form(const char* vr) {
    static const char* const kLong[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"};
    for (const char* v : kLong) {
        if (vr[0] == v[0] && vr[1] == v[1]) return true;
    }
    return false;
}

}  // namespace

std::string tag_text(uint32_t t) {
    char text[16];
    std::snprintf(text, sizeof text, "(%04X,%04X)", unsigned(t >> 16), unsigned(t & 0xFFFF));
    return text;
}

bool is_vr(const uint8_t* two) {
    static const char* const kVrs[] = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB",
                                       "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM",
                                       "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV"};
    for (const char* v : kVrs) {
        if (two[0] == uint8_t(v[0]) && two[1] == uint8_t(v[1])) return true;
    }
    return false;
}

void truncated(const std::string& what) { throw Error(ErrorKind::Corrupt, "truncated DICOM file: " + what); }
void corrupt(const std::string& what) { throw Error(ErrorKind::Corrupt, "corrupt DICOM file: " + what); }

uint16_t ElementReader::u16(size_t offset) const {
    const uint8_t* p = data_ + offset;
    return encoding_.big_endian ? uint16_t(p[0] << 8 | p[1]) : uint16_t(p[1] << 8 | p[0]);
}

uint32_t ElementReader::u32(size_t offset) const {
    const uint8_t* p = data_ + offset;
    return encoding_.big_endian ? uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 | uint32_t(p[2]) << 8 | p[3]
                                : uint32_t(p[3]) << 24 | uint32_t(p[2]) << 16 | uint32_t(p[1]) << 8 | p[0];
}

bool ElementReader::peek_tag(uint32_t& out) const {
    if (remaining() < 4) return false;
    out = uint32_t(u16(pos_)) << 16 | u16(pos_ + 2);
    return true;
}

Element ElementReader::next() {
    Element e;
    e.offset = pos_;
    if (remaining() < 8) {
        truncated("an element header at byte " + std::to_string(pos_) + " is cut off");
    }
    e.tag = uint32_t(u16(pos_)) << 16 | u16(pos_ + 2);
    if (group_of(e.tag) == 0xFFFE) {
        // Items and delimiters have no VR in any encoding.
        e.length = u32(pos_ + 4);
        e.value = pos_ + 8;
    } else if (encoding_.explicit_vr) {
        const uint8_t* vr = data_ + pos_ + 4;
        if (!is_vr(vr)) corrupt("element " + tag_text(e.tag) + " at byte " + std::to_string(pos_) + " has no valid VR");
        e.vr[0] = char(vr[0]);
        e.vr[1] = char(vr[1]);
        if (long_form(e.vr)) {
            if (remaining() < 12) truncated("the header of element " + tag_text(e.tag) + " is cut off");
            e.length = u32(pos_ + 8);
            e.value = pos_ + 12;
        } else {
            e.length = u16(pos_ + 6);
            e.value = pos_ + 8;
        }
    } else {
        e.length = u32(pos_ + 4);
        e.value = pos_ + 8;
    }
    if (!e.undefined() && e.length > size_ - e.value) {
        truncated("element " + tag_text(e.tag) + " at byte " + std::to_string(e.offset) + " needs " +
                  std::to_string(e.length) + " bytes, only " + std::to_string(size_ - e.value) + " remain");
    }
    pos_ = e.value;
    return e;
}

void ElementReader::skip(const Element& element, int depth) {
    if (!element.undefined()) {
        pos_ = element.value + element.length;
        return;
    }
    if (depth >= kMaxDepth) {
        corrupt("sequences nest more than " + std::to_string(kMaxDepth) + " levels deep");
    }
    skip_items(element, depth);
}

void ElementReader::skip_items(const Element& sequence, int depth) {
    // An undefined-length UN holds its items in implicit VR little endian (PS3.5 6.2.2).
    const Encoding saved = encoding_;
    if (sequence.vr_is("UN")) encoding_ = Encoding{false, false};
    for (;;) {
        if (at_end()) truncated("sequence " + tag_text(sequence.tag) + " has no end");
        const Element item = next();
        if (item.tag == kSequenceEnd) break;
        if (item.tag != kItem) {
            corrupt("sequence " + tag_text(sequence.tag) + " holds " + tag_text(item.tag) + " where an item belongs");
        }
        if (!item.undefined()) {
            pos_ = item.value + item.length;
            continue;
        }
        for (;;) {
            if (at_end()) truncated("an item of sequence " + tag_text(sequence.tag) + " has no end");
            const Element inner = next();
            if (inner.tag == kItemEnd) break;
            skip(inner, depth + 1);
        }
    }
    encoding_ = saved;
}

}  // namespace dicom
}  // namespace dxlens
