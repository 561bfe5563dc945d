#include "dxlens/native/pipeline.h"

#include <algorithm>
#include <chrono>

#include "dxlens/cam.h"
#include "dxlens/decode.h"
#include "dxlens/error.h"
#include "dxlens/patch.h"

namespace dxlens {
namespace native {

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

const OutputTensor& output(const std::map<std::string, OutputTensor>& outputs, const std::string& name) {
    const auto it = outputs.find(name);
    if (it == outputs.end()) throw Error("the model did not return its '" + name + "' output");
    return it->second;
}

// A binary model ending in one logit has a one-row classifier that scores the
// positive class; the negative class's map is the same map with opposite sign.
ClassifierWeights weights_for_class(const ClassifierWeights& weights, int& class_index) {
    if (weights.classes != 1) return weights;
    ClassifierWeights single = weights;
    if (class_index == 0) {
        for (float& w : single.weight) w = -w;
    }
    class_index = 0;
    return single;
}

}  // namespace

Pipeline::Pipeline(ModelBundle model, const SessionOptions& options)
    : model_(std::move(model)), session_(model_.model_path, options) {
    try {
        session_.check_against(model_.manifest);
    } catch (const Error& e) {
        // The message compares model and manifest; say which model file it was.
        throw Error(model_.model_path + ": " + e.what());
    }
    if (model_.classifier) {
        for (const auto& info : session_.outputs()) {
            if (info.name != model_.manifest.features_output) continue;
            const int64_t channels = info.shape.size() == 4 ? info.shape[1] : -1;
            if (channels != -1 && channels != model_.classifier->channels) {
                throw Error("classifier '" + model_.manifest.classifier_file + "' has " +
                            std::to_string(model_.classifier->channels) + " channels but model output '" +
                            info.name + "' has shape " + shape_to_string(info.shape));
            }
        }
    }
}

std::vector<std::vector<float>> Pipeline::probabilities_per_sample(const OutputTensor& logits) const {
    const Manifest& m = model_.manifest;
    if (logits.shape.size() != 2 || logits.shape[1] <= 0) {
        throw Error("model output '" + m.logits_output + "' has shape " + shape_to_string(logits.shape) +
                    ", expected [batch,classes]");
    }
    const size_t batch = size_t(logits.shape[0]);
    const size_t classes = size_t(logits.shape[1]);
    std::vector<std::vector<float>> out;
    for (size_t i = 0; i < batch; ++i) {
        std::vector<float> probs = probabilities(logits.data.data() + i * classes, classes, m.task);
        if (probs.size() != m.labels.size()) {
            throw Error("model gives " + std::to_string(probs.size()) + " probabilities but the manifest has " +
                        std::to_string(m.labels.size()) + " labels");
        }
        out.push_back(std::move(probs));
    }
    return out;
}

Classification Pipeline::classify(const std::vector<uint8_t>& encoded, const ClassifyOptions& options) const {
    Classification result;
    Stopwatch clock;
    Image image = decode_image(encoded.data(), encoded.size());
    result.timings.decode_ms = clock.lap_ms();
    result.image_width = image.width;
    result.image_height = image.height;

    if (model_.manifest.patch) {
        classify_patches(image, result);
    } else {
        classify_whole(image, options, result);
    }

    clock.lap_ms();
    const int labels = int(model_.manifest.labels.size());
    const int k = options.top_k > 0 ? std::min(options.top_k, labels) : model_.manifest.top_k;
    result.top = top_k(result.probs, k);
    result.timings.postprocess_ms += clock.lap_ms();

    if (options.keep_image) result.image = std::move(image);
    return result;
}

void Pipeline::classify_whole(const Image& image, const ClassifyOptions& options, Classification& result) const {
    const Manifest& m = model_.manifest;
    Stopwatch clock;
    InputGeometry geometry;
    const Tensor input = preprocess(image, m.preprocess, &geometry);
    result.timings.preprocess_ms += clock.lap_ms();

    const bool want_cam = options.cam && m.has_cam() && model_.classifier.has_value();
    std::vector<std::string> wanted{m.logits_output};
    if (want_cam) wanted.push_back(m.features_output);
    const auto outputs = session_.run(input, wanted);
    result.timings.inference_ms += clock.lap_ms();

    result.probs = probabilities_per_sample(output(outputs, m.logits_output)).front();
    if (want_cam) {
        const OutputTensor& features = output(outputs, m.features_output);
        if (features.shape.size() != 4) {
            throw Error("model output '" + m.features_output + "' has shape " + shape_to_string(features.shape) +
                        ", expected [1,channels,height,width]");
        }
        CamResult cam;
        cam.geometry = geometry;
        cam.class_index = top_k(result.probs, 1).front().index;
        int row = cam.class_index;
        const ClassifierWeights weights = weights_for_class(*model_.classifier, row);
        cam.map = class_activation_map(features.data.data(), int(features.shape[1]), int(features.shape[2]),
                                       int(features.shape[3]), weights, row);
        result.cam = std::move(cam);
    }
    result.timings.postprocess_ms += clock.lap_ms();
}

void Pipeline::classify_patches(const Image& image, Classification& result) const {
    const Manifest& m = model_.manifest;
    const PatchConfig& config = *m.patch;
    Stopwatch clock;
    const std::vector<Patch> patches = sample_patches(image, config.settings);
    result.timings.preprocess_ms += clock.lap_ms();
    if (patches.empty()) {
        throw Error("no patch of the image has enough foreground (patch.min_foreground is " +
                    std::to_string(config.settings.min_foreground) + ")");
    }

    std::vector<std::vector<float>> patch_probs;
    const size_t batch_size = size_t(std::max(1, config.settings.batch_size));
    for (size_t begin = 0; begin < patches.size(); begin += batch_size) {
        const size_t end = std::min(patches.size(), begin + batch_size);
        const Tensor batch = make_patch_batch(image, patches, begin, end, m.preprocess);
        result.timings.preprocess_ms += clock.lap_ms();

        const auto outputs = session_.run(batch, {m.logits_output});
        result.timings.inference_ms += clock.lap_ms();

        auto probs = probabilities_per_sample(output(outputs, m.logits_output));
        if (probs.size() != end - begin) {
            throw Error("model returned " + std::to_string(probs.size()) + " predictions for a batch of " +
                        std::to_string(end - begin) + " patches");
        }
        for (auto& p : probs) patch_probs.push_back(std::move(p));
        result.timings.postprocess_ms += clock.lap_ms();
    }

    result.probs = aggregate(patch_probs, config.aggregate);
    for (size_t i = 0; i < patches.size(); ++i) result.patches.push_back({patches[i], patch_probs[i]});
    result.timings.postprocess_ms += clock.lap_ms();
}

}  // namespace native
}  // namespace dxlens
