#include "dxlens/bench_stats.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "dxlens/error.h"

namespace dxlens {

namespace {

// Assumes `sorted` is non-empty and ascending.
double sorted_percentile(const std::vector<double>& sorted, double p) {
    const double rank = p / 100.0 * double(sorted.size() - 1);
    const size_t lower = size_t(std::floor(rank));
    const size_t upper = std::min(lower + 1, sorted.size() - 1);
    const double weight = rank - double(lower);
    return sorted[lower] + (sorted[upper] - sorted[lower]) * weight;
}

}  // namespace

double percentile(std::vector<double> values, double p) {
    if (values.empty()) throw Error("percentile of an empty list of samples");
    if (!(p >= 0.0 && p <= 100.0)) throw Error("percentile must be within [0, 100], got " + std::to_string(p));
    std::sort(values.begin(), values.end());
    return sorted_percentile(values, p);
}

SampleSummary summarize(const std::vector<double>& values) {
    SampleSummary s;
    s.count = values.size();
    if (values.empty()) return s;
    std::vector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    double sum = 0;
    for (double v : sorted) sum += v;
    s.mean = sum / double(sorted.size());
    s.p50 = sorted_percentile(sorted, 50);
    s.median = s.p50;
    s.p95 = sorted_percentile(sorted, 95);
    s.p99 = sorted_percentile(sorted, 99);
    s.min = sorted.front();
    s.max = sorted.back();
    if (sorted.size() > 1) {
        double squares = 0;
        for (double v : sorted) squares += (v - s.mean) * (v - s.mean);
        s.stddev = std::sqrt(squares / double(sorted.size() - 1));
    }
    return s;
}

}  // namespace dxlens
