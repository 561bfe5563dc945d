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

#include "dxlens/image.h"
#include "dxlens/manifest.h"

namespace dxlens {

// Out-of-domain statistics of a model's pooled features on its training
// images (domain.json, written by tools/trust): class means and the inverse of
// their shared (tied) covariance. The score of an image is its smallest
// squared Mahalanobis distance to a class mean (Lee et al. 2018); above
// `threshold`, chosen so a set share of held-back training images stays
// below it, the image is out of domain.
// A second, independent check on simple colour statistics of the image
// (colour_statistics below): one Gaussian (mean and the inverse of its
// Ledoit-Wolf-shrunk covariance) over the training images' statistics. Deep
// features can miss what is plain to the eye (a greyscale X-ray read as a
// leaf, an MRI slice or a skin photo read as H&E tissue); these statistics
// cannot. The threshold accepts `target_acceptance` of held-back images.
struct ColourStats {
    std::vector<double> mean;       // kColourStatistics values
    std::vector<double> precision;  // kColourStatistics x kColourStatistics, row-major, symmetric
    double threshold = 0;
    double target_acceptance = 0.99;
};

struct DomainStats {
    int dims = 0;
    std::vector<std::vector<float>> class_means;  // one per label, `dims` each
    std::vector<double> precision;                // dims x dims, row-major, symmetric
    double threshold = 0;
    double target_acceptance = 0.95;  // the share of held-back training images accepted
    std::optional<ColourStats> colour;  // domain.json's optional "colour" block
};

// domain.json: {"method": "mahalanobis_tied", "dims": D, "means": [[..]...],
// "precision": [[..]...], "threshold": t, "target_acceptance": 0.95,
// optionally "colour": {"means": [..], "precision": [[..]...], "threshold": t,
// "target_acceptance": 0.99}}; checked against the manifest's labels and, when
// known (> 0), the feature channels.
DomainStats parse_domain_stats(const std::string& json_text, const Manifest& manifest, int feature_channels);

// Global average pool of one sample's [channels, height, width] feature map:
// the vector the model's linear classifier reads.
std::vector<float> pooled_features(const float* features, int channels, int height, int width);

// The number of colour statistics and what they are, in order (colour_stats.cpp).
constexpr int kColourStatistics = 8;

// Colour statistics of a decoded image, over at most ~64k pixels (a regular
// grid of them), RGB in [0, 1] (grey: R = G = B; alpha ignored):
//   0 mean V, 1 std V          (V = max(R, G, B), HSV value)
//   2 mean S, 3 std S          (S = (max - min) / max, HSV saturation; 0 when max is 0)
//   4 mean C, 5 std C          (C = max - min, chroma)
//   6 mean (R - G), 7 mean (B - G)   (the direction of the colour)
std::vector<float> colour_statistics(const Image& image);

struct DomainCheck {
    bool in_domain = true;  // every check made passes
    double score = 0;       // the feature score (domain_score) and its threshold
    double threshold = 0;
    bool features_in_domain = true;  // score <= threshold
    // Models whose domain.json has a "colour" block: the colour check.
    bool colour_checked = false;
    double colour_score = 0;
    double colour_threshold = 0;
    bool colour_in_domain = true;
};

// diff' * precision * diff, precision row-major d x d for a diff of d values:
// both domain checks' distance.
double squared_mahalanobis(const std::vector<double>& precision, const std::vector<double>& diff);
double domain_score(const DomainStats& stats, const std::vector<float>& pooled);
// The squared Mahalanobis distance of colour_statistics() to the colour Gaussian.
double colour_score(const ColourStats& stats, const std::vector<float>& colour);
// The feature check; with `colour` (and a colour block in `stats`) also the
// colour check: in domain = both pass.
DomainCheck check_domain(const DomainStats& stats, double score, const std::vector<float>* colour = nullptr);

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
