#pragma once
// The order of the steps of a classification, written once. The pipeline does
// no I/O and runs no model: the host (the CLI with ONNX Runtime, the page's
// worker with ONNX Runtime Web) drives it in a loop and only runs the model.
//
//     Pipeline pipeline = Pipeline::decode(model, {{bytes, size}}, options);
//     while (const ModelRequest* request = pipeline.next()) {
//         outputs = runtime.run(request->input, request->outputs);   // the host's only job
//         pipeline.submit(outputs, inference_ms);
//     }
//     PipelineResult result = pipeline.finish();
//
// The core decides everything else: whole image or patches (and which patches,
// in what order), batch sizes (a model with a fixed batch gets padded
// batches), which outputs to fetch, logits to probabilities (the one-logit
// binary rule included), top-k, patch aggregation and heat maps, which class
// activation maps to make and where they go on the image, and the preview.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dxlens/dicom.h"
#include "dxlens/image.h"
#include "dxlens/model.h"
#include "dxlens/overlay.h"
#include "dxlens/patch.h"
#include "dxlens/postprocess.h"
#include "dxlens/scale.h"
#include "dxlens/tensor.h"
#include "dxlens/trust.h"

namespace dxlens {

struct PipelineOptions {
    int top_k = 0;            // 0 = the manifest's top_k; more than the labels is clamped
    int overlay_classes = 1;  // CAM or heat-map overlays for the top this-many classes (0 = none)
    int preview_side = 0;     // longest side of the RGBA preview; 0 = no preview
    bool tissue_overlay = false;  // patch models: return the tissue mask as an overlay
    int batch_size = 1;       // whole-image models: images per model run (patch models use
                              // the manifest's patch.batch_size; a fixed model batch wins)
    std::vector<double> priors;        // the user's class priors, per label (trust.h); empty = as trained
    double screening_threshold = -1;   // < 0: the manifest's operating point
    bool keep_raw = false;             // also return logits, pooled features and colour statistics
                                       // (tools/trust fits on them)
    InputScale input_scale;            // patch models: the images' scale when the user knows it (scale.h)
    DicomOptions dicom;                // DICOM files: the frame and window (dicom.h); other formats ignore it
    bool all_patches = false;          // patch models: every patch with tissue (up to kLimits.max_patches),
                                       // not the manifest's evenly spread patch.max_patches
};

// One model run the host must make: feed `input` to the manifest's input and
// fetch `outputs`, in this order (the logits first, then the features when a
// CAM is wanted).
struct ModelRequest {
    Tensor input;
    std::vector<std::string> outputs;
    size_t samples = 0;  // real samples in the batch; the rest is padding for a fixed batch
};

// One output of a model run as the host received it: float data in the
// runtime's memory, read during submit() only.
struct OutputView {
    const float* data = nullptr;
    size_t size = 0;
    std::vector<int64_t> shape;
};

struct StageTimings {
    double decode_ms = 0, preprocess_ms = 0, inference_ms = 0, postprocess_ms = 0;
    double total_ms() const { return decode_ms + preprocess_ms + inference_ms + postprocess_ms; }
};

struct PatchPrediction {
    Patch patch;
    std::vector<float> probs;
    Ranked best;                       // the patch's own top class
    std::optional<DomainCheck> domain;  // models with domain statistics
    std::vector<float> logits, features;  // options.keep_raw (features pooled)
};

struct ImageResult {
    int width = 0, height = 0;
    std::vector<float> probs;  // per label, calibrated and with the user's priors;
                               // aggregated over patches for patch models
    std::vector<float> uncalibrated_probs;  // the same before temperature and priors
    // Models with domain statistics: is the image of the kind the model learned?
    // Patch models score every patch; the image gets the median patch score.
    std::optional<DomainCheck> domain;
    std::optional<ScreeningResult> screening;  // models with a screening operating point
    std::vector<Ranked> top;
    std::vector<PatchPrediction> patches;  // patch models, in the order they ran
    std::optional<PatchScale> scale;       // patch models: the scale the patches were cut at
    std::optional<DicomInfo> dicom;        // DICOM files (Pipeline::decode): what may be shown about them
    OverlayKind overlay_kind = OverlayKind::None;
    std::vector<Overlay> overlays;         // one per top class, up to options.overlay_classes
    std::optional<Overlay> tissue;         // patch models with options.tissue_overlay and a mask
    std::optional<RgbaImage> preview;      // options.preview_side > 0
    std::vector<float> logits, features;   // whole-image models with options.keep_raw (features pooled)
    std::vector<float> colour;  // options.keep_raw: colour_statistics() of the whole image (trust.h)
};

struct PipelineResult {
    std::vector<ImageResult> images;  // in the order the images were given
    StageTimings timings;             // the whole run; inference as the host reported it
};

// Encoded bytes of one image, owned by the host.
struct EncodedImage {
    const uint8_t* data = nullptr;
    size_t size = 0;
};

class Pipeline {
public:
    // Plans the run: samples the patches of patch models (Error kind NoTissue
    // when an image has none) and fixes the batches. `images` must not be empty.
    Pipeline(std::shared_ptr<const Model> model, std::vector<Image> images, const PipelineOptions& options = {});

    // Checks each file against limits.h, decodes it (timed as decode) and plans.
    static Pipeline decode(std::shared_ptr<const Model> model, const std::vector<EncodedImage>& files,
                           const PipelineOptions& options = {});

    // The next model run, or null when every sample has run. The request stays
    // valid until submit(). Calling next() twice without submit() throws.
    const ModelRequest* next();

    // The outputs of the last request, in the order it listed them, and the
    // time the host spent running the model. Checks shapes (Error kind
    // ModelMismatch) and turns logits into probabilities.
    void submit(const std::vector<OutputView>& outputs, double inference_ms);

    // After next() returned null: aggregation, overlays, preview.
    PipelineResult finish();

    const Model& model() const { return *model_; }
    const std::vector<Image>& images() const { return images_; }
    size_t batch_size() const { return batch_size_; }
    size_t sample_count() const { return samples_.size(); }

private:
    // One model input: a whole image, or one patch of it.
    struct Sample {
        Sample(size_t image_index, std::optional<Patch> patch_of_image) : image(image_index), patch(patch_of_image) {}
        size_t image = 0;
        std::optional<Patch> patch;
        std::vector<float> probs;     // filled by submit()
        std::vector<float> uncalibrated;
        std::vector<float> features;  // [channels, height, width], whole images wanting a CAM
        std::vector<float> logits, pooled;  // options.keep_raw
        std::optional<double> domain_score;
    };

    void plan_samples();
    bool wants_cam() const;
    bool wants_features() const;
    ImageResult finish_image(size_t index, std::vector<const Sample*> samples);

    std::shared_ptr<const Model> model_;
    std::vector<Image> images_;
    PipelineOptions options_;
    std::vector<Sample> samples_;
    std::vector<std::optional<TissueMask>> masks_;
    std::vector<std::optional<PatchScale>> scales_;  // patch models: one per image
    std::vector<std::optional<DicomInfo>> dicom_;    // Pipeline::decode: one per image
    std::vector<InputGeometry> geometry_;  // whole-image models: one per image
    std::vector<int64_t> feature_shape_;   // [channels, height, width] once known
    std::vector<double> prior_ratio_;      // from options.priors; empty = as trained
    size_t batch_size_ = 1;
    size_t next_sample_ = 0;
    std::optional<ModelRequest> pending_;
    StageTimings timings_;
};

}  // namespace dxlens
