// The pipeline driven by a fake model: a plain function stands in for the
// runtime. The fake is a real (tiny) GAP + linear network, so the CAM and the
// probabilities it leads to can be checked exactly. Runs natively and in wasm.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dxlens/cam.h"
#include "dxlens/error.h"
#include "dxlens/model.h"
#include "dxlens/pipeline.h"

using nlohmann::json;
using namespace dxlens;

namespace {

const std::string kSha(64, 'a');

// Feature map of the fake network: the input's channels average-pooled 2x2.
constexpr int kPool = 2;

json manifest_json(const std::string& task, std::vector<std::string> labels, int64_t batch, int side) {
    return json{{"name", "fake"},
                {"version", "1.0.0"},
                {"task", task},
                {"labels", labels},
                {"input", {{"name", "input"}, {"shape", {batch, 3, side, side}}, {"layout", "NCHW"},
                           {"dtype", "float32"}, {"color", "rgb"}}},
                {"preprocess", {{"resize", "stretch"}, {"filter", "bilinear"}, {"mean", {0, 0, 0}}, {"std", {1, 1, 1}}}},
                {"outputs", {{"logits", "logits"}, {"features", "features"}, {"classifier", "classifier.json"}}},
                {"files", {{"fp32", {{"path", "model.onnx"}, {"sha256", kSha}}}}}};
}

std::shared_ptr<const Model> make_model(json manifest, const std::vector<std::vector<float>>& weight) {
    std::vector<float> bias(weight.size(), 0.1f);
    const json classifier{{"weight", weight}, {"bias", bias}};
    return std::make_shared<const Model>(parse_model(manifest.dump(), classifier.dump()));
}

json patch_settings(int batch_size, const std::string& mask = "none") {
    return json{{"size", 16}, {"stride", 16}, {"downscale", 1.0}, {"mask", mask}, {"min_foreground", 0.5},
                {"max_patches", 0}, {"batch_size", batch_size}, {"aggregate", "mean"}};
}

// 8-bit RGB: bright red on the left third, dark blue-grey elsewhere, with a
// vertical ramp so every patch differs.
Image test_image(int width, int height) {
    Image image;
    image.width = width;
    image.height = height;
    image.channels = 3;
    image.pixels8.resize(image.sample_count());
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            uint8_t* p = &image.pixels8[(size_t(y) * width + x) * 3];
            const bool left = x < width / 3;
            p[0] = left ? 230 : 30;
            p[1] = uint8_t(20 + 200 * y / height);
            p[2] = left ? 10 : 120;
        }
    }
    return image;
}

// What the fake runtime returned for one request (kept to check the pipeline's use of it).
struct FakeRun {
    std::vector<float> logits, features;
    std::vector<int64_t> logits_shape, features_shape;
};

// The fake network: features = 2x2 average pool of the input planes; logits =
// weight . GAP(features) + bias. `padding_logit` fills rows beyond the real
// samples so a test can see whether the pipeline reads them.
FakeRun run_fake(const ModelRequest& request, const ClassifierWeights& weights, float padding_logit = 0.f) {
    const auto& shape = request.input.shape;
    const int64_t batch = shape[0], channels = shape[1], h = shape[2] / kPool, w = shape[3] / kPool;
    FakeRun out;
    out.features_shape = {batch, channels, h, w};
    out.logits_shape = {batch, weights.classes};
    out.features.assign(size_t(batch * channels * h * w), 0.f);
    const int64_t in_plane = shape[2] * shape[3];
    for (int64_t b = 0; b < batch; ++b) {
        std::vector<double> pooled(size_t(channels), 0.0);
        for (int64_t c = 0; c < channels; ++c) {
            const float* in = request.input.f32.data() + (b * channels + c) * in_plane;
            for (int64_t y = 0; y < h; ++y) {
                for (int64_t x = 0; x < w; ++x) {
                    float sum = 0;
                    for (int dy = 0; dy < kPool; ++dy)
                        for (int dx = 0; dx < kPool; ++dx) sum += in[(y * kPool + dy) * shape[3] + x * kPool + dx];
                    const float v = sum / (kPool * kPool);
                    out.features[size_t(((b * channels + c) * h + y) * w + x)] = v;
                    pooled[size_t(c)] += v / double(h * w);
                }
            }
        }
        for (int k = 0; k < weights.classes; ++k) {
            double logit = weights.bias[size_t(k)];
            for (int64_t c = 0; c < channels; ++c) logit += weights.weight[size_t(k * channels + c)] * pooled[size_t(c)];
            out.logits.push_back(b < int64_t(request.samples) ? float(logit) : padding_logit);
        }
    }
    return out;
}

