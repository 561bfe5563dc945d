#include "dxlens/native/model_dir.h"

#include <filesystem>

#include "dxlens/error.h"
#include "dxlens/native/file_io.h"

namespace dxlens {
namespace native {

namespace {

std::string join(const std::string& dir, const std::string& relative) {
    return (std::filesystem::path(dir) / relative).string();
}

// Parsers report "manifest: ..." without knowing the file; the person needs the path too.
template <typename Parse>
auto parse_file(const std::string& path, Parse parse) {
    const std::string text = read_text_file(path);
    try {
        return parse(text);
    } catch (const Error& e) {
        throw Error(path + ": " + e.what());
    }
}

}  // namespace

Manifest load_manifest(const std::string& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        throw Error("model folder '" + dir + "' does not exist (expected a folder holding manifest.json)");
    }
    return parse_file(join(dir, "manifest.json"), [](const std::string& text) { return parse_manifest(text); });
}

std::string resolve_variant(const Manifest& manifest, const std::string& variant) {
    // Manifest::file() owns the preference order; find which entry it picked.
    const ModelFile& chosen = manifest.file(variant);
    for (const auto& entry : manifest.files) {
        if (&entry.second == &chosen) return entry.first;
    }
    return variant;
}

FileCheck check_model_file(const std::string& dir, const Manifest& manifest, const std::string& variant) {
    const ModelFile& file = manifest.file(variant);
    FileCheck check;
    check.variant = resolve_variant(manifest, variant);
    check.path = join(dir, file.path);
    check.expected = file.sha256;
    try {
        check.actual = sha256_file(check.path);
    } catch (const Error& e) {
        check.error = e.what();
    }
    return check;
}

ModelBundle load_model_dir(const std::string& dir, const std::string& variant) {
    ModelBundle bundle;
    bundle.dir = dir;
    bundle.manifest = load_manifest(dir);
    const FileCheck check = check_model_file(dir, bundle.manifest, variant);
    if (!check.error.empty()) throw Error(check.error);
    if (!check.ok()) {
        throw Error("model file '" + check.path + "' has sha256 " + check.actual + " but the manifest says " +
                    check.expected + " (the file was changed or the manifest is out of date)");
    }
    bundle.variant = check.variant;
    bundle.model_path = check.path;
    if (bundle.manifest.has_cam()) {
        const Manifest& manifest = bundle.manifest;
        bundle.classifier = parse_file(join(dir, manifest.classifier_file), [&](const std::string& text) {
            return parse_classifier_weights(text, manifest);
        });
    }
    return bundle;
}

}  // namespace native
}  // namespace dxlens
