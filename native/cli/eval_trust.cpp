#include "eval_trust.h"

namespace dxlens {
namespace cli {

void add_calibration(TrustReport& report, const Manifest& manifest, const std::vector<int>& truth,
                     const std::vector<std::vector<float>>& probs,
                     const std::vector<std::vector<float>>& uncalibrated) {
    report.temperature = manifest.temperature;
    if (truth.empty()) return;
    report.ece_before = expected_calibration_error(truth, uncalibrated, 15);
    report.ece_after = expected_calibration_error(truth, probs, 15);
    report.brier_before = brier_score(truth, uncalibrated);
    report.brier_after = brier_score(truth, probs);
    if (manifest.screening) {
        const ScreeningPoint& point = *manifest.screening;
        ScreeningReport screening;
        screening.label = manifest.labels[size_t(point.positive)];
        screening.threshold = point.threshold;
        screening.validation_sensitivity = point.sensitivity;
        screening.validation_specificity = point.specificity;
        // The same rule as the pipeline's ScreeningResult: calibrated probability >= threshold.
        screening.test = threshold_metrics(truth, probs, point.positive, point.threshold);
        report.screening = screening;
    }
}

void add_domain_separation(TrustReport& report) {
    if (report.others.empty()) return;
    int64_t images = 0, accepted = 0;
    std::vector<double> scores = report.own.scores;
    std::vector<bool> other(scores.size(), false);
    for (const DomainTally& tally : report.others) {
        images += tally.images;
        accepted += tally.accepted;
        scores.insert(scores.end(), tally.scores.begin(), tally.scores.end());
        other.insert(other.end(), tally.scores.size(), true);
    }
    if (images > 0) report.other_acceptance = double(accepted) / double(images);
    report.ood_auroc = auroc(scores, other);
}

}  // namespace cli
}  // namespace dxlens
