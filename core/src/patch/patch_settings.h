#pragma once
// Validation of PatchSettings, shared by every entry point that starts a patch
// pipeline, so a bad manifest value is reported once with the field it came from.
#include "dxlens/patch.h"

namespace dxlens {

// Throws Error naming the offending field, e.g. "patch.stride must be > 0, got 0".
void check_patch_settings(const PatchSettings& settings);

}  // namespace dxlens
