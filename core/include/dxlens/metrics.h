#pragma once
// Classification metrics over a labelled test set, from each sample's true
// label and its per-class probabilities: what `dxlens eval` reports and the
// model cards quote. Pure computation, no I/O.
//
// The prediction is the most probable class (ties go to the lower index, as in
// top_k). Where a ratio has a zero denominator the rule is: the value is 0,
// except where the metric is undefined for a class and the class is left out
// of the average instead (documented per field below). AUROC has no meaningful
// fallback value, so an undefined AUROC is absent (std::nullopt, JSON null).
#include <cstdint>
#include <optional>
#include <vector>

namespace dxlens {

struct ClassMetrics {
    double precision = 0;  // TP / (TP + FP); 0 when the class was never predicted
    double recall = 0;     // TP / (TP + FN); 0 when the class has no samples
    double f1 = 0;         // 2PR / (P + R); 0 when P + R = 0
    int64_t support = 0;   // number of samples whose true label is this class
    int64_t predicted = 0; // number of samples predicted as this class
};

// Two-class models: the positive class is label index 1 (e.g. PNEUMONIA).
struct BinaryMetrics {
    int positive = 1;
    double sensitivity = 0;  // recall of the positive class; 0 with no positives
    double specificity = 0;  // recall of the negative class; 0 with no negatives
};

struct Metrics {
    int classes = 0;
    int64_t samples = 0;
    // confusion[true][predicted] = number of samples.
    std::vector<std::vector<int64_t>> confusion;
    double accuracy = 0;           // trace / samples; 0 with no samples
    double balanced_accuracy = 0;  // mean recall over classes with support > 0
    double macro_f1 = 0;           // mean F1 over classes with support > 0 or predicted at
                                   // least once (a class absent from both has no F1)
    std::vector<ClassMetrics> per_class;
    // One-vs-rest AUROC of each class's probability; nullopt when the class has
    // no positive or no negative sample.
    std::vector<std::optional<double>> auroc;
    std::optional<double> macro_auroc;  // mean of the defined per-class AUROCs
    std::optional<BinaryMetrics> binary;  // present exactly when classes == 2
};

// `labels[i]` in [0, classes), `probs[i]` of length `classes` and finite; throws
// Error naming the first offending sample otherwise.
Metrics compute_metrics(const std::vector<int>& labels, const std::vector<std::vector<float>>& probs,
                        int classes);

// Area under the ROC curve of `scores` for `positive` vs the rest, by the
// Mann-Whitney rank statistic: tied scores share their average rank, which
// counts a positive-negative tie as half a correct ordering. nullopt when
// either group is empty.
std::optional<double> auroc(const std::vector<double>& scores, const std::vector<bool>& positive);

// The predicted class: highest probability, lowest index among ties.
int predicted_class(const std::vector<float>& probs);

// Expected calibration error of the top-class confidence (Guo et al. 2017):
// samples binned by confidence into `bins` equal-width bins, the weighted mean
// of |accuracy - mean confidence| per bin. 0 with no samples.
double expected_calibration_error(const std::vector<int>& labels, const std::vector<std::vector<float>>& probs,
                                  int bins = 15);

// Multi-class Brier score: the mean over samples of the squared distance
// between the probability vector and the one-hot true label (0 is perfect, 2 worst).
double brier_score(const std::vector<int>& labels, const std::vector<std::vector<float>>& probs);

// Sensitivity and specificity of "probs[positive] >= threshold" against
// "label == positive".
BinaryMetrics threshold_metrics(const std::vector<int>& labels, const std::vector<std::vector<float>>& probs,
                                int positive, double threshold);

}  // namespace dxlens
