// Evaluation metrics against values worked out by hand (the arithmetic is in
// the comments so a failure can be checked without re-deriving it).
#include <catch2/catch.hpp>

#include <limits>
#include <vector>

#include "dxlens/error.h"
#include "dxlens/metrics.h"

using namespace dxlens;
using Catch::Matchers::Contains;

namespace {

using Confusion = std::vector<std::vector<int64_t>>;

}  // namespace

TEST_CASE("three-class metrics match the hand-computed values", "[metrics]") {
    const std::vector<int> labels = {0, 0, 0, 1, 1, 2, 2};
    const std::vector<std::vector<float>> probs = {
        {0.7f, 0.2f, 0.1f},  // true 0, predicted 0
        {0.2f, 0.5f, 0.3f},  // true 0, predicted 1
        {0.6f, 0.3f, 0.1f},  // true 0, predicted 0
        {0.1f, 0.8f, 0.1f},  // true 1, predicted 1
        {0.4f, 0.3f, 0.3f},  // true 1, predicted 0
        {0.2f, 0.2f, 0.6f},  // true 2, predicted 2
        {0.5f, 0.1f, 0.4f},  // true 2, predicted 0
    };
    const Metrics m = compute_metrics(labels, probs, 3);

    CHECK(m.samples == 7);
    CHECK(m.confusion == Confusion{{2, 1, 0}, {1, 1, 0}, {1, 0, 1}});
    CHECK(m.accuracy == Approx(4.0 / 7.0));

    // class 0: TP 2, predicted 4, support 3 -> P 1/2, R 2/3, F1 = (2/3)/(7/6) = 4/7
    // class 1: TP 1, predicted 2, support 2 -> P 1/2, R 1/2, F1 1/2
    // class 2: TP 1, predicted 1, support 2 -> P 1,   R 1/2, F1 = 1/(3/2) = 2/3
    REQUIRE(m.per_class.size() == 3);
    CHECK(m.per_class[0].precision == Approx(0.5));
    CHECK(m.per_class[0].recall == Approx(2.0 / 3.0));
    CHECK(m.per_class[0].f1 == Approx(4.0 / 7.0));
    CHECK(m.per_class[0].support == 3);
    CHECK(m.per_class[0].predicted == 4);
    CHECK(m.per_class[1].precision == Approx(0.5));
    CHECK(m.per_class[1].recall == Approx(0.5));
    CHECK(m.per_class[1].f1 == Approx(0.5));
    CHECK(m.per_class[2].precision == Approx(1.0));
    CHECK(m.per_class[2].recall == Approx(0.5));
    CHECK(m.per_class[2].f1 == Approx(2.0 / 3.0));
    CHECK(m.per_class[2].support == 2);

    CHECK(m.balanced_accuracy == Approx((2.0 / 3.0 + 0.5 + 0.5) / 3.0));  // 0.5556
    CHECK(m.macro_f1 == Approx((4.0 / 7.0 + 0.5 + 2.0 / 3.0) / 3.0));     // 0.5794

    // Class 0 scores: positives {.7,.2,.6} vs negatives {.1,.4,.2,.5}: 4 + (1 + a tie's 1/2) + 4 = 9.5 of 12.
    // Class 1: positives {.8,.3} vs {.2,.5,.3,.2,.1}: 5 + (3 + 1/2) = 8.5 of 10.
    // Class 2: positives {.6,.4} vs {.1,.3,.1,.1,.3}: 10 of 10.
    REQUIRE(m.auroc.size() == 3);
    REQUIRE(m.auroc[0]);
    REQUIRE(m.auroc[1]);
    REQUIRE(m.auroc[2]);
    CHECK(*m.auroc[0] == Approx(9.5 / 12.0));
    CHECK(*m.auroc[1] == Approx(0.85));
    CHECK(*m.auroc[2] == Approx(1.0));
    REQUIRE(m.macro_auroc);
    CHECK(*m.macro_auroc == Approx((9.5 / 12.0 + 0.85 + 1.0) / 3.0));

    CHECK_FALSE(m.binary);
}

TEST_CASE("binary metrics report sensitivity and specificity of class 1", "[metrics]") {
    // Negatives score .1 .4 .6, positives .9 .8 .3 .7 .55 for the positive class.
    const std::vector<int> labels = {0, 0, 0, 1, 1, 1, 1, 1};
    const std::vector<std::vector<float>> probs = {
        {0.9f, 0.1f}, {0.6f, 0.4f}, {0.4f, 0.6f},                               // predicted 0 0 1
        {0.1f, 0.9f}, {0.2f, 0.8f}, {0.7f, 0.3f}, {0.3f, 0.7f}, {0.45f, 0.55f},  // 1 1 0 1 1
    };
    const Metrics m = compute_metrics(labels, probs, 2);

    CHECK(m.confusion == Confusion{{2, 1}, {1, 4}});
    CHECK(m.accuracy == Approx(0.75));
    REQUIRE(m.binary);
    CHECK(m.binary->positive == 1);
    CHECK(m.binary->sensitivity == Approx(0.8));       // 4 of 5 positives found
    CHECK(m.binary->specificity == Approx(2.0 / 3.0));  // 2 of 3 negatives cleared
    CHECK(m.balanced_accuracy == Approx((0.8 + 2.0 / 3.0) / 2.0));
    CHECK(m.per_class[1].precision == Approx(0.8));  // 4 of 5 predicted positives
    CHECK(m.per_class[0].precision == Approx(2.0 / 3.0));

    // Positives .9 .8 .7 beat all 3 negatives, .55 beats 2, .3 beats 1: 12 of 15 pairs.
    // Class 0's score is 1 - p, the same ranking reversed, so its AUROC is equal.
    REQUIRE(m.auroc[1]);
    CHECK(*m.auroc[1] == Approx(0.8));
    REQUIRE(m.auroc[0]);
    CHECK(*m.auroc[0] == Approx(0.8));
    CHECK(*m.macro_auroc == Approx(0.8));
}

