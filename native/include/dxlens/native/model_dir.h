#pragma once
// A model folder, models/<name>/: manifest.json, the model file of each variant
// (checked against its SHA-256 before use) and, for CAM, classifier.json.
#include <optional>
#include <string>
#include <vector>

#include "dxlens/cam.h"
#include "dxlens/manifest.h"

namespace dxlens {
namespace native {

struct ModelBundle {
    std::string dir;
    Manifest manifest;
    std::string variant;     // the variant chosen ("fp32", "int8")
    std::string model_path;  // dir joined with the variant's file path
    std::optional<ClassifierWeights> classifier;  // present when the manifest has CAM
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

// Reads and parses <dir>/manifest.json; errors are prefixed with the file's path.
Manifest load_manifest(const std::string& dir);

// The variant name `Manifest::file(variant)` resolves to (the preferred one when empty).
std::string resolve_variant(const Manifest& manifest, const std::string& variant);

FileCheck check_model_file(const std::string& dir, const Manifest& manifest, const std::string& variant);

// Manifest + hash-verified model file + classifier weights. Throws Error naming
// the file for a missing manifest, a hash mismatch (both hashes in the message)
// or a bad classifier file.
ModelBundle load_model_dir(const std::string& dir, const std::string& variant = "");

}  // namespace native
}  // namespace dxlens
