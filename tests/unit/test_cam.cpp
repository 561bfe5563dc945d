// Class activation maps on a hand-computed 2-channel 2x2 feature map.
#include <catch2/catch.hpp>

#include <vector>

#include "dxlens/cam.h"
#include "dxlens/error.h"

using namespace dxlens;
using Catch::Matchers::Contains;

namespace {

// Channel 0 rises 1..4 over the 2x2 map, channel 1 falls 4..1.
const std::vector<float> kFeatures = {1, 2, 3, 4,
                                      4, 3, 2, 1};

ClassifierWeights two_classes() {
    ClassifierWeights w;
    w.classes = 2;
    w.channels = 2;
    w.weight = {1.f, 0.5f,    // class 0
                -1.f, 2.f};   // class 1
    w.bias = {10.f, -3.f};
    return w;
}

}  // namespace

TEST_CASE("CAM is the weighted channel sum, min-max normalised", "[cam]") {
    // Class 0: 1 + 2 = 3, 2 + 1.5 = 3.5, 3 + 1 = 4, 4 + 0.5 = 4.5 -> (v - 3) / 1.5.
    const PlanarImage c0 = class_activation_map(kFeatures.data(), 2, 2, 2, two_classes(), 0);
    REQUIRE(c0.width == 2);
    REQUIRE(c0.height == 2);
    REQUIRE(c0.channels == 1);
    REQUIRE(c0.data.size() == 4);
    CHECK(c0.data[0] == Approx(0.0));
    CHECK(c0.data[1] == Approx(1.0 / 3.0));
    CHECK(c0.data[2] == Approx(2.0 / 3.0));
    CHECK(c0.data[3] == Approx(1.0));

    // Class 1: -1 + 8 = 7, -2 + 6 = 4, -3 + 4 = 1, -4 + 2 = -2 -> (v + 2) / 9.
    const PlanarImage c1 = class_activation_map(kFeatures.data(), 2, 2, 2, two_classes(), 1);
    CHECK(c1.data[0] == Approx(1.0));
    CHECK(c1.data[1] == Approx(6.0 / 9.0));
    CHECK(c1.data[2] == Approx(3.0 / 9.0));
    CHECK(c1.data[3] == Approx(0.0));
}

TEST_CASE("CAM ignores the bias and is all zero when flat", "[cam]") {
    ClassifierWeights no_bias = two_classes();
    no_bias.bias.clear();
    const auto with = class_activation_map(kFeatures.data(), 2, 2, 2, two_classes(), 1);
    const auto without = class_activation_map(kFeatures.data(), 2, 2, 2, no_bias, 1);
    CHECK(with.data == without.data);

    // Weights (1, 1) add the rising and falling channels to a constant 5.
    ClassifierWeights flat = two_classes();
    flat.weight = {1.f, 1.f, 0.f, 0.f};
    CHECK(class_activation_map(kFeatures.data(), 2, 2, 2, flat, 0).data == std::vector<float>(4, 0.f));
    CHECK(class_activation_map(kFeatures.data(), 2, 2, 2, flat, 1).data == std::vector<float>(4, 0.f));
}

TEST_CASE("CAM validates the features against the classifier", "[cam]") {
    const ClassifierWeights w = two_classes();
    CHECK_THROWS_WITH(class_activation_map(kFeatures.data(), 1, 2, 4, w, 0),
                      Contains("1 channels") && Contains("expect 2"));
    CHECK_THROWS_WITH(class_activation_map(kFeatures.data(), 2, 2, 2, w, 2), Contains("class index 2"));
    CHECK_THROWS_AS(class_activation_map(kFeatures.data(), 2, 2, 2, w, -1), Error);
    ClassifierWeights short_weights = w;
    short_weights.weight.pop_back();
    CHECK_THROWS_WITH(class_activation_map(kFeatures.data(), 2, 2, 2, short_weights, 0),
                      Contains("3 values"));
    CHECK_THROWS_AS(class_activation_map(nullptr, 2, 2, 2, w, 0), Error);
}
