// The classification plan and its loop (pipeline.h). Samples are planned once
// at construction: one per whole image, or one per sampled patch. next() cuts
// the next batch and preprocesses it; submit() turns logits into
// probabilities (and keeps the features a CAM needs); finish() makes each
// image's answer.
#include "dxlens/pipeline.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <string>

#include "dxlens/cam.h"
#include "dxlens/decode.h"
#include "dxlens/error.h"
#include "dxlens/limits.h"
#include "dxlens/preprocess.h"

namespace dxlens {
namespace {

// Adds the time since construction (or the last lap) to a stage's total.
class Stopwatch {
public:
    double lap_ms() {
        const auto now = std::chrono::steady_clock::now();
        const double ms = std::chrono::duration<double, std::milli>(now - start_).count();
        start_ = now;
        return ms;
    }

private:
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

[[noreturn]] void mismatch(const std::string& message) { throw Error(ErrorKind::ModelMismatch, message); }

void check_output(const OutputView& output, const std::string& name, size_t rank, size_t batch) {
    if (output.shape.size() != rank || output.shape[0] != int64_t(batch)) {
        mismatch("model output '" + name + "' has shape " + shape_to_string(output.shape) + " for a batch of " +
                 std::to_string(batch));
    }
    // The element count, without overflow: a shape may come from anywhere, and
    // one whose product exceeds the values held can never match them.
    uint64_t count = 1;
    bool fits = true;
    for (int64_t d : output.shape) {
        if (d <= 0 || uint64_t(d) > output.size || count > output.size / uint64_t(d)) {
            fits = false;
            break;
        }
        count *= uint64_t(d);
    }
    if (!fits || count != output.size || output.data == nullptr) {
        mismatch("model output '" + name + "' holds " + std::to_string(output.size) + " values, which its shape " +
                 shape_to_string(output.shape) + " does not describe");
    }
}

// The batch every run uses: a model whose graph fixes the batch gets exactly
// that (the last batch padded); otherwise the manifest's patch batch for
// patch models, or the host's choice for whole images.
size_t choose_batch_size(const Manifest& m, const PipelineOptions& options) {
    const int64_t fixed = m.input_shape.empty() ? -1 : m.input_shape[0];
    if (fixed > 0) return size_t(fixed);
    if (m.patch) return size_t(std::max(1, m.patch->settings.batch_size));
    return size_t(std::max(1, options.batch_size));
}

}  // namespace

Pipeline::Pipeline(std::shared_ptr<const Model> model, std::vector<Image> images, const PipelineOptions& options)
    : model_(std::move(model)), images_(std::move(images)), options_(options) {
    if (!model_) throw Error(ErrorKind::Internal, "pipeline: no model");
    if (images_.empty()) throw Error("pipeline: no images to classify");
    Stopwatch clock;
    batch_size_ = choose_batch_size(model_->manifest, options_);
    prior_ratio_ = prior_ratio(model_->manifest, options_.priors);
    plan_samples();
    timings_.preprocess_ms += clock.lap_ms();
}

Pipeline Pipeline::decode(std::shared_ptr<const Model> model, const std::vector<EncodedImage>& files,
                          const PipelineOptions& options) {
    Stopwatch clock;
    std::vector<Image> images;
    std::vector<std::optional<DicomInfo>> dicom;
    for (const EncodedImage& file : files) {
        check_file_size("the file", file.size);
        DecodedFile decoded = decode_file(file.data, file.size, DecodeLimits{}, options.dicom);
        images.push_back(std::move(decoded.image));
        dicom.push_back(std::move(decoded.dicom));
    }
    const double decode_ms = clock.lap_ms();
    Pipeline pipeline(std::move(model), std::move(images), options);
    pipeline.timings_.decode_ms = decode_ms;
    pipeline.dicom_ = std::move(dicom);
    return pipeline;
}

void Pipeline::plan_samples() {
    const Manifest& m = model_->manifest;
    masks_.resize(images_.size());
    scales_.resize(images_.size());
    geometry_.resize(images_.size());
    for (size_t i = 0; i < images_.size(); ++i) {
        if (!m.patch) {
            samples_.push_back(Sample{i, std::nullopt});
            continue;
        }
        // Every patch covers the field of view the model learned, whatever the
        // file's resolution (scale.h).
        const PatchScale scale = resolve_patch_scale(*m.patch, options_.input_scale, images_[i]);
        PatchSettings settings = m.patch->settings;
        settings.downscale = scale.downscale;
        if (options_.all_patches) settings.max_patches = 0;  // 0 = all, capped by kLimits.max_patches
        scales_[i] = scale;
        TissueMask mask;
        const std::vector<Patch> patches = sample_patches(images_[i], settings, &mask);
        if (patches.empty()) {
            throw Error(ErrorKind::NoTissue,
                        "no tissue found: no patch of the image has enough foreground (patch.min_foreground is " +
                            std::to_string(m.patch->settings.min_foreground) + "); is this a slide image?");
        }
        if (!mask.data.empty()) masks_[i] = std::move(mask);
        for (const Patch& patch : patches) samples_.push_back(Sample{i, patch});
    }
}

bool Pipeline::wants_cam() const {
    return !model_->manifest.patch && model_->classifier && options_.overlay_classes > 0;
}

bool Pipeline::wants_features() const {
    return model_->manifest.has_cam() && (wants_cam() || model_->domain || options_.keep_raw);
}

const ModelRequest* Pipeline::next() {
    if (pending_) throw Error(ErrorKind::Internal, "pipeline: next() called again before submit()");
    if (next_sample_ >= samples_.size()) return nullptr;
    Stopwatch clock;
    const Manifest& m = model_->manifest;
    const size_t begin = next_sample_;
    const size_t end = std::min(samples_.size(), begin + batch_size_);

    ModelRequest request;
    request.samples = end - begin;
    const bool fixed_batch = m.input_shape[0] > 0;  // padded to the fixed size
    request.input = make_input_tensor(m.preprocess, int64_t(fixed_batch ? batch_size_ : request.samples));
    for (size_t s = begin; s < end; ++s) {
        const Sample& sample = samples_[s];
        const Image& image = images_[sample.image];
        const PlanarImage pixels = sample.patch ? patch_pixels(image, *sample.patch, m.preprocess)
                                                : prepare_pixels(image, m.preprocess, &geometry_[sample.image]);
        write_input(pixels, m.preprocess, request.input, int64_t(s - begin));
    }
    request.outputs.push_back(m.logits_output);
    if (wants_features()) request.outputs.push_back(m.features_output);
    pending_ = std::move(request);
    timings_.preprocess_ms += clock.lap_ms();
    return &*pending_;
}

void Pipeline::submit(const std::vector<OutputView>& outputs, double inference_ms) {
    if (!pending_) throw Error(ErrorKind::Internal, "pipeline: submit() without a request from next()");
    timings_.inference_ms += inference_ms;
    Stopwatch clock;
    const Manifest& m = model_->manifest;
    const ModelRequest& request = *pending_;
    if (outputs.size() != request.outputs.size()) {
        mismatch("expected " + std::to_string(request.outputs.size()) + " model outputs, got " +
                 std::to_string(outputs.size()));
    }
    const size_t batch = size_t(request.input.shape[0]);
    const OutputView& logits = outputs[0];
    check_output(logits, m.logits_output, 2, batch);
    const size_t per_sample = size_t(logits.shape[1]);
    const OutputView* features = outputs.size() > 1 ? &outputs[1] : nullptr;
    if (features) check_output(*features, m.features_output, 4, batch);

    if (features) {
        // One feature shape for the whole run: finish() reads every sample's
        // map with it, so a run that changed it (dynamic dims) would read past
        // the smaller maps. Channels must also be the classifier's.
        const std::vector<int64_t> shape(features->shape.begin() + 1, features->shape.end());
        if (!feature_shape_.empty() && shape != feature_shape_) {
            mismatch("model output '" + m.features_output + "' changed shape between runs, from " +
                     shape_to_string(feature_shape_) + " to " + shape_to_string(shape) + " per sample");
        }
        if (model_->classifier && shape[0] != model_->classifier->channels) {
            mismatch("model output '" + m.features_output + "' has " + std::to_string(shape[0]) +
                     " channels but the classifier has " + std::to_string(model_->classifier->channels));
        }
        if (shape[1] > std::numeric_limits<int>::max() || shape[2] > std::numeric_limits<int>::max()) {
            mismatch("model output '" + m.features_output + "' has shape " + shape_to_string(features->shape) +
                     ", too large a map");
        }
        feature_shape_ = shape;
    }
    const bool keep_cam = wants_cam();
    for (size_t i = 0; i < request.samples; ++i) {
        Sample& sample = samples_[next_sample_ + i];
        const float* sample_logits = logits.data + i * per_sample;
        sample.uncalibrated = probabilities(sample_logits, per_sample, m.task);
        sample.probs = calibrated_probabilities(sample_logits, per_sample, m.task, m.temperature, prior_ratio_);
        if (sample.probs.size() != m.labels.size()) {
            mismatch("model gives " + std::to_string(sample.probs.size()) + " probabilities but the manifest has " +
                     std::to_string(m.labels.size()) + " labels");
        }
        if (options_.keep_raw) sample.logits.assign(sample_logits, sample_logits + per_sample);
        if (!features) continue;
        const size_t plane = features->size / batch;
        const float* sample_features = features->data + i * plane;
        if (keep_cam) sample.features.assign(sample_features, sample_features + plane);
        if (model_->domain || options_.keep_raw) {
            std::vector<float> pooled = pooled_features(sample_features, int(feature_shape_[0]),
                                                        int(feature_shape_[1]), int(feature_shape_[2]));
            if (model_->domain) sample.domain_score = domain_score(*model_->domain, pooled);
            if (options_.keep_raw) sample.pooled = std::move(pooled);
        }
    }
    next_sample_ += request.samples;
    pending_.reset();
    timings_.postprocess_ms += clock.lap_ms();
}

ImageResult Pipeline::finish_image(size_t index, std::vector<const Sample*> samples) {
    const Manifest& m = model_->manifest;
    const Image& image = images_[index];
    ImageResult result;
    result.width = image.width;
    result.height = image.height;
    result.scale = scales_[index];
    if (index < dicom_.size()) result.dicom = dicom_[index];
    const int labels = int(m.labels.size());
    const int k = options_.top_k > 0 ? std::min(options_.top_k, labels) : m.top_k;
    const int overlays = std::min(options_.overlay_classes, labels);
    // The colour statistics of the whole image (patch models too: "is this a
    // slide?" is a question about the image), for the colour check and keep_raw.
    const bool colour_check = model_->domain && model_->domain->colour;
    std::vector<float> colour;
    if (colour_check || options_.keep_raw) colour = colour_statistics(image);
    const std::vector<float>* colour_for_check = colour_check ? &colour : nullptr;

    if (m.patch) {
        std::vector<Patch> patches;
        std::vector<std::vector<float>> probs, uncalibrated;
        std::vector<double> scores;
        for (const Sample* s : samples) {
            patches.push_back(*s->patch);
            probs.push_back(s->probs);
            uncalibrated.push_back(s->uncalibrated);
            PatchPrediction patch{*s->patch, s->probs, top_k(s->probs, 1).front(), std::nullopt, s->logits, s->pooled};
            if (s->domain_score) {
                patch.domain = check_domain(*model_->domain, *s->domain_score);
                scores.push_back(*s->domain_score);
            }
            result.patches.push_back(std::move(patch));
        }
        result.probs = aggregate(probs, m.patch->aggregate);
        result.uncalibrated_probs = aggregate(uncalibrated, m.patch->aggregate);
        if (!scores.empty()) {
            // The median: a few odd patches (pen marks, folds) do not reject a slide.
            std::nth_element(scores.begin(), scores.begin() + long(scores.size() / 2), scores.end());
            result.domain = check_domain(*model_->domain, scores[scores.size() / 2], colour_for_check);
        }
        result.top = top_k(result.probs, k);
        if (overlays > 0) {
            // One map pixel per this-many source pixels keeps the map near 512 px.
            const int cell = std::max(1, (std::max(image.width, image.height) + 511) / 512);
            const ProbabilityMap map = overlap_average(patches, probs, image.width, image.height, cell);
            result.overlay_kind = OverlayKind::PatchHeatmap;
            for (const Ranked& r : top_k(result.probs, overlays)) result.overlays.push_back(heatmap_overlay(map, r.index));
        }
        if (options_.tissue_overlay && masks_[index]) result.tissue = tissue_overlay(*masks_[index]);
    } else {
        const Sample& sample = *samples.front();
        result.probs = sample.probs;
        result.uncalibrated_probs = sample.uncalibrated;
        result.logits = sample.logits;
        result.features = sample.pooled;
        if (sample.domain_score) result.domain = check_domain(*model_->domain, *sample.domain_score, colour_for_check);
        result.top = top_k(result.probs, k);
        if (!sample.features.empty() && overlays > 0) {
            result.overlay_kind = OverlayKind::Cam;
            const int c = int(feature_shape_[0]), h = int(feature_shape_[1]), w = int(feature_shape_[2]);
            for (const Ranked& r : top_k(result.probs, overlays)) {
                const PlanarImage cam = class_activation_map(sample.features.data(), c, h, w, *model_->classifier, r.index);
                result.overlays.push_back(cam_overlay(cam, r.index, geometry_[index], m.preprocess));
            }
        }
    }
    if (m.screening) {
        ScreeningResult screening;
        screening.positive = m.screening->positive;
        screening.probability = result.probs[size_t(screening.positive)];
        screening.threshold = options_.screening_threshold >= 0 ? options_.screening_threshold : m.screening->threshold;
        screening.above = screening.probability >= screening.threshold;
        result.screening = screening;
    }
    if (options_.keep_raw) result.colour = std::move(colour);
    if (options_.preview_side > 0) result.preview = preview_rgba(image, options_.preview_side);
    return result;
}

PipelineResult Pipeline::finish() {
    if (pending_ || next_sample_ < samples_.size()) {
        throw Error(ErrorKind::Internal, "pipeline: finish() before every batch was submitted");
    }
    Stopwatch clock;
    PipelineResult result;
    std::vector<std::vector<const Sample*>> per_image(images_.size());
    for (const Sample& s : samples_) per_image[s.image].push_back(&s);
    for (size_t i = 0; i < images_.size(); ++i) result.images.push_back(finish_image(i, std::move(per_image[i])));
    timings_.postprocess_ms += clock.lap_ms();
    result.timings = timings_;
    return result;
}

}  // namespace dxlens
