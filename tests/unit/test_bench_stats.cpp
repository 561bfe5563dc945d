// Benchmark summary statistics against values worked out by hand.
#include <catch2/catch.hpp>

#include <vector>

#include "dxlens/bench_stats.h"
#include "dxlens/error.h"

using namespace dxlens;

TEST_CASE("summary of five unsorted samples", "[bench_stats]") {
    // sorted: 1 2 3 4 10; n = 5, ranks 0..4
    const SampleSummary s = summarize({4, 1, 10, 3, 2});
    CHECK(s.count == 5);
    CHECK(s.mean == Approx(4.0));    // 20 / 5
    CHECK(s.median == Approx(3.0));  // rank 2
    CHECK(s.p50 == Approx(3.0));
    CHECK(s.p95 == Approx(8.8));     // rank 3.8: 4 + 0.8 * (10 - 4)
    CHECK(s.p99 == Approx(9.76));    // rank 3.96: 4 + 0.96 * 6
    CHECK(s.min == 1.0);
    CHECK(s.max == 10.0);
    // squared deviations from 4: 9 4 1 0 36 = 50; / (5 - 1) = 12.5
    CHECK(s.stddev == Approx(3.5355339059));
}

TEST_CASE("even count: the median is the mean of the middle two", "[bench_stats]") {
    // sorted 2 4 6 8: rank 1.5 -> 5; p95 rank 2.85 -> 6 + 0.85 * 2 = 7.7
    const SampleSummary s = summarize({8, 2, 6, 4});
    CHECK(s.median == Approx(5.0));
    CHECK(s.p95 == Approx(7.7));
    // deviations from 5: 9 1 1 9 = 20; / 3
    CHECK(s.stddev == Approx(2.5819888975));
}

TEST_CASE("one sample: every percentile is that sample, no spread", "[bench_stats]") {
    const SampleSummary s = summarize({7.5});
    CHECK(s.count == 1);
    CHECK(s.p50 == 7.5);
    CHECK(s.p99 == 7.5);
    CHECK(s.stddev == 0.0);
}

TEST_CASE("empty input and bad percentiles", "[bench_stats]") {
    CHECK(summarize({}).count == 0);
    CHECK_THROWS_AS(percentile({}, 50), Error);
    CHECK_THROWS_AS(percentile({1, 2}, 101), Error);
    CHECK_THROWS_AS(percentile({1, 2}, -1), Error);
    CHECK(percentile({1, 2, 3, 4}, 0) == 1.0);
    CHECK(percentile({1, 2, 3, 4}, 100) == 4.0);
    CHECK(percentile({10, 20}, 25) == Approx(12.5));  // rank 0.25
}
