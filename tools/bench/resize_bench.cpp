// Timing of the resampler on typical workloads. Not part of any build or test
// (no timing is asserted anywhere); build it by hand, natively or for wasm:
//   g++ -std=c++17 -O3 -Icore/include tools/bench/resize_bench.cpp core/src/{resample_weights,resample_engine,resize,preprocess,input_tensor}.cpp -o /tmp/resize_bench
//   em++ -std=c++17 -O3 -msimd128 -fexceptions -sALLOW_MEMORY_GROWTH=1 -Icore/include <same sources> -o /tmp/resize_bench.js && node /tmp/resize_bench.js
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "dxlens/preprocess.h"
#include "dxlens/resize.h"

namespace {

dxlens::Image synthetic(int width, int height, int channels) {
    dxlens::Image image;
    image.width = width;
    image.height = height;
    image.channels = channels;
    image.pixels8.resize(image.sample_count());
    uint32_t seed = 1;
    for (auto& p : image.pixels8) p = static_cast<uint8_t>((seed = seed * 1664525u + 1013904223u) >> 24);
    return image;
}

template <typename Work>
void time_it(const char* label, int repeats, Work work) {
    work();  // warm-up
    const auto start = std::chrono::steady_clock::now();
    float sink = 0;
    for (int i = 0; i < repeats; ++i) sink += work();
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("%-48s %8.2f ms  (checksum %.3f)\n", label, ms / repeats, sink);
}

}  // namespace

int main(int argc, char** argv) {
    const dxlens::Image photo = synthetic(4000, 3000, 3);
    const dxlens::Image small = synthetic(224, 224, 3);
    dxlens::PreprocessSpec spec;  // Resize(256) + CenterCrop(224), RGB
    if (argc > 1 && std::string(argv[1]) == "cold") {
        // The very first call: under V8 this runs in the baseline (Liftoff) tier,
        // which is what a page sees for its first image.
        const auto start = std::chrono::steady_clock::now();
        const float v = dxlens::prepare_pixels(photo, spec).data[0];
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        std::printf("first call, 12 MP RGB -> 256/224 crop, bilinear: %.2f ms (%.3f)\n", ms, v);
        return 0;
    }
    const dxlens::Image xray = synthetic(1024, 1024, 1);
    dxlens::PreprocessSpec chest;  // the chest_xray manifest: grey, Resize(192) + CenterCrop(176)
    chest.color = dxlens::ColorMode::Grey;
    chest.resize_size = 192;
    chest.out_width = chest.out_height = 176;
    time_it("1 MP grey -> 192/176 crop, bilinear (chest_xray)", 50,
            [&] { return dxlens::prepare_pixels(xray, chest).data[0]; });
    for (auto filter : {dxlens::ResizeFilter::Bilinear, dxlens::ResizeFilter::Bicubic}) {
        spec.filter = filter;
        const bool cubic = filter == dxlens::ResizeFilter::Bicubic;
        time_it(cubic ? "12 MP RGB -> 256/224 crop, bicubic" : "12 MP RGB -> 256/224 crop, bilinear", 5,
                [&] { return dxlens::prepare_pixels(photo, spec).data[0]; });
        time_it(cubic ? "224 RGB -> 512x512 upscale, bicubic" : "224 RGB -> 512x512 upscale, bilinear", 50,
                [&] { return dxlens::resize(small, 512, 512, filter, 3).data[7]; });
    }
    dxlens::PlanarImage cam;
    cam.width = cam.height = 7;
    cam.channels = 1;
    cam.data.assign(49, 0.5f);
    time_it("7x7 map -> 1024x768, bilinear", 50,
            [&] { return dxlens::resize(cam, 1024, 768, dxlens::ResizeFilter::Bilinear).data[3]; });
    return 0;
}
