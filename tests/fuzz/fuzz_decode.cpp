// Image probing and decoding: PNG, JPEG (EXIF orientation included) and BMP,
// from raw bytes. The pixel limit is small so a forged header asking for a big
// image is refused quickly (the refusal path is fuzzed, not the allocator).
#include <cstddef>
#include <cstdint>

#include "dxlens/decode.h"
#include "dxlens/exif.h"
#include "fuzz_support.h"

namespace {

constexpr uint64_t kMaxPixels = 256 * 256;

void check_decoded(const dxlens::ImageInfo& info, const dxlens::Image& image) {
    // decode_image promises an upright image whose size is the header's, turned
    // by the EXIF orientation, with as many samples as it says.
    const bool turned = info.exif_orientation >= 5;
    FUZZ_CHECK(image.width == (turned ? info.height : info.width));
    FUZZ_CHECK(image.height == (turned ? info.width : info.height));
    FUZZ_CHECK(image.channels == info.channels);
    FUZZ_CHECK(image.bit_depth == info.bit_depth);
    if (image.bit_depth == 16) {
        FUZZ_CHECK(image.pixels16.size() == image.sample_count() && image.pixels8.empty());
    } else {
        FUZZ_CHECK(image.pixels8.size() == image.sample_count() && image.pixels16.empty());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const int orientation = dxlens::jpeg_exif_orientation(data, size);
    FUZZ_CHECK(orientation >= 1 && orientation <= 8);

    dxlens::ImageInfo info;
    if (!fuzz_expect_error_or_ok([&] { info = dxlens::probe_image(data, size); })) return 0;
    FUZZ_CHECK(info.width > 0 && info.height > 0);
    FUZZ_CHECK(info.channels >= 1 && info.channels <= 4);
    FUZZ_CHECK(info.bit_depth == 8 || info.bit_depth == 16);
    FUZZ_CHECK(info.exif_orientation >= 1 && info.exif_orientation <= 8);

    dxlens::DecodeLimits limits;
    limits.max_pixels = kMaxPixels;
    dxlens::Image image;
    if (fuzz_expect_error_or_ok([&] { image = dxlens::decode_image(data, size, limits); })) {
        check_decoded(info, image);
    }
    return 0;
}