// The host's loop, as the CLI and the worker write it.
struct Driven {
    PipelineResult result;
    std::vector<ModelRequest> requests;
    std::vector<FakeRun> runs;
};

Driven drive(Pipeline& pipeline, float padding_logit = 0.f) {
    Driven d;
    const ClassifierWeights& weights = *pipeline.model().classifier;
    while (const ModelRequest* request = pipeline.next()) {
        FakeRun run = run_fake(*request, weights, padding_logit);
        std::vector<OutputView> outputs{{run.logits.data(), run.logits.size(), run.logits_shape}};
        if (request->outputs.size() > 1) outputs.push_back({run.features.data(), run.features.size(), run.features_shape});
        d.requests.push_back(*request);
        pipeline.submit(outputs, 1.5);
        d.runs.push_back(std::move(run));
    }
    d.result = pipeline.finish();
    return d;
}

const std::vector<std::vector<float>> kThreeClasses{{4, 0, 0}, {0, 4, 0}, {0, 0, 4}};

}  // namespace

TEST_CASE("pipeline: a whole-image model gets one request, softmax, top-k, CAM overlays and a preview", "[pipeline]") {
    auto model = make_model(manifest_json("single_label", {"red", "green", "blue"}, -1, 8), kThreeClasses);
    PipelineOptions options;
    options.overlay_classes = 2;
    options.preview_side = 8;
    Pipeline pipeline(model, {test_image(16, 12)}, options);
    const Driven d = drive(pipeline);

    REQUIRE(d.requests.size() == 1);
    CHECK(d.requests[0].input.shape == std::vector<int64_t>{1, 3, 8, 8});
    CHECK(d.requests[0].outputs == std::vector<std::string>{"logits", "features"});
    REQUIRE(d.result.images.size() == 1);
    const ImageResult& r = d.result.images[0];
    const std::vector<float> expected = softmax(d.runs[0].logits.data(), 3);
    REQUIRE(r.probs.size() == 3);
    for (int k = 0; k < 3; ++k) CHECK(r.probs[size_t(k)] == Approx(expected[size_t(k)]).margin(1e-6));
    REQUIRE(r.top.size() == 3);
    CHECK(r.top[0].prob >= r.top[1].prob);
    CHECK(r.overlay_kind == OverlayKind::Cam);
    REQUIRE(r.overlays.size() == 2);
    CHECK(r.overlays[0].class_index == r.top[0].index);
    CHECK(r.overlays[1].class_index == r.top[1].index);
    // The CAM stays at feature resolution; the placement is the stretched image.
    CHECK(r.overlays[0].pixels.width == 4);
    CHECK(r.overlays[0].pixels.height == 4);
    CHECK(r.overlays[0].placement.x == Approx(0));
    CHECK(r.overlays[0].placement.width == Approx(16));
    CHECK(r.overlays[0].placement.height == Approx(12));
    REQUIRE(r.preview);
    CHECK(r.preview->width == 8);
    CHECK(r.preview->height == 6);
    CHECK(r.preview->data.size() == 8 * 6 * 4);
    CHECK(d.result.timings.inference_ms == Approx(1.5));
}

