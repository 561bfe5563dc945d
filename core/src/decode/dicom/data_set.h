#pragma once
// A DICOM file's structure as dxlens needs it: where the data set starts and in
// which encoding (after the preamble and the group 0002 meta information, or
// without them), inflated when deflated, and the few elements that describe the
// image. Only whitelisted elements are read; everything else, patient and
// study identity included, is skipped by its length and never copied.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "element_reader.h"
#include "transfer_syntax.h"

namespace dxlens {
namespace dicom {

struct VoiLut {
    uint32_t entries = 0;   // 1..65536
    int32_t first_mapped = 0;
    int bits = 16;          // bits per entry, 1..16
    std::vector<uint16_t> values;
};

struct DataSet {
    // Meta information and object kind.
    std::string media_sop_class;  // (0002,0002)
    std::string sop_class;        // (0008,0016)
    std::string transfer_syntax;  // (0002,0010), or the encoding found when the meta group is absent
    const TransferSyntax* syntax = nullptr;
    bool directory_records = false;  // (0004,1220): a DICOMDIR

    // Display facts (DicomInfo).
    std::string modality, body_part, view_position, photometric, voi_function;

    // Image Pixel module; -1 = absent.
    int rows = -1, columns = -1, samples_per_pixel = -1, bits_allocated = -1, bits_stored = -1, high_bit = -1;
    int pixel_representation = 0, planar_configuration = 0;
    std::string number_of_frames;  // IS text, "" when absent
    std::optional<double> window_center, window_width, rescale_slope, rescale_intercept;
    std::optional<VoiLut> voi_lut;

    // Pixel Data (7FE0,0010), in `bytes()`.
    bool has_pixel_data = false;
    bool float_pixel_data = false;  // (7FE0,0008) or (7FE0,0009) instead
    Element pixel_data;
    Encoding encoding;  // of the data set

    // The bytes the data set's offsets refer to: the file, or its inflated data set.
    const uint8_t* bytes() const { return inflated.empty() ? file : inflated.data(); }
    size_t size() const { return inflated.empty() ? file_size : inflated.size(); }

    const uint8_t* file = nullptr;
    size_t file_size = 0;
    std::vector<uint8_t> inflated;
};

// Part 10 or a plausible preamble-less data set (dicom.h).
bool looks_like_dicom_data(const uint8_t* data, size_t size);

// Reads the structure up to Pixel Data. Throws Error for a file that is not
// DICOM, truncated or corrupt headers, an unsupported transfer syntax, and a
// deflated data set that inflates past `max_inflated_bytes`.
DataSet read_data_set(const uint8_t* data, size_t size, uint64_t max_inflated_bytes);

// Raw deflate (RFC 1951, no zlib header) with the output capped: a deflate bomb
// is refused (TooLarge) rather than allocated. (inflate.cpp, stb_image's inflater.)
std::vector<uint8_t> inflate_raw(const uint8_t* data, size_t size, uint64_t max_bytes);

}  // namespace dicom
}  // namespace dxlens
