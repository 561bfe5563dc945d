#pragma once
// The one place that configures stb_image, so the declarations every includer
// sees match the single implementation in stb_image_impl.cpp.
//   - only the formats the project supports are compiled in (smaller wasm, and a
//     GIF or PSD can never slip through stb by accident);
//   - no stdio: the core never touches the file system;
//   - a bound on each side, on top of our own pixel limit, so no header can ask
//     stb for absurd sizes even if the caller raises DecodeLimits::max_pixels.
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_BMP
#define STBI_NO_STDIO
#define STBI_MAX_DIMENSIONS (1 << 24)

// stb_image enables its SSE2 JPEG paths (IDCT, colour conversion, upsampling)
// only on x86 targets. Emscripten compiles SSE2 intrinsics to wasm SIMD when
// built with -msse2 (see DXLENS_WASM_FLAGS), so a wasm build is pointed at them
// too: stb's SIMD and scalar paths give the same pixels, and the JPEG decode runs
// noticeably faster (bench/results/).
#if defined(__EMSCRIPTEN__) && defined(__SSE2__)
#define STBI__X64_TARGET
#endif

#include <string>

#include "stb_image.h"

namespace dxlens {

// stb_image keeps its last error in a global that nothing resets, and a few of
// its failure paths set none: clear it before each call so that a stale reason
// from an earlier image is never reported.
void clear_stb_failure_reason();

// stb's reason for the last failure, made printable (its "XXXX PNG chunk not
// known" message embeds raw file bytes), or `fallback` when it gave none.
std::string stb_failure_reason_or(const char* fallback);

}  // namespace dxlens