TEST_CASE("pipeline: no overlays asked for means no features fetched", "[pipeline]") {
    auto model = make_model(manifest_json("single_label", {"red", "green", "blue"}, -1, 8), kThreeClasses);
    PipelineOptions options;
    options.overlay_classes = 0;
    Pipeline pipeline(model, {test_image(16, 12), test_image(20, 10), test_image(9, 9)}, options);
    const Driven d = drive(pipeline);
    REQUIRE(d.requests.size() == 3);  // batch_size 1: one run per image
    CHECK(d.requests[0].outputs == std::vector<std::string>{"logits"});
    REQUIRE(d.result.images.size() == 3);
    CHECK(d.result.images[1].width == 20);
    CHECK(d.result.images[2].overlays.empty());
    CHECK_FALSE(d.result.images[2].preview);
}

TEST_CASE("pipeline: a patch model runs its patches in manifest-sized batches and aggregates them", "[pipeline]") {
    json manifest = manifest_json("single_label", {"red", "green", "blue"}, -1, 8);
    manifest["patch"] = patch_settings(5);
    auto model = make_model(manifest, kThreeClasses);
    Pipeline pipeline(model, {test_image(64, 48)}, PipelineOptions{});
    const Driven d = drive(pipeline);

    // A 4 x 3 grid of 16-px patches in batches of 5: 5, 5, 2.
    REQUIRE(d.requests.size() == 3);
    CHECK(d.requests[0].input.shape[0] == 5);
    CHECK(d.requests[2].input.shape[0] == 2);
    CHECK(d.requests[0].outputs == std::vector<std::string>{"logits"});  // no CAM for patches
    const ImageResult& r = d.result.images[0];
    REQUIRE(r.patches.size() == 12);
    std::vector<float> mean(3, 0.f);
    for (const auto& p : r.patches) {
        for (int k = 0; k < 3; ++k) mean[size_t(k)] += p.probs[size_t(k)] / 12.f;
    }
    for (int k = 0; k < 3; ++k) CHECK(r.probs[size_t(k)] == Approx(mean[size_t(k)]).margin(1e-6));
    // The left column of patches is red, the others not.
    CHECK(r.patches[0].probs[0] > r.patches[3].probs[0]);
    CHECK(r.patches[0].best.index == 0);
    CHECK(r.patches[0].best.prob == Approx(r.patches[0].probs[0]));
    CHECK(r.overlay_kind == OverlayKind::PatchHeatmap);
    REQUIRE(r.overlays.size() == 1);
    CHECK(r.overlays[0].placement.width >= 64);
    CHECK(r.overlays[0].placement.height >= 48);
}

TEST_CASE("pipeline: patches cover the model's field of view at the image's scale", "[pipeline][scale]") {
    json manifest = manifest_json("single_label", {"red", "green", "blue"}, -1, 8);
    manifest["patch"] = patch_settings(16);
    manifest["patch"]["downscale"] = 2.0;  // the reference images: 16 model px = 32 source px
    manifest["patch"]["scale"] = {{"reference", "test originals"}};
    auto model = make_model(manifest, kThreeClasses);

    // At the reference scale: 32-px patches, a 2 x 2 grid on 64 x 64.
    Pipeline reference(model, {test_image(64, 64)}, PipelineOptions{});
    Driven d = drive(reference);
    const ImageResult& r = d.result.images[0];
    REQUIRE(r.scale);
    CHECK(r.scale->source == ScaleSource::Reference);
    CHECK(r.scale->field_of_view == 32);
    REQUIRE(r.patches.size() == 4);
    CHECK(r.patches[0].patch.size == 32);

    // The same image said to be at twice the reference resolution: one patch covers it all.
    PipelineOptions doubled;
    doubled.input_scale.relative = 2.0;
    Pipeline twice(model, {test_image(64, 64)}, doubled);
    d = drive(twice);
    REQUIRE(d.result.images[0].patches.size() == 1);
    CHECK(d.result.images[0].scale->source == ScaleSource::User);
    CHECK(d.result.images[0].patches[0].patch.size == 64);

    // Whole-image models have no scale.
    auto whole = make_model(manifest_json("single_label", {"red", "green", "blue"}, -1, 8), kThreeClasses);
    Pipeline plain(whole, {test_image(16, 16)}, PipelineOptions{});
    CHECK_FALSE(drive(plain).result.images[0].scale);
}

