#pragma once
// The model manifest, models/<name>/manifest.json: everything the core needs to
// feed a model and read its answer. Parsed from text (the core does no file I/O);
// every missing or inconsistent field raises Error naming the field, e.g.
//   manifest: 'input.shape' must have 4 dimensions, got 3
//
// {
//   "name": "chest_xray", "version": "1.0.0",
//   "title": "Paediatric chest X-ray: pneumonia vs normal",  (optional)
//   "role": "router",                                (optional: a model that picks
//                                                      among the others, not offered as a choice)
//   "task": "single_label" | "binary" | "multi_label",
//   "labels": ["NORMAL", "PNEUMONIA"],
//   "display_labels": ["Normal", "Pneumonia"],    (optional: one name for people per label, same
//                                                   order; one line, at most 80 characters, no two alike)
//   "upload_hint": "A frontal chest X-ray ...",    (optional: what image to upload, one line,
//                                                   at most 400 characters)
//   "top_k": 3,                                    (optional, default min(5, classes))
//   "input": {"name": "input", "shape": [-1, 3, 224, 224],   (-1 = dynamic batch)
//             "layout": "NCHW" | "NHWC", "dtype": "float32" | "uint8",
//             "color": "rgb" | "grey"},
//   "preprocess": {"resize": "shorter_side_center_crop" | "stretch" | "letterbox",
//                  "resize_size": 256,            (shorter_side_center_crop only)
//                  "filter": "bilinear" | "bicubic",
//                  "mean": [..], "std": [..],     (one per channel)
//                  "letterbox_fill": 0.0},        (optional)
//   "patch": {"size": 224, "stride": 224, "downscale": 1.0,          (optional:
//             "mask": "saturation" | "grey" | "none",                 patch models)
//             "min_foreground": 0.5, "max_patches": 25, "batch_size": 16,
//             "aggregate": "mean" | "max" | "majority_vote",
//             "scale": {"reference": "LC25000 originals, 768x768 px",  (optional; scale.h)
//                       "input_microns_per_pixel": 1.5}},             (optional)
//   "outputs": {"logits": "logits",
//               "features": "features",           (optional, for CAM)
//               "classifier": "classifier.json"}, (required with features: file
//                                                   holding the classifier weights)
//   "files": {"fp32": {"path": "model.fp32.onnx", "sha256": "<64 hex>"},
//             "int8": {"path": "model.int8.onnx", "sha256": "<64 hex>"}}
// }
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dxlens/cam.h"
#include "dxlens/patch.h"
#include "dxlens/postprocess.h"
#include "dxlens/preprocess.h"

namespace dxlens {

struct ModelFile {
    std::string path;    // relative to the manifest's folder
    std::string sha256;  // lower-case hex
};

struct PatchConfig {
    PatchSettings settings;  // settings.downscale: source pixels per model pixel at the reference scale
    Aggregation aggregate = Aggregation::Mean;
    // "scale": {"reference": "...", "input_microns_per_pixel": 0.5} (optional):
    // what the reference images are, and the physical size of one model input
    // pixel where the dataset states it (0 = only the relative scale is known).
    std::string scale_reference;
    double input_microns_per_pixel = 0;
};

// An operating point for screening: the label screened for and the threshold on
// its probability, with the sensitivity and specificity it had on validation.
struct ScreeningPoint {
    int positive = 0;  // label index
    double threshold = 0.5;
    double sensitivity = 0, specificity = 0;
};

struct Manifest {
    std::string name;
    std::string version;
    std::string title;  // optional "title", for people ("This does not look like a <title> image")
    std::string role;   // optional "role", e.g. "router" (the page's Auto choice); empty for an ordinary model
    Task task = Task::SingleLabel;
    std::vector<std::string> labels;
    // Optional, for people: "display_labels" (empty when absent, else one per
    // label, in the labels' order) and "upload_hint" (empty when absent).
    std::vector<std::string> display_labels;
    std::string upload_hint;
    int top_k = 5;

    std::string input_name;
    std::vector<int64_t> input_shape;  // as written, -1 for the dynamic batch
    PreprocessSpec preprocess;         // out_width/out_height/layout/dtype/color come from "input"

    std::optional<PatchConfig> patch;

    std::string logits_output;
    std::string features_output;       // empty when the model has no CAM output
    std::string classifier_file;       // empty when the model has no CAM output

    std::map<std::string, ModelFile> files;  // variant ("fp32", "int8") -> file

    // Trust (trust.h), all optional: "calibration": {"temperature": T},
    // "class_priors": [..] (training class shares), "screening": {"label",
    // "threshold", "sensitivity", "specificity"}, "domain": {"file": "domain.json"}.
    double temperature = 1.0;
    std::vector<double> class_priors;
    std::optional<ScreeningPoint> screening;
    std::string domain_file;

    bool has_cam() const { return !features_output.empty(); }
    // The name people read for label `index`: its display label, else the label itself.
    const std::string& display_label(size_t index) const {
        return display_labels.empty() ? labels.at(index) : display_labels.at(index);
    }
    // The file of `variant`, or the preferred one (int8, else fp32, else the first) when empty.
    // Throws Error naming the variant when it is not listed.
    const ModelFile& file(const std::string& variant = "") const;
};

Manifest parse_manifest(const std::string& json_text);

// The classifier file: {"weight": [[...], ...], "bias": [...]}; checked against
// the manifest's class count.
ClassifierWeights parse_classifier_weights(const std::string& json_text, const Manifest& manifest);

const char* task_name(Task task);

}  // namespace dxlens
