#include "dxlens/error.h"
#include "dxlens/model.h"

namespace dxlens {

Model parse_model(const std::string& manifest_json, const std::string& classifier_json) {
    Model model{parse_manifest(manifest_json), std::nullopt};
    if (model.manifest.has_cam()) {
        if (classifier_json.empty()) {
            throw Error(ErrorKind::InvalidManifest, "model '" + model.manifest.name + "' needs its classifier file '" +
                                                        model.manifest.classifier_file + "' for CAM");
        }
        model.classifier = parse_classifier_weights(classifier_json, model.manifest);
    }
    return model;
}

}  // namespace dxlens
