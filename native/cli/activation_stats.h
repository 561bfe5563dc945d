#pragma once
// Statistics of one float tensor over a calibration set, gathered in two
// passes: the first finds the range, the second fills a histogram of |x| over
// [0, absmax]. Every quantization scheme the quantizer writes is symmetric
// (int8 with zero point 0, or uint8 with zero point 0 for non-negative
// tensors), so |x| is all the range search needs.
#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

namespace dxlens {
namespace cli {

class ActivationStats {
public:
    explicit ActivationStats(int bins) : histogram_(size_t(bins), 0) {}

    // Pass 1: min, max, count. Non-finite values are counted, not used.
    void add_range(const float* data, size_t count);
    // Pass 2: histogram of |x| over [0, absmax] (the range from pass 1).
    void add_histogram(const float* data, size_t count);

    // {"min", "max", "absmax", "count", "nonfinite", "hist_max", "histogram"}
    nlohmann::ordered_json to_json() const;

private:
    double absmax() const;

    bool seen_ = false;
    float min_ = 0.f, max_ = 0.f;
    uint64_t count_ = 0, nonfinite_ = 0;
    std::vector<uint64_t> histogram_;
};

}  // namespace cli
}  // namespace dxlens
