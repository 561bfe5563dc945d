// Trust maths against hand-computed values: pooled features, Mahalanobis
// scores, temperature and prior-corrected probabilities, priors from text,
// calibration metrics; and the pipeline's use of them (domain check and
// screening) with a fake model. Runs natively and in wasm.
#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dxlens/error.h"
#include "dxlens/manifest.h"
#include "dxlens/metrics.h"
#include "dxlens/model.h"
#include "dxlens/pipeline.h"
#include "dxlens/trust.h"

using nlohmann::json;
using namespace dxlens;

namespace {

json two_class_manifest() {
    return json{{"name", "trust"},
                {"version", "1.0.0"},
                {"task", "single_label"},
                {"labels", {"NORMAL", "PNEUMONIA"}},
                {"input", {{"name", "input"}, {"shape", {-1, 2, 4, 4}}, {"layout", "NCHW"}, {"dtype", "float32"},
                           {"color", "rgb"}}},
                {"preprocess", {{"resize", "stretch"}, {"filter", "bilinear"}, {"mean", {0, 0, 0}}, {"std", {1, 1, 1}}}},
                {"outputs", {{"logits", "logits"}}},
                {"files", {{"fp32", {{"path", "m.onnx"}, {"sha256", std::string(64, 'a')}}}}}};
}

Manifest manifest_with(const json& extra) {
    json m = two_class_manifest();
    m["input"]["shape"] = {-1, 3, 4, 4};
    for (auto it = extra.begin(); it != extra.end(); ++it) m[it.key()] = it.value();
    return parse_manifest(m.dump());
}

std::string error_of(const std::function<void()>& body) {
    try {
        body();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("trust: pooled features are the channel means", "[trust]") {
    const std::vector<float> features{1, 2, 3, 4, /* channel 1 */ -1, -1, 5, 5};
    const std::vector<float> pooled = pooled_features(features.data(), 2, 2, 2);
    REQUIRE(pooled.size() == 2);
    CHECK(pooled[0] == Approx(2.5));
    CHECK(pooled[1] == Approx(2.0));
}

TEST_CASE("trust: the domain score is the smallest squared Mahalanobis distance", "[trust]") {
    DomainStats stats;
    stats.dims = 2;
    stats.class_means = {{0, 0}, {4, 0}};
    stats.precision = {1, 0, 0, 0.25};  // variances 1 and 4
    stats.threshold = 3;
    // (1, 2): to class 0: 1 + 4 * 0.25 = 2; to class 1: 9 + 1 = 10.
    CHECK(domain_score(stats, {1, 2}) == Approx(2.0));
    CHECK(check_domain(stats, 2.0).in_domain);
    // (2, 6): to class 0: 4 + 9 = 13; to class 1: 4 + 9 = 13.
    const DomainCheck far = check_domain(stats, domain_score(stats, {2, 6}));
    CHECK(far.score == Approx(13.0));
    CHECK_FALSE(far.in_domain);
    CHECK(far.threshold == 3);
    // A correlated precision: [[2, 1], [1, 2]] at (1, -1) from class 0: 2 - 1 - 1 + 2 = 2.
    stats.precision = {2, 1, 1, 2};
    stats.class_means = {{0, 0}, {100, 100}};
    CHECK(domain_score(stats, {1, -1}) == Approx(2.0));
    CHECK_THROWS_AS(domain_score(stats, {1, 2, 3}), Error);
}

TEST_CASE("trust: temperature and class priors change probabilities as Bayes' rule says", "[trust]") {
    const float logits[2] = {2, 0};
    // T = 2: softmax(1, 0) = (0.731059, 0.268941).
    const auto scaled = calibrated_probabilities(logits, 2, Task::SingleLabel, 2.0, {});
    CHECK(scaled[0] == Approx(0.731059).margin(1e-6));
    // Trained on 25 % / 75 %, used where classes are 50 / 50: ratios 2 and 2/3;
    // (0.731059 * 2, 0.268941 * 2/3) / 1.641412 = (0.890777, 0.109223).
    const Manifest m = manifest_with({{"class_priors", {0.25, 0.75}}});
    const auto ratio = prior_ratio(m, {0.5, 0.5});
    CHECK(ratio[0] == Approx(2.0));
    CHECK(ratio[1] == Approx(2.0 / 3.0));
    const auto adjusted = calibrated_probabilities(logits, 2, Task::SingleLabel, 2.0, ratio);
    CHECK(adjusted[0] == Approx(0.890777).margin(1e-5));
    CHECK(adjusted[1] == Approx(0.109223).margin(1e-5));
    // One logit: sigmoid(0) = 0.5 each; priors 1 : 3 against uniform training -> 0.25 / 0.75.
    const float one[1] = {0};
    const auto binary = calibrated_probabilities(one, 1, Task::Binary, 1.0, {0.5, 1.5});
    CHECK(binary[0] == Approx(0.25));
    CHECK(binary[1] == Approx(0.75));
}

TEST_CASE("trust: priors parse from LABEL=SHARE text", "[trust]") {
    json three = two_class_manifest();
    three["labels"] = {"a", "b", "c"};
    three["input"]["shape"] = {-1, 3, 4, 4};
    const Manifest m = parse_manifest(three.dump());
    const auto priors = parse_priors(m, "a=0.3");
    CHECK(priors[0] == Approx(0.3));
    CHECK(priors[1] == Approx(0.35));
    CHECK(priors[2] == Approx(0.35));
    CHECK(parse_priors(m, "c=0.2,a=0.5")[1] == Approx(0.3));
    CHECK_THAT(error_of([&] { parse_priors(m, "d=0.5"); }), Catch::Contains("unknown label 'd'"));
    CHECK_THAT(error_of([&] { parse_priors(m, "a=0.7,b=0.6"); }), Catch::Contains("add up to 1"));
    CHECK_THAT(error_of([&] { parse_priors(m, "a=x"); }), Catch::Contains("share in (0, 1)"));
    CHECK_THAT(error_of([&] { parse_priors(m, "a=0.5,b=0.5"); }), Catch::Contains("above 0"));
}

TEST_CASE("trust: the manifest's trust fields are parsed and checked", "[trust][manifest]") {
    const Manifest m = manifest_with({{"calibration", {{"temperature", 1.5}}},
                                      {"screening", {{"label", "PNEUMONIA"}, {"threshold", 0.7},
                                                     {"sensitivity", 0.95}, {"specificity", 0.8}}}});
    CHECK(m.temperature == 1.5);
    REQUIRE(m.screening);
    CHECK(m.screening->positive == 1);
    CHECK(m.screening->threshold == 0.7);
    CHECK_THAT(error_of([] { manifest_with({{"calibration", {{"temperature", 0}}}}); }),
               Catch::Contains("'calibration.temperature' must be a positive number"));
    CHECK_THAT(error_of([] { manifest_with({{"screening", {{"label", "COVID"}, {"threshold", 0.5}}}}); }),
               Catch::Contains("not one of the labels"));
    CHECK_THAT(error_of([] { manifest_with({{"class_priors", {0.5}}}); }), Catch::Contains("1 values for 2 labels"));
}

TEST_CASE("trust: ECE, Brier score and threshold metrics", "[trust][metrics]") {
    // Confidences 0.9 (right), 0.9 (wrong), 0.6, 0.6 (right): bins at 0.9 and
    // 0.6, |0.5 - 0.9| * 2/4 + |1 - 0.6| * 2/4 = 0.4.
    const std::vector<int> labels{0, 1, 0, 0};
    const std::vector<std::vector<float>> probs{{0.9f, 0.1f}, {0.9f, 0.1f}, {0.6f, 0.4f}, {0.6f, 0.4f}};
    CHECK(expected_calibration_error(labels, probs) == Approx(0.4).margin(1e-6));
    // (0.02 + 1.62 + 0.32 + 0.32) / 4 = 0.57.
    CHECK(brier_score(labels, probs) == Approx(0.57).margin(1e-6));
    // Class 1 flagged at >= 0.4: the one positive (0.1) missed; two of three negatives flagged.
    const BinaryMetrics at = threshold_metrics(labels, probs, 1, 0.4);
    CHECK(at.sensitivity == 0);
    CHECK(at.specificity == Approx(1.0 / 3.0));
    CHECK(threshold_metrics(labels, probs, 1, 0.05).sensitivity == 1);
}

TEST_CASE("trust: the pipeline checks the domain, applies calibration and reports screening", "[trust][pipeline]") {
    json manifest = two_class_manifest();
    manifest["input"]["shape"] = {-1, 3, 4, 4};
    manifest["outputs"] = {{"logits", "logits"}, {"features", "features"}, {"classifier", "classifier.json"}};
    manifest["calibration"] = {{"temperature", 2.0}};
    manifest["screening"] = {{"label", "PNEUMONIA"}, {"threshold", 0.3}};
    manifest["domain"] = {{"file", "domain.json"}};
    const json classifier{{"weight", {{1, 0, 0}, {0, 1, 0}}}, {"bias", {0, 0}}};
    // Features are the input planes; a mid-grey image pools to (0.5, 0.5, 0.5).
    const json domain{{"method", "mahalanobis_tied"}, {"dims", 3}, {"means", {{0.5, 0.5, 0.5}, {0.5, 0.5, 0.5}}},
                      {"precision", {{100, 0, 0}, {0, 100, 0}, {0, 0, 100}}}, {"threshold", 1.0}};
    auto model = std::make_shared<const Model>(parse_model(manifest.dump(), classifier.dump(), domain.dump()));
    REQUIRE(model->domain);

    auto run = [&](uint8_t level, PipelineOptions options) {
        Image image;
        image.width = image.height = 4;
        image.channels = 3;
        image.pixels8.assign(4 * 4 * 3, level);
        Pipeline pipeline(model, {image}, options);
        while (const ModelRequest* request = pipeline.next()) {
            REQUIRE(request->outputs.size() == 2);  // features fetched for the domain check
            const std::vector<float>& input = request->input.f32;
            std::vector<float> logits{input[0], 0.f};  // logit of NORMAL = the red level
            pipeline.submit({{logits.data(), 2, {1, 2}}, {input.data(), input.size(), {1, 3, 4, 4}}}, 0);
        }
        return pipeline.finish().images.front();
    };
    PipelineOptions none;
    none.overlay_classes = 0;
    const ImageResult grey = run(128, none);
    REQUIRE(grey.domain);
    CHECK(grey.domain->in_domain);
    // Uncalibrated softmax(0.502, 0) vs calibrated softmax(0.251, 0).
    CHECK(grey.uncalibrated_probs[0] == Approx(0.622928).margin(1e-4));
    CHECK(grey.probs[0] == Approx(0.562424).margin(1e-4));
    REQUIRE(grey.screening);
    CHECK(grey.screening->above);  // PNEUMONIA 0.4376 >= 0.3
    const ImageResult white = run(255, none);
    CHECK_FALSE(white.domain->in_domain);  // 3 * 100 * 0.5^2 = 75 > 1
    CHECK(white.domain->score == Approx(75.0).margin(0.5));
    PipelineOptions strict = none;
    strict.screening_threshold = 0.5;
    CHECK_FALSE(run(128, strict).screening->above);
    CHECK_THAT(error_of([&] { parse_model(manifest.dump(), classifier.dump(), ""); }),
               Catch::Contains("needs its domain file 'domain.json'"));
}

namespace {

Image solid_image(int width, int height, const std::vector<uint8_t>& pixel) {
    Image image;
    image.width = width;
    image.height = height;
    image.channels = int(pixel.size());
    for (int i = 0; i < width * height; ++i) image.pixels8.insert(image.pixels8.end(), pixel.begin(), pixel.end());
    return image;
}

void check_statistics(const std::vector<float>& got, const std::vector<double>& expected) {
    REQUIRE(got.size() == size_t(kColourStatistics));
    REQUIRE(expected.size() == size_t(kColourStatistics));
    for (size_t i = 0; i < expected.size(); ++i) {
        INFO("statistic " << i);
        CHECK(got[i] == Approx(expected[i]).margin(1e-5));
    }
}

}  // namespace

TEST_CASE("trust: colour statistics of small images match hand-computed values", "[trust][colour]") {
    // Order: mean V, std V, mean S, std S, mean C, std C, mean R-G, mean B-G.
    SECTION("grey (one channel) has no saturation, chroma or colour direction") {
        check_statistics(colour_statistics(solid_image(5, 3, {51})), {0.2, 0, 0, 0, 0, 0, 0, 0});
    }
    SECTION("grey stored as RGB, and grey with alpha, are the same") {
        check_statistics(colour_statistics(solid_image(4, 4, {51, 51, 51})), {0.2, 0, 0, 0, 0, 0, 0, 0});
        check_statistics(colour_statistics(solid_image(4, 4, {51, 7})), {0.2, 0, 0, 0, 0, 0, 0, 0});
    }
    SECTION("pure red has saturation 1") {
        check_statistics(colour_statistics(solid_image(3, 3, {255, 0, 0})), {1, 0, 1, 0, 1, 0, 1, 0});
    }
    SECTION("black has saturation 0, not a division by zero") {
        check_statistics(colour_statistics(solid_image(2, 2, {0, 0, 0})), {0, 0, 0, 0, 0, 0, 0, 0});
    }
    SECTION("a brown (0.6, 0.4, 0.2), alpha ignored") {
        // V 0.6, C 0.4, S 0.4 / 0.6, R - G 0.2, B - G -0.2.
        check_statistics(colour_statistics(solid_image(2, 2, {153, 102, 51, 0})),
                         {0.6, 0, 2.0 / 3.0, 0, 0.4, 0, 0.2, -0.2});
    }
    SECTION("half white, half pure blue: means and spreads") {
        Image image = solid_image(2, 1, {255, 255, 255});
        image.pixels8 = {255, 255, 255, 0, 0, 255};
        // V 1 and 1; S 0 and 1 (mean 0.5, std 0.5); C likewise; R-G 0 and 0; B-G 0 and 1.
        check_statistics(colour_statistics(image), {1, 0, 0.5, 0.5, 0.5, 0.5, 0, 0.5});
    }
    SECTION("16-bit samples scale to [0, 1] like 8-bit ones") {
        Image image;
        image.width = image.height = 2;
        image.channels = 3;
        image.bit_depth = 16;
        image.pixels16.assign(12, 0);
        for (size_t i = 0; i < 12; i += 3) image.pixels16[i] = 65535;  // pure red
        check_statistics(colour_statistics(image), {1, 0, 1, 0, 1, 0, 1, 0});
    }
    SECTION("a large image is read on a grid of at most ~64k pixels") {
        // 1024 x 1024 -> every 4th pixel of every 4th row: columns 0, 4, 8, ...
        // are red and the rest black, so the grid sees only red.
        Image image = solid_image(1024, 1024, {0, 0, 0});
        for (int y = 0; y < 1024; ++y) {
            for (int x = 0; x < 1024; x += 4) image.pixels8[(size_t(y) * 1024 + size_t(x)) * 3] = 255;
        }
        check_statistics(colour_statistics(image), {1, 0, 1, 0, 1, 0, 1, 0});
    }
    CHECK_THROWS_AS(colour_statistics(Image{}), Error);
}

namespace {

// A 3-dim feature check that passes near (0.5, 0.5, 0.5) and a colour check
// that accepts only (near-)grey images of mid brightness.
json domain_with_colour() {
    json precision = json::array();
    for (int r = 0; r < kColourStatistics; ++r) {
        json row = json::array();
        for (int c = 0; c < kColourStatistics; ++c) row.push_back(r == c ? 100.0 : 0.0);
        precision.push_back(row);
    }
    return json{{"method", "mahalanobis_tied"}, {"dims", 3}, {"means", {{0.5, 0.5, 0.5}, {0.5, 0.5, 0.5}}},
                {"precision", {{10, 0, 0}, {0, 10, 0}, {0, 0, 10}}}, {"threshold", 1.0},
                {"colour", {{"means", {0.5, 0, 0, 0, 0, 0, 0, 0}}, {"precision", precision}, {"threshold", 4.0},
                            {"target_acceptance", 0.99}}}};
}

}  // namespace

TEST_CASE("trust: the colour check is a second, independent gate", "[trust][colour]") {
    const Manifest manifest = manifest_with({});
    const DomainStats stats = parse_domain_stats(domain_with_colour().dump(), manifest, 3);
    REQUIRE(stats.colour);
    CHECK(stats.colour->threshold == 4.0);
    CHECK(stats.colour->target_acceptance == 0.99);

    // Squared Mahalanobis distance: 100 * (0.1^2 + 0.2^2) = 5.
    const std::vector<float> off{0.6f, 0.2f, 0, 0, 0, 0, 0, 0};
    CHECK(colour_score(*stats.colour, off) == Approx(5.0));
    CHECK_THROWS_AS(colour_score(*stats.colour, {0.5f}), Error);

    const std::vector<float> grey{0.5f, 0, 0, 0, 0, 0, 0, 0};
    const DomainCheck both = check_domain(stats, 0.5, &grey);
    CHECK(both.in_domain);
    CHECK(both.colour_checked);
    CHECK(both.colour_score == Approx(0.0));
    CHECK(both.colour_threshold == 4.0);

    // Colour fails alone -> out of domain; the feature fields keep their meaning.
    const DomainCheck colour_fails = check_domain(stats, 0.5, &off);
    CHECK_FALSE(colour_fails.in_domain);
    CHECK(colour_fails.features_in_domain);
    CHECK_FALSE(colour_fails.colour_in_domain);
    CHECK(colour_fails.score == 0.5);
    CHECK(colour_fails.threshold == 1.0);

    // Features fail alone -> out of domain too.
    const DomainCheck features_fail = check_domain(stats, 2.0, &grey);
    CHECK_FALSE(features_fail.in_domain);
    CHECK_FALSE(features_fail.features_in_domain);
    CHECK(features_fail.colour_in_domain);

    // Without colour statistics (or without a colour block) only the features count.
    const DomainCheck no_colour = check_domain(stats, 0.5);
    CHECK(no_colour.in_domain);
    CHECK_FALSE(no_colour.colour_checked);

    // An old domain.json without the block still parses; a wrong block is named.
    json old = domain_with_colour();
    old.erase("colour");
    CHECK_FALSE(parse_domain_stats(old.dump(), manifest, 3).colour);
    json bad = domain_with_colour();
    bad["colour"]["means"] = {0.5, 0};
    CHECK_THAT(error_of([&] { parse_domain_stats(bad.dump(), manifest, 3); }), Catch::Contains("colour.means"));
    bad = domain_with_colour();
    bad["colour"]["threshold"] = -1;
    CHECK_THAT(error_of([&] { parse_domain_stats(bad.dump(), manifest, 3); }), Catch::Contains("colour.threshold"));
}

TEST_CASE("trust: the pipeline applies the colour check to the whole image", "[trust][colour][pipeline]") {
    json manifest = two_class_manifest();
    manifest["input"]["shape"] = {-1, 3, 4, 4};
    manifest["outputs"] = {{"logits", "logits"}, {"features", "features"}, {"classifier", "classifier.json"}};
    manifest["domain"] = {{"file", "domain.json"}};
    const json classifier{{"weight", {{1, 0, 0}, {0, 1, 0}}}, {"bias", {0, 0}}};
    auto model = std::make_shared<const Model>(parse_model(manifest.dump(), classifier.dump(), domain_with_colour().dump()));

    auto run = [&](const std::vector<uint8_t>& pixel, bool keep_raw) {
        PipelineOptions options;
        options.overlay_classes = 0;
        options.keep_raw = keep_raw;
        Pipeline pipeline(model, {solid_image(4, 4, pixel)}, options);
        while (const ModelRequest* request = pipeline.next()) {
            const std::vector<float>& input = request->input.f32;  // features = the input planes
            std::vector<float> logits{0.f, 0.f};
            pipeline.submit({{logits.data(), 2, {1, 2}}, {input.data(), input.size(), {1, 3, 4, 4}}}, 0);
        }
        return pipeline.finish().images.front();
    };
    const ImageResult grey = run({128, 128, 128}, true);
    REQUIRE(grey.domain);
    CHECK(grey.domain->in_domain);
    CHECK(grey.domain->colour_checked);
    REQUIRE(grey.colour.size() == size_t(kColourStatistics));
    CHECK(grey.colour[0] == Approx(128.0 / 255.0));
    // (0.6, 0.5, 0.4): features 10 * (0.01 + 0 + 0.01) = 0.2 pass; colour
    // V 0.6, S 1/3, C 0.2, R-G 0.1, B-G -0.1 -> 100 * (0.01 + 1/9 + 0.04 + 0.01 + 0.01) = 18.1 fails.
    const ImageResult tinted = run({153, 128, 102}, false);
    REQUIRE(tinted.domain);
    CHECK(tinted.domain->features_in_domain);
    CHECK_FALSE(tinted.domain->colour_in_domain);
    CHECK_FALSE(tinted.domain->in_domain);
    CHECK(tinted.domain->colour_score == Approx(18.1).margin(0.3));
    CHECK(tinted.colour.empty());  // kept with keep_raw only
}
