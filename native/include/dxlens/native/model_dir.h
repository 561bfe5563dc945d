#pragma once
// A model folder, models/<name>/: manifest.json, the model file of each variant
// (checked against its SHA-256 before use) and, for CAM, classifier.json.
#include <memory>
#include <string>

#include "dxlens/manifest.h"
#include "dxlens/model.h"

namespace dxlens {
namespace native {

struct ModelBundle {
    std::string dir;
    std::shared_ptr<const Model> model;  // manifest + classifier weights (core's parse_model)
    std::string variant;                 // the variant chosen ("fp32", "int8")
    std::string model_path;              // dir joined with the variant's file path
};

// Outcome of checking one listed model file against its recorded hash.
struct FileCheck {
    std::string variant;
    std::string path;      // full path
    std::string expected;  // from the manifest
    std::string actual;    // empty when the file could not be read
    std::string error;     // why it could not be read
    bool ok() const { return error.empty() && actual == expected; }
};

// Reads and parses <dir>/manifest.json; errors are prefixed with the file's
// path and keep the parser's kind (InvalidManifest; Io for a missing folder).
Manifest load_manifest(const std::string& dir);

// The variant name `Manifest::file(variant)` resolves to (the preferred one when empty).
std::string resolve_variant(const Manifest& manifest, const std::string& variant);

FileCheck check_model_file(const std::string& dir, const Manifest& manifest, const std::string& variant);

// Manifest + classifier weights + the hash-verified path of the chosen
// variant's model file. Throws Error naming the file: Io for a missing file,
// InvalidManifest for a bad manifest or classifier file, ModelMismatch for a
// hash mismatch (both hashes in the message).
ModelBundle load_model_dir(const std::string& dir, const std::string& variant = "");

// The manifest and classifier of <dir> without choosing or checking a model
// file: for a model file from elsewhere (calibrate's augmented model).
std::shared_ptr<const Model> load_model_description(const std::string& dir);

}  // namespace native
}  // namespace dxlens
