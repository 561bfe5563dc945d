// OrtModel and ModelRunner against the tiny model tools/make_test_model.py
// writes (the integration fixture generates it under DXLENS_INTEGRATION_WORK).
#include <catch2/catch.hpp>

#include <numeric>
#include <string>

#include "dxlens/error.h"
#include "dxlens/native/file_io.h"
#include "dxlens/native/model_dir.h"
#include "dxlens/native/model_runner.h"
#include "dxlens/native/ort_model.h"

using namespace dxlens;
using namespace dxlens::native;

namespace {

std::string work(const std::string& relative) { return std::string(DXLENS_INTEGRATION_WORK) + "/" + relative; }

Tensor zeros(int64_t batch) {
    Tensor t;
    t.shape = {batch, 3, 64, 64};
    t.f32.assign(size_t(batch) * 3 * 64 * 64, 0.f);
    return t;
}

// The kind a call throws (Internal when it throws none, so a CHECK fails).
template <typename Call>
ErrorKind kind_thrown(Call call) {
    try {
        call();
    } catch (const Error& e) {
        return e.kind();
    }
    return ErrorKind::Internal;
}

}  // namespace

TEST_CASE("OrtModel reports the graph's inputs and outputs", "[native][ort]") {
    const OrtModel model(work("models/tiny/model.fp32.onnx"));
    const RuntimeSignature& graph = model.signature();
    REQUIRE(graph.inputs.size() == 1);
    CHECK(graph.inputs[0].name == "input");
    CHECK(graph.inputs[0].shape == std::vector<int64_t>{-1, 3, 64, 64});
    CHECK(graph.inputs[0].element_type == "float32");
    REQUIRE(graph.outputs.size() == 2);
    CHECK(graph.outputs[0].name == "logits");
    CHECK(graph.outputs[1].shape == std::vector<int64_t>{-1, 16, 8, 8});
}

TEST_CASE("OrtModel runs a batch and converts ORT failures to Error", "[native][ort]") {
    SessionOptions options;
    options.intra_op_threads = 1;
    options.optimization = parse_graph_optimization("basic");
    const OrtModel model(work("models/tiny/model.fp32.onnx"), options);

    const auto all = model.run(zeros(2));
    CHECK(all.at("logits").shape == std::vector<int64_t>{2, 3});
    CHECK(all.at("features").shape == std::vector<int64_t>{2, 16, 8, 8});
    CHECK(all.at("features").data.size() == 2 * 16 * 8 * 8);

    const auto logits_only = model.run(zeros(1), {"logits"});
    CHECK(logits_only.size() == 1);
    // Identical inputs give identical rows.
    CHECK(logits_only.at("logits").data == std::vector<float>(all.at("logits").data.begin(),
                                                              all.at("logits").data.begin() + 3));

    Tensor wrong = zeros(1);
    wrong.shape = {1, 3, 32, 128};
    CHECK_THROWS_WITH(model.run(wrong), Catch::StartsWith("inference failed for model"));
    CHECK(kind_thrown([&] { model.run(wrong); }) == ErrorKind::ModelMismatch);
    CHECK_THROWS_WITH(parse_graph_optimization("max"), Catch::Contains("unknown graph optimisation level 'max'"));
}

TEST_CASE("OrtModel refuses files that are not models", "[native][ort]") {
    CHECK_THROWS_WITH(OrtModel(work("models/nope.onnx")), Catch::Contains("no such file"));
    CHECK(kind_thrown([] { OrtModel(work("models/nope.onnx")); }) == ErrorKind::Io);
    CHECK_THROWS_WITH(OrtModel(work("models/tiny/manifest.json")), Catch::StartsWith("cannot load model"));
    CHECK(kind_thrown([] { OrtModel(work("models/tiny/manifest.json")); }) == ErrorKind::Corrupt);
}

TEST_CASE("check_model compares the graph OrtModel reports with the manifest", "[native][ort]") {
    const OrtModel session(work("models/tiny/model.fp32.onnx"));
    const ModelBundle bundle = load_model_dir(work("models/tiny"));
    CHECK_NOTHROW(check_model(*bundle.model, session.signature()));

    Model m = *bundle.model;
    m.manifest.input_name = "pixels";
    CHECK_THROWS_WITH(check_model(m, session.signature()),
                      "model has no input named 'pixels' (its inputs: 'input')");
    m = *bundle.model;
    m.manifest.input_shape = {-1, 3, 224, 224};
    CHECK_THROWS_WITH(check_model(m, session.signature()),
                      "model input 'input' has shape [-1,3,64,64] but the manifest says [-1,3,224,224]");
    m = *bundle.model;
    m.manifest.preprocess.dtype = DType::Uint8;
    CHECK_THROWS_WITH(check_model(m, session.signature()),
                      "model input 'input' takes float32 but the manifest says uint8");
    m = *bundle.model;
    m.manifest.labels.push_back("extra");
    CHECK_THROWS_WITH(check_model(m, session.signature()),
                      Catch::Contains("has shape [-1,3] but the manifest has 4 labels"));
    m = *bundle.model;
    m.manifest.features_output = "feature_map";
    CHECK_THROWS_WITH(check_model(m, session.signature()), Catch::Contains("no output named 'feature_map'"));
    CHECK(kind_thrown([&] { check_model(m, session.signature()); }) == ErrorKind::ModelMismatch);
}

