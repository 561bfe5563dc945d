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

ordered_json tally_json(const DomainTally& tally) {
    return {{"data", tally.data},
            {"images", tally.images},
            {"accepted", tally.accepted},
            {"refused", tally.refused},
            {"acceptance", metric(tally.acceptance())}};
}

void add_trust(ordered_json& j, const TrustReport& t) {
    j["calibration"] = {{"temperature", metric(t.temperature)},
                        {"ece_before", metric(t.ece_before)},
                        {"ece_after", metric(t.ece_after)},
                        {"brier_before", metric(t.brier_before)},
                        {"brier_after", metric(t.brier_after)}};
    if (t.domain_threshold) {
        ordered_json domain{{"threshold", metric(*t.domain_threshold)},
                            {"images", t.own.images},
                            {"accepted", t.own.accepted},
                            {"acceptance", metric(t.own.acceptance())}};
        if (!t.others.empty()) {
            ordered_json others = ordered_json::array();
            for (const DomainTally& tally : t.others) others.push_back(tally_json(tally));
            domain["others"] = others;
            domain["other_acceptance"] = optional_metric(t.other_acceptance);
            domain["ood_auroc"] = optional_metric(t.ood_auroc);
        }
        j["domain"] = domain;
    }
    if (t.screening) {
        const ScreeningReport& s = *t.screening;
        j["screening"] = {{"label", s.label},
                          {"threshold", metric(s.threshold)},
                          {"validation",
                           {{"sensitivity", metric(s.validation_sensitivity)},
                            {"specificity", metric(s.validation_specificity)}}},
                          {"test", {{"sensitivity", metric(s.test.sensitivity)}, {"specificity", metric(s.test.specificity)}}}};
    }
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
    add_trust(j, report.trust);
    return j;
}

}  // namespace cli
}  // namespace dxlens
