// Patch planning: tissue mask, grid, foreground filter and even selection, then
// the pixels of a few patches, from fuzzed PatchSettings and a small fuzzed
// image (1..48 pixels a side, 1..4 channels, 8 or 16 bits).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "dxlens/patch.h"
#include "fuzz_support.h"

namespace {

// Mostly sensible values, sometimes anything at all (negative, zero, huge).
int fuzzed_int(FuzzedDataProvider& in, int lo, int hi) {
    if (in.ConsumeIntegralInRange<uint8_t>(0, 15) == 0) return in.ConsumeIntegral<int>();
    return in.ConsumeIntegralInRange<int>(lo, hi);
}

double fuzzed_double(FuzzedDataProvider& in, double lo, double hi) {
    switch (in.ConsumeIntegralInRange<uint8_t>(0, 15)) {
        case 0: return in.ConsumeFloatingPoint<double>();  // anything, huge and negative included
        case 1: return std::numeric_limits<double>::quiet_NaN();
        case 2: return std::numeric_limits<double>::infinity();
        default: return in.ConsumeFloatingPointInRange<double>(lo, hi);
    }
}

dxlens::Image fuzzed_image(FuzzedDataProvider& in) {
    dxlens::Image image;
    image.width = in.ConsumeIntegralInRange<int>(1, 48);
    image.height = in.ConsumeIntegralInRange<int>(1, 48);
    image.channels = in.ConsumeIntegralInRange<int>(1, 4);
    image.bit_depth = in.ConsumeBool() ? 16 : 8;
    const size_t samples = image.sample_count();
    // Pixels: the bytes left, repeated to fill the image (a flat image when none).
    const std::vector<uint8_t> bytes = in.ConsumeBytes<uint8_t>(samples * (image.bit_depth / 8));
    if (image.bit_depth == 16) {
        image.pixels16.resize(samples);
        for (size_t i = 0; i < samples; ++i) {
            const size_t at = (2 * i) % (bytes.empty() ? 1 : bytes.size());
            image.pixels16[i] = bytes.size() < 2 ? 0 : uint16_t(bytes[at] << 8 | bytes[(at + 1) % bytes.size()]);
        }
    } else {
        image.pixels8.resize(samples);
        for (size_t i = 0; i < samples; ++i) image.pixels8[i] = bytes.empty() ? 0 : bytes[i % bytes.size()];
    }
    return image;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    dxlens::PatchSettings s;
    s.size = fuzzed_int(in, 1, 64);
    s.stride = fuzzed_int(in, 1, 64);
    s.downscale = fuzzed_double(in, 1.0, 8.0);
    s.mask = static_cast<dxlens::MaskMethod>(in.ConsumeIntegralInRange<int>(0, 2));
    s.min_foreground = fuzzed_double(in, 0.0, 1.0);
    s.max_patches = fuzzed_int(in, 0, 64);
    s.batch_size = fuzzed_int(in, 1, 32);
    const int max_side = fuzzed_int(in, 1, 64);
    dxlens::PreprocessSpec spec;
    spec.out_width = in.ConsumeIntegralInRange<int>(1, 16);
    spec.out_height = in.ConsumeIntegralInRange<int>(1, 16);
    spec.color = in.ConsumeBool() ? dxlens::ColorMode::Grey : dxlens::ColorMode::RGB;
    spec.filter = in.ConsumeBool() ? dxlens::ResizeFilter::Bicubic : dxlens::ResizeFilter::Bilinear;
    spec.dtype = in.ConsumeBool() ? dxlens::DType::Uint8 : dxlens::DType::Float32;
    spec.layout = in.ConsumeBool() ? dxlens::Layout::NHWC : dxlens::Layout::NCHW;
    const dxlens::Image image = fuzzed_image(in);

    // The mask on its own, at a fuzzed resolution.
    dxlens::TissueMask mask;
    if (fuzz_expect_error_or_ok([&] { mask = dxlens::tissue_mask(image, s.mask, max_side); })) {
        FUZZ_CHECK(mask.width >= 1 && mask.height >= 1);
        FUZZ_CHECK(mask.width <= max_side && mask.height <= max_side);
        FUZZ_CHECK(mask.data.size() == size_t(mask.width) * size_t(mask.height));
        const float f = dxlens::foreground_fraction(mask, 0, 0, image.width, image.height);
        FUZZ_CHECK(f >= 0.f && f <= 1.f);
    }

    // The grid and the whole sampling step.
    std::vector<dxlens::Patch> grid;
    if (fuzz_expect_error_or_ok([&] { grid = dxlens::patch_grid(image.width, image.height, s); })) {
        FUZZ_CHECK(!grid.empty());
        for (const dxlens::Patch& p : grid) {
            FUZZ_CHECK(p.size >= 1 && p.x >= 0 && p.y >= 0);
            FUZZ_CHECK(p.x == 0 || p.x + p.size <= image.width);
            FUZZ_CHECK(p.y == 0 || p.y + p.size <= image.height);
        }
        std::vector<dxlens::Patch> picked;
        if (fuzz_expect_error_or_ok([&] { picked = dxlens::select_evenly(grid, s.max_patches); })) {
            FUZZ_CHECK(s.max_patches == 0 ? picked.size() == grid.size()
                                          : picked.size() == std::min(grid.size(), size_t(s.max_patches)));
        }
    }
    std::vector<dxlens::Patch> patches;
    dxlens::TissueMask sampled_mask;
    if (!fuzz_expect_error_or_ok([&] { patches = dxlens::sample_patches(image, s, &sampled_mask); })) return 0;
    for (const dxlens::Patch& p : patches) FUZZ_CHECK(p.foreground >= float(s.min_foreground) || s.mask == dxlens::MaskMethod::None);

    // The pixels of the first few patches, as the pipeline batches them.
    const size_t end = std::min<size_t>(patches.size(), 3);
    if (end > 0) {
        fuzz_expect_error_or_ok([&] {
            const dxlens::Tensor batch = dxlens::make_patch_batch(image, patches, 0, end, spec);
            FUZZ_CHECK(batch.element_count() ==
                       int64_t(end) * spec.channels() * spec.out_width * spec.out_height);
        });
    }
    return 0;
}
