#pragma once
// EXIF orientation. stb_image ignores EXIF, so JPEGs from phones would come out
// rotated; we read the tag ourselves and turn the pixels upright.
#include <cstddef>
#include <cstdint>

#include "dxlens/image.h"

namespace dxlens {

// The orientation tag (0x0112) of a JPEG's APP1 Exif segment: 1..8.
// Returns 1 when the data has no Exif segment, or it is malformed (a bad tag is
// never a reason to refuse an otherwise fine photo).
int jpeg_exif_orientation(const uint8_t* data, size_t size);

// Returns the image transformed so that orientation `orientation` becomes 1
// (2: mirror, 3: rotate 180, 4: flip, 5: transpose, 6: rotate 90 CW,
// 7: transverse, 8: rotate 90 CCW). Values outside 2..8 return a copy.
Image apply_exif_orientation(const Image& image, int orientation);

}  // namespace dxlens
