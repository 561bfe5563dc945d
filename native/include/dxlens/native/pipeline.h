#pragma once
// Classifying one encoded image end to end, the single path every CLI command
// uses: decode -> preprocess -> inference -> postprocess, each stage timed.
// Whole-image models also get a class activation map when the model exposes
// its features; patch models (manifest "patch") are classified patch by patch
// and the patch predictions aggregated.
#include <cstdint>
#include <optional>
#include <vector>

#include "dxlens/image.h"
#include "dxlens/native/model_dir.h"
#include "dxlens/native/ort_model.h"
#include "dxlens/postprocess.h"
#include "dxlens/preprocess.h"

namespace dxlens {
namespace native {

struct StageTimings {
    double decode_ms = 0, preprocess_ms = 0, inference_ms = 0, postprocess_ms = 0;
};

struct PatchPrediction {
    Patch patch;
    std::vector<float> probs;
};

struct CamResult {
    int class_index = 0;
    PlanarImage map;         // feature-map resolution, values in [0, 1]
    InputGeometry geometry;  // where the model input came from in the image
};

struct Classification {
    int image_width = 0, image_height = 0;
    std::vector<float> probs;  // per label (aggregated for patch models)
    std::vector<Ranked> top;
    StageTimings timings;
    std::vector<PatchPrediction> patches;  // patch models only
    std::optional<CamResult> cam;          // whole-image models with CAM outputs
    Image image;                           // decoded image, kept only on request
};

struct ClassifyOptions {
    int top_k = 0;            // 0 = the manifest's top_k; larger than the labels is clamped
    bool cam = true;          // compute the CAM when the model supports it
    bool keep_image = false;  // return the decoded image (for overlays)
};

class Pipeline {
public:
    // Loads the session and checks it against the manifest (and the classifier
    // against the features output), so a mismatched model fails here, not mid-run.
    Pipeline(ModelBundle model, const SessionOptions& options);

    const ModelBundle& model() const { return model_; }
    const OrtModel& session() const { return session_; }

    Classification classify(const std::vector<uint8_t>& encoded, const ClassifyOptions& options = {}) const;

private:
    void classify_whole(const Image& image, const ClassifyOptions& options, Classification& result) const;
    void classify_patches(const Image& image, Classification& result) const;
    std::vector<std::vector<float>> probabilities_per_sample(const OutputTensor& logits) const;

    ModelBundle model_;
    OrtModel session_;
};

}  // namespace native
}  // namespace dxlens
