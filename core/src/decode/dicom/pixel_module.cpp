#include "pixel_module.h"

#include <cstdlib>
#include <string>

#include "dxlens/error.h"

namespace dxlens {
namespace dicom {
namespace {

struct ObjectKind {
    const char* prefix;  // SOP Class UID, or its prefix when it ends with '.'
    const char* name;
};

// Storage SOP classes that hold no image (PS3.4 B.5), grouped by family.
const ObjectKind kNonImage[] = {
    {"1.2.840.10008.1.3.10", "a DICOMDIR (a media directory listing other files)"},
    {"1.2.840.10008.5.1.4.1.1.88.", "a structured report"},
    {"1.2.840.10008.5.1.4.1.1.11.", "a presentation state"},
    {"1.2.840.10008.5.1.4.1.1.104.1", "an encapsulated PDF"},
    {"1.2.840.10008.5.1.4.1.1.104.2", "an encapsulated CDA document"},
    {"1.2.840.10008.5.1.4.1.1.104.", "an encapsulated document"},
    {"1.2.840.10008.5.1.4.1.1.9.", "a waveform (ECG, audio or similar)"},
    {"1.2.840.10008.5.1.4.1.1.481.3", "an RT structure set"},
    {"1.2.840.10008.5.1.4.1.1.481.5", "an RT plan"},
    {"1.2.840.10008.5.1.4.1.1.481.8", "an RT ion plan"},
    {"1.2.840.10008.5.1.4.1.1.66", "raw data, registration or segmentation data"},
    {"1.2.840.10008.5.1.4.1.1.67", "a real world value mapping"},
    {"1.2.840.10008.5.1.4.1.1.68.", "a surface"},
    {"1.2.840.10008.5.1.4.1.1.90.", "a content assessment"},
    {"1.2.840.10008.5.1.4.1.1.200.", "a protocol or procedure log"},
};

const char* non_image_kind(const std::string& sop_class) {
    for (const ObjectKind& kind : kNonImage) {
        const std::string prefix = kind.prefix;
        const bool family = prefix.back() == '.';
        if (family ? sop_class.compare(0, prefix.size(), prefix) == 0 : sop_class == prefix) return kind.name;
    }
    return nullptr;
}

[[noreturn]] void unsupported(const std::string& what) {
    throw Error(ErrorKind::UnsupportedFormat, "DICOM " + what);
}

int frame_count(const std::string& text) {
    if (text.empty()) return 1;
    char* end = nullptr;
    const long value = std::strtol(text.c_str(), &end, 10);
    if (end == text.c_str() || *end != '\0' || value < 1 || value > 1'000'000) {
        corrupt("Number of Frames (0028,0008) is '" + text + "', not a positive count");
    }
    return int(value);
}

}  // namespace

uint64_t PixelModule::frame_bytes() const {
    if (photometric == Photometric::YbrFull422) return uint64_t(pixels()) * 2;
    return uint64_t(pixels()) * uint64_t(samples) * uint64_t(bits_allocated / 8);
}

void check_image_object(const DataSet& ds) {
    const std::string& sop_class = ds.sop_class.empty() ? ds.media_sop_class : ds.sop_class;
    if (ds.directory_records || ds.media_sop_class == "1.2.840.10008.1.3.10") {
        unsupported("file is a DICOMDIR (a media directory listing other files), not an image: open the image "
                    "files it lists instead");
    }
    if (const char* kind = non_image_kind(sop_class)) {
        if (!ds.has_pixel_data) {
            unsupported("file is " + std::string(kind) + " (SOP Class " + sop_class + "), not an image: it has no "
                        "Pixel Data");
        }
    }
    if (ds.float_pixel_data) unsupported("file holds floating-point pixel data, which dxlens does not read");
    if (!ds.has_pixel_data) {
        unsupported("file has no Pixel Data (7FE0,0010): it is not an image" +
                    (sop_class.empty() ? std::string() : " (SOP Class " + sop_class + ")"));
    }
}

PixelModule read_pixel_module(const DataSet& ds) {
    PixelModule pm;
    if (ds.rows <= 0 || ds.columns <= 0) {
        corrupt("the image has " + std::string(ds.rows < 0 ? "no" : std::to_string(ds.rows)) + " Rows (0028,0010) and " +
                (ds.columns < 0 ? "no" : std::to_string(ds.columns)) + " Columns (0028,0011)");
    }
    pm.rows = ds.rows;
    pm.columns = ds.columns;
    pm.samples = ds.samples_per_pixel < 0 ? 1 : ds.samples_per_pixel;
    if (pm.samples != 1 && pm.samples != 3) {
        unsupported("Samples per Pixel " + std::to_string(pm.samples) + " is not supported (1 or 3)");
    }
    if (ds.bits_allocated < 0) corrupt("the image has no Bits Allocated (0028,0100)");
    pm.bits_allocated = ds.bits_allocated;
    if (pm.bits_allocated != 8 && pm.bits_allocated != 16) {
        unsupported("Bits Allocated " + std::to_string(pm.bits_allocated) + " is not supported (8 or 16)");
    }
    pm.bits_stored = ds.bits_stored < 0 ? pm.bits_allocated : ds.bits_stored;
    if (pm.bits_stored < 1 || pm.bits_stored > pm.bits_allocated) {
        corrupt("Bits Stored " + std::to_string(pm.bits_stored) + " does not fit Bits Allocated " +
                std::to_string(pm.bits_allocated));
    }
    pm.high_bit = ds.high_bit < 0 ? pm.bits_stored - 1 : ds.high_bit;
    if (pm.high_bit < pm.bits_stored - 1 || pm.high_bit >= pm.bits_allocated) {
        corrupt("High Bit " + std::to_string(pm.high_bit) + " does not fit Bits Stored " +
                std::to_string(pm.bits_stored) + " and Bits Allocated " + std::to_string(pm.bits_allocated));
    }
    pm.is_signed = ds.pixel_representation == 1;
    pm.planar = ds.planar_configuration == 1;
    pm.frames = frame_count(ds.number_of_frames);

    const std::string& p = ds.photometric;
    if (p.empty()) {
        pm.photometric = pm.samples == 1 ? Photometric::Monochrome2 : Photometric::Rgb;
    } else if (p == "MONOCHROME1" || p == "MONOCHROME2") {
        pm.photometric = p == "MONOCHROME1" ? Photometric::Monochrome1 : Photometric::Monochrome2;
    } else if (p == "RGB") {
        pm.photometric = Photometric::Rgb;
    } else if (p == "YBR_FULL") {
        pm.photometric = Photometric::YbrFull;
    } else if (p == "YBR_FULL_422") {
        pm.photometric = Photometric::YbrFull422;
    } else {
        unsupported("Photometric Interpretation " + p +
                    " is not supported (MONOCHROME1, MONOCHROME2, RGB, YBR_FULL, YBR_FULL_422)");
    }
    const bool grey = pm.photometric == Photometric::Monochrome1 || pm.photometric == Photometric::Monochrome2;
    if (grey != (pm.samples == 1)) {
        corrupt("Photometric Interpretation " + p + " with " + std::to_string(pm.samples) + " samples per pixel");
    }
    if (!grey && pm.bits_allocated == 16 && pm.photometric != Photometric::Rgb) {
        unsupported("16-bit " + p + " is not supported (8-bit YBR, or RGB)");
    }
    if (pm.photometric == Photometric::YbrFull422 && ds.syntax && ds.syntax->pixels == PixelEncoding::Native &&
        pm.columns % 2 != 0) {
        corrupt("YBR_FULL_422 needs an even number of columns, not " + std::to_string(pm.columns));
    }
    return pm;
}

}  // namespace dicom
}  // namespace dxlens
