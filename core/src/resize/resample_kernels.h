#pragma once
// The inner loops of the two resampling passes, kept apart so they can be
// benchmarked in one place (tools/bench/resize_bench.cpp). Plain loops on
// purpose: with -msimd128 clang vectorises both, and hand-written
// wasm_simd128.h versions measured no faster once V8 has optimised the code.
#include <cstddef>
#include <cstdint>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

namespace dxlens {
namespace detail {

// sum(weights[k] * samples[k]) for k < n. Four independent partial sums let the
// compiler keep a vector register busy without reordering a single accumulator
// (which it may not do for floats without -ffast-math).
inline float dot_taps(const float* weights, const float* samples, int n) {
    float s0 = 0.f, s1 = 0.f, s2 = 0.f, s3 = 0.f;
    int k = 0;
    for (; k + 4 <= n; k += 4) {
        s0 += weights[k] * samples[k];
        s1 += weights[k + 1] * samples[k + 1];
        s2 += weights[k + 2] * samples[k + 2];
        s3 += weights[k + 3] * samples[k + 3];
    }
    for (; k < n; ++k) s0 += weights[k] * samples[k];
    return (s0 + s1) + (s2 + s3);
}

// accumulator[x] += weight * row[x]: one tap of the vertical pass over a whole row.
inline void add_scaled_row(float* __restrict accumulator, const float* __restrict row, float weight,
                           int n) {
    for (int x = 0; x < n; ++x) accumulator[x] += weight * row[x];
}

// to[i] = from[i] * scale: 8-bit samples to floats. The one loop here written
// with intrinsics, because clang 14 scalarises every u8 -> f32 conversion for
// wasm (it folds the widening into an unsigned convert that it cannot emit as
// SIMD), which made this loop 60 % of a grey resize. The integer-to-float step
// is done with exponent bits instead: 2^23 + x has x in its low mantissa bits,
// so OR-ing x into the bits of 2^23 and subtracting 2^23 gives exactly x.
inline void bytes_to_float(const uint8_t* __restrict from, float* __restrict to, int n, float scale) {
    int i = 0;
#ifdef __wasm_simd128__
    const v128_t factor = wasm_f32x4_splat(scale);
    const v128_t two23_bits = wasm_i32x4_splat(0x4B000000);
    const v128_t two23 = wasm_f32x4_splat(8388608.0f);
    for (; i + 16 <= n; i += 16) {
        const v128_t bytes = wasm_v128_load(from + i);
        const v128_t low = wasm_u16x8_extend_low_u8x16(bytes);
        const v128_t high = wasm_u16x8_extend_high_u8x16(bytes);
        const v128_t quads[4] = {wasm_u32x4_extend_low_u16x8(low), wasm_u32x4_extend_high_u16x8(low),
                                 wasm_u32x4_extend_low_u16x8(high), wasm_u32x4_extend_high_u16x8(high)};
        for (int q = 0; q < 4; ++q) {
            const v128_t exact = wasm_f32x4_sub(wasm_v128_or(quads[q], two23_bits), two23);
            wasm_v128_store(to + i + 4 * q, wasm_f32x4_mul(exact, factor));
        }
    }
#endif
    for (; i < n; ++i) to[i] = from[i] * scale;
}

// The first three channels of `n` interleaved pixels of `step` samples (RGB or
// RGBA) to three float planes, times `scale`; alpha is dropped.
template <typename Sample>
inline void split_rgb(const Sample* __restrict from, int step, int n, float scale, float* __restrict r,
                      float* __restrict g, float* __restrict b) {
    for (int i = 0; i < n; ++i) {
        const Sample* px = from + static_cast<size_t>(i) * step;
        r[i] = px[0] * scale;
        g[i] = px[1] * scale;
        b[i] = px[2] * scale;
    }
}

// split_rgb for 8-bit samples. For wasm they are first converted as one
// contiguous run with bytes_to_float (into `scratch`, n * step floats), since a
// strided conversion is scalar there; natively the compiler vectorises the
// direct split.
inline void rgb_bytes_to_planes(const uint8_t* __restrict from, int step, int n, float scale,
                                float* __restrict r, float* __restrict g, float* __restrict b,
                                float* __restrict scratch) {
#ifdef __wasm_simd128__
    bytes_to_float(from, scratch, n * step, 1.0f);
    split_rgb(scratch, step, n, scale, r, g, b);
#else
    (void)scratch;
    split_rgb(from, step, n, scale, r, g, b);
#endif
}

inline void clamp_unit(float* values, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        const float v = values[i];
        values[i] = v < 0.f ? 0.f : (v > 1.f ? 1.f : v);
    }
}

}  // namespace detail
}  // namespace dxlens
