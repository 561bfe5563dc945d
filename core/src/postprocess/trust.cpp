// The maths of trust.h: pooled features, Mahalanobis scores, temperature and
// prior-corrected probabilities, priors from text.
#include "dxlens/trust.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "dxlens/error.h"
#include "dxlens/postprocess.h"

namespace dxlens {

std::vector<float> pooled_features(const float* features, int channels, int height, int width) {
    if (!features || channels <= 0 || height <= 0 || width <= 0) throw Error("pooling needs a non-empty feature map");
    const size_t plane = size_t(height) * size_t(width);
    std::vector<float> pooled(static_cast<size_t>(channels));
    for (int c = 0; c < channels; ++c) {
        double sum = 0;
        const float* channel = features + size_t(c) * plane;
        for (size_t i = 0; i < plane; ++i) sum += channel[i];
        pooled[size_t(c)] = float(sum / double(plane));
    }
    return pooled;
}

double squared_mahalanobis(const std::vector<double>& precision, const std::vector<double>& diff) {
    const size_t d = diff.size();
    if (precision.size() != d * d) throw Error(ErrorKind::Internal, "a precision matrix that does not fit its vector");
    double distance = 0;
    for (size_t r = 0; r < d; ++r) {
        const double* row = precision.data() + r * d;
        double dot = 0;
        for (size_t c = 0; c < d; ++c) dot += row[c] * diff[c];
        distance += diff[r] * dot;
    }
    return distance;
}

double domain_score(const DomainStats& stats, const std::vector<float>& pooled) {
    if (int(pooled.size()) != stats.dims) {
        throw Error(ErrorKind::ModelMismatch, "domain statistics have " + std::to_string(stats.dims) +
                                                  " dimensions but the features have " + std::to_string(pooled.size()));
    }
    const size_t d = size_t(stats.dims);
    std::vector<double> diff(d);
    double best = INFINITY;
    for (const auto& mean : stats.class_means) {
        for (size_t i = 0; i < d; ++i) diff[i] = double(pooled[i]) - double(mean[i]);
        best = std::min(best, squared_mahalanobis(stats.precision, diff));
    }
    return best;
}

DomainCheck check_domain(const DomainStats& stats, double score, const std::vector<float>* colour) {
    DomainCheck check;
    check.score = score;
    check.threshold = stats.threshold;
    check.features_in_domain = score <= stats.threshold;
    if (colour && stats.colour) {
        check.colour_checked = true;
        check.colour_score = colour_score(*stats.colour, *colour);
        check.colour_threshold = stats.colour->threshold;
        check.colour_in_domain = check.colour_score <= check.colour_threshold;
    }
    check.in_domain = check.features_in_domain && check.colour_in_domain;
    return check;
}

std::vector<float> calibrated_probabilities(const float* logits, size_t count, Task task, double temperature,
                                            const std::vector<double>& prior_ratio) {
    if (!(temperature > 0)) throw Error("temperature must be positive");
    std::vector<float> scaled(logits, logits + count);
    for (float& z : scaled) z = float(double(z) / temperature);
    std::vector<float> probs = probabilities(scaled.data(), count, task);
    if (prior_ratio.empty() || task == Task::MultiLabel) return probs;
    if (prior_ratio.size() != probs.size()) throw Error("priors do not match the model's classes");
    double total = 0;
    for (size_t i = 0; i < probs.size(); ++i) total += double(probs[i]) * prior_ratio[i];
    if (!(total > 0)) return probs;
    for (size_t i = 0; i < probs.size(); ++i) probs[i] = float(double(probs[i]) * prior_ratio[i] / total);
    return probs;
}

std::vector<double> prior_ratio(const Manifest& manifest, const std::vector<double>& priors) {
    if (priors.empty()) return {};
    const size_t n = manifest.labels.size();
    if (manifest.task == Task::MultiLabel) throw Error("class priors apply to single-label and binary models only");
    if (priors.size() != n) {
        throw Error("got " + std::to_string(priors.size()) + " priors for " + std::to_string(n) + " labels");
    }
    double total = 0;
    for (double p : priors) {
        if (!(p > 0) || !std::isfinite(p)) throw Error("class priors must be positive");
        total += p;
    }
    std::vector<double> ratio(n);
    for (size_t i = 0; i < n; ++i) {
        const double trained = manifest.class_priors.empty() ? 1.0 / double(n) : manifest.class_priors[i];
        ratio[i] = (priors[i] / total) / trained;
    }
    return ratio;
}

std::vector<double> parse_priors(const Manifest& manifest, const std::string& text) {
    const size_t n = manifest.labels.size();
    std::vector<double> priors(n, -1);
    double given = 0;
    size_t count = 0;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t end = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, end - start);
        const size_t eq = item.find('=');
        if (eq == std::string::npos) throw Error("prior '" + item + "' is not LABEL=SHARE");
        const std::string label = item.substr(0, eq);
        const auto it = std::find(manifest.labels.begin(), manifest.labels.end(), label);
        if (it == manifest.labels.end()) throw Error("prior for unknown label '" + label + "'");
        char* stop = nullptr;
        const std::string number = item.substr(eq + 1);
        const double value = std::strtod(number.c_str(), &stop);
        if (number.empty() || *stop != '\0' || !(value > 0 && value < 1)) {
            throw Error("prior '" + item + "' must give a share in (0, 1)");
        }
        double& slot = priors[size_t(it - manifest.labels.begin())];
        if (slot >= 0) throw Error("label '" + label + "' has two priors");
        slot = value;
        given += value;
        ++count;
        start = end + 1;
    }
    if (given > 1 + 1e-9 || (count == n && std::abs(given - 1) > 1e-6)) {
        throw Error("priors must add up to 1 (they add up to " + std::to_string(given) + ")");
    }
    // Labels without a prior share what is left equally.
    for (double& p : priors) {
        if (p < 0) p = (1 - given) / double(n - count);
    }
    for (double p : priors) {
        if (!(p > 0)) throw Error("every label needs a prior above 0");
    }
    return priors;
}

}  // namespace dxlens
