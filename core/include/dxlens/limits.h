#pragma once
// The limits every host enforces, defined once: the CLI and the page refuse
// the same files with the same messages. They are sized for the page, the
// tighter of the two targets: a 100-megapixel RGBA image is 400 MB in a wasm32
// heap of at most 4 GB, and stb holds a second copy while decoding.
#include <cstddef>
#include <cstdint>
#include <string>

namespace dxlens {

struct Limits {
    uint64_t max_file_bytes;  // encoded file size
    uint64_t max_pixels;      // width * height of a decoded image
    int max_patches;          // patches one classification may run, whatever the manifest asks
    int64_t max_grid_patches; // candidate patches of one image before the tissue mask and the
                              // even selection (which is quadratic): a scale that makes
                              // patches a few pixels wide is refused, not ground through
};

inline constexpr Limits kLimits{64ull * 1024 * 1024, 100'000'000, 4096, 65'536};

// Throws Error (kind TooLarge) naming `name` when a file of `bytes` bytes is
// over the limit; hosts call it before reading the file where they can. An
// empty file passes: the decoder reports it (kind Empty).
void check_file_size(const std::string& name, uint64_t bytes);

}  // namespace dxlens
