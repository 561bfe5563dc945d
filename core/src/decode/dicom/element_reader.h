#pragma once
// Reading DICOM data elements from untrusted bytes: tags, VRs (explicit or
// implicit, little or big endian), defined and undefined lengths, and skipping
// sequences item by item. Every length is checked against the bytes that
// remain, and sequences nest at most kMaxDepth deep, so a hostile file can
// neither read out of bounds nor recurse without end.
#include <cstddef>
#include <cstdint>
#include <string>

namespace dxlens {
namespace dicom {

constexpr uint32_t tag(uint16_t group, uint16_t element) { return uint32_t(group) << 16 | element; }
constexpr uint16_t group_of(uint32_t t) { return uint16_t(t >> 16); }

constexpr uint32_t kItem = tag(0xFFFE, 0xE000);
constexpr uint32_t kItemEnd = tag(0xFFFE, 0xE00D);
constexpr uint32_t kSequenceEnd = tag(0xFFFE, 0xE0DD);
constexpr uint32_t kUndefinedLength = 0xFFFFFFFFu;
constexpr int kMaxDepth = 16;

struct Encoding {
    bool explicit_vr = true;
    bool big_endian = false;
};

struct Element {
    uint32_t tag = 0;
    char vr[3] = {0, 0, 0};  // "" in implicit VR and for item tags
    uint32_t length = 0;     // kUndefinedLength for an undefined length
    size_t offset = 0;       // of the element's first byte
    size_t value = 0;        // of its value's first byte

    bool undefined() const { return length == kUndefinedLength; }
    bool vr_is(const char* two) const { return vr[0] == two[0] && vr[1] == two[1]; }
};

// "(0028,0010)"
std::string tag_text(uint32_t t);

// True when the two bytes are a VR of PS3.5 (upper-case letters we know).
bool is_vr(const uint8_t* two);

// Throws Error (Corrupt): "truncated DICOM file: ..." with `what`.
[[noreturn]] void truncated(const std::string& what);
// Throws Error (Corrupt): "corrupt DICOM file: ..." with `what`.
[[noreturn]] void corrupt(const std::string& what);

class ElementReader {
public:
    ElementReader(const uint8_t* data, size_t size, size_t offset, Encoding encoding)
        : data_(data), size_(size), pos_(offset), encoding_(encoding) {}

    bool at_end() const { return pos_ >= size_; }
    size_t position() const { return pos_; }
    size_t remaining() const { return pos_ < size_ ? size_ - pos_ : 0; }
    const uint8_t* data() const { return data_; }
    size_t size() const { return size_; }
    Encoding encoding() const { return encoding_; }

    // The next element's header; the reader is left at its value. Throws for a
    // header cut off or a defined length that runs past the end of the data.
    Element next();
    // The tag at the reader's position without moving (false when < 4 bytes remain).
    bool peek_tag(uint32_t& out) const;
    // Moves past the element's value: its defined length, or an undefined-length
    // sequence walked to its delimiter (nested ones up to kMaxDepth deep).
    void skip(const Element& element, int depth = 0);

    uint16_t u16(size_t offset) const;  // in the encoding's byte order; offset checked by the caller
    uint32_t u32(size_t offset) const;

private:
    void skip_items(const Element& sequence, int depth);

    const uint8_t* data_;
    size_t size_;
    size_t pos_;
    Encoding encoding_;
};

}  // namespace dicom
}  // namespace dxlens