TEST_CASE("pipeline: all_patches classifies every patch the manifest's max_patches would leave out", "[pipeline]") {
    json manifest = manifest_json("single_label", {"red", "green", "blue"}, -1, 8);
    manifest["patch"] = patch_settings(16);
    manifest["patch"]["max_patches"] = 3;  // of the 4 x 3 grid of 16-px patches on 64 x 48
    auto model = make_model(manifest, kThreeClasses);

    Pipeline subset(model, {test_image(64, 48)}, PipelineOptions{});
    CHECK(drive(subset).result.images[0].patches.size() == 3);

    PipelineOptions every;
    every.all_patches = true;
    Pipeline all(model, {test_image(64, 48)}, every);
    CHECK(drive(all).result.images[0].patches.size() == 12);

    // A whole-image model ignores it: one sample, no patches.
    auto whole = make_model(manifest_json("single_label", {"red", "green", "blue"}, -1, 8), kThreeClasses);
    Pipeline plain(whole, {test_image(16, 16)}, every);
    CHECK(drive(plain).result.images[0].patches.empty());
}

TEST_CASE("pipeline: a one-logit binary classifier gets [1-p, p] and a CAM for both classes", "[pipeline]") {
    // One row: the red channel raises the positive class.
    auto model = make_model(manifest_json("binary", {"other", "red"}, -1, 8), {{6, -3, -3}});
    PipelineOptions options;
    options.overlay_classes = 2;
    Pipeline pipeline(model, {test_image(16, 16)}, options);
    const Driven d = drive(pipeline);

    const ImageResult& r = d.result.images[0];
    const float p = 1.f / (1.f + std::exp(-d.runs[0].logits[0]));
    REQUIRE(r.probs.size() == 2);
    CHECK(r.probs[1] == Approx(p).margin(1e-6));
    CHECK(r.probs[0] == Approx(1 - p).margin(1e-6));
    REQUIRE(r.overlays.size() == 2);
    CHECK(r.overlays[0].class_index != r.overlays[1].class_index);

    // The two maps are the same evidence with opposite sign: after min-max
    // normalisation they sum to one everywhere, and the red side is hot for "red".
    const FakeRun& run = d.runs[0];
    const ClassifierWeights& w = *model->classifier;
    const PlanarImage positive = class_activation_map(run.features.data(), 3, 4, 4, w, 1);
    const PlanarImage negative = class_activation_map(run.features.data(), 3, 4, 4, w, 0);
    for (size_t i = 0; i < positive.data.size(); ++i) CHECK(positive.data[i] + negative.data[i] == Approx(1.f).margin(1e-5));
    CHECK(positive.data[0] > positive.data[3]);  // column 0 is red, column 3 is not
}

TEST_CASE("pipeline: a model with a fixed batch gets padded batches whose padding is ignored", "[pipeline]") {
    json fixed = manifest_json("single_label", {"red", "green", "blue"}, 4, 8);
    fixed["patch"] = patch_settings(4);
    json dynamic = manifest_json("single_label", {"red", "green", "blue"}, -1, 8);
    dynamic["patch"] = patch_settings(4);
    const Image image = test_image(48, 32);  // 3 x 2 = 6 patches

    Pipeline fixed_pipeline(make_model(fixed, kThreeClasses), {image}, PipelineOptions{});
    const Driven f = drive(fixed_pipeline, /*padding_logit=*/100.f);
    REQUIRE(f.requests.size() == 2);
    CHECK(f.requests[0].input.shape[0] == 4);
    CHECK(f.requests[1].input.shape[0] == 4);
    CHECK(f.requests[1].samples == 2);

    Pipeline dynamic_pipeline(make_model(dynamic, kThreeClasses), {image}, PipelineOptions{});
    const Driven d = drive(dynamic_pipeline);
    CHECK(d.requests[1].input.shape[0] == 2);
    REQUIRE(f.result.images[0].patches.size() == 6);
    for (int k = 0; k < 3; ++k) {
        CHECK(f.result.images[0].probs[size_t(k)] == Approx(d.result.images[0].probs[size_t(k)]).margin(1e-6));
    }
}

