#pragma once
// The inner loops of the two resampling passes, kept apart so they can be
// benchmarked (and, if it ever pays, specialised per target) in one place.
#include <cstddef>
#if defined(DXLENS_RESAMPLE_INTRINSICS)
#include <wasm_simd128.h>
#endif

namespace dxlens {
namespace detail {

// sum(weights[k] * samples[k]) for k < n. Four independent partial sums let the
// compiler keep a vector register busy without reordering a single accumulator
// (which it may not do for floats without -ffast-math).
inline float dot_taps(const float* weights, const float* samples, int n) {
#if DXLENS_RESAMPLE_INTRINSICS == 1
    v128_t acc = wasm_f32x4_splat(0.f);
    int k = 0;
    for (; k + 4 <= n; k += 4)
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(weights + k), wasm_v128_load(samples + k)));
    float s0 = wasm_f32x4_extract_lane(acc, 0);
    for (; k < n; ++k) s0 += weights[k] * samples[k];
    return (s0 + wasm_f32x4_extract_lane(acc, 1)) + (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
#elif DXLENS_RESAMPLE_INTRINSICS == 2
    v128_t a0 = wasm_f32x4_splat(0.f), a1 = a0;
    int k = 0;
    for (; k + 8 <= n; k += 8) {
        a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(weights + k), wasm_v128_load(samples + k)));
        a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(wasm_v128_load(weights + k + 4), wasm_v128_load(samples + k + 4)));
    }
    if (k + 4 <= n) {
        a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_v128_load(weights + k), wasm_v128_load(samples + k)));
        k += 4;
    }
    v128_t acc = wasm_f32x4_add(a0, a1);
    float s0 = wasm_f32x4_extract_lane(acc, 0);
    for (; k < n; ++k) s0 += weights[k] * samples[k];
    return (s0 + wasm_f32x4_extract_lane(acc, 1)) + (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
#else
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
#endif
}

// accumulator[x] += weight * row[x]: one tap of the vertical pass over a whole row.
inline void add_scaled_row(float* __restrict accumulator, const float* __restrict row, float weight,
                           int n) {
#if defined(DXLENS_RESAMPLE_INTRINSICS)
    const v128_t w = wasm_f32x4_splat(weight);
    int x = 0;
    for (; x + 4 <= n; x += 4)
        wasm_v128_store(accumulator + x, wasm_f32x4_add(wasm_v128_load(accumulator + x), wasm_f32x4_mul(w, wasm_v128_load(row + x))));
    for (; x < n; ++x) accumulator[x] += weight * row[x];
    return;
#endif
    for (int x = 0; x < n; ++x) accumulator[x] += weight * row[x];
}

inline void clamp_unit(float* values, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        const float v = values[i];
        values[i] = v < 0.f ? 0.f : (v > 1.f ? 1.f : v);
    }
}

}  // namespace detail
}  // namespace dxlens
