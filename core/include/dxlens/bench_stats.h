#pragma once
// Summary statistics of timing samples, shared by `dxlens bench` and (the same
// definitions, reimplemented in tools/bench/stats.mjs) the browser benchmark,
// so native and WASM figures are comparable number for number.
#include <cstddef>
#include <vector>

namespace dxlens {

struct SampleSummary {
    size_t count = 0;
    double mean = 0, median = 0;
    double p50 = 0, p95 = 0, p99 = 0;
    double min = 0, max = 0;
    double stddev = 0;  // sample standard deviation (n - 1); 0 for fewer than two samples
};

// Percentile p in [0, 100] of `values` with linear interpolation between the
// two nearest ranks (rank = p/100 * (n - 1), numpy's default "linear" method),
// so p50 of an even count is the mean of the middle two. Throws Error for an
// empty list or p outside [0, 100].
double percentile(std::vector<double> values, double p);

// All of the above at once; an empty list gives count 0 and zeros elsewhere.
SampleSummary summarize(const std::vector<double>& values);

}  // namespace dxlens
