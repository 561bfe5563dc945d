// Classifier weights parsed against a manifest (parse_model): the first byte
// picks one of a few fixed manifests (binary, single-label, multi-label, with
// and without CAM), the rest is the classifier file's text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "dxlens/model.h"
#include "fuzz_support.h"

namespace {

std::string manifest(const char* task, const char* labels, bool cam) {
    return std::string(R"({"name": "fuzz", "version": "1", "task": ")") + task + R"(", "labels": )" + labels +
           R"(, "input": {"name": "input", "shape": [-1, 3, 8, 8], "layout": "NCHW", "dtype": "float32", "color": "rgb"},
              "preprocess": {"resize": "stretch", "filter": "bilinear", "mean": [0, 0, 0], "std": [1, 1, 1]},
              "outputs": {"logits": "logits")" +
           (cam ? R"(, "features": "features", "classifier": "classifier.json")" : "") +
           R"(}, "files": {"fp32": {"path": "m.onnx", "sha256": ")" + std::string(64, 'a') + R"("}}})";
}

const std::string kManifests[] = {
    manifest("binary", R"(["a", "b"])", true),
    manifest("single_label", R"(["a", "b", "c"])", true),
    manifest("multi_label", R"(["a", "b", "c", "d", "e"])", true),
    manifest("single_label", R"(["a", "b"])", false),
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string& manifest_text = kManifests[data[0] % (sizeof kManifests / sizeof kManifests[0])];
    const std::string classifier(reinterpret_cast<const char*>(data + 1), size - 1);
    dxlens::Model model;
    try {
        model = dxlens::parse_model(manifest_text, classifier);
    } catch (const dxlens::Error& error) {
        FUZZ_CHECK(error.kind() == dxlens::ErrorKind::InvalidManifest);
        return 0;
    }
    const dxlens::Manifest& m = model.manifest;
    FUZZ_CHECK(model.classifier.has_value() == m.has_cam());
    if (model.classifier) {
        const dxlens::ClassifierWeights& w = *model.classifier;
        FUZZ_CHECK(w.classes > 0 && w.channels > 0);
        FUZZ_CHECK(w.weight.size() == size_t(w.classes) * size_t(w.channels));
        FUZZ_CHECK(w.bias.empty() || w.bias.size() == size_t(w.classes));
        FUZZ_CHECK(size_t(w.classes) == m.labels.size() || (m.task == dxlens::Task::Binary && w.classes == 1));
    }
    // The classifier is then checked against what a runtime reports.
    dxlens::RuntimeSignature runtime;
    runtime.inputs.push_back({"input", {-1, 3, 8, 8}, "float32"});
    runtime.outputs.push_back({"logits", {-1, int64_t(m.labels.size())}, "float32"});
    if (m.has_cam()) {
        runtime.outputs.push_back({"features", {-1, model.classifier->channels, 2, 2}, "float32"});
    }
    fuzz_expect_error_or_ok([&] { dxlens::check_model(model, runtime); });
    return 0;
}
