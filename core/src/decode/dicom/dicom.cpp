// The public DICOM API (dxlens/dicom.h): the structure (data_set.cpp), the
// object and pixel-module checks (pixel_module.cpp), one frame's bytes
// (frames.cpp), then grey windowing (grey.cpp) or colour (colour.cpp).
#include "dxlens/dicom.h"

#include <cstdio>
#include <string>

#include "dxlens/error.h"
#include "pixel_module.h"

namespace dxlens {
namespace {

struct Prepared {
    dicom::DataSet ds;
    dicom::PixelModule pm;
    DicomInfo info;
};

Prepared prepare(const uint8_t* data, size_t size, uint64_t max_inflated_bytes) {
    if (data == nullptr || size == 0) throw Error(ErrorKind::Empty, "empty file: there is no image data");
    Prepared p;
    p.ds = dicom::read_data_set(data, size, max_inflated_bytes);
    dicom::check_image_object(p.ds);
    p.ds.syntax = &dicom::supported_transfer_syntax(p.ds.transfer_syntax);
    p.pm = dicom::read_pixel_module(p.ds);
    DicomInfo& info = p.info;
    info.modality = p.ds.modality;
    info.body_part = p.ds.body_part;
    info.view_position = p.ds.view_position;
    info.rows = p.pm.rows;
    info.columns = p.pm.columns;
    info.bits_allocated = p.pm.bits_allocated;
    info.bits_stored = p.pm.bits_stored;
    info.samples_per_pixel = p.pm.samples;
    info.photometric = p.ds.photometric.empty() ? (p.pm.samples == 1 ? "MONOCHROME2" : "RGB") : p.ds.photometric;
    info.transfer_syntax_uid = p.ds.syntax->uid;
    info.transfer_syntax_name = p.ds.syntax->name;
    info.frames = p.pm.frames;
    info.frame = p.pm.frames / 2 + 1;
    return p;
}

std::string megapixels(uint64_t pixels) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", double(pixels) / 1e6);
    return text;
}

}  // namespace

bool looks_like_dicom(const uint8_t* data, size_t size) { return dicom::looks_like_dicom_data(data, size); }

DicomInfo probe_dicom(const uint8_t* data, size_t size, uint64_t max_inflated_bytes) {
    return prepare(data, size, max_inflated_bytes).info;
}

DicomImage decode_dicom(const uint8_t* data, size_t size, const DicomOptions& options, uint64_t max_pixels,
                        uint64_t max_inflated_bytes) {
    if (options.window) check_dicom_window(*options.window);
    if (options.frame < 0) throw Error("DICOM frame numbers start at 1, got " + std::to_string(options.frame));
    Prepared p = prepare(data, size, max_inflated_bytes);
    const dicom::PixelModule& pm = p.pm;
    const uint64_t pixels = uint64_t(pm.rows) * uint64_t(pm.columns);
    if (pixels > max_pixels) {
        throw Error(ErrorKind::TooLarge, "image is " + std::to_string(pm.columns) + "x" + std::to_string(pm.rows) +
                                             " (" + megapixels(pixels) + " megapixels), above the " +
                                             megapixels(max_pixels) + " megapixel limit");
    }
    if (options.frame > pm.frames) {
        throw Error("frame " + std::to_string(options.frame) + " is out of range: the file has " +
                    std::to_string(pm.frames) + (pm.frames == 1 ? " frame (number 1)" : " frames (numbered 1 to " +
                                                                                            std::to_string(pm.frames) + ")"));
    }
    if (options.frame > 0) p.info.frame = options.frame;
    const dicom::Frame frame = dicom::read_frame(p.ds, pm, p.info.frame - 1, max_pixels);

    DicomImage out;
    out.image.width = pm.columns;
    out.image.height = pm.rows;
    out.image.bit_depth = 8;
    if (pm.samples == 1) {
        DicomWindowUsed used;
        out.image.channels = 1;
        out.image.pixels8 = dicom::grey_to_8bit(frame, pm, p.ds, options, used);
        p.info.window = used;
    } else {
        out.image.channels = 3;
        out.image.pixels8 = dicom::colour_to_rgb8(frame, pm);
    }
    out.info = std::move(p.info);
    return out;
}

}  // namespace dxlens
