#include "dxlens/error.h"
#include "dxlens/model.h"

namespace dxlens {

Model parse_model(const std::string& manifest_json, const std::string& classifier_json,
                  const std::string& domain_json) {
    Model model;
    model.manifest = parse_manifest(manifest_json);
    if (model.manifest.has_cam()) {
        if (classifier_json.empty()) {
            throw Error(ErrorKind::InvalidManifest, "model '" + model.manifest.name + "' needs its classifier file '" +
                                                        model.manifest.classifier_file + "' for CAM");
        }
        model.classifier = parse_classifier_weights(classifier_json, model.manifest);
    }
    if (!model.manifest.domain_file.empty()) {
        if (!model.manifest.has_cam()) {
            throw Error(ErrorKind::InvalidManifest, "manifest: 'domain' needs the features output it scores");
        }
        if (domain_json.empty()) {
            throw Error(ErrorKind::InvalidManifest, "model '" + model.manifest.name + "' needs its domain file '" +
                                                        model.manifest.domain_file + "'");
        }
        model.domain = parse_domain_stats(domain_json, model.manifest, model.classifier->channels);
    }
    return model;
}

}  // namespace dxlens
