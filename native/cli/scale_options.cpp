#include "scale_options.h"

#include <cmath>
#include <exception>

#include "dxlens/error.h"

namespace dxlens {
namespace cli {
namespace {

double parse_positive(const std::string& option, const std::string& text) {
    size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !std::isfinite(value) || value <= 0) {
        throw UsageError(option + " needs a positive number, got '" + text + "'");
    }
    return value;
}

}  // namespace

const char* const kScaleOptionsHelp =
    R"(  --scale S            patch models: the image's resolution relative to the
                       model's reference images (0.5 = half their resolution;
                       default: the file's stated microns per pixel where the
                       model knows its own, else 1)
  --mpp M              patch models that state their microns per pixel: the
                       image's microns per pixel
)";

bool parse_scale_option(const std::string& arg, Args& args, InputScale& scale) {
    if (arg == "--scale") {
        scale.relative = parse_positive(arg, args.value(arg));
    } else if (arg == "--mpp") {
        scale.microns_per_pixel = parse_positive(arg, args.value(arg));
    } else {
        return false;
    }
    if (scale.relative > 0 && scale.microns_per_pixel > 0) throw UsageError("give --scale or --mpp, not both");
    return true;
}

void check_scale_option(const InputScale& scale, const Model& model) {
    if (scale.relative == 0 && scale.microns_per_pixel == 0) return;
    const Manifest& m = model.manifest;
    const char* option = scale.relative > 0 ? "--scale" : "--mpp";
    if (!m.patch) {
        throw UsageError(std::string(option) + ": model '" + m.name +
                         "' classifies whole images and cuts no patches, so it has no scale to match");
    }
    try {
        resolve_patch_scale(*m.patch, scale, Image{});
    } catch (const Error& e) {
        throw UsageError(std::string(option) + ": " + e.what());
    }
}

}  // namespace cli
}  // namespace dxlens
