#pragma once
// DICOM images, read by our own reader (core/src/decode/dicom/): Part 10 files
// and preamble-less data sets, native (implicit/explicit VR little endian,
// explicit VR big endian), deflated, RLE Lossless and JPEG Baseline pixel data.
// One reader for the CLI and the page alike, so both show the same pixels.
//
// Grey images go through the DICOM display chain once, here: stored value ->
// sign extension from BitsStored -> Modality LUT (Rescale Slope/Intercept) ->
// VOI (a window override, else the file's first Window Center/Width with its
// VOI LUT Function, else the file's first VOI LUT, else the frame's min-max)
// -> 8-bit, inverted for MONOCHROME1. Colour images (RGB, YBR_FULL,
// YBR_FULL_422) become 8-bit RGB; no window applies to them.
//
// Privacy: the reader keeps only the facts of DicomInfo. Patient, study and
// institution elements are skipped by length and never copied anywhere, so
// they cannot be shown, logged or exported.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "dxlens/image.h"

namespace dxlens {

enum class VoiFunction { Linear, LinearExact, Sigmoid };
// "LINEAR", "LINEAR_EXACT", "SIGMOID" (the DICOM defined terms)
const char* voi_function_name(VoiFunction function);

enum class WindowSource {
    File,      // the file's (first) Window Center / Width
    Override,  // DicomOptions::window
    VoiLut,    // the file's (first) VOI LUT Sequence item
    MinMax,    // no window anywhere: the frame's modality values, min to max
};
// "file", "override", "voi_lut", "min_max"
const char* window_source_name(WindowSource source);

struct DicomWindow {
    double center = 0;
    double width = 0;  // >= 1
};

struct DicomOptions {
    int frame = 0;  // 1-based frame number (as DICOM numbers frames); 0 = the middle
                    // frame, number floor(n / 2) + 1 of n
    std::optional<DicomWindow> window;  // replaces the file's window (grey images)
};

// The window that made the 8-bit grey image.
struct DicomWindowUsed {
    WindowSource source = WindowSource::File;
    VoiFunction function = VoiFunction::Linear;
    double center = 0;  // for a VOI LUT: the middle and span of the values it maps
    double width = 0;
};

// What may be shown about a DICOM file: nothing identifying.
struct DicomInfo {
    std::string modality;       // (0008,0060), e.g. "CR"; "" when absent
    std::string body_part;      // (0018,0015) Body Part Examined
    std::string view_position;  // (0018,5101), e.g. "PA"
    int rows = 0, columns = 0;
    int bits_allocated = 0, bits_stored = 0;
    int samples_per_pixel = 1;
    std::string photometric;          // e.g. "MONOCHROME2"
    std::string transfer_syntax_uid;  // e.g. "1.2.840.10008.1.2.1"
    std::string transfer_syntax_name; // e.g. "Explicit VR Little Endian"
    int frames = 1;
    int frame = 1;                        // the frame decoded, 1-based
    std::optional<DicomWindowUsed> window;  // grey images only
};

struct DicomImage {
    Image image;  // 8-bit: 1 channel (grey) or 3 (RGB), like a PNG of the same pixels
    DicomInfo info;
};

// Part 10 ("DICM" at byte 128), or a data set without preamble that starts
// plausibly (a group 0002 or 0008 element, implicit or explicit VR).
bool looks_like_dicom(const uint8_t* data, size_t size);

// The header only (no pixel decoding, but a deflated data set is inflated).
// `info.frame` and `info.window` are the defaults. Throws Error for every
// file that decode_dicom would refuse before its pixels: non-image objects,
// DICOMDIR, missing Pixel Data, unsupported transfer syntaxes (named by UID and
// name) and pixel formats, truncation.
DicomInfo probe_dicom(const uint8_t* data, size_t size, uint64_t max_inflated_bytes);

// Decodes one frame to 8 bits. Throws Error (TooLarge) over max_pixels before
// allocating, (InvalidArgument) for a frame out of range or a bad window.
DicomImage decode_dicom(const uint8_t* data, size_t size, const DicomOptions& options, uint64_t max_pixels,
                        uint64_t max_inflated_bytes);

// The VOI function of PS3.3 C.11.2.1.2.1 (LINEAR) and C.11.2.1.3 (LINEAR_EXACT,
// SIGMOID) for an output range 0..255, before rounding. Width >= 1 (LINEAR), > 0.
double voi_output(double x, VoiFunction function, double center, double width);

// Checks a user's window: finite center, finite width >= 1. Throws Error.
void check_dicom_window(const DicomWindow& window);

}  // namespace dxlens
