// Probabilities, top-k and the aggregation of patch predictions.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "dxlens/error.h"
#include "dxlens/postprocess.h"

using namespace dxlens;
using Catch::Matchers::Contains;

TEST_CASE("softmax matches the hand-computed values", "[postprocess]") {
    const float logits[] = {1.f, 2.f, 3.f};
    // e^-2, e^-1, e^0 over their sum 1.5032147
    const std::vector<float> p = softmax(logits, 3);
    REQUIRE(p.size() == 3);
    CHECK(p[0] == Approx(0.0900306).epsilon(1e-5));
    CHECK(p[1] == Approx(0.2447285).epsilon(1e-5));
    CHECK(p[2] == Approx(0.6652410).epsilon(1e-5));
}

TEST_CASE("softmax is stable for huge logits", "[postprocess]") {
    const float spread[] = {1000.f, -1000.f};
    const std::vector<float> p = softmax(spread, 2);
    CHECK(p[0] == 1.f);
    CHECK(p[1] == 0.f);

    const float equal[] = {1000.f, 1000.f, 1000.f, 1000.f};
    for (float v : softmax(equal, 4)) CHECK(v == Approx(0.25f));
    CHECK(softmax(equal, 0).empty());
}

TEST_CASE("sigmoid is stable for large |x|", "[postprocess]") {
    const float logits[] = {0.f, 2.f, -2.f, 1000.f, -1000.f, 90.f, -90.f};
    const std::vector<float> p = sigmoid(logits, 7);
    CHECK(p[0] == 0.5f);
    CHECK(p[1] == Approx(0.8807971).epsilon(1e-6));
    CHECK(p[2] == Approx(0.1192029).epsilon(1e-6));
    CHECK(p[3] == 1.f);
    CHECK(p[4] == 0.f);
    for (float v : p) CHECK(std::isfinite(v));
    // e^-90 is 8.2e-40: representable only as a float denormal, never NaN.
    CHECK(p[6] >= 0.f);
    CHECK(p[6] < 1e-38f);
}

TEST_CASE("probabilities follow the task", "[postprocess]") {
    SECTION("single label: softmax") {
        const float logits[] = {0.f, std::log(3.f)};  // odds 1:3
        const auto p = probabilities(logits, 2, Task::SingleLabel);
        CHECK(p[0] == Approx(0.25f));
        CHECK(p[1] == Approx(0.75f));
    }
    SECTION("binary with one logit: [1 - p, p]") {
        const float logit[] = {2.f};
        const auto p = probabilities(logit, 1, Task::Binary);
        REQUIRE(p.size() == 2);
        CHECK(p[0] == Approx(0.1192029).epsilon(1e-6));
        CHECK(p[1] == Approx(0.8807971).epsilon(1e-6));
        // The small side keeps its precision instead of collapsing to 1 - 1 = 0.
        const float confident[] = {30.f};
        const auto q = probabilities(confident, 1, Task::Binary);
        CHECK(q[0] == Approx(std::exp(-30.0)).epsilon(1e-4));
        CHECK(q[1] == 1.f);
    }
    SECTION("binary with two logits: softmax") {
        const float logits[] = {std::log(4.f), 0.f};  // odds 4:1
        const auto p = probabilities(logits, 2, Task::Binary);
        CHECK(p[0] == Approx(0.8f));
        CHECK(p[1] == Approx(0.2f));
    }
    SECTION("multi label: independent sigmoids") {
        const float logits[] = {0.f, 2.f, -2.f};
        const auto p = probabilities(logits, 3, Task::MultiLabel);
        CHECK(p[0] == 0.5f);
        CHECK(p[1] == Approx(0.8807971).epsilon(1e-6));
        CHECK(p[2] == Approx(0.1192029).epsilon(1e-6));
    }
    SECTION("bad logit counts are refused") {
        const float logits[] = {0.f, 1.f, 2.f};
        CHECK_THROWS_WITH(probabilities(logits, 3, Task::Binary),
                          Contains("1 or 2 logits") && Contains("got 3"));
        CHECK_THROWS_AS(probabilities(logits, 0, Task::SingleLabel), Error);
    }
}

TEST_CASE("top_k ranks highest first, ties by lower index, k clamped", "[postprocess]") {
    const std::vector<float> probs = {0.1f, 0.4f, 0.4f, 0.05f, 0.05f};
    const auto top3 = top_k(probs, 3);
    REQUIRE(top3.size() == 3);
    CHECK(top3[0].index == 1);
    CHECK(top3[1].index == 2);
    CHECK(top3[2].index == 0);
    CHECK(top3[0].prob == 0.4f);
    CHECK(top3[2].prob == 0.1f);

    const auto all = top_k(probs, 50);
    REQUIRE(all.size() == 5);
    CHECK(all[3].index == 3);
    CHECK(all[4].index == 4);

    CHECK(top_k(probs, 0).empty());
    CHECK(top_k(probs, -2).empty());
    CHECK(top_k({}, 3).empty());
}

