#include "activation_stats.h"

#include <algorithm>
#include <cmath>

namespace dxlens {
namespace cli {

void ActivationStats::add_range(const float* data, size_t count) {
    for (size_t i = 0; i < count; ++i) {
        const float v = data[i];
        if (!std::isfinite(v)) {
            ++nonfinite_;
            continue;
        }
        if (!seen_) {
            min_ = max_ = v;
            seen_ = true;
        }
        min_ = std::min(min_, v);
        max_ = std::max(max_, v);
        ++count_;
    }
}

double ActivationStats::absmax() const { return std::max(std::fabs(double(min_)), std::fabs(double(max_))); }

void ActivationStats::add_histogram(const float* data, size_t count) {
    const double top = absmax();
    const size_t bins = histogram_.size();
    // An all-zero tensor puts everything in bin 0.
    const double per_unit = top > 0 ? double(bins) / top : 0.0;
    for (size_t i = 0; i < count; ++i) {
        const float v = data[i];
        if (!std::isfinite(v)) continue;
        // |x| == absmax lands in the last bin, not one past it.
        const size_t bin = std::min(bins - 1, size_t(std::fabs(double(v)) * per_unit));
        ++histogram_[bin];
    }
}

nlohmann::ordered_json ActivationStats::to_json() const {
    nlohmann::ordered_json j;
    j["min"] = min_;
    j["max"] = max_;
    j["absmax"] = absmax();
    j["count"] = count_;
    j["nonfinite"] = nonfinite_;
    j["hist_max"] = absmax();  // the histogram spans [0, hist_max] in equal bins
    j["histogram"] = histogram_;
    return j;
}

}  // namespace cli
}  // namespace dxlens
