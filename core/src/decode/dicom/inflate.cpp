// Deflated Explicit VR Little Endian: the data set is a raw deflate stream,
// inflated by stb_image's zlib decoder (compiled in for PNG). stb's growing
// variant doubles its buffer without bound, so a small file could claim
// gigabytes: the fixed-buffer variant is used instead, with a buffer that
// doubles up to the cap; a stream that still does not fit is refused.
#include <algorithm>
#include <climits>
#include <cstring>
#include <string>

#include "../stb_config.h"
#include "data_set.h"
#include "dxlens/error.h"

namespace dxlens {
namespace dicom {

std::vector<uint8_t> inflate_raw(const uint8_t* data, size_t size, uint64_t max_bytes) {
    if (size > size_t(INT_MAX) - 8) throw Error(ErrorKind::TooLarge, "deflated DICOM data set over 2 GiB");
    const uint64_t cap = std::min<uint64_t>(max_bytes, uint64_t(INT_MAX));
    uint64_t capacity = std::min<uint64_t>(cap, std::max<uint64_t>(uint64_t(64) * 1024, uint64_t(size) * 4));
    // stb's decoder gives up ("bad huffman code") when fewer than 16 bits
    // remain buffered at the end of its input, even when they hold the last
    // codes: inside a PNG the zlib checksum always follows the stream, here
    // the data set can end with it. Zero bytes after the final block are never
    // read as data, so the input gets a few.
    std::vector<uint8_t> input(data, data + size);
    input.resize(size + 8, 0);
    std::vector<uint8_t> out;
    for (;;) {
        out.resize(size_t(capacity));
        clear_stb_failure_reason();
        const int produced = stbi_zlib_decode_noheader_buffer(reinterpret_cast<char*>(out.data()), int(capacity),
                                                              reinterpret_cast<const char*>(input.data()), int(input.size()));
        if (produced >= 0) {
            out.resize(size_t(produced));
            out.shrink_to_fit();
            return out;
        }
        const char* reason = stbi_failure_reason();
        const bool full = reason != nullptr && std::strcmp(reason, "output buffer limit") == 0;
        if (!full) {
            throw Error(ErrorKind::Corrupt, "corrupt DICOM file: the deflated data set does not inflate (" +
                                                stb_failure_reason_or("invalid deflate data") + ")");
        }
        if (capacity >= cap) {
            throw Error(ErrorKind::TooLarge, "the deflated DICOM data set inflates to more than " +
                                                 (cap >= 1024 * 1024 ? std::to_string(cap / (1024 * 1024)) + " MB"
                                                                     : std::to_string(cap) + " bytes") +
                                                 ", the limit (a deflate bomb?)");
        }
        capacity = std::min(cap, capacity * 2);
    }
}

}  // namespace dicom
}  // namespace dxlens
