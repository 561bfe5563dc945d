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

// Parsers report "manifest: ..." without knowing the file; the person needs
// the path too. The kind stays the parser's.
template <typename Parse>
auto with_path(const std::string& path, Parse parse) {
    try {
        return parse();
    } catch (const Error& e) {
        throw Error(e.kind(), path + ": " + e.what());
    }
}

void require_folder(const std::string& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        throw Error(ErrorKind::Io,
                    "model folder '" + dir + "' does not exist (expected a folder holding manifest.json)");
    }
}

}  // namespace

Manifest load_manifest(const std::string& dir) {
    require_folder(dir);
    const std::string path = join(dir, "manifest.json");
    const std::string text = read_text_file(path);
    return with_path(path, [&] { return parse_manifest(text); });
}

std::shared_ptr<const Model> load_model_description(const std::string& dir) {
    const Manifest manifest = load_manifest(dir);
    const std::string manifest_text = read_text_file(join(dir, "manifest.json"));
    // The manifest parsed above, so what can fail now is a file it names: read
    // each (Io error naming it when missing) and blame the right one on a parse error.
    std::string classifier_text, domain_text;
    if (manifest.has_cam()) {
        const std::string classifier_path = join(dir, manifest.classifier_file);
        classifier_text = read_text_file(classifier_path);
        with_path(classifier_path, [&] { return parse_classifier_weights(classifier_text, manifest); });
    }
    if (manifest.domain_file.empty()) {
        return std::make_shared<const Model>(parse_model(manifest_text, classifier_text));
    }
    const std::string domain_path = join(dir, manifest.domain_file);
    domain_text = read_text_file(domain_path);
    return with_path(domain_path, [&] {
        return std::make_shared<const Model>(parse_model(manifest_text, classifier_text, domain_text));
    });
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
    bundle.model = load_model_description(dir);
    const FileCheck check = check_model_file(dir, bundle.model->manifest, variant);
    if (!check.error.empty()) throw Error(ErrorKind::Io, check.error);
    if (!check.ok()) {
        throw Error(ErrorKind::ModelMismatch, "model file '" + check.path + "' has sha256 " + check.actual +
                                                  " but the manifest says " + check.expected +
                                                  " (the file was changed or the manifest is out of date)");
    }
    bundle.variant = check.variant;
    bundle.model_path = check.path;
    return bundle;
}

}  // namespace native
}  // namespace dxlens
