// domain.json -> DomainStats (trust.h).
#include <cmath>
#include <string>

#include "dxlens/error.h"
#include "dxlens/trust.h"
#include "json_fields.h"

namespace dxlens {

using json_fields::Object;

namespace {

std::vector<double> row_of(const Object& root, const nlohmann::json& row, const std::string& where, int dims) {
    if (!row.is_array() || int(row.size()) != dims) {
        root.fail(where + " must be an array of " + std::to_string(dims) + " numbers");
    }
    std::vector<double> values;
    for (const auto& v : row) {
        if (!v.is_number() || !json_fields::fits_float(v.get<double>())) root.fail(where + " must hold finite numbers");
        values.push_back(v.get<double>());
    }
    return values;
}

// The optional "colour" block: one Gaussian over colour_statistics().
ColourStats parse_colour(const Object& colour) {
    const int dims = kColourStatistics;
    ColourStats stats;
    stats.mean = row_of(colour, colour.required("means"), "'" + colour.path_of("means") + "'", dims);
    const auto& precision = colour.required("precision");
    if (!precision.is_array() || int(precision.size()) != dims) {
        colour.fail("'" + colour.path_of("precision") + "' must be a " + std::to_string(dims) + " x " + std::to_string(dims) + " matrix");
    }
    for (size_t r = 0; r < precision.size(); ++r) {
        const std::vector<double> row = row_of(colour, precision[r], "'" + colour.path_of("precision") + "[" + std::to_string(r) + "]'", dims);
        stats.precision.insert(stats.precision.end(), row.begin(), row.end());
    }
    stats.threshold = colour.number("threshold");
    if (!(stats.threshold > 0) || !std::isfinite(stats.threshold)) colour.fail("'" + colour.path_of("threshold") + "' must be a positive number");
    if (colour.has("target_acceptance")) stats.target_acceptance = colour.number("target_acceptance");
    return stats;
}

}  // namespace

DomainStats parse_domain_stats(const std::string& json_text, const Manifest& manifest, int feature_channels) {
    const char* context = "domain";
    const nlohmann::json document = json_fields::parse(json_text, context);
    const Object root(document, context);
    root.choice("method", {"mahalanobis_tied"});

    DomainStats stats;
    stats.dims = root.positive_int("dims");
    if (stats.dims > 4096) root.fail("'dims' is " + std::to_string(stats.dims) + ", more than 4096");
    if (feature_channels > 0 && stats.dims != feature_channels) {
        root.fail("'dims' is " + std::to_string(stats.dims) + " but the model's features have " +
                  std::to_string(feature_channels) + " channels");
    }
    const auto& means = root.required("means");
    if (!means.is_array() || means.size() != manifest.labels.size()) {
        root.fail("'means' must hold one row per label (" + std::to_string(manifest.labels.size()) + ")");
    }
    for (size_t k = 0; k < means.size(); ++k) {
        const std::vector<double> row = row_of(root, means[k], "'means[" + std::to_string(k) + "]'", stats.dims);
        stats.class_means.emplace_back(row.begin(), row.end());
    }
    const auto& precision = root.required("precision");
    if (!precision.is_array() || int(precision.size()) != stats.dims) {
        root.fail("'precision' must be a " + std::to_string(stats.dims) + " x " + std::to_string(stats.dims) + " matrix");
    }
    stats.precision.reserve(size_t(stats.dims) * size_t(stats.dims));
    for (size_t r = 0; r < precision.size(); ++r) {
        const std::vector<double> row = row_of(root, precision[r], "'precision[" + std::to_string(r) + "]'", stats.dims);
        stats.precision.insert(stats.precision.end(), row.begin(), row.end());
    }
    stats.threshold = root.number("threshold");
    if (!(stats.threshold > 0) || !std::isfinite(stats.threshold)) root.fail("'threshold' must be a positive number");
    if (root.has("target_acceptance")) stats.target_acceptance = root.number("target_acceptance");
    if (root.has("colour")) stats.colour = parse_colour(root.object("colour"));
    return stats;
}

}  // namespace dxlens
