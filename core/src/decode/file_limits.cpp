#include <cstdio>
#include <string>

#include "dxlens/error.h"
#include "dxlens/limits.h"

namespace dxlens {

void check_file_size(const std::string& name, uint64_t bytes) {
    if (bytes > kLimits.max_file_bytes) {
        char text[96];
        std::snprintf(text, sizeof text, " is too large (%.1f MB; the limit is %.0f MB)", double(bytes) / 1048576.0,
                      double(kLimits.max_file_bytes) / 1048576.0);
        throw Error(ErrorKind::TooLarge, name + text);
    }
}

}  // namespace dxlens
