#include "dxlens/metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "dxlens/error.h"

namespace dxlens {

namespace {

double ratio(double numerator, double denominator) { return denominator > 0 ? numerator / denominator : 0.0; }

double mean(const std::vector<double>& values) {
    if (values.empty()) return 0.0;
    return std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}

void check_inputs(const std::vector<int>& labels, const std::vector<std::vector<float>>& probs, int classes) {
    if (classes < 1) throw Error("metrics need at least one class, got " + std::to_string(classes));
    if (labels.size() != probs.size()) {
        throw Error("metrics: " + std::to_string(labels.size()) + " labels but " + std::to_string(probs.size()) +
                    " probability vectors");
    }
    for (size_t i = 0; i < labels.size(); ++i) {
        const std::string sample = "metrics: sample " + std::to_string(i);
        if (labels[i] < 0 || labels[i] >= classes) {
            throw Error(sample + " has label " + std::to_string(labels[i]) + ", expected 0.." +
                        std::to_string(classes - 1));
        }
        if (probs[i].size() != size_t(classes)) {
            throw Error(sample + " has " + std::to_string(probs[i].size()) + " probabilities, expected " +
                        std::to_string(classes));
        }
        for (float p : probs[i]) {
            // NaN would also break the strict ordering the AUROC sort relies on.
            if (!std::isfinite(p)) throw Error(sample + " has a non-finite probability");
        }
    }
}

}  // namespace

int predicted_class(const std::vector<float>& probs) {
    return int(std::max_element(probs.begin(), probs.end()) - probs.begin());
}

std::optional<double> auroc(const std::vector<double>& scores, const std::vector<bool>& positive) {
    if (scores.size() != positive.size()) throw Error("auroc: scores and positive flags differ in length");
    const size_t n = scores.size();
    const double positives = double(std::count(positive.begin(), positive.end(), true));
    const double negatives = double(n) - positives;
    if (positives == 0 || negatives == 0) return std::nullopt;

    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t(0));
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });

    // Ranks are 1-based; a run of equal scores shares the mean of its ranks.
    double positive_rank_sum = 0;
    for (size_t begin = 0; begin < n;) {
        size_t end = begin + 1;
        while (end < n && scores[order[end]] == scores[order[begin]]) ++end;
        const double shared_rank = (double(begin + 1) + double(end)) / 2.0;
        for (size_t i = begin; i < end; ++i) {
            if (positive[order[i]]) positive_rank_sum += shared_rank;
        }
        begin = end;
    }
    // Mann-Whitney U of the positives, normalised by the number of pairs.
    const double u = positive_rank_sum - positives * (positives + 1) / 2.0;
    return u / (positives * negatives);
}

Metrics compute_metrics(const std::vector<int>& labels, const std::vector<std::vector<float>>& probs,
                        int classes) {
    check_inputs(labels, probs, classes);
    const size_t k = size_t(classes);
    Metrics m;
    m.classes = classes;
    m.samples = int64_t(labels.size());
    m.confusion.assign(k, std::vector<int64_t>(k, 0));
    for (size_t i = 0; i < labels.size(); ++i) ++m.confusion[size_t(labels[i])][size_t(predicted_class(probs[i]))];

    int64_t correct = 0;
    std::vector<double> recalls_present, f1s_seen;
    m.per_class.resize(k);
    for (size_t c = 0; c < k; ++c) {
        ClassMetrics& cm = m.per_class[c];
        const int64_t tp = m.confusion[c][c];
        for (size_t other = 0; other < k; ++other) {
            cm.support += m.confusion[c][other];
            cm.predicted += m.confusion[other][c];
        }
        correct += tp;
        cm.precision = ratio(double(tp), double(cm.predicted));
        cm.recall = ratio(double(tp), double(cm.support));
        cm.f1 = ratio(2 * cm.precision * cm.recall, cm.precision + cm.recall);
        if (cm.support > 0) recalls_present.push_back(cm.recall);
        if (cm.support > 0 || cm.predicted > 0) f1s_seen.push_back(cm.f1);
    }
    m.accuracy = ratio(double(correct), double(m.samples));
    m.balanced_accuracy = mean(recalls_present);
    m.macro_f1 = mean(f1s_seen);

    std::vector<double> defined;
    for (size_t c = 0; c < k; ++c) {
        std::vector<double> scores(labels.size());
        std::vector<bool> positive(labels.size());
        for (size_t i = 0; i < labels.size(); ++i) {
            scores[i] = double(probs[i][c]);
            positive[i] = labels[i] == int(c);
        }
        m.auroc.push_back(auroc(scores, positive));
        if (m.auroc.back()) defined.push_back(*m.auroc.back());
    }
    if (!defined.empty()) m.macro_auroc = mean(defined);

    if (classes == 2) {
        BinaryMetrics b;
        b.positive = 1;
        b.sensitivity = m.per_class[1].recall;
        b.specificity = m.per_class[0].recall;
        m.binary = b;
    }
    return m;
}

}  // namespace dxlens
