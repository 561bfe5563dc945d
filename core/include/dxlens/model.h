#pragma once
// A model as the core knows it: the parsed manifest plus, for models with a CAM
// output, the classifier weights. The runtime that executes the ONNX file (ONNX
// Runtime natively, ONNX Runtime Web in the page) stays outside the core; it
// reports what the loaded graph declares, and check_model() compares that with
// the manifest, so a wrong model fails with the same message on both targets.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dxlens/cam.h"
#include "dxlens/manifest.h"
#include "dxlens/trust.h"

namespace dxlens {

struct Model {
    Manifest manifest;
    std::optional<ClassifierWeights> classifier;  // set when manifest.has_cam()
    std::optional<DomainStats> domain;            // set when the manifest names a domain file
};

// Parses the manifest and, when it names them, the classifier file's text
// (with a features output) and the domain statistics' text (with "domain"):
// Error kind InvalidManifest when one it names is empty.
Model parse_model(const std::string& manifest_json, const std::string& classifier_json,
                  const std::string& domain_json = "");

// One graph input or output as the runtime reports it (-1 = dynamic dim,
// an empty shape when the runtime does not say).
struct TensorInfo {
    std::string name;
    std::vector<int64_t> shape;
    std::string element_type;  // "float32", "uint8", ...; empty when unknown
};

struct RuntimeSignature {
    std::vector<TensorInfo> inputs;
    std::vector<TensorInfo> outputs;
};

// Throws Error (kind ModelMismatch) unless the graph is what the manifest
// promises: one input of the manifest's name, rank, dims (a dynamic batch may
// be declared on either side) and element type; the logits output with the
// class count ([batch,1] allowed for binary); the features output for CAM, a
// [batch,channels,height,width] map whose channels match the classifier.
void check_model(const Model& model, const RuntimeSignature& runtime);

// "[1,3,64,64]": used in messages about shapes.
std::string shape_to_string(const std::vector<int64_t>& shape);

}  // namespace dxlens
