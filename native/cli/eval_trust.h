#pragma once
// What `dxlens eval` says about trusting the model's answers (issue 10):
// calibration error before and after the manifest's temperature, how often
// the out-of-domain check accepts the test split and other domains' images,
// how well its score separates the two, and the screening operating point on
// the test split. Computed from the per-image results the eval loop collects.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dxlens/manifest.h"
#include "dxlens/metrics.h"

namespace dxlens {
namespace cli {

// The domain check over one folder of images.
struct DomainTally {
    std::string data;             // the folder as given
    int64_t images = 0;           // every image tried
    int64_t accepted = 0;         // in domain
    int64_t refused = 0;          // failed before a score (e.g. no tissue): no verdict shown, so not accepted
    std::vector<double> scores;   // of the images that were scored
    double acceptance() const { return images > 0 ? double(accepted) / double(images) : 0.0; }
};

struct ScreeningReport {
    std::string label;
    double threshold = 0;
    double validation_sensitivity = 0, validation_specificity = 0;  // as the manifest records them
    BinaryMetrics test;                                             // at the threshold, on this data
};

struct TrustReport {
    double temperature = 1;
    double ece_before = 0, ece_after = 0;      // 15 bins, top-class confidence
    double brier_before = 0, brier_after = 0;  // multi-class Brier score
    std::optional<double> domain_threshold;    // models with domain statistics
    DomainTally own;                           // the evaluated folder
    std::vector<DomainTally> others;           // --other folders
    // Acceptance over every --other image together, and the AUROC of the
    // domain score separating own (negative) from other-domain (positive)
    // images: refused images are left out of the AUROC.
    std::optional<double> other_acceptance;
    std::optional<double> ood_auroc;
    std::optional<ScreeningReport> screening;
};

// Calibration and screening numbers of the classified images: `probs` are
// the calibrated probabilities, `uncalibrated` the model's own.
void add_calibration(TrustReport& report, const Manifest& manifest, const std::vector<int>& truth,
                     const std::vector<std::vector<float>>& probs,
                     const std::vector<std::vector<float>>& uncalibrated);

// other_acceptance and ood_auroc from `own` and `others`.
void add_domain_separation(TrustReport& report);

}  // namespace cli
}  // namespace dxlens
