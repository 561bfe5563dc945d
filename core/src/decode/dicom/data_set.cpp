#include "data_set.h"

#include <array>
#include <cstdlib>
#include <functional>

#include "dxlens/error.h"

namespace dxlens {
namespace dicom {
namespace {

constexpr uint32_t kMediaSopClass = tag(0x0002, 0x0002);
constexpr uint32_t kTransferSyntax = tag(0x0002, 0x0010);
constexpr uint32_t kDirectoryRecords = tag(0x0004, 0x1220);
constexpr uint32_t kSopClass = tag(0x0008, 0x0016);
constexpr uint32_t kModality = tag(0x0008, 0x0060);
constexpr uint32_t kBodyPart = tag(0x0018, 0x0015);
constexpr uint32_t kViewPosition = tag(0x0018, 0x5101);
constexpr uint32_t kSamplesPerPixel = tag(0x0028, 0x0002);
constexpr uint32_t kPhotometric = tag(0x0028, 0x0004);
constexpr uint32_t kPlanarConfiguration = tag(0x0028, 0x0006);
constexpr uint32_t kNumberOfFrames = tag(0x0028, 0x0008);
constexpr uint32_t kRows = tag(0x0028, 0x0010);
constexpr uint32_t kColumns = tag(0x0028, 0x0011);
constexpr uint32_t kBitsAllocated = tag(0x0028, 0x0100);
constexpr uint32_t kBitsStored = tag(0x0028, 0x0101);
constexpr uint32_t kHighBit = tag(0x0028, 0x0102);
constexpr uint32_t kPixelRepresentation = tag(0x0028, 0x0103);
constexpr uint32_t kWindowCenter = tag(0x0028, 0x1050);
constexpr uint32_t kWindowWidth = tag(0x0028, 0x1051);
constexpr uint32_t kRescaleIntercept = tag(0x0028, 0x1052);
constexpr uint32_t kRescaleSlope = tag(0x0028, 0x1053);
constexpr uint32_t kVoiLutFunction = tag(0x0028, 0x1056);
constexpr uint32_t kLutDescriptor = tag(0x0028, 0x3002);
constexpr uint32_t kLutData = tag(0x0028, 0x3006);
constexpr uint32_t kVoiLutSequence = tag(0x0028, 0x3010);
constexpr uint32_t kFloatPixelData = tag(0x7FE0, 0x0008);
constexpr uint32_t kDoublePixelData = tag(0x7FE0, 0x0009);
constexpr uint32_t kPixelData = tag(0x7FE0, 0x0010);

constexpr size_t kMaxText = 64;

// A text value's first component (values are separated by '\'), without the
// padding, printable ASCII only and at most kMaxText characters: it may be
// shown, and nothing in it can break a message or a JSON line.
std::string first_text(const ElementReader& in, const Element& e) {
    std::string text;
    const uint8_t* p = in.data() + e.value;
    for (uint32_t i = 0; i < e.length && text.size() < kMaxText; ++i) {
        const uint8_t c = p[i];
        if (c == '\\') break;
        text.push_back(c >= 0x20 && c <= 0x7E ? char(c) : (c == 0 ? ' ' : '?'));
    }
    const size_t begin = text.find_first_not_of(' ');
    if (begin == std::string::npos) return "";
    return text.substr(begin, text.find_last_not_of(' ') - begin + 1);
}

std::optional<double> first_number(const ElementReader& in, const Element& e) {
    const std::string text = first_text(in, e);
    if (text.empty()) return std::nullopt;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !(value == value) || value > 1e300 || value < -1e300) return std::nullopt;
    return value;
}

int first_us(const ElementReader& in, const Element& e) {
    if (e.length < 2) corrupt("element " + tag_text(e.tag) + " holds " + std::to_string(e.length) + " bytes, not a number");
    return in.u16(e.value);
}

// The encoding a data set at `offset` is in, when the bytes say so plainly:
// explicit VR when a VR follows the first tag. Files that state one transfer
// syntax and are written in the other exist; the bytes win.
Encoding sniff_encoding(const uint8_t* data, size_t size, size_t offset, Encoding stated) {
    if (stated.big_endian || size < offset + 8) return stated;
    const bool vr = is_vr(data + offset + 4);
    // A VR-looking pair in implicit VR would be a length of over 16 000 for a
    // tiny element: take it as explicit.
    return Encoding{vr, false};
}

// Walks the elements of the first item of `sequence`, handing each to `take`
// (which must leave the reader after the element's value).
void first_item(const ElementReader& parent, const Element& sequence,
                const std::function<void(ElementReader&, const Element&)>& take) {
    Encoding encoding = parent.encoding();
    if (sequence.vr_is("UN")) encoding = Encoding{false, false};
    const size_t end = sequence.undefined() ? parent.size() : sequence.value + sequence.length;
    ElementReader in(parent.data(), end, sequence.value, encoding);
    if (in.at_end()) return;
    const Element item = in.next();
    if (item.tag != kItem) return;  // an empty sequence (its delimiter) or a damaged one: no LUT
    const size_t item_end = item.undefined() ? end : item.value + item.length;
    ElementReader items(parent.data(), item_end, item.value, encoding);
    while (!items.at_end()) {
        const Element e = items.next();
        if (e.tag == kItemEnd) break;
        take(items, e);
    }
}

void read_voi_lut(const ElementReader& parent, const Element& sequence, DataSet& ds) {
    std::optional<std::array<uint16_t, 3>> descriptor;
    bool descriptor_signed = false;
    const uint8_t* lut_bytes = nullptr;
    uint32_t lut_length = 0;
    first_item(parent, sequence, [&](ElementReader& in, const Element& e) {
        if (e.tag == kLutDescriptor && !e.undefined() && e.length >= 6) {
            descriptor = std::array<uint16_t, 3>{in.u16(e.value), in.u16(e.value + 2), in.u16(e.value + 4)};
            descriptor_signed = e.vr_is("SS");
        } else if (e.tag == kLutData && !e.undefined()) {
            lut_bytes = in.data() + e.value;
            lut_length = e.length;
        }
        in.skip(e, 1);
    });
    if (!descriptor || lut_bytes == nullptr) return;
    VoiLut lut;
    lut.entries = (*descriptor)[0] == 0 ? 65536u : (*descriptor)[0];
    const uint16_t first = (*descriptor)[1];
    // The first mapped value is US or SS: signed when the VR says so, or (in
    // implicit VR) when the pixels are signed.
    const bool is_signed = descriptor_signed || (!parent.encoding().explicit_vr && ds.pixel_representation == 1);
    lut.first_mapped = is_signed ? int32_t(int16_t(first)) : int32_t(first);
    lut.bits = (*descriptor)[2];
    if (lut.bits < 1 || lut.bits > 16) corrupt("the VOI LUT has " + std::to_string(lut.bits) + " bits per entry");
    const bool big = parent.encoding().big_endian;
    if (lut.bits <= 8 && lut_length == lut.entries) {
        lut.values.assign(lut_bytes, lut_bytes + lut.entries);  // one byte per entry
    } else if (uint64_t(lut_length) >= uint64_t(lut.entries) * 2) {
        lut.values.resize(lut.entries);
        for (uint32_t i = 0; i < lut.entries; ++i) {
            const uint8_t* p = lut_bytes + size_t(i) * 2;
            lut.values[i] = big ? uint16_t(p[0] << 8 | p[1]) : uint16_t(p[1] << 8 | p[0]);
        }
    } else {
        corrupt("the VOI LUT describes " + std::to_string(lut.entries) + " entries but holds " +
                std::to_string(lut_length) + " bytes");
    }
    ds.voi_lut = std::move(lut);
}

// The elements of the data set proper, up to Pixel Data.
void read_elements(ElementReader& in, DataSet& ds) {
    while (!in.at_end()) {
        const Element e = in.next();
        switch (e.tag) {
            case kPixelData:
                ds.has_pixel_data = true;
                ds.pixel_data = e;
                return;
            case kFloatPixelData:
            case kDoublePixelData:
                ds.float_pixel_data = true;
                return;
            case kDirectoryRecords: ds.directory_records = true; break;
            case kVoiLutSequence: read_voi_lut(in, e, ds); break;
            default: break;
        }
        if (!e.undefined()) {
            switch (e.tag) {
                case kMediaSopClass: if (ds.media_sop_class.empty()) ds.media_sop_class = first_text(in, e); break;
                case kTransferSyntax: break;  // the meta group's, read by read_meta
                case kSopClass: ds.sop_class = first_text(in, e); break;
                case kModality: ds.modality = first_text(in, e); break;
                case kBodyPart: ds.body_part = first_text(in, e); break;
                case kViewPosition: ds.view_position = first_text(in, e); break;
                case kSamplesPerPixel: ds.samples_per_pixel = first_us(in, e); break;
                case kPhotometric: ds.photometric = first_text(in, e); break;
                case kPlanarConfiguration: ds.planar_configuration = first_us(in, e); break;
                case kNumberOfFrames: ds.number_of_frames = first_text(in, e); break;
                case kRows: ds.rows = first_us(in, e); break;
                case kColumns: ds.columns = first_us(in, e); break;
                case kBitsAllocated: ds.bits_allocated = first_us(in, e); break;
                case kBitsStored: ds.bits_stored = first_us(in, e); break;
                case kHighBit: ds.high_bit = first_us(in, e); break;
                case kPixelRepresentation: ds.pixel_representation = first_us(in, e); break;
                case kWindowCenter: ds.window_center = first_number(in, e); break;
                case kWindowWidth: ds.window_width = first_number(in, e); break;
                case kRescaleIntercept: ds.rescale_intercept = first_number(in, e); break;
                case kRescaleSlope: ds.rescale_slope = first_number(in, e); break;
                case kVoiLutFunction: ds.voi_function = first_text(in, e); break;
                default: break;
            }
        }
        if (e.tag == kItem || e.tag == kItemEnd || e.tag == kSequenceEnd) {
            corrupt("a stray item or delimiter " + tag_text(e.tag) + " at byte " + std::to_string(e.offset));
        }
        in.skip(e);
    }
}

// Group 0002, always explicit VR little endian (a few writers use implicit VR:
// the bytes decide). Returns the offset where the data set starts.
size_t read_meta(const uint8_t* data, size_t size, size_t offset, DataSet& ds) {
    const Encoding encoding = sniff_encoding(data, size, offset, Encoding{true, false});
    ElementReader in(data, size, offset, encoding);
    uint32_t next_tag = 0;
    while (in.peek_tag(next_tag) && group_of(next_tag) == 0x0002) {
        const Element e = in.next();
        if (!e.undefined()) {
            if (e.tag == kMediaSopClass) ds.media_sop_class = first_text(in, e);
            if (e.tag == kTransferSyntax) ds.transfer_syntax = first_text(in, e);
        }
        in.skip(e);
    }
    return in.position();
}

// A data set without preamble starts with a group 0002 or 0008 element whose
// first few elements parse, in ascending tag order, in `encoding`.
bool plausible_start(const uint8_t* data, size_t size, Encoding encoding) {
    try {
        ElementReader in(data, size, 0, encoding);
        uint32_t previous = 0;
        for (int i = 0; i < 3 && !in.at_end(); ++i) {
            const Element e = in.next();
            if (i == 0 && group_of(e.tag) != 0x0002 && group_of(e.tag) != 0x0008) return false;
            if (e.tag <= previous || e.undefined() || group_of(e.tag) == 0xFFFE) return false;
            if (!encoding.explicit_vr && e.length > 1024) return false;  // the first elements are short texts
            previous = e.tag;
            in.skip(e);
        }
        return previous != 0;
    } catch (const Error&) {
        return false;
    }
}

bool has_preamble(const uint8_t* data, size_t size) {
    return size >= 132 && data[128] == 'D' && data[129] == 'I' && data[130] == 'C' && data[131] == 'M';
}

// The encoding of a preamble-less file, or none.
std::optional<Encoding> preambleless_encoding(const uint8_t* data, size_t size) {
    if (size < 8) return std::nullopt;
    if (data[0] == 0x00 && (data[1] == 0x02 || data[1] == 0x08) && is_vr(data + 4)) {
        if (plausible_start(data, size, Encoding{true, true})) return Encoding{true, true};
    }
    if (data[1] == 0x00 && (data[0] == 0x02 || data[0] == 0x08)) {
        const Encoding sniffed = sniff_encoding(data, size, 0, Encoding{true, false});
        if (plausible_start(data, size, sniffed)) return sniffed;
    }
    return std::nullopt;
}

const char* uid_of(Encoding encoding) {
    if (encoding.big_endian) return "1.2.840.10008.1.2.2";
    return encoding.explicit_vr ? "1.2.840.10008.1.2.1" : "1.2.840.10008.1.2";
}

}  // namespace

bool looks_like_dicom_data(const uint8_t* data, size_t size) {
    return data != nullptr && (has_preamble(data, size) || preambleless_encoding(data, size).has_value());
}

DataSet read_data_set(const uint8_t* data, size_t size, uint64_t max_inflated_bytes) {
    DataSet ds;
    ds.file = data;
    ds.file_size = size;
    size_t offset = 0;
    std::optional<Encoding> bare;
    if (has_preamble(data, size)) {
        offset = read_meta(data, size, 132, ds);
    } else {
        bare = preambleless_encoding(data, size);
        if (!bare) {
            throw Error(ErrorKind::UnsupportedFormat,
                        "not a DICOM file dxlens can read: no \"DICM\" marker at byte 128 and no plausible data set "
                        "at the start");
        }
        if (data[0] == 0x02) offset = read_meta(data, size, 0, ds);
    }
    if (ds.transfer_syntax.empty()) {
        // No meta group, or one without a transfer syntax: the bytes tell.
        const Encoding found = bare ? *bare : sniff_encoding(data, size, offset, Encoding{true, false});
        ds.transfer_syntax = uid_of(sniff_encoding(data, size, offset, found));
    }
    ds.syntax = find_transfer_syntax(ds.transfer_syntax);
    // Unsupported syntaxes are refused once the object is known to be an
    // image (dicom.cpp), but a deflated data set has to be inflated to know.
    Encoding encoding{true, false};
    if (ds.syntax != nullptr) encoding = Encoding{ds.syntax->explicit_vr, ds.syntax->big_endian};
    if (ds.syntax != nullptr && ds.syntax->deflated) {
        ds.inflated = inflate_raw(data + offset, size - offset, max_inflated_bytes);
        offset = 0;
        if (ds.inflated.empty()) truncated("the deflated data set is empty");
    }
    encoding = sniff_encoding(ds.bytes(), ds.size(), offset, encoding);
    ds.encoding = encoding;
    ElementReader in(ds.bytes(), ds.size(), offset, encoding);
    try {
        read_elements(in, ds);
    } catch (const Error& error) {
        // A syntax dxlens does not know may encode the data set differently
        // too: name the syntax rather than the damage it seems to cause.
        if (ds.syntax == nullptr && error.kind() == ErrorKind::Corrupt) supported_transfer_syntax(ds.transfer_syntax);
        throw;
    }
    return ds;
}

}  // namespace dicom
}  // namespace dxlens
