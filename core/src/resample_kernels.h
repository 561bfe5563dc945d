#pragma once
// The inner loops of the two resampling passes, kept apart so they can be
// benchmarked in one place (tools/bench/resize_bench.cpp). Plain loops on
// purpose: with -msimd128 clang vectorises both, and hand-written
// wasm_simd128.h versions measured no faster once V8 has optimised the code.
#include <cstddef>

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

inline void clamp_unit(float* values, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        const float v = values[i];
        values[i] = v < 0.f ? 0.f : (v > 1.f ? 1.f : v);
    }
}

}  // namespace detail
}  // namespace dxlens
