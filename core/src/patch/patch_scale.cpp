#include <cmath>
#include <string>

#include "dxlens/error.h"
#include "dxlens/scale.h"

namespace dxlens {
namespace {

void require_positive(double value, const char* what) {
    if (!(std::isfinite(value) && value > 0)) {
        throw Error(ErrorKind::InvalidArgument, std::string(what) + " must be a positive number, got " + std::to_string(value));
    }
}

}  // namespace

const char* scale_source_name(ScaleSource source) {
    switch (source) {
        case ScaleSource::User: return "user";
        case ScaleSource::File: return "file";
        case ScaleSource::Reference: break;
    }
    return "reference";
}

PatchScale resolve_patch_scale(const PatchConfig& patch, const InputScale& input, const Image& image) {
    const bool relative = input.relative != 0, physical = input.microns_per_pixel != 0;
    if (relative && physical) {
        throw Error(ErrorKind::InvalidArgument, "give the image's scale once: relative or in microns per pixel, not both");
    }
    const double reference = patch.settings.downscale;
    const double model_mpp = patch.input_microns_per_pixel;
    PatchScale scale;
    if (relative) {
        require_positive(input.relative, "the image's scale");
        // An image at half the reference resolution needs half the downscale.
        scale = {reference * input.relative, ScaleSource::User};
    } else if (physical) {
        require_positive(input.microns_per_pixel, "the image's microns per pixel");
        if (model_mpp <= 0) {
            const std::string reference_name = patch.scale_reference.empty() ? "its reference images" : patch.scale_reference;
            throw Error(ErrorKind::InvalidArgument,
                        "this model states its scale relative to " + reference_name +
                            ", not in microns per pixel: give the image's scale relative to them instead");
        }
        scale = {model_mpp / input.microns_per_pixel, ScaleSource::User};
    } else if (image.microns_per_pixel > 0 && model_mpp > 0) {
        scale = {model_mpp / image.microns_per_pixel, ScaleSource::File};
    } else {
        scale = {reference, ScaleSource::Reference};
    }
    const double side = patch.settings.size * scale.downscale;  // any size: checked when the grid is made
    scale.field_of_view = side < double(1 << 30) ? int(std::lround(side)) : 1 << 30;
    return scale;
}

}  // namespace dxlens
