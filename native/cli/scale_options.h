#pragma once
// --scale and --mpp: the scale of the images given to a patch model (scale.h),
// taken by every command that classifies files.
#include <string>

#include "args.h"
#include "dxlens/model.h"
#include "dxlens/scale.h"

namespace dxlens {
namespace cli {

// Consumes `arg` (and its value) when it is --scale S or --mpp M.
bool parse_scale_option(const std::string& arg, Args& args, InputScale& scale);

// UsageError when a scale was given for a model that cuts no patches, or in
// microns per pixel for one whose scale is relative only.
void check_scale_option(const InputScale& scale, const Model& model);

// The help lines of both options.
extern const char* const kScaleOptionsHelp;

}  // namespace cli
}  // namespace dxlens
