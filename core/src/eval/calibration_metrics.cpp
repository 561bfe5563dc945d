// How well probabilities mean what they say (metrics.h): ECE, Brier score, and
// the sensitivity/specificity of a screening threshold.
#include <algorithm>
#include <cmath>
#include <string>

#include "dxlens/error.h"
#include "dxlens/metrics.h"

namespace dxlens {
namespace {

void check_sizes(const std::vector<int>& labels, const std::vector<std::vector<float>>& probs) {
    if (labels.size() != probs.size()) {
        throw Error("metrics: " + std::to_string(labels.size()) + " labels but " + std::to_string(probs.size()) +
                    " probability vectors");
    }
    for (size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] < 0 || size_t(labels[i]) >= probs[i].size()) {
            throw Error("metrics: sample " + std::to_string(i) + " has label " + std::to_string(labels[i]) +
                        " outside its " + std::to_string(probs[i].size()) + " classes");
        }
    }
}

}  // namespace

double expected_calibration_error(const std::vector<int>& labels, const std::vector<std::vector<float>>& probs,
                                  int bins) {
    check_sizes(labels, probs);
    if (bins < 1) throw Error("ECE needs at least one bin");
    if (labels.empty()) return 0;
    std::vector<double> confidence(size_t(bins), 0), correct(size_t(bins), 0), count(size_t(bins), 0);
    for (size_t i = 0; i < labels.size(); ++i) {
        const int predicted = predicted_class(probs[i]);
        const double top = probs[i][size_t(predicted)];
        const size_t bin = size_t(std::clamp(int(std::floor(top * bins)), 0, bins - 1));
        confidence[bin] += top;
        correct[bin] += predicted == labels[i] ? 1 : 0;
        count[bin] += 1;
    }
    double ece = 0;
    for (size_t b = 0; b < size_t(bins); ++b) {
        if (count[b] == 0) continue;
        ece += std::abs(correct[b] - confidence[b]) / double(labels.size());
    }
    return ece;
}

double brier_score(const std::vector<int>& labels, const std::vector<std::vector<float>>& probs) {
    check_sizes(labels, probs);
    if (labels.empty()) return 0;
    double total = 0;
    for (size_t i = 0; i < labels.size(); ++i) {
        for (size_t k = 0; k < probs[i].size(); ++k) {
            const double target = int(k) == labels[i] ? 1 : 0;
            total += (probs[i][k] - target) * (probs[i][k] - target);
        }
    }
    return total / double(labels.size());
}

BinaryMetrics threshold_metrics(const std::vector<int>& labels, const std::vector<std::vector<float>>& probs,
                                int positive, double threshold) {
    check_sizes(labels, probs);
    double tp = 0, fn = 0, tn = 0, fp = 0;
    for (size_t i = 0; i < labels.size(); ++i) {
        if (positive < 0 || size_t(positive) >= probs[i].size()) throw Error("metrics: no class " + std::to_string(positive));
        const bool flagged = probs[i][size_t(positive)] >= threshold;
        if (labels[i] == positive) {
            (flagged ? tp : fn) += 1;
        } else {
            (flagged ? fp : tn) += 1;
        }
    }
    BinaryMetrics m;
    m.positive = positive;
    m.sensitivity = tp + fn > 0 ? tp / (tp + fn) : 0;
    m.specificity = tn + fp > 0 ? tn / (tn + fp) : 0;
    return m;
}

}  // namespace dxlens
