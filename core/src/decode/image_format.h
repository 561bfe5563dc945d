#pragma once
// Recognising an image file by its leading "magic" bytes, including common
// formats we do not decode, so the error can say "TIFF" rather than "unknown".
#include <cstddef>
#include <cstdint>
#include <optional>

#include "dxlens/decode.h"

namespace dxlens {

struct SniffedFormat {
    std::optional<ImageFormat> supported;  // set for the formats of formats.cpp
    const char* unsupported_name = nullptr;  // e.g. "TIFF"; null when unrecognised or supported
};

SniffedFormat sniff_format(const uint8_t* data, size_t size);

}  // namespace dxlens