TEST_CASE("pipeline: wrong outputs, blank slides and misuse fail with their kind", "[pipeline]") {
    auto model = make_model(manifest_json("single_label", {"red", "green", "blue"}, -1, 8), kThreeClasses);
    Pipeline pipeline(model, {test_image(16, 12)}, PipelineOptions{});
    const ModelRequest* request = pipeline.next();
    REQUIRE(request);
    CHECK_THROWS_AS(pipeline.next(), Error);
    std::vector<float> logits(6, 0.f);  // a batch of 2 for a request of 1
    try {
        pipeline.submit({{logits.data(), logits.size(), {2, 3}}, {logits.data(), 0, {1, 3, 4, 4}}}, 0);
        FAIL("wrong logits shape accepted");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::ModelMismatch);
    }

    json slide = manifest_json("single_label", {"red", "green", "blue"}, -1, 8);
    slide["patch"] = patch_settings(4, "grey");
    Image blank;
    blank.width = 64;
    blank.height = 64;
    blank.channels = 1;
    blank.pixels8.assign(64 * 64, 255);
    try {
        Pipeline none(make_model(slide, kThreeClasses), {blank}, PipelineOptions{});
        FAIL("a blank slide was accepted");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::NoTissue);
    }

    const uint8_t nothing[1] = {0};
    try {
        Pipeline::decode(model, {{nothing, 0}});
        FAIL("an empty file was accepted");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::Empty);
    }
}

TEST_CASE("check_model: the runtime's view of a graph is checked against the manifest", "[pipeline][model]") {
    auto model = make_model(manifest_json("single_label", {"red", "green", "blue"}, -1, 8), kThreeClasses);
    RuntimeSignature good{{{"input", {-1, 3, 8, 8}, "float32"}},
                          {{"logits", {-1, 3}, "float32"}, {"features", {-1, 3, 4, 4}, "float32"}}};
    CHECK_NOTHROW(check_model(*model, good));

    auto kind_of = [&](RuntimeSignature signature) {
        try {
            check_model(*model, signature);
        } catch (const Error& e) {
            return std::string(error_kind_name(e.kind())) + ": " + e.what();
        }
        return std::string("(no error)");
    };
    RuntimeSignature renamed = good;
    renamed.inputs[0].name = "pixels";
    CHECK_THAT(kind_of(renamed), Catch::StartsWith("model_mismatch: model has no input named 'input'"));
    RuntimeSignature uint8 = good;
    uint8.inputs[0].element_type = "uint8";
    CHECK_THAT(kind_of(uint8), Catch::Contains("takes uint8 but the manifest says float32"));
    RuntimeSignature classes = good;
    classes.outputs[0].shape = {-1, 4};
    CHECK_THAT(kind_of(classes), Catch::Contains("has 3 labels"));
    RuntimeSignature channels = good;
    channels.outputs[1].shape = {-1, 8, 4, 4};
    CHECK_THAT(kind_of(channels), Catch::Contains("has 3 channels"));
    RuntimeSignature no_features = good;
    no_features.outputs.pop_back();
    CHECK_THAT(kind_of(no_features), Catch::Contains("no output named 'features'"));
    // A runtime that does not report shapes is checked by names only.
    RuntimeSignature names_only{{{"input", {}, ""}}, {{"logits", {}, ""}, {"features", {}, ""}}};
    CHECK_NOTHROW(check_model(*model, names_only));
}