// One image through the core's pipeline and the runner's loop.
static PipelineResult classify(const ModelRunner& runner, const std::string& image,
                               const PipelineOptions& options = {}) {
    const std::vector<uint8_t> bytes = read_file(work(image));
    Pipeline pipeline = Pipeline::decode(runner.model(), {{bytes.data(), bytes.size()}}, options);
    return runner.run(pipeline);
}

TEST_CASE("ModelRunner runs the pipeline: timings and a CAM", "[native][runner]") {
    const ModelBundle bundle = load_model_dir(work("models/tiny"));
    CHECK(bundle.variant == "fp32");
    REQUIRE(bundle.model->classifier.has_value());
    CHECK(bundle.model->classifier->channels == 16);
    const ModelRunner runner(bundle, {});

    PipelineOptions options;
    options.top_k = 2;
    const PipelineResult run = classify(runner, "images/demo.png", options);
    REQUIRE(run.images.size() == 1);
    const ImageResult& result = run.images[0];
    CHECK(result.width == 320);
    CHECK(result.height == 240);
    REQUIRE(result.probs.size() == 3);
    CHECK(std::accumulate(result.probs.begin(), result.probs.end(), 0.f) == Approx(1.f).margin(1e-5));
    REQUIRE(result.top.size() == 2);
    CHECK(result.top[0].prob >= result.top[1].prob);
    CHECK(run.timings.inference_ms > 0);
    CHECK(run.timings.decode_ms > 0);
    REQUIRE(result.overlay_kind == OverlayKind::Cam);
    REQUIRE(result.overlays.size() == 1);
    CHECK(result.overlays[0].pixels.width == 8);
    CHECK(result.overlays[0].class_index == result.top[0].index);
    CHECK(result.patches.empty());

    CHECK_THROWS_AS(classify(runner, "images/bad/truncated.png"), Error);
}

TEST_CASE("ModelRunner batches whole images and shows an observer every output", "[native][runner]") {
    const ModelRunner runner(load_model_dir(work("models/tiny")), {});
    const std::vector<uint8_t> bytes = read_file(work("images/demo.png"));
    PipelineOptions options;
    options.batch_size = 3;
    options.overlay_classes = 0;
    Pipeline pipeline = Pipeline::decode(runner.model(), std::vector<EncodedImage>(3, {bytes.data(), bytes.size()}),
                                         options);
    std::vector<size_t> outputs_seen;
    const PipelineResult run = runner.run(pipeline, [&](const ModelRequest& request, const auto& outputs) {
        CHECK(request.samples == 3);
        outputs_seen.push_back(outputs.size());
    });
    CHECK(outputs_seen == std::vector<size_t>{2});  // logits and features, though only logits were requested
    REQUIRE(run.images.size() == 3);
    CHECK(run.images[0].probs == run.images[2].probs);
    CHECK(run.images[0].overlays.empty());
}

TEST_CASE("ModelRunner classifies a patch model patch by patch", "[native][runner]") {
    const ModelRunner runner(load_model_dir(work("models/patch"), "fp32"), {});
    const PipelineResult run = classify(runner, "images/demo.jpg", [] {
        PipelineOptions options;
        options.overlay_classes = 0;
        return options;
    }());
    const ImageResult& result = run.images[0];
    CHECK(result.overlay_kind == OverlayKind::None);
    REQUIRE_FALSE(result.patches.empty());
    for (const auto& p : result.patches) {
        CHECK(p.patch.size == 64);
        CHECK(p.probs.size() == 3);
    }
}

TEST_CASE("load_model_dir verifies the model file's hash", "[native][runner]") {
    CHECK_THROWS_WITH(load_model_dir(work("models/sha_mismatch")),
                      Catch::Contains("has sha256 ") && Catch::Contains("but the manifest says 0000"));
    CHECK(kind_thrown([] { load_model_dir(work("models/sha_mismatch")); }) == ErrorKind::ModelMismatch);
    CHECK_THROWS_WITH(load_model_dir(work("models/tiny"), "int8"),
                      Catch::Contains("no model file for variant 'int8' (available: fp32)"));
    CHECK_THROWS_WITH(ModelRunner(load_model_dir(work("models/input_mismatch")), {}),
                      Catch::Contains("model.fp32.onnx: model input 'input' has shape [-1,3,64,64]"));
    CHECK(kind_thrown([] { ModelRunner(load_model_dir(work("models/input_mismatch")), {}); }) ==
          ErrorKind::ModelMismatch);
    CHECK(kind_thrown([] { load_model_dir(work("models/no_such_model")); }) == ErrorKind::Io);
    CHECK(kind_thrown([] { load_model_dir(work("models/missing_field")); }) == ErrorKind::InvalidManifest);
}
