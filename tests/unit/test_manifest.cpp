// Manifest and classifier-file parsing: a valid manifest gives the right values;
// every broken one gives an Error naming the offending field.
#include <catch2/catch.hpp>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "dxlens/error.h"
#include "dxlens/manifest.h"

using nlohmann::json;

namespace {

const std::string kSha(64, 'a');

json valid_manifest() {
    return json::parse(R"({
      "name": "chest_xray", "version": "1.0.0", "task": "single_label",
      "labels": ["NORMAL", "PNEUMONIA", "COVID"],
      "input": {"name": "input", "shape": [-1, 3, 224, 192], "layout": "NCHW",
                "dtype": "float32", "color": "rgb"},
      "preprocess": {"resize": "shorter_side_center_crop", "resize_size": 256, "filter": "bicubic",
                     "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]},
      "outputs": {"logits": "logits", "features": "features", "classifier": "classifier.json"},
      "files": {"fp32": {"path": "model.fp32.onnx", "sha256": ")" + kSha + R"("},
                "int8": {"path": "model.int8.onnx", "sha256": ")" + std::string(64, 'B') + R"("}}
    })");
}

json patch_section() {
    return json::parse(R"({"size": 64, "stride": 32, "downscale": 2.0, "mask": "grey",
                           "min_foreground": 0.25, "max_patches": 10, "batch_size": 4,
                           "aggregate": "majority_vote"})");
}

