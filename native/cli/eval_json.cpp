#include <cmath>

#include "eval_report.h"

namespace dxlens {
namespace cli {

namespace {

using nlohmann::ordered_json;

// Six decimals: finer than any difference between two test-set metrics, and
// stable enough to diff between runs.
double metric(double value) { return std::round(value * 1e6) / 1e6; }

ordered_json optional_metric(const std::optional<double>& value) {
    return value ? ordered_json(metric(*value)) : ordered_json(nullptr);
}

}  // namespace

ordered_json eval_json(const EvalReport& report) {
    const Metrics& m = report.metrics;
    ordered_json j;
    j["model"] = report.model;
    j["variant"] = report.variant;
    j["data"] = report.data;
    j["images"] = m.samples;
    j["classes"] = report.labels;
    j["accuracy"] = metric(m.accuracy);
    j["balanced_accuracy"] = metric(m.balanced_accuracy);
    j["macro_f1"] = metric(m.macro_f1);

    ordered_json per_class = ordered_json::array();
    ordered_json auroc = ordered_json::object();
    for (size_t c = 0; c < report.labels.size(); ++c) {
        const ClassMetrics& cm = m.per_class[c];
        per_class.push_back({{"label", report.labels[c]},
                             {"precision", metric(cm.precision)},
                             {"recall", metric(cm.recall)},
                             {"f1", metric(cm.f1)},
                             {"support", cm.support}});
        auroc[report.labels[c]] = optional_metric(m.auroc[c]);
    }
    j["per_class"] = per_class;
    j["auroc"] = auroc;
    j["macro_auroc"] = optional_metric(m.macro_auroc);
    if (m.binary) {
        j["binary"] = {{"positive", report.labels[size_t(m.binary->positive)]},
                       {"sensitivity", metric(m.binary->sensitivity)},
                       {"specificity", metric(m.binary->specificity)}};
    }
    j["confusion"] = m.confusion;
    j["images_per_second"] = std::round(report.images_per_second() * 100.0) / 100.0;
    j["seconds"] = std::round(report.seconds * 1000.0) / 1000.0;
    j["threads"] = report.threads;

    ordered_json errors = ordered_json::array();
    for (const ImageError& e : report.errors) errors.push_back({{"image", e.image}, {"error", e.error}});
    j["errors"] = errors;
    return j;
}

}  // namespace cli
}  // namespace dxlens
