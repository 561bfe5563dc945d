#pragma once
// How `classify` presents one image's outcome: a JSON object (--json) or text.
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "dxlens/error.h"
#include "dxlens/native/model_dir.h"
#include "dxlens/pipeline.h"

namespace dxlens {
namespace cli {

// One classified image as the reports need it.
struct ClassifiedImage {
    const std::string& path;
    const ImageResult& result;
    const StageTimings& timings;
    const std::string& cam_path;  // where --cam wrote the overlay; empty when not asked
};

// {"image", "model", "top": [{"label", "prob"}], "timings_ms": {...}}, plus for
// patch models "aggregate" and "patches", and "cam" when an overlay was written.
// Trust fields follow "top": "uncalibrated" (per label, before temperature and
// priors), with domain statistics "in_domain", "domain_score", "domain_threshold"
// (and per patch "in_domain", "domain_score"), with a screening point
// "screening": {"label", "probability", "threshold", "above"}.
nlohmann::ordered_json classification_json(const native::ModelBundle& model, const ClassifiedImage& image);

// {"image", "model", "error", "kind"}: the shape of a failed image in JSON output.
nlohmann::ordered_json error_json(const std::string& image_path, const native::ModelBundle& model,
                                  const std::string& message, ErrorKind kind);

void print_classification(std::ostream& out, const native::ModelBundle& model, const ClassifiedImage& image);

}  // namespace cli
}  // namespace dxlens
