#pragma once
// CRC-32 (ISO 3309, the checksum of PNG chunks and zlib's crc32).
#include <cstddef>
#include <cstdint>

namespace dxlens {

uint32_t crc32(const uint8_t* data, size_t size);

}  // namespace dxlens
