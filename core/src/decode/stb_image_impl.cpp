// The single compiled copy of stb_image (configured in stb_config.h), and the
// helpers that need its internals.
#define STB_IMAGE_IMPLEMENTATION
#include "stb_config.h"

namespace dxlens {

void clear_stb_failure_reason() { stbi__g_failure_reason = nullptr; }

std::string stb_failure_reason_or(const char* fallback) {
    const char* reason = stbi_failure_reason();
    // stb tries the PNG signature before every other format, so after a JPEG or
    // BMP failure that set no reason of its own, this one is left over (our
    // sniffing already established which format the data is).
    if (reason == nullptr || *reason == '\0' || std::string(reason) == "bad png sig") return fallback;
    std::string text(reason);
    for (char& ch : text) {
        unsigned char byte = static_cast<unsigned char>(ch);
        if (byte < 0x20 || byte > 0x7E) ch = '?';
    }
    return text;
}

}  // namespace dxlens
