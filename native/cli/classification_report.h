#pragma once
// How `classify` presents one image's outcome: a JSON object (--json) or text.
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "dxlens/native/pipeline.h"

namespace dxlens {
namespace cli {

// {"image", "model", "top": [{"label", "prob"}], "timings_ms": {...}}, plus for
// patch models "aggregate" and "patches", and "cam" when an overlay was written.
nlohmann::ordered_json classification_json(const std::string& image_path, const native::ModelBundle& model,
                                           const native::Classification& result, const std::string& cam_path);

// {"image", "model", "error"}: the shape of a failed image in JSON output.
nlohmann::ordered_json error_json(const std::string& image_path, const native::ModelBundle& model,
                                  const std::string& message);

void print_classification(std::ostream& out, const std::string& image_path, const native::ModelBundle& model,
                          const native::Classification& result, const std::string& cam_path);

}  // namespace cli
}  // namespace dxlens
