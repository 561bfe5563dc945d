// The pipeline's post-processing: a Pipeline is built on a small generated
// image with a fixed manifest (picked by the input), then every request is
// answered with fuzzed outputs (their count, shapes, sizes and values, NaN and
// infinities included): logits to probabilities, top-k, patch aggregation,
// heat maps, CAM and overlays. dxlens::Error is the expected refusal (kind
// ModelMismatch for a wrong shape); anything else is a finding.
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dxlens/model.h"
#include "dxlens/pipeline.h"
#include "fuzz_support.h"

namespace {

constexpr int kFeatureChannels = 4;

std::string manifest(const char* task, const char* labels, int64_t batch, const char* patch, bool cam) {
    return std::string(R"({"name": "fuzz", "version": "1", "task": ")") + task + R"(", "labels": )" + labels +
           R"(, "input": {"name": "input", "shape": [)" + std::to_string(batch) +
           R"(, 3, 8, 8], "layout": "NCHW", "dtype": "float32", "color": "rgb"},
              "preprocess": {"resize": "letterbox", "filter": "bilinear", "mean": [0, 0, 0], "std": [1, 1, 1]},)" +
           patch + R"( "outputs": {"logits": "logits")" +
           (cam ? R"(, "features": "features", "classifier": "classifier.json")" : "") +
           R"(}, "files": {"fp32": {"path": "m.onnx", "sha256": ")" + std::string(64, 'a') + R"("}}})";
}

std::string classifier(size_t rows) {
    std::string text = R"({"weight": [)";
    for (size_t r = 0; r < rows; ++r) {
        text += r ? ", [" : "[";
        for (int c = 0; c < kFeatureChannels; ++c) text += (c ? ", " : "") + std::to_string(0.5 * (int(r) - c));
        text += "]";
    }
    return text + "]}";
}

std::shared_ptr<const dxlens::Model> make_model(const std::string& manifest_text, size_t rows) {
    return std::make_shared<const dxlens::Model>(dxlens::parse_model(manifest_text, classifier(rows)));
}

const char* const kPatch =
    R"( "patch": {"size": 8, "stride": 6, "mask": "none", "aggregate": "mean", "batch_size": 3},)";
const char* const kPatchVote =
    R"( "patch": {"size": 6, "stride": 5, "mask": "saturation", "min_foreground": 0.0, "aggregate": "majority_vote", "max_patches": 5, "batch_size": 2},)";

// Built once: parsing is not what this target fuzzes.
const std::vector<std::shared_ptr<const dxlens::Model>>& models() {
    static const std::vector<std::shared_ptr<const dxlens::Model>> all = {
        make_model(manifest("single_label", R"(["a", "b", "c"])", -1, "", true), 3),
        make_model(manifest("binary", R"(["neg", "pos"])", -1, "", true), 1),   // one-logit binary
        make_model(manifest("binary", R"(["neg", "pos"])", 2, "", true), 2),    // fixed batch of 2
        make_model(manifest("multi_label", R"(["a", "b", "c", "d"])", -1, "", false), 4),
        make_model(manifest("single_label", R"(["a", "b"])", -1, kPatch, false), 2),
        make_model(manifest("multi_label", R"(["a", "b", "c"])", 2, kPatchVote, false), 3),
    };
    return all;
}

dxlens::Image small_image(FuzzedDataProvider& in) {
    dxlens::Image image;
    image.width = in.ConsumeIntegralInRange<int>(1, 24);
    image.height = in.ConsumeIntegralInRange<int>(1, 24);
    image.channels = 3;
    image.pixels8.resize(image.sample_count());
    for (size_t i = 0; i < image.pixels8.size(); ++i) image.pixels8[i] = uint8_t(i * 37 + (i / 3) * 11);
    return image;
}

float fuzzed_value(FuzzedDataProvider& in) {
    switch (in.ConsumeIntegralInRange<uint8_t>(0, 31)) {
        case 0: return NAN;
        case 1: return INFINITY;
        case 2: return -INFINITY;
        case 3: return in.ConsumeFloatingPoint<float>();
        default: return in.ConsumeFloatingPointInRange<float>(-20.f, 20.f);
    }
}

// One output: usually the shape the request expects, sometimes a fuzzed one;
// its size usually matches the shape. The buffer always holds `size` floats:
// a host that lies about its own buffer is outside the contract.
struct FuzzedOutput {
    std::vector<float> values;
    dxlens::OutputView view;
};

FuzzedOutput fuzzed_output(FuzzedDataProvider& in, std::vector<int64_t> expected) {
    FuzzedOutput out;
    std::vector<int64_t> shape = expected;
    if (in.ConsumeIntegralInRange<uint8_t>(0, 3) == 0) {
        shape.assign(in.ConsumeIntegralInRange<size_t>(0, 5), 0);
        for (int64_t& d : shape) {
            d = in.ConsumeBool() ? in.ConsumeIntegralInRange<int64_t>(-2, 6) : in.ConsumeIntegral<int64_t>();
        }
    }
    int64_t count = shape.empty() ? 0 : 1;
    bool sane = true;
    for (int64_t d : shape) {
        if (d < 0 || d > 4096 || (d > 0 && count > 4096 / d)) sane = false;
        if (sane) count *= d;
    }
    size_t size = sane ? size_t(count) : 0;
    if (!sane || in.ConsumeIntegralInRange<uint8_t>(0, 7) == 0) size = in.ConsumeIntegralInRange<size_t>(0, 4096);
    out.values.resize(size);
    for (float& v : out.values) v = in.remaining_bytes() ? fuzzed_value(in) : 0.5f;
    out.view.data = in.ConsumeIntegralInRange<uint8_t>(0, 31) == 0 ? nullptr : out.values.data();
    out.view.size = size;
    out.view.shape = shape;
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    const auto& all = models();
    const auto& model = all[in.ConsumeIntegralInRange<size_t>(0, all.size() - 1)];
    const dxlens::Manifest& m = model->manifest;

    dxlens::PipelineOptions options;
    options.top_k = in.ConsumeIntegralInRange<int>(-1, 6);
    options.overlay_classes = in.ConsumeIntegralInRange<int>(-1, 5);
    options.preview_side = in.ConsumeIntegralInRange<int>(-1, 32);
    options.tissue_overlay = in.ConsumeBool();
    options.batch_size = in.ConsumeIntegralInRange<int>(-1, 4);
    std::vector<dxlens::Image> images;
    const int image_count = in.ConsumeIntegralInRange<int>(1, 3);
    for (int i = 0; i < image_count; ++i) images.push_back(small_image(in));

    std::unique_ptr<dxlens::Pipeline> pipeline;
    if (!fuzz_expect_error_or_ok([&] { pipeline = std::make_unique<dxlens::Pipeline>(model, images, options); })) {
        return 0;
    }
    for (;;) {
        const dxlens::ModelRequest* request = pipeline->next();
        if (request == nullptr) break;
        const int64_t batch = request->input.shape.at(0);
        const size_t labels = m.labels.size();
        const int64_t logits = m.task == dxlens::Task::Binary && in.ConsumeBool() ? 1 : int64_t(labels);
        std::vector<FuzzedOutput> outputs;
        size_t count = request->outputs.size();
        if (in.ConsumeIntegralInRange<uint8_t>(0, 15) == 0) count = in.ConsumeIntegralInRange<size_t>(0, 3);
        for (size_t i = 0; i < count; ++i) {
            const int64_t side = in.ConsumeIntegralInRange<int64_t>(1, 4);
            outputs.push_back(fuzzed_output(in, i == 0 ? std::vector<int64_t>{batch, logits}
                                                       : std::vector<int64_t>{batch, kFeatureChannels, side, side}));
        }
        std::vector<dxlens::OutputView> views;
        for (const FuzzedOutput& o : outputs) views.push_back(o.view);
        if (!fuzz_expect_error_or_ok([&] { pipeline->submit(views, 1.0); })) return 0;
    }
    dxlens::PipelineResult result;
    if (!fuzz_expect_error_or_ok([&] { result = pipeline->finish(); })) return 0;
    FUZZ_CHECK(result.images.size() == images.size());
    for (const dxlens::ImageResult& r : result.images) {
        FUZZ_CHECK(r.probs.size() == m.labels.size());
        FUZZ_CHECK(!r.top.empty() && r.top.size() <= m.labels.size());
        for (const dxlens::Ranked& t : r.top) FUZZ_CHECK(t.index >= 0 && size_t(t.index) < m.labels.size());
        for (const dxlens::Overlay& o : r.overlays) (void)o;
    }
    return 0;
}
