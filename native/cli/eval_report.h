#pragma once
// What `dxlens eval` found, and its two presentations: the JSON document other
// tools read (tools/model_card.py, the quantizer's accuracy checks) and a table
// for a person.
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "dxlens/metrics.h"
#include "eval_trust.h"

namespace dxlens {
namespace cli {

struct ImageError {
    std::string image;
    std::string error;
};

struct EvalReport {
    std::string model;    // manifest name
    std::string variant;  // the variant actually run ("fp32", "int8")
    std::string data;     // the data folder as given
    std::vector<std::string> labels;
    Metrics metrics;      // over the images that were classified
    double seconds = 0;   // the whole loop (read, decode, preprocess, infer), model load excluded
    int threads = 0;      // intra-op threads asked for; 0 = ONNX Runtime's default
    std::vector<ImageError> errors;
    TrustReport trust;    // calibration, domain check and screening (eval_trust.h)

    // Classified images per second of the loop.
    double images_per_second() const { return seconds > 0 ? double(metrics.samples) / seconds : 0.0; }
};

// {"model", "variant", "data", "images", "classes", "accuracy", "balanced_accuracy",
//  "macro_f1", "per_class": [{"label","precision","recall","f1","support"}],
//  "auroc": {"<label>": x|null}, "macro_auroc", "binary": {...} (two classes only),
//  "confusion" (rows = true, columns = predicted), "images_per_second", "seconds",
//  "threads", "errors": [{"image","error"}]}. "images" counts classified images;
//  failed ones are only in "errors". After those, unchanged, the trust fields:
//  "calibration": {"temperature", "ece_before", "ece_after", "brier_before", "brier_after"}
//  (15-bin ECE; before = the model's own probabilities, after = calibrated);
//  "domain" (models with domain statistics): {"threshold", "images", "accepted",
//  "acceptance", "others": [{"data","images","accepted","refused","acceptance"}],
//  "other_acceptance", "ood_auroc"} (the last three with --other);
//  "screening" (models with an operating point): {"label", "threshold",
//  "validation": {"sensitivity","specificity"}, "test": {"sensitivity","specificity"}}.
nlohmann::ordered_json eval_json(const EvalReport& report);

void print_eval(std::ostream& out, const EvalReport& report);

}  // namespace cli
}  // namespace dxlens
