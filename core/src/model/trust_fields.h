#pragma once
// Parses the manifest's trust fields (manifest.h, trust.h) into `m`; its
// labels must already be parsed. Private to the core.
#include "dxlens/manifest.h"
#include "json_fields.h"

namespace dxlens {

void parse_trust_fields(const json_fields::Object& root, Manifest& m);

}  // namespace dxlens
