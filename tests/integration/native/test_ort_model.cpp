// OrtModel and Pipeline against the tiny model tools/make_test_model.py writes
// (the integration fixture generates it under DXLENS_INTEGRATION_WORK).
#include <catch2/catch.hpp>

#include <numeric>
#include <string>

#include "dxlens/error.h"
#include "dxlens/native/file_io.h"
#include "dxlens/native/model_dir.h"
#include "dxlens/native/ort_model.h"
#include "dxlens/native/pipeline.h"

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

}  // namespace

TEST_CASE("OrtModel lists the graph's inputs and outputs", "[native][ort]") {
    const OrtModel model(work("models/tiny/model.fp32.onnx"));
    REQUIRE(model.inputs().size() == 1);
    CHECK(model.inputs()[0].name == "input");
    CHECK(model.inputs()[0].shape == std::vector<int64_t>{-1, 3, 64, 64});
    CHECK(model.inputs()[0].element_type == "float32");
    REQUIRE(model.outputs().size() == 2);
    CHECK(model.outputs()[0].name == "logits");
    CHECK(model.outputs()[1].shape == std::vector<int64_t>{-1, 16, 8, 8});
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
    CHECK_THROWS_WITH(parse_graph_optimization("max"), Catch::Contains("unknown graph optimisation level 'max'"));
}

TEST_CASE("OrtModel refuses files that are not models", "[native][ort]") {
    CHECK_THROWS_WITH(OrtModel(work("models/nope.onnx")), Catch::Contains("no such file"));
    CHECK_THROWS_WITH(OrtModel(work("models/tiny/manifest.json")), Catch::StartsWith("cannot load model"));
}

TEST_CASE("check_against compares the graph with the manifest", "[native][ort]") {
    const OrtModel model(work("models/tiny/model.fp32.onnx"));
    const Manifest good = load_manifest(work("models/tiny"));
    CHECK_NOTHROW(model.check_against(good));

    Manifest m = good;
    m.input_name = "pixels";
    CHECK_THROWS_WITH(model.check_against(m), "model has no input named 'pixels' (its inputs: 'input')");
    m = good;
    m.input_shape = {-1, 3, 224, 224};
    CHECK_THROWS_WITH(model.check_against(m),
                      "model input 'input' has shape [-1,3,64,64] but the manifest says [-1,3,224,224]");
    m = good;
    m.preprocess.dtype = DType::Uint8;
    CHECK_THROWS_WITH(model.check_against(m), "model input 'input' takes float32 but the manifest says uint8");
    m = good;
    m.labels.push_back("extra");
    CHECK_THROWS_WITH(model.check_against(m), Catch::Contains("has shape [-1,3] but the manifest has 4 labels"));
    m = good;
    m.features_output = "feature_map";
    CHECK_THROWS_WITH(model.check_against(m), Catch::Contains("no output named 'feature_map'"));
}

TEST_CASE("Pipeline classifies an image with timings and a CAM", "[native][pipeline]") {
    const Pipeline pipeline(load_model_dir(work("models/tiny")), {});
    CHECK(pipeline.model().variant == "fp32");
    REQUIRE(pipeline.model().classifier.has_value());
    CHECK(pipeline.model().classifier->channels == 16);

    ClassifyOptions options;
    options.top_k = 2;
    const Classification result = pipeline.classify(read_file(work("images/demo.png")), options);
    CHECK(result.image_width == 320);
    CHECK(result.image_height == 240);
    REQUIRE(result.probs.size() == 3);
    CHECK(std::accumulate(result.probs.begin(), result.probs.end(), 0.f) == Approx(1.f).margin(1e-5));
    REQUIRE(result.top.size() == 2);
    CHECK(result.top[0].prob >= result.top[1].prob);
    CHECK(result.timings.inference_ms > 0);
    REQUIRE(result.cam.has_value());
    CHECK(result.cam->map.width == 8);
    CHECK(result.cam->class_index == result.top[0].index);
    CHECK(result.patches.empty());

    CHECK_THROWS_AS(pipeline.classify(read_file(work("images/bad/truncated.png"))), Error);
}

TEST_CASE("Pipeline classifies a patch model patch by patch", "[native][pipeline]") {
    const Pipeline pipeline(load_model_dir(work("models/patch"), "fp32"), {});
    const Classification result = pipeline.classify(read_file(work("images/demo.jpg")));
    CHECK_FALSE(result.cam.has_value());
    REQUIRE_FALSE(result.patches.empty());
    for (const auto& p : result.patches) {
        CHECK(p.patch.size == 64);
        CHECK(p.probs.size() == 3);
    }
}

TEST_CASE("load_model_dir verifies the model file's hash", "[native][pipeline]") {
    CHECK_THROWS_WITH(load_model_dir(work("models/sha_mismatch")),
                      Catch::Contains("has sha256 ") && Catch::Contains("but the manifest says 0000"));
    CHECK_THROWS_WITH(load_model_dir(work("models/tiny"), "int8"),
                      Catch::Contains("no model file for variant 'int8' (available: fp32)"));
    CHECK_THROWS_WITH(Pipeline(load_model_dir(work("models/input_mismatch")), {}),
                      Catch::Contains("model.fp32.onnx: model input 'input' has shape [-1,3,64,64]"));
}
