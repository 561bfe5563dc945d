// Grey frames to 8 bits: stored value -> sign extension from Bits Stored ->
// Modality LUT (Rescale Slope/Intercept) -> VOI (override, file window, VOI
// LUT or min-max) -> 0..255, inverted for MONOCHROME1. The chain runs once per
// possible stored value (at most 2^16), into a table the pixels then index.
#include <algorithm>
#include <climits>
#include <cmath>
#include <string>

#include "dxlens/error.h"
#include "pixel_module.h"

namespace dxlens {
namespace dicom {
namespace {

// Reads the stored values of a frame: the bits HighBit-BitsStored+1..HighBit
// of each sample, as a code 0..2^BitsStored-1, and its value (sign-extended).
struct Samples {
    const uint8_t* data;
    int bytes;
    bool big_endian;
    int shift;
    uint32_t mask;
    uint32_t sign_bit;  // 0 for unsigned

    uint32_t code(size_t i) const {
        uint32_t word;
        if (bytes == 1) {
            word = data[i];
        } else {
            const uint8_t* p = data + 2 * i;
            word = big_endian ? uint32_t(p[0]) << 8 | p[1] : uint32_t(p[1]) << 8 | p[0];
        }
        return (word >> shift) & mask;
    }
    int32_t value(uint32_t code) const {
        return (code & sign_bit) ? int32_t(code) - int32_t(mask) - 1 : int32_t(code);
    }
};

VoiFunction function_of(const std::string& name) {
    if (name == "LINEAR_EXACT") return VoiFunction::LinearExact;
    if (name == "SIGMOID") return VoiFunction::Sigmoid;
    return VoiFunction::Linear;  // the default, and for unknown terms
}

bool window_fits(VoiFunction function, double width) {
    return std::isfinite(width) && (function == VoiFunction::Linear ? width >= 1 : width > 0);
}

// Rounds to the nearest level; NaN (which no finite input makes) becomes 0.
uint8_t to_byte(double y) {
    if (!(y > 0)) return 0;
    return uint8_t(std::min(std::floor(y + 0.5), 255.0));
}

}  // namespace

std::vector<uint8_t> grey_to_8bit(const Frame& frame, const PixelModule& pm, const DataSet& ds,
                                  const DicomOptions& options, DicomWindowUsed& used) {
    // JPEG frames come back from stb as 8-bit unsigned samples.
    const int bits = frame.jpeg ? 8 : pm.bits_stored;
    Samples samples;
    samples.data = frame.data;
    samples.bytes = frame.jpeg ? 1 : pm.bits_allocated / 8;
    samples.big_endian = frame.big_endian;
    samples.shift = frame.jpeg ? 0 : pm.high_bit + 1 - pm.bits_stored;
    samples.mask = bits >= 32 ? 0xFFFFFFFFu : (uint32_t(1) << bits) - 1;
    samples.sign_bit = pm.is_signed && !frame.jpeg ? uint32_t(1) << (bits - 1) : 0;
    const size_t pixels = pm.pixels();
    if (frame.size < pixels * size_t(samples.bytes)) {
        throw Error(ErrorKind::Internal, "DICOM frame shorter than its pixels");
    }

    const double slope = ds.rescale_slope.value_or(1.0);
    const double intercept = ds.rescale_intercept.value_or(0.0);
    auto modality = [&](uint32_t code) { return double(samples.value(code)) * slope + intercept; };

    const VoiFunction file_function = function_of(ds.voi_function);
    const size_t codes = size_t(samples.mask) + 1;
    std::vector<uint8_t> lut(codes);
    if (options.window) {
        check_dicom_window(*options.window);
        used = {WindowSource::Override, file_function, options.window->center, options.window->width};
    } else if (ds.window_center && ds.window_width && window_fits(file_function, *ds.window_width)) {
        used = {WindowSource::File, file_function, *ds.window_center, *ds.window_width};
    } else if (ds.voi_lut) {
        const VoiLut& voi = *ds.voi_lut;
        const double top = double((uint32_t(1) << voi.bits) - 1);
        for (size_t c = 0; c < codes; ++c) {
            double x = std::floor(modality(uint32_t(c)) + 0.5) - double(voi.first_mapped);
            if (!std::isfinite(x)) x = x > 0 ? double(voi.entries) : 0.0;
            const size_t index = size_t(std::clamp(x, 0.0, double(voi.entries - 1)));
            lut[c] = to_byte(double(voi.values[index]) / top * 255.0);
        }
        used = {WindowSource::VoiLut, VoiFunction::Linear, double(voi.first_mapped) + (double(voi.entries) - 1) / 2,
                double(voi.entries)};
    } else {
        uint32_t lo = samples.mask, hi = 0;
        int32_t lo_value = INT32_MAX, hi_value = INT32_MIN;
        for (size_t i = 0; i < pixels; ++i) {
            const uint32_t code = samples.code(i);
            const int32_t value = samples.value(code);
            if (value < lo_value) lo_value = value, lo = code;
            if (value > hi_value) hi_value = value, hi = code;
        }
        double a = modality(lo), b = modality(hi);
        if (a > b) std::swap(a, b);
        const double width = b > a ? b - a : 1.0;
        used = {WindowSource::MinMax, VoiFunction::LinearExact, (a + b) / 2, width};
    }
    if (used.source != WindowSource::VoiLut) {
        for (size_t c = 0; c < codes; ++c) lut[c] = to_byte(voi_output(modality(uint32_t(c)), used.function, used.center, used.width));
    }
    if (pm.photometric == Photometric::Monochrome1) {
        for (uint8_t& v : lut) v = uint8_t(255 - v);
    }
    std::vector<uint8_t> out(pixels);
    for (size_t i = 0; i < pixels; ++i) out[i] = lut[samples.code(i)];
    return out;
}

}  // namespace dicom

double voi_output(double x, VoiFunction function, double center, double width) {
    switch (function) {
        case VoiFunction::LinearExact:  // PS3.3 C.11.2.1.3.2
            if (x <= center - width / 2) return 0;
            if (x > center + width / 2) return 255;
            return ((x - center) / width + 0.5) * 255.0;
        case VoiFunction::Sigmoid:  // PS3.3 C.11.2.1.3.1
            return 255.0 / (1.0 + std::exp(-4.0 * (x - center) / width));
        case VoiFunction::Linear:  // PS3.3 C.11.2.1.2.1
        default:
            if (x <= center - 0.5 - (width - 1) / 2) return 0;
            if (x > center - 0.5 + (width - 1) / 2) return 255;
            return ((x - (center - 0.5)) / (width - 1) + 0.5) * 255.0;
    }
}

void check_dicom_window(const DicomWindow& window) {
    if (!std::isfinite(window.center) || !std::isfinite(window.width) || window.width < 1) {
        throw Error("DICOM window: the center must be a finite number and the width a number of at least 1 (got "
                    "center " + std::to_string(window.center) + ", width " + std::to_string(window.width) + ")");
    }
}

const char* voi_function_name(VoiFunction function) {
    switch (function) {
        case VoiFunction::LinearExact: return "LINEAR_EXACT";
        case VoiFunction::Sigmoid: return "SIGMOID";
        case VoiFunction::Linear: default: return "LINEAR";
    }
}

const char* window_source_name(WindowSource source) {
    switch (source) {
        case WindowSource::Override: return "override";
        case WindowSource::VoiLut: return "voi_lut";
        case WindowSource::MinMax: return "min_max";
        case WindowSource::File: default: return "file";
    }
}

}  // namespace dxlens
