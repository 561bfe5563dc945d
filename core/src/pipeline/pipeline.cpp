// The classification plan and its loop (pipeline.h). Samples are planned once
// at construction: one per whole image, or one per sampled patch. next() cuts
// the next batch and preprocesses it; submit() turns logits into
// probabilities (and keeps the features a CAM needs); finish() makes each
// image's answer.
#include "dxlens/pipeline.h"

#include <algorithm>
#include <chrono>
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
    int64_t count = 1;
    for (int64_t d : output.shape) count *= d;
    if (count <= 0 || size_t(count) != output.size || output.data == nullptr) {
        mismatch("model output '" + name + "' holds " + std::to_string(output.size) + " values, but its shape " +
                 shape_to_string(output.shape) + " says " + std::to_string(count));
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
    plan_samples();
    timings_.preprocess_ms += clock.lap_ms();
}

Pipeline Pipeline::decode(std::shared_ptr<const Model> model, const std::vector<EncodedImage>& files,
                          const PipelineOptions& options) {
    Stopwatch clock;
    std::vector<Image> images;
    for (const EncodedImage& file : files) {
        check_file_size("the file", file.size);
        images.push_back(decode_image(file.data, file.size));
    }
    const double decode_ms = clock.lap_ms();
    Pipeline pipeline(std::move(model), std::move(images), options);
    pipeline.timings_.decode_ms = decode_ms;
    return pipeline;
}

void Pipeline::plan_samples() {
    const Manifest& m = model_->manifest;
    masks_.resize(images_.size());
    geometry_.resize(images_.size());
    for (size_t i = 0; i < images_.size(); ++i) {
        if (!m.patch) {
            samples_.push_back({i, std::nullopt, {}, {}});
            continue;
        }
        TissueMask mask;
        const std::vector<Patch> patches = sample_patches(images_[i], m.patch->settings, &mask);
        if (patches.empty()) {
            throw Error(ErrorKind::NoTissue,
                        "no tissue found: no patch of the image has enough foreground (patch.min_foreground is " +
                            std::to_string(m.patch->settings.min_foreground) + "); is this a slide image?");
        }
        if (!mask.data.empty()) masks_[i] = std::move(mask);
        for (const Patch& patch : patches) samples_.push_back({i, patch, {}, {}});
    }
}

bool Pipeline::wants_cam() const {
    return !model_->manifest.patch && model_->classifier && options_.overlay_classes > 0;
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
    if (wants_cam()) request.outputs.push_back(m.features_output);
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

    for (size_t i = 0; i < request.samples; ++i) {
        Sample& sample = samples_[next_sample_ + i];
        sample.probs = probabilities(logits.data + i * per_sample, per_sample, m.task);
        if (sample.probs.size() != m.labels.size()) {
            mismatch("model gives " + std::to_string(sample.probs.size()) + " probabilities but the manifest has " +
                     std::to_string(m.labels.size()) + " labels");
        }
        if (features) {
            feature_shape_.assign(features->shape.begin() + 1, features->shape.end());
            const size_t plane = features->size / batch;
            sample.features.assign(features->data + i * plane, features->data + (i + 1) * plane);
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
    const int labels = int(m.labels.size());
    const int k = options_.top_k > 0 ? std::min(options_.top_k, labels) : m.top_k;
    const int overlays = std::min(options_.overlay_classes, labels);

    if (m.patch) {
        std::vector<Patch> patches;
        std::vector<std::vector<float>> probs;
        for (const Sample* s : samples) {
            patches.push_back(*s->patch);
            probs.push_back(s->probs);
            result.patches.push_back({*s->patch, s->probs, top_k(s->probs, 1).front()});
        }
        result.probs = aggregate(probs, m.patch->aggregate);
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