TEST_CASE("AUROC counts ties as half and is undefined without both groups", "[metrics]") {
    CHECK(*auroc({0.5, 0.5, 0.5, 0.5}, {true, false, true, false}) == Approx(0.5));
    CHECK(*auroc({0.1, 0.2, 0.8, 0.9}, {false, false, true, true}) == Approx(1.0));
    CHECK(*auroc({0.1, 0.2, 0.8, 0.9}, {true, true, false, false}) == Approx(0.0));
    // Positive .5 ties one negative (1/2) and beats the other (1): 1.5 of 2.
    CHECK(*auroc({0.5, 0.5, 0.2}, {true, false, false}) == Approx(0.75));
    CHECK_FALSE(auroc({0.3, 0.7}, {true, true}));
    CHECK_FALSE(auroc({0.3, 0.7}, {false, false}));
    CHECK_FALSE(auroc({}, {}));
}

TEST_CASE("classes without samples follow the zero-division rules", "[metrics]") {
    // Class 2 is never true but predicted once; class 3 is neither.
    const std::vector<int> labels = {0, 0, 1, 1};
    const std::vector<std::vector<float>> probs = {
        {0.8f, 0.1f, 0.1f, 0.0f},  // 0 -> 0
        {0.2f, 0.1f, 0.7f, 0.0f},  // 0 -> 2
        {0.1f, 0.8f, 0.1f, 0.0f},  // 1 -> 1
        {0.3f, 0.6f, 0.1f, 0.0f},  // 1 -> 1
    };
    const Metrics m = compute_metrics(labels, probs, 4);

    CHECK(m.accuracy == Approx(0.75));
    CHECK(m.per_class[2].support == 0);
    CHECK(m.per_class[2].predicted == 1);
    CHECK(m.per_class[2].precision == 0.0);  // 0 of 1 prediction right
    CHECK(m.per_class[2].recall == 0.0);     // no samples: 0 by rule
    CHECK(m.per_class[3].precision == 0.0);  // never predicted: 0 by rule
    CHECK(m.per_class[3].f1 == 0.0);

    // Balanced accuracy averages the classes with samples: (1/2 + 1) / 2.
    CHECK(m.balanced_accuracy == Approx(0.75));
    // Macro-F1 averages classes seen as truth or prediction (0, 1, 2): (2/3 + 1 + 0) / 3.
    CHECK(m.macro_f1 == Approx((2.0 / 3.0 + 1.0 + 0.0) / 3.0));

    // Class 0: positives {.8,.2} vs negatives {.1,.3}: 2 + 1 of 4. Class 1: 4 of 4.
    CHECK(*m.auroc[0] == Approx(0.75));
    CHECK(*m.auroc[1] == Approx(1.0));
    CHECK_FALSE(m.auroc[2]);
    CHECK_FALSE(m.auroc[3]);
    REQUIRE(m.macro_auroc);
    CHECK(*m.macro_auroc == Approx(0.875));
    CHECK_FALSE(m.binary);
}

TEST_CASE("no samples gives zeros and no AUROC", "[metrics]") {
    const Metrics m = compute_metrics({}, {}, 2);
    CHECK(m.samples == 0);
    CHECK(m.confusion == Confusion{{0, 0}, {0, 0}});
    CHECK(m.accuracy == 0.0);
    CHECK(m.balanced_accuracy == 0.0);
    CHECK(m.macro_f1 == 0.0);
    CHECK_FALSE(m.auroc[0]);
    CHECK_FALSE(m.macro_auroc);
    REQUIRE(m.binary);
    CHECK(m.binary->sensitivity == 0.0);
    CHECK(m.binary->specificity == 0.0);
}

TEST_CASE("the prediction is the first most probable class", "[metrics]") {
    CHECK(predicted_class({0.4f, 0.4f, 0.2f}) == 0);
    CHECK(predicted_class({0.1f, 0.45f, 0.45f}) == 1);
    CHECK(predicted_class({0.1f, 0.2f, 0.7f}) == 2);
}

TEST_CASE("invalid metric inputs name the sample", "[metrics]") {
    const std::vector<std::vector<float>> two = {{0.5f, 0.5f}};
    CHECK_THROWS_WITH(compute_metrics({2}, two, 2), Contains("sample 0 has label 2, expected 0..1"));
    CHECK_THROWS_WITH(compute_metrics({-1}, two, 2), Contains("sample 0 has label -1"));
    CHECK_THROWS_WITH(compute_metrics({0, 1}, two, 2), Contains("2 labels but 1 probability vectors"));
    CHECK_THROWS_WITH(compute_metrics({0}, {{0.2f, 0.3f, 0.5f}}, 2), Contains("has 3 probabilities, expected 2"));
    const float nan = std::numeric_limits<float>::quiet_NaN();
    CHECK_THROWS_WITH(compute_metrics({0, 1}, {{0.5f, 0.5f}, {nan, 0.5f}}, 2),
                      Contains("sample 1 has a non-finite probability"));
    CHECK_THROWS_AS(compute_metrics({}, {}, 0), Error);
}
