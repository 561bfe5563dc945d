// Every input the fuzz targets (tests/fuzz) found to crash, hang or hit
// undefined behaviour, kept as a regression test: the files under
// tests/fixtures/fuzz/, and the API calls that reproduce the findings of the
// FuzzedDataProvider targets (their raw inputs only mean something to one
// version of a harness). Runs natively and in wasm like every unit test.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "error_of.h"
#include "dxlens/decode.h"
#include "dxlens/error.h"
#include "dxlens/manifest.h"
#include "dxlens/model.h"
#include "dxlens/patch.h"
#include "dxlens/pipeline.h"
#include "test_support.h"

using namespace dxlens;

namespace {

std::vector<uint8_t> fuzz_fixture(const std::string& name) { return test_support::read_fixture("fuzz/" + name); }

std::string fuzz_text(const std::string& name) {
    const std::vector<uint8_t> bytes = fuzz_fixture(name);
    return std::string(bytes.begin(), bytes.end());
}

using test_support::error_of;

const char* kManifest = R"({"name": "fuzz", "version": "1", "task": "single_label", "labels": ["a", "b", "c"],
  "input": {"name": "input", "shape": [-1, 3, 8, 8], "layout": "NCHW", "dtype": "float32", "color": "rgb"},
  "preprocess": {"resize": "stretch", "filter": "bilinear", "mean": [0, 0, 0], "std": [1, 1, 1]},
  "outputs": {"logits": "logits", "features": "features", "classifier": "classifier.json"},
  "files": {"fp32": {"path": "m.onnx", "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}})";
const char* kClassifier = R"({"weight": [[1, 0], [0, 1], [1, 1]], "bias": [0, 0, 0]})";

Image flat_image(int width, int height, int channels, uint8_t value) {
    Image image;
    image.width = width;
    image.height = height;
    image.channels = channels;
    image.pixels8.assign(image.sample_count(), value);
    return image;
}

}  // namespace

TEST_CASE("fuzz: a progressive JPEG scan naming an undefined Huffman table is refused before stb_image",
          "[fuzz][decode]") {
    // progressive.jpg with one AC scan pointed at table 3, which no DHT defines:
    // stb_image 2.27 would decode with its uninitialised table (wild reads in
    // stbi__jpeg_huff_decode, depending on what the heap held).
    const std::vector<uint8_t> jpeg = fuzz_fixture("jpeg_undefined_huffman_table.jpg");
    const Error error = error_of([&] { decode_image(jpeg.data(), jpeg.size()); });
    CHECK(error.kind() == ErrorKind::Corrupt);
    CHECK(std::string(error.what()) ==
          "corrupt or truncated JPEG: a scan uses an AC Huffman table that was never defined");
    // The header alone is still readable: only decoding is refused.
    CHECK(probe_image(jpeg.data(), jpeg.size()).width == 32);
}

TEST_CASE("fuzz: JPEG scan parameters and tables are screened", "[fuzz][decode]") {
    const std::vector<uint8_t> good = test_support::read_fixture("decode/progressive.jpg");
    // The first scan header (DC, three components) starts at byte 227 of that file.
    REQUIRE(good[227] == 0xFF);
    REQUIRE(good[228] == 0xDA);
    const auto refused = [&](size_t offset, uint8_t value, const std::string& why) {
        std::vector<uint8_t> bad = good;
        bad[offset] = value;
        const Error error = error_of([&] { decode_image(bad.data(), bad.size()); });
        CHECK(error.kind() == ErrorKind::Corrupt);
        CHECK(std::string(error.what()) == "corrupt or truncated JPEG: " + why);
    };
    refused(232, 0x09, "a scan names a colour component the frame does not have");
    refused(233, 0x30, "a scan uses a DC Huffman table that was never defined");
    refused(238, 0x01, "invalid spectral selection in a progressive scan");  // Ss = 1 > Se = 0
    refused(239, 0x0E, "a progressive scan mixes DC and AC coefficients");  // Se = 14 with Ss = 0
    refused(240, 0x50, "invalid successive approximation in a progressive scan");
    // A Huffman table with more codes than its lengths allow (three 1-bit codes).
    refused(182, 0x03, "invalid Huffman table (more codes than fit their lengths)");
    CHECK_NOTHROW(decode_image(good.data(), good.size()));
}

TEST_CASE("fuzz: a JPEG whose scan data ends mid-code is refused or decoded, never crashes", "[fuzz][decode]") {
    // Found by fuzz_decode: stb's bit counter goes negative and it shifts a zero
    // by 32 (tests/fuzz/ubsan.supp). Harmless; this keeps the outcome defined.
    const std::vector<uint8_t> jpeg = fuzz_fixture("jpeg_scan_ends_mid_code.jpg");
    try {
        const Image image = decode_image(jpeg.data(), jpeg.size());
        CHECK(image.pixels8.size() == image.sample_count());
    } catch (const Error& error) {
        CHECK(error.kind() == ErrorKind::Corrupt);
    }
}

TEST_CASE("fuzz: a number beyond a double's range in a manifest names the field", "[fuzz][manifest]") {
    // "top_k": 1E400 escaped as nlohmann's out_of_range.406.
    const Error error = error_of([] { parse_manifest(fuzz_text("manifest_top_k_1e400.json")); });
    CHECK(error.kind() == ErrorKind::InvalidManifest);
    CHECK(std::string(error.what()) ==
          "manifest: 'top_k' is a number out of range (number overflow parsing '1E400')");
    const Error nested = error_of([] { parse_manifest(R"({"preprocess": {"mean": [0.5, -1e999]}})"); });
    CHECK(std::string(nested.what()) ==
          "manifest: 'preprocess.mean[1]' is a number out of range (number overflow parsing '-1e999')");
    const Error alone = error_of([] { parse_manifest("1e400"); });
    CHECK(alone.kind() == ErrorKind::InvalidManifest);
}

TEST_CASE("fuzz: numbers outside a float's range are refused in manifests and classifiers", "[fuzz][manifest]") {
    const Error weight = error_of([] { parse_model(kManifest, fuzz_text("classifier_weight_1e39.json")); });
    CHECK(weight.kind() == ErrorKind::InvalidManifest);
    CHECK(std::string(weight.what()).find("'weight[0]' must contain only finite numbers") != std::string::npos);
    std::string manifest = kManifest;
    manifest.replace(manifest.find("\"std\": [1, 1, 1]"), 16, "\"std\": [1, 1e39, 1]");
    const Error std_error = error_of([&] { parse_manifest(manifest); });
    CHECK(std::string(std_error.what()) ==
          "manifest: 'preprocess.std[1]' is 1e+39, outside the range a 32-bit float holds");
    // An unsigned dimension above INT64_MAX once wrapped to -1, a dynamic batch.
    std::string shape = kManifest;
    shape.replace(shape.find("[-1, 3, 8, 8]"), 13, "[18446744073709551615, 3, 8, 8]");
    CHECK(error_of([&] { parse_manifest(shape); }).kind() == ErrorKind::InvalidManifest);
}

TEST_CASE("fuzz: every tissue mask cell covers source pixels", "[fuzz][patch]") {
    // A 3x48 image with max_side 20 once got a 2-cell-wide mask whose second
    // column no pixel fell in: a 0/0 mean, converted to uint8 (undefined), that
    // counted as tissue on grey masks. Bright glass must give no tissue at all.
    const TissueMask mask = tissue_mask(flat_image(3, 48, 1, 250), MaskMethod::Grey, 20);
    CHECK(mask.width == 1);
    CHECK(mask.height == 20);
    REQUIRE(mask.data.size() == size_t(mask.width) * size_t(mask.height));
    for (uint8_t cell : mask.data) CHECK(cell == 0);
    const TissueMask wide = tissue_mask(flat_image(1000, 3000, 3, 250), MaskMethod::Grey, 1024);
    CHECK(wide.width == 341);
    CHECK(wide.height == 1024);
    for (uint8_t cell : wide.data) CHECK(cell == 0);
}

TEST_CASE("fuzz: a patch grid whose scaled size overflows is refused, not endless", "[fuzz][patch]") {
    PatchSettings settings;
    settings.size = 8;
    settings.stride = 8;
    settings.downscale = 1e300;  // the grid once looped forever: lround overflowed to a 0 step
    const Error error = error_of([&] { patch_grid(64, 64, settings); });
    CHECK(std::string(error.what()).find("patch.downscale") != std::string::npos);
    settings.downscale = 1.0;
    settings.size = std::numeric_limits<int>::max();
    CHECK_THROWS_AS(patch_grid(64, 64, settings), Error);
}

TEST_CASE("fuzz: model outputs whose shape overflows or changes between runs are a mismatch", "[fuzz][pipeline]") {
    auto model = std::make_shared<const Model>(parse_model(kManifest, kClassifier));
    std::vector<Image> images{flat_image(8, 8, 3, 100), flat_image(8, 8, 3, 200)};
    Pipeline pipeline(model, images);  // batch size 1: one run per image
    std::vector<float> logits{0.1f, 0.2f, 0.3f};
    std::vector<float> features(2 * 2 * 2, 0.5f);

    // A shape whose element count overflows int64 (once signed overflow).
    REQUIRE(pipeline.next() != nullptr);
    const int64_t huge = int64_t(1) << 62;
    const Error overflow = error_of([&] {
        pipeline.submit({{logits.data(), logits.size(), {1, 3}}, {features.data(), features.size(), {1, 2, huge, huge}}}, 1);
    });
    CHECK(overflow.kind() == ErrorKind::ModelMismatch);

    // Features 2x2 for the first image, 3x3 for the second: finish() read the
    // first image's 8 values as 18 (heap-buffer-overflow in class_activation_map).
    Pipeline again(model, images);
    REQUIRE(again.next() != nullptr);
    again.submit({{logits.data(), logits.size(), {1, 3}}, {features.data(), features.size(), {1, 2, 2, 2}}}, 1);
    REQUIRE(again.next() != nullptr);
    std::vector<float> bigger(2 * 3 * 3, 0.5f);
    const Error changed = error_of([&] {
        again.submit({{logits.data(), logits.size(), {1, 3}}, {bigger.data(), bigger.size(), {1, 2, 3, 3}}}, 1);
    });
    CHECK(changed.kind() == ErrorKind::ModelMismatch);
    CHECK(std::string(changed.what()).find("changed shape between runs") != std::string::npos);

    // Features whose channels are not the classifier's.
    Pipeline third(model, images);
    REQUIRE(third.next() != nullptr);
    std::vector<float> three_channels(3 * 2 * 2, 0.5f);
    const Error channels = error_of([&] {
        third.submit({{logits.data(), logits.size(), {1, 3}}, {three_channels.data(), three_channels.size(), {1, 3, 2, 2}}}, 1);
    });
    CHECK(channels.kind() == ErrorKind::ModelMismatch);
}

TEST_CASE("fuzz seeds: a deflated DICOM data set whose stream ends with the file inflates", "[fuzz][dicom]") {
    // A seed of fuzz_dicom (tools/fuzz/make_dicom_corpus.py, pydicom's deflate
    // writer): stb_image's inflater refused it ("bad huffman code") because
    // fewer than 16 bits were left to read when the last codes came; inside a
    // PNG the zlib checksum always follows. The reader pads its input copy.
    const std::vector<uint8_t> dcm = fuzz_fixture("dicom_deflate_ends_with_file.dcm");
    const DecodedFile out = decode_file(dcm.data(), dcm.size());
    REQUIRE(out.dicom);
    CHECK(out.dicom->transfer_syntax_name == "Deflated Explicit VR Little Endian");
    CHECK(out.image.width == 5);
    CHECK(out.image.height == 4);
}