TEST_CASE("aggregate by mean, max and majority vote", "[postprocess]") {
    const std::vector<std::vector<float>> probs = {{0.6f, 0.4f}, {0.3f, 0.7f}, {0.9f, 0.1f}};
    const auto mean = aggregate(probs, Aggregation::Mean);
    CHECK(mean[0] == Approx(0.6f));
    CHECK(mean[1] == Approx(0.4f));

    const auto max = aggregate(probs, Aggregation::Max);
    CHECK(max[0] == 0.9f);
    CHECK(max[1] == 0.7f);

    const auto votes = aggregate(probs, Aggregation::MajorityVote);
    CHECK(votes[0] == Approx(2.0 / 3.0));
    CHECK(votes[1] == Approx(1.0 / 3.0));

    // An exact tie votes for the lower class.
    const auto tie = aggregate({{0.5f, 0.5f}, {0.2f, 0.8f}}, Aggregation::MajorityVote);
    CHECK(tie[0] == Approx(0.5f));
    CHECK(tie[1] == Approx(0.5f));
}

TEST_CASE("aggregate refuses empty or inconsistent input", "[postprocess]") {
    CHECK_THROWS_WITH(aggregate({}, Aggregation::Mean), Contains("zero patches"));
    CHECK_THROWS_WITH(aggregate({{0.5f, 0.5f}, {0.2f, 0.3f, 0.5f}}, Aggregation::Max),
                      Contains("patch 1 has 3 class probabilities, expected 2"));
    CHECK_THROWS_AS(aggregate({{}}, Aggregation::Mean), Error);
}

TEST_CASE("overlap_average takes the mean of overlapping patches per pixel", "[postprocess]") {
    Patch a, b;
    a.x = 0, a.y = 0, a.size = 2;
    b.x = 1, b.y = 0, b.size = 2;
    // 4x2 image, cell 1: A covers columns 0-1, B columns 1-2, column 3 uncovered.
    const ProbabilityMap map = overlap_average({a, b}, {{1.f, 0.f}, {0.f, 1.f}}, 4, 2, 1);
    REQUIRE(map.width == 4);
    REQUIRE(map.height == 2);
    REQUIRE(map.classes == 2);
    const std::vector<float> coverage = {1, 2, 1, 0, 1, 2, 1, 0};
    const std::vector<float> class0 = {1, 0.5f, 0, 0, 1, 0.5f, 0, 0};
    const std::vector<float> class1 = {0, 0.5f, 1, 0, 0, 0.5f, 1, 0};
    CHECK(map.coverage == coverage);
    CHECK(std::vector<float>(map.data.begin(), map.data.begin() + 8) == class0);
    CHECK(std::vector<float>(map.data.begin() + 8, map.data.end()) == class1);
}

TEST_CASE("overlap_average maps cells of several pixels, partial at the edge", "[postprocess]") {
    // 5x3 image, cell 2 -> 3x2 map. Cell centres: x 1, 3, 4.5 (last cell is one
    // pixel wide); y 1, 2.5. A 4-pixel patch at the origin covers x 1 and 3, both
    // rows; a 2-pixel patch at (3, 1) covers x 3 and 4.5 at y 1 and 2.5.
    Patch big, small;
    big.size = 4;
    small.x = 3, small.y = 1, small.size = 2;
    const ProbabilityMap map = overlap_average({big, small}, {{0.2f}, {0.8f}}, 5, 3, 2);
    REQUIRE(map.width == 3);
    REQUIRE(map.height == 2);
    REQUIRE(map.cell == 2);
    const std::vector<float> coverage = {1, 2, 1, 1, 2, 1};
    CHECK(map.coverage == coverage);
    CHECK(map.data[0] == Approx(0.2f));
    CHECK(map.data[1] == Approx(0.5f));
    CHECK(map.data[2] == Approx(0.8f));
    CHECK(map.data[4] == Approx(0.5f));
}

TEST_CASE("overlap_average validates its input", "[postprocess]") {
    Patch p;
    p.size = 2;
    CHECK_THROWS_WITH(overlap_average({p}, {}, 4, 4, 1), Contains("1 patches but 0"));
    CHECK_THROWS_WITH(overlap_average({p}, {{1.f}}, 4, 4, 0), Contains("cell"));
    CHECK_THROWS_AS(overlap_average({p, p}, {{1.f}, {0.5f, 0.5f}}, 4, 4, 1), Error);
    const ProbabilityMap empty = overlap_average({}, {}, 3, 3, 2);
    CHECK(empty.width == 2);
    CHECK(empty.classes == 0);
    CHECK(empty.coverage == std::vector<float>(4, 0.f));
}
