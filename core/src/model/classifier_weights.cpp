// classifier.json -> ClassifierWeights, the linear layer a CAM is computed with.
#include <cmath>

#include "dxlens/error.h"
#include "dxlens/manifest.h"
#include "json_fields.h"

namespace dxlens {

using json_fields::Object;

ClassifierWeights parse_classifier_weights(const std::string& json_text, const Manifest& manifest) {
    const char* context = "classifier";
    const nlohmann::json document = json_fields::parse(json_text, context);
    const Object root(document, context);

    const auto& weight = root.required("weight");
    if (!weight.is_array() || weight.empty()) {
        root.fail("'weight' must be a non-empty array of rows (one per class)");
    }
    // A binary model may end in a single logit, so its classifier has one row.
    const size_t labels = manifest.labels.size();
    const bool rows_ok = weight.size() == labels || (manifest.task == Task::Binary && weight.size() == 1);
    if (!rows_ok) {
        root.fail("'weight' has " + std::to_string(weight.size()) + " rows but the manifest has " +
                  std::to_string(labels) + " labels");
    }

    ClassifierWeights out;
    out.classes = int(weight.size());
    for (size_t row = 0; row < weight.size(); ++row) {
        const std::string where = "'weight[" + std::to_string(row) + "]'";
        if (!weight[row].is_array() || weight[row].empty()) {
            root.fail(where + " must be a non-empty array of numbers");
        }
        if (row == 0) out.channels = int(weight[row].size());
        if (int(weight[row].size()) != out.channels) {
            root.fail(where + " has " + std::to_string(weight[row].size()) + " values but row 0 has " +
                      std::to_string(out.channels));
        }
        for (const auto& value : weight[row]) {
            // Finite as a float too: 1e39 is a finite double but an infinite float.
            if (!value.is_number() || !json_fields::fits_float(value.get<double>())) {
                root.fail(where + " must contain only finite numbers (at most 3.4e38 in magnitude)");
            }
            out.weight.push_back(value.get<float>());
        }
    }

    if (root.has("bias")) {
        const std::vector<double> bias = root.numbers("bias");
        if (bias.size() != weight.size()) {
            root.fail("'bias' has " + std::to_string(bias.size()) + " values but 'weight' has " +
                      std::to_string(weight.size()) + " rows");
        }
        for (size_t i = 0; i < bias.size(); ++i) {
            if (!json_fields::fits_float(bias[i])) {
                root.fail("'bias[" + std::to_string(i) + "]' is " + json_fields::format_number(bias[i]) +
                          ", outside the range a 32-bit float holds");
            }
            out.bias.push_back(float(bias[i]));
        }
    }
    return out;
}

}  // namespace dxlens