std::string error_of(const json& manifest) {
    try {
        dxlens::parse_manifest(manifest.dump());
    } catch (const dxlens::Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("manifest: a valid manifest parses to the right values", "[manifest]") {
    const dxlens::Manifest m = dxlens::parse_manifest(valid_manifest().dump());
    CHECK(m.name == "chest_xray");
    CHECK(m.version == "1.0.0");
    CHECK(m.task == dxlens::Task::SingleLabel);
    CHECK(m.labels == std::vector<std::string>{"NORMAL", "PNEUMONIA", "COVID"});
    CHECK(m.top_k == 3);  // default min(5, classes)
    CHECK(m.input_name == "input");
    CHECK(m.input_shape == std::vector<int64_t>{-1, 3, 224, 192});

    const dxlens::PreprocessSpec& p = m.preprocess;
    CHECK(p.policy == dxlens::ResizePolicy::ShorterSideCenterCrop);
    CHECK(p.resize_size == 256);
    CHECK(p.out_height == 224);
    CHECK(p.out_width == 192);
    CHECK(p.filter == dxlens::ResizeFilter::Bicubic);
    CHECK(p.color == dxlens::ColorMode::RGB);
    CHECK(p.layout == dxlens::Layout::NCHW);
    CHECK(p.dtype == dxlens::DType::Float32);
    CHECK(p.mean[1] == Approx(0.456f));
    CHECK(p.std[2] == Approx(0.225f));

    CHECK_FALSE(m.patch.has_value());
    CHECK(m.logits_output == "logits");
    CHECK(m.has_cam());
    CHECK(m.features_output == "features");
    CHECK(m.classifier_file == "classifier.json");

    REQUIRE(m.files.size() == 2);
    CHECK(m.file("fp32").path == "model.fp32.onnx");
    CHECK(m.file("fp32").sha256 == kSha);
    CHECK(m.file().path == "model.int8.onnx");         // int8 is preferred
    CHECK(m.file("int8").sha256 == std::string(64, 'b'));  // stored lower-case
    CHECK_THROWS_WITH(m.file("fp16"), Catch::Contains("'fp16'") && Catch::Contains("fp32, int8"));
    CHECK(std::string(dxlens::task_name(m.task)) == "single_label");
}

TEST_CASE("manifest: NHWC grey uint8 with letterbox and a patch section", "[manifest]") {
    json j = valid_manifest();
    j["task"] = "binary";
    j["labels"] = {"benign", "malignant"};
    j["top_k"] = 1;
    j["input"] = {{"name", "pixels"}, {"shape", {8, 96, 128, 1}}, {"layout", "NHWC"},
                  {"dtype", "uint8"}, {"color", "grey"}};
    j["preprocess"] = {{"resize", "letterbox"}, {"filter", "bilinear"}, {"letterbox_fill", 0.5}};
    j["patch"] = patch_section();
    j["outputs"] = {{"logits", "out"}};
    j["files"].erase("int8");

    const dxlens::Manifest m = dxlens::parse_manifest(j.dump());
    CHECK(m.task == dxlens::Task::Binary);
    CHECK(m.top_k == 1);
    CHECK(m.preprocess.layout == dxlens::Layout::NHWC);
    CHECK(m.preprocess.dtype == dxlens::DType::Uint8);
    CHECK(m.preprocess.color == dxlens::ColorMode::Grey);
    CHECK(m.preprocess.channels() == 1);
    CHECK(m.preprocess.out_height == 96);
    CHECK(m.preprocess.out_width == 128);
    CHECK(m.preprocess.policy == dxlens::ResizePolicy::Letterbox);
    CHECK(m.preprocess.letterbox_fill == Approx(0.5f));
    CHECK(m.preprocess.std[0] == 1.f);  // uint8 models need no mean/std
    CHECK_FALSE(m.has_cam());
    CHECK(m.file().path == "model.fp32.onnx");  // no int8: falls back to fp32

    REQUIRE(m.patch.has_value());
    const dxlens::PatchSettings& s = m.patch->settings;
    CHECK(s.size == 64);
    CHECK(s.stride == 32);
    CHECK(s.downscale == Approx(2.0));
    CHECK(s.mask == dxlens::MaskMethod::Grey);
    CHECK(s.min_foreground == Approx(0.25));
    CHECK(s.max_patches == 10);
    CHECK(s.batch_size == 4);
    CHECK(m.patch->aggregate == dxlens::Aggregation::MajorityVote);
}

TEST_CASE("manifest: a patch model states its reference scale", "[manifest][scale]") {
    json j = valid_manifest();
    j["patch"] = patch_section();
    j["patch"]["scale"] = {{"reference", "LC25000 originals (768x768 px)"}, {"input_microns_per_pixel", 1.5}};
    const dxlens::Manifest m = dxlens::parse_manifest(j.dump());
    CHECK(m.patch->scale_reference == "LC25000 originals (768x768 px)");
    CHECK(m.patch->input_microns_per_pixel == 1.5);
    j["patch"]["scale"]["input_microns_per_pixel"] = 0;
    CHECK_THROWS_WITH(dxlens::parse_manifest(j.dump()),
                      Catch::Matchers::Contains("'patch.scale.input_microns_per_pixel' must be > 0"));
    j["patch"]["scale"] = {{"input_microns_per_pixel", 1.5}};
    CHECK_THROWS_WITH(dxlens::parse_manifest(j.dump()), Catch::Matchers::Contains("patch.scale.reference"));
}

TEST_CASE("manifest: optional fields take their defaults", "[manifest]") {
    json j = valid_manifest();
    j["labels"] = {"a", "b", "c", "d", "e", "f", "g"};
    j["patch"] = {{"size", 32}, {"stride", 32}, {"mask", "none"}, {"aggregate", "max"}};
    const dxlens::Manifest m = dxlens::parse_manifest(j.dump());
    CHECK(m.top_k == 5);
    REQUIRE(m.patch.has_value());
    CHECK(m.patch->settings.downscale == 1.0);
    CHECK(m.patch->settings.max_patches == 0);
    CHECK(m.patch->settings.batch_size == 16);
    CHECK(m.patch->aggregate == dxlens::Aggregation::Max);
    CHECK(m.patch->scale_reference.empty());
    CHECK(m.patch->input_microns_per_pixel == 0);
    CHECK(m.role.empty());
    j["role"] = "router";
    CHECK(dxlens::parse_manifest(j.dump()).role == "router");
    CHECK(std::string(dxlens::task_name(dxlens::Task::MultiLabel)) == "multi_label");
    CHECK(std::string(dxlens::task_name(dxlens::Task::Binary)) == "binary");
}

TEST_CASE("manifest: each broken manifest names the field at fault", "[manifest]") {
    struct Case {
        const char* what;
        std::function<void(json&)> breakit;
        const char* expected;
    };
    const std::vector<Case> cases = {
        {"no name", [](json& j) { j.erase("name"); }, "manifest: missing field 'name'"},
        {"version not a string", [](json& j) { j["version"] = 1; }, "'version' must be a string, got an integer"},
        {"role not a string", [](json& j) { j["role"] = 1; }, "'role' must be a string, got an integer"},
        {"unknown task", [](json& j) { j["task"] = "regression"; }, "'task' is 'regression', expected 'single_label'"},
        {"labels not an array", [](json& j) { j["labels"] = "NORMAL"; }, "'labels' must be an array of strings, got a string"},
        {"label not a string", [](json& j) { j["labels"][1] = 7; }, "'labels[1]' must be a string"},
        {"empty labels", [](json& j) { j["labels"] = json::array(); }, "'labels' must not be empty"},
        {"duplicate label", [](json& j) { j["labels"][2] = "NORMAL"; }, "'labels' contains 'NORMAL' twice"},
        {"binary with 3 labels", [](json& j) { j["task"] = "binary"; }, "manifest: 'task' is 'binary' but there are 3 labels"},
        {"top_k too large", [](json& j) { j["top_k"] = 4; }, "'top_k' is 4 but there are only 3 labels"},
        {"top_k zero", [](json& j) { j["top_k"] = 0; }, "'top_k' must be a positive integer"},
        {"no input", [](json& j) { j.erase("input"); }, "missing field 'input'"},
        {"input not an object", [](json& j) { j["input"] = 3; }, "'input' must be an object, got an integer"},
        {"no input name", [](json& j) { j["input"].erase("name"); }, "manifest: missing field 'input.name'"},
        {"shape rank", [](json& j) { j["input"]["shape"] = {3, 224, 224}; }, "'input.shape' must have 4 dimensions, got 3"},
        {"shape not array", [](json& j) { j["input"]["shape"] = "1x3x224x224"; }, "'input.shape' must be an array of integers"},
        {"shape float", [](json& j) { j["input"]["shape"][2] = 22.5; }, "'input.shape[2]' must be an integer"},
        {"shape zero", [](json& j) { j["input"]["shape"][3] = 0; }, "'input.shape[3]' is 0"},
        {"shape dynamic spatial", [](json& j) { j["input"]["shape"][2] = -1; }, "'input.shape[2]' is -1"},
        {"channels vs colour", [](json& j) { j["input"]["shape"][1] = 1; },
         "manifest: 'input.shape' channel dimension is 1 but color is 'rgb'"},
        {"NHWC channels", [](json& j) { j["input"]["layout"] = "NHWC"; }, "'input.shape' channel dimension is 192"},
        {"bad layout", [](json& j) { j["input"]["layout"] = "CHW"; }, "'input.layout' is 'CHW', expected 'NCHW' or 'NHWC'"},
        {"bad dtype", [](json& j) { j["input"]["dtype"] = "float16"; }, "'input.dtype' is 'float16'"},
        {"bad color", [](json& j) { j["input"]["color"] = "bgr"; }, "'input.color' is 'bgr'"},
        {"no preprocess", [](json& j) { j.erase("preprocess"); }, "missing field 'preprocess'"},
        {"bad resize", [](json& j) { j["preprocess"]["resize"] = "crop"; }, "'preprocess.resize' is 'crop'"},
        {"no resize_size", [](json& j) { j["preprocess"].erase("resize_size"); }, "missing field 'preprocess.resize_size'"},
        {"resize_size below crop", [](json& j) { j["preprocess"]["resize_size"] = 200; },
         "'preprocess.resize_size' is 200 but the crop is 192x224"},
        {"bad filter", [](json& j) { j["preprocess"]["filter"] = "lanczos"; }, "'preprocess.filter' is 'lanczos'"},
        {"mean length", [](json& j) { j["preprocess"]["mean"] = {0.5}; },
         "manifest: 'preprocess.mean' has 1 value, expected 3 for color 'rgb'"},
        {"mean not numbers", [](json& j) { j["preprocess"]["mean"][0] = "0.5"; }, "'preprocess.mean[0]' must be a number"},
        {"std zero", [](json& j) { j["preprocess"]["std"][1] = 0; }, "'preprocess.std[1]' must be greater than 0"},
        {"no std", [](json& j) { j["preprocess"].erase("std"); }, "missing field 'preprocess.std'"},
        {"letterbox fill", [](json& j) { j["preprocess"]["letterbox_fill"] = 2; }, "'preprocess.letterbox_fill' must be in [0, 1]"},
        {"patch size", [](json& j) { j["patch"] = patch_section(); j["patch"]["size"] = -4; }, "'patch.size' must be a positive integer"},
        {"patch no stride", [](json& j) { j["patch"] = patch_section(); j["patch"].erase("stride"); }, "missing field 'patch.stride'"},
        {"patch downscale", [](json& j) { j["patch"] = patch_section(); j["patch"]["downscale"] = 0.5; }, "'patch.downscale' must be at least 1"},
        {"patch mask", [](json& j) { j["patch"] = patch_section(); j["patch"]["mask"] = "otsu"; }, "'patch.mask' is 'otsu'"},
        {"patch aggregate", [](json& j) { j["patch"] = patch_section(); j["patch"]["aggregate"] = "median"; }, "'patch.aggregate' is 'median'"},
        {"patch foreground", [](json& j) { j["patch"] = patch_section(); j["patch"]["min_foreground"] = 1.5; }, "'patch.min_foreground' must be in [0, 1]"},
        {"patch batch vs fixed batch", [](json& j) { j["patch"] = patch_section(); j["input"]["shape"][0] = 1; },
         "'patch.batch_size' is 4 but 'input.shape' fixes the batch at 1"},
        {"no outputs", [](json& j) { j.erase("outputs"); }, "missing field 'outputs'"},
        {"no logits", [](json& j) { j["outputs"].erase("logits"); }, "missing field 'outputs.logits'"},
        {"features without classifier", [](json& j) { j["outputs"].erase("classifier"); }, "missing field 'outputs.classifier'"},
        {"classifier without features", [](json& j) { j["outputs"].erase("features"); }, "missing field 'outputs.features'"},
        {"no files", [](json& j) { j.erase("files"); }, "missing field 'files'"},
        {"empty files", [](json& j) { j["files"] = json::object(); }, "'files' must list at least one model file"},
        {"file not object", [](json& j) { j["files"]["int8"] = "model.int8.onnx"; }, "'files.int8' must be an object"},
        {"file no path", [](json& j) { j["files"]["fp32"].erase("path"); }, "missing field 'files.fp32.path'"},
        {"file path escapes", [](json& j) { j["files"]["fp32"]["path"] = "../other/model.onnx"; }, "'files.fp32.path' must be a path inside the model folder"},
        {"short sha", [](json& j) { j["files"]["int8"]["sha256"] = "abc"; }, "manifest: 'files.int8.sha256' must be 64 hex characters"},
        {"non-hex sha", [](json& j) { j["files"]["fp32"]["sha256"] = std::string(64, 'g'); }, "'files.fp32.sha256' must be 64 hex characters"},
        {"not an object", [](json& j) { j = json::array(); }, "manifest: the document must be a JSON object, got an array"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        json j = valid_manifest();
        c.breakit(j);
        CHECK_THAT(error_of(j), Catch::Contains(c.expected));
    }
}

TEST_CASE("manifest: display labels and the upload hint, for people", "[manifest]") {
    json j = valid_manifest();
    const dxlens::Manifest plain = dxlens::parse_manifest(j.dump());
    CHECK(plain.display_labels.empty());  // optional: absent means the labels themselves
    CHECK(plain.upload_hint.empty());
    CHECK(plain.display_label(1) == "PNEUMONIA");

    j["display_labels"] = {"Normal", "Pneumonia", "COVID-19 pneumonia"};
    j["upload_hint"] = "A frontal chest X-ray (PA or AP), as PNG or JPEG";
    const dxlens::Manifest m = dxlens::parse_manifest(j.dump());
    CHECK(m.display_labels == std::vector<std::string>{"Normal", "Pneumonia", "COVID-19 pneumonia"});
    CHECK(m.display_label(2) == "COVID-19 pneumonia");
    CHECK(m.labels[2] == "COVID");  // the labels stay as they were
    CHECK(m.upload_hint == "A frontal chest X-ray (PA or AP), as PNG or JPEG");

    // The length limits count characters, not UTF-8 bytes: 80 two-byte characters pass.
    std::string umlauts;
    for (int i = 0; i < 80; ++i) umlauts += "\xc3\xa4";
    j["display_labels"][0] = umlauts;
    CHECK(dxlens::parse_manifest(j.dump()).display_label(0) == umlauts);
    j["upload_hint"] = std::string(400, 'x');
    CHECK(dxlens::parse_manifest(j.dump()).upload_hint.size() == 400);
}

TEST_CASE("manifest: a broken display label or upload hint names the field", "[manifest]") {
    struct Case {
        const char* what;
        std::function<void(json&)> breakit;
        const char* expected;
    };
    const std::vector<Case> cases = {
        {"not an array", [](json& j) { j["display_labels"] = "Normal"; },
         "manifest: 'display_labels' must be an array of strings, got a string"},
        {"not a string", [](json& j) { j["display_labels"] = {"Normal", 2, "Covid"}; },
         "manifest: 'display_labels[1]' must be a string, got an integer"},
        {"too few", [](json& j) { j["display_labels"] = {"Normal", "Pneumonia"}; },
         "manifest: 'display_labels' has 2 names for 3 labels; it needs one per label"},
        {"too many", [](json& j) { j["display_labels"] = {"a", "b", "c", "d"}; },
         "'display_labels' has 4 names for 3 labels"},
        {"empty array", [](json& j) { j["display_labels"] = json::array(); }, "'display_labels' has 0 names for 3 labels"},
        {"empty name", [](json& j) { j["display_labels"] = {"Normal", "", "Covid"}; },
         "manifest: 'display_labels[1]' must not be empty or blank"},
        {"blank name", [](json& j) { j["display_labels"] = {"Normal", "Pneumonia", "   "}; },
         "'display_labels[2]' must not be empty or blank"},
        {"newline", [](json& j) { j["display_labels"] = {"Normal", "Pneu\nmonia", "Covid"}; },
         "'display_labels[1]' must be one line of text without control characters"},
        {"too long", [](json& j) { j["display_labels"] = {"Normal", std::string(81, 'p'), "Covid"}; },
         "manifest: 'display_labels[1]' is 81 characters long, at most 80 are allowed"},
        {"duplicate", [](json& j) { j["display_labels"] = {"Normal", "Pneumonia", "Pneumonia"}; },
         "'display_labels' contains 'Pneumonia' twice"},
        {"hint not a string", [](json& j) { j["upload_hint"] = json::array({"x"}); },
         "manifest: 'upload_hint' must be a string, got an array"},
        {"hint empty", [](json& j) { j["upload_hint"] = ""; }, "manifest: 'upload_hint' must not be empty or blank"},
        {"hint control", [](json& j) { j["upload_hint"] = "X-ray\tPNG"; }, "'upload_hint' must be one line of text"},
        {"hint too long", [](json& j) { j["upload_hint"] = std::string(401, 'x'); },
         "manifest: 'upload_hint' is 401 characters long, at most 400 are allowed"},
    };
    for (const Case& c : cases) {
        INFO(c.what);
        json j = valid_manifest();
        c.breakit(j);
        CHECK_THAT(error_of(j), Catch::Contains(c.expected));
    }
}

TEST_CASE("manifest: invalid JSON reports the parser's position", "[manifest]") {
    const std::string text = "{\n  \"name\": \"x\",\n  \"version\": }\n";
    CHECK_THROWS_WITH(dxlens::parse_manifest(text),
                      Catch::StartsWith("manifest: invalid JSON") && Catch::Contains("line 3, column"));
    CHECK_THROWS_WITH(dxlens::parse_manifest(""), Catch::StartsWith("manifest: invalid JSON"));
}

TEST_CASE("classifier weights: shape checked against the labels", "[manifest]") {
    const dxlens::Manifest m = dxlens::parse_manifest(valid_manifest().dump());
    const auto w = dxlens::parse_classifier_weights(
        R"({"weight": [[1, 2], [3, 4], [5, 6]], "bias": [0.1, 0.2, 0.3]})", m);
    CHECK(w.classes == 3);
    CHECK(w.channels == 2);
    CHECK(w.weight == std::vector<float>{1, 2, 3, 4, 5, 6});
    REQUIRE(w.bias.size() == 3);
    CHECK(w.bias[2] == Approx(0.3f));

    const auto no_bias = dxlens::parse_classifier_weights(R"({"weight": [[1], [2], [3]]})", m);
    CHECK(no_bias.bias.empty());

    using Catch::Contains;
    CHECK_THROWS_WITH(dxlens::parse_classifier_weights(R"({"weight": [[1, 2], [3, 4]]})", m),
                      Contains("classifier: 'weight' has 2 rows but the manifest has 3 labels"));
    CHECK_THROWS_WITH(dxlens::parse_classifier_weights(R"({"weight": [[1, 2], [3], [5, 6]]})", m),
                      Contains("'weight[1]' has 1 values but row 0 has 2"));
    CHECK_THROWS_WITH(dxlens::parse_classifier_weights(R"({"weight": [[1], [2], [3]], "bias": [1]})", m),
                      Contains("'bias' has 1 values but 'weight' has 3 rows"));
    CHECK_THROWS_WITH(dxlens::parse_classifier_weights(R"({"bias": [1, 2, 3]})", m),
                      Contains("missing field 'weight'"));
    CHECK_THROWS_WITH(dxlens::parse_classifier_weights(R"({"weight": [[1], ["x"], [3]]})", m),
                      Contains("'weight[1]' must contain only finite numbers"));
    CHECK_THROWS_WITH(dxlens::parse_classifier_weights("[", m), Contains("classifier: invalid JSON"));
}
