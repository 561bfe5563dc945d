#pragma once
// The scale patches are cut at. A patch model learned at one magnification; a
// file may come at another (a slide scanned at 40x, a tile exported at half
// size). The manifest states the model's scale ("patch.downscale" source pixels
// per model pixel for an image at the scale of the dataset's reference images,
// and, where known, the physical size of a model pixel); the image's scale comes
// from the user, from the file's metadata, or by default is the reference's.
// The resolved downscale makes every patch cover the field of view the model
// learned, whatever the file's resolution.
#include <string>

#include "dxlens/image.h"
#include "dxlens/manifest.h"

namespace dxlens {

// What the user says about the scale of the images given; at most one field set.
struct InputScale {
    double relative = 0;           // the image's pixels per pixel of the model's reference images:
                                   // 0.5 = half their resolution (0 = not given)
    double microns_per_pixel = 0;  // physical resolution; needs a model that states its own (0 = not given)
};

enum class ScaleSource {
    Reference,  // nothing known about the image: taken to be at the reference scale
    User,       // InputScale
    File,       // the file's stated physical resolution (Image::microns_per_pixel)
};

const char* scale_source_name(ScaleSource source);  // "reference", "user", "file"

struct PatchScale {
    double downscale = 1.0;  // source pixels per model input pixel for this image
    ScaleSource source = ScaleSource::Reference;
    int field_of_view = 0;   // one patch's side in source pixels
};

// The user's scale wins, then a physical resolution from the file (models that
// state theirs only), then the reference. Throws Error (InvalidArgument) for a
// scale that is not a positive finite number, for both fields set, and for a
// physical scale given to a model whose scale is relative only.
PatchScale resolve_patch_scale(const PatchConfig& patch, const InputScale& input, const Image& image);

}  // namespace dxlens
