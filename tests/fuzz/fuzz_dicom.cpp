// DICOM reading (dxlens/dicom.h): structure, meta group, transfer syntaxes,
// sequences, encapsulated fragments, RLE, deflate and JPEG frames, windowing.
// Small caps (65,536 pixels, 1 MB inflated) so forged sizes and deflate bombs
// exercise the refusal paths quickly. Each input is decoded twice: with the
// defaults, and with frame 2 and a window override.
#include <cstddef>
#include <cstdint>

#include "dxlens/decode.h"
#include "dxlens/dicom.h"
#include "fuzz_support.h"

namespace {

constexpr uint64_t kMaxPixels = 256 * 256;
constexpr uint64_t kMaxInflated = 1 << 20;

void check_decoded(const dxlens::DicomImage& out) {
    const dxlens::Image& image = out.image;
    const dxlens::DicomInfo& info = out.info;
    FUZZ_CHECK(image.width == info.columns && image.height == info.rows);
    FUZZ_CHECK(uint64_t(image.width) * uint64_t(image.height) <= kMaxPixels);
    FUZZ_CHECK(image.bit_depth == 8);
    FUZZ_CHECK(image.channels == (info.samples_per_pixel == 1 ? 1 : 3));
    FUZZ_CHECK(image.pixels8.size() == image.sample_count() && image.pixels16.empty());
    FUZZ_CHECK(info.frame >= 1 && info.frame <= info.frames);
    FUZZ_CHECK(info.window.has_value() == (image.channels == 1));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const bool dicom = dxlens::looks_like_dicom(data, size);
    dxlens::DicomInfo info;
    const bool probed = fuzz_expect_error_or_ok([&] { info = dxlens::probe_dicom(data, size, kMaxInflated); });
    if (probed) FUZZ_CHECK(info.rows > 0 && info.columns > 0 && info.frames >= 1);

    dxlens::DicomOptions options;
    dxlens::DicomImage out;
    if (fuzz_expect_error_or_ok([&] { out = dxlens::decode_dicom(data, size, options, kMaxPixels, kMaxInflated); })) {
        FUZZ_CHECK(probed);
        check_decoded(out);
    }
    options.frame = 2;
    options.window = dxlens::DicomWindow{40, 400};
    if (fuzz_expect_error_or_ok([&] { out = dxlens::decode_dicom(data, size, options, kMaxPixels, kMaxInflated); })) {
        check_decoded(out);
        FUZZ_CHECK(out.info.frame == 2);
        FUZZ_CHECK(!out.info.window || out.info.window->source == dxlens::WindowSource::Override);
    }

    // The generic entry point sends DICOM-looking data to the same reader.
    if (dicom) {
        dxlens::DecodeLimits limits;
        limits.max_pixels = kMaxPixels;
        limits.max_inflated_bytes = kMaxInflated;
        fuzz_expect_error_or_ok([&] { dxlens::decode_file(data, size, limits); });
    }
    return 0;
}
