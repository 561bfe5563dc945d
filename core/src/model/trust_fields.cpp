// The manifest's optional trust fields: calibration, class priors, screening
// operating point and the out-of-domain statistics file (trust.h).
#include <cmath>
#include <string>

#include "json_fields.h"
#include "trust_fields.h"

namespace dxlens {

using json_fields::Object;

namespace {

int label_index(const Object& where, const std::string& key, const Manifest& m) {
    const std::string label = where.string(key);
    for (size_t i = 0; i < m.labels.size(); ++i) {
        if (m.labels[i] == label) return int(i);
    }
    where.fail("'" + where.path_of(key) + "' is '" + label + "', which is not one of the labels");
}

double unit_interval(const Object& where, const std::string& key) {
    const double value = where.number(key);
    if (!(value >= 0 && value <= 1)) {
        where.fail("'" + where.path_of(key) + "' must be in [0, 1], got " + json_fields::format_number(value));
    }
    return value;
}

}  // namespace

void parse_trust_fields(const Object& root, Manifest& m) {
    if (root.has("calibration")) {
        const Object calibration = root.object("calibration");
        m.temperature = calibration.number("temperature");
        if (!(m.temperature > 0) || !std::isfinite(m.temperature)) {
            calibration.fail("'calibration.temperature' must be a positive number");
        }
    }
    if (root.has("class_priors")) {
        m.class_priors = root.numbers("class_priors");
        if (m.class_priors.size() != m.labels.size()) {
            root.fail("'class_priors' has " + std::to_string(m.class_priors.size()) + " values for " +
                      std::to_string(m.labels.size()) + " labels");
        }
        for (double p : m.class_priors) {
            if (!(p > 0 && p < 1)) root.fail("'class_priors' must hold shares in (0, 1)");
        }
    }
    if (root.has("screening")) {
        const Object screening = root.object("screening");
        ScreeningPoint point;
        point.positive = label_index(screening, "label", m);
        point.threshold = unit_interval(screening, "threshold");
        if (screening.has("sensitivity")) point.sensitivity = unit_interval(screening, "sensitivity");
        if (screening.has("specificity")) point.specificity = unit_interval(screening, "specificity");
        m.screening = point;
    }
    if (root.has("domain")) {
        m.domain_file = root.object("domain").string("file");
        if (m.domain_file.empty()) root.fail("'domain.file' must not be empty");
    }
}

}  // namespace dxlens
