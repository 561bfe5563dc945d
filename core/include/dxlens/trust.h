#pragma once
// Whether an answer can be trusted: is the image of the kind the model learned
// (out-of-domain score), what the probabilities mean (temperature scaling and
// the user's class priors), and which side of a screening threshold it falls.
// The statistics and settings come from the model folder; the maths is here,
// once, for the CLI and the page.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "dxlens/manifest.h"

namespace dxlens {

// Out-of-domain statistics of a model's pooled features on its training
// images (domain.json, written by tools/trust): class means and the inverse of
// their shared (tied) covariance. The score of an image is its smallest
// squared Mahalanobis distance to a class mean (Lee et al. 2018); above
// `threshold`, chosen so a set share of held-back training images stays
// below it, the image is out of domain.
struct DomainStats {
    int dims = 0;
    std::vector<std::vector<float>> class_means;  // one per label, `dims` each
    std::vector<double> precision;                // dims x dims, row-major, symmetric
    double threshold = 0;
    double target_acceptance = 0.95;  // the share of held-back training images accepted
};

// domain.json: {"method": "mahalanobis_tied", "dims": D, "means": [[..]...],
// "precision": [[..]...], "threshold": t, "target_acceptance": 0.95}; checked
// against the manifest's labels and, when known (> 0), the feature channels.
DomainStats parse_domain_stats(const std::string& json_text, const Manifest& manifest, int feature_channels);

// Global average pool of one sample's [channels, height, width] feature map:
// the vector the model's linear classifier reads.
std::vector<float> pooled_features(const float* features, int channels, int height, int width);

struct DomainCheck {
    bool in_domain = true;
    double score = 0;
    double threshold = 0;
};

double domain_score(const DomainStats& stats, const std::vector<float>& pooled);
DomainCheck check_domain(const DomainStats& stats, double score);

// Probabilities after temperature scaling (logits / temperature) and, when
// `prior_ratio` is not empty, a change of class priors (each probability times
// new prior / training prior, renormalised: Bayes' rule with the model's
// likelihoods kept). Multi-label models take the temperature only.
std::vector<float> calibrated_probabilities(const float* logits, size_t count, Task task, double temperature,
                                            const std::vector<double>& prior_ratio);

// new prior / training prior per label, from the user's priors (normalised
// here) and the manifest's training priors (uniform when the manifest has
// none). Throws Error naming the problem for a wrong count or a prior <= 0.
std::vector<double> prior_ratio(const Manifest& manifest, const std::vector<double>& priors);

// "NORMAL=0.5,PNEUMONIA=0.5" (or one label only, the rest sharing what is left)
// -> priors per label in the manifest's order.
std::vector<double> parse_priors(const Manifest& manifest, const std::string& text);

struct ScreeningResult {
    int positive = 0;        // label index screened for
    double probability = 0;  // that label's (calibrated) probability
    double threshold = 0;    // the manifest's operating point, or the user's
    bool above = false;      // probability >= threshold
};

}  // namespace dxlens
