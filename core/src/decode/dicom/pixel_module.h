#pragma once
// The Image Pixel module checked and reduced to what decoding needs, the
// object-kind checks (non-image objects, DICOMDIR), and the decoding steps:
// a frame's bytes (frames.cpp), then grey windowing (grey.cpp) or colour
// conversion (colour.cpp).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "data_set.h"
#include "dxlens/dicom.h"
#include "dxlens/image.h"

namespace dxlens {
namespace dicom {

enum class Photometric { Monochrome1, Monochrome2, Rgb, YbrFull, YbrFull422 };

struct PixelModule {
    int rows = 0, columns = 0;
    int samples = 1;          // 1 or 3
    int bits_allocated = 8;   // 8 or 16
    int bits_stored = 8;      // 1..bits_allocated
    int high_bit = 7;         // bits_stored - 1 .. bits_allocated - 1
    bool is_signed = false;
    bool planar = false;      // PlanarConfiguration 1: RRR..GGG..BBB..
    Photometric photometric = Photometric::Monochrome2;
    int frames = 1;

    size_t pixels() const { return size_t(rows) * size_t(columns); }
    // Bytes of one uncompressed frame (YBR_FULL_422: two samples per pixel).
    uint64_t frame_bytes() const;
};

// Refuses what is not an image (DICOMDIR, reports, presentation states,
// encapsulated documents, no Pixel Data) with UnsupportedFormat.
void check_image_object(const DataSet& ds);

// Checks the Image Pixel module against what dxlens decodes; UnsupportedFormat
// or Corrupt naming the element and value otherwise.
PixelModule read_pixel_module(const DataSet& ds);

// One frame's samples. Native data points into the file; RLE and JPEG frames
// own their decoded bytes. 16-bit samples are little endian unless big_endian.
struct Frame {
    const uint8_t* data = nullptr;
    size_t size = 0;
    bool big_endian = false;
    bool planar = false;     // as stored: RLE frames come back interleaved
    bool subsampled = false; // native YBR_FULL_422: Y Y Cb Cr per pair of pixels
    bool jpeg = false;       // decoded by stb: 8-bit grey, or RGB already
    int jpeg_channels = 0;
    std::vector<uint8_t> owned;
};

// `index` is 0-based and in range. Throws Corrupt for missing or short data.
Frame read_frame(const DataSet& ds, const PixelModule& pm, int index, uint64_t max_pixels);

// Grey frames: the display chain of dicom.h to 8 bits.
std::vector<uint8_t> grey_to_8bit(const Frame& frame, const PixelModule& pm, const DataSet& ds,
                                  const DicomOptions& options, DicomWindowUsed& used);

// Colour frames to interleaved 8-bit RGB.
std::vector<uint8_t> colour_to_rgb8(const Frame& frame, const PixelModule& pm);

}  // namespace dicom
}  // namespace dxlens
