#pragma once
// A synthetic test image encoded as JPEG in memory, so `dxlens bench` runs
// without any dataset file (tools/bench/make_images.py writes the same kind
// of image to disk for the browser benchmark).
#include <cstdint>
#include <vector>

namespace dxlens {
namespace cli {

// width x height RGB: smooth gradients plus deterministic noise, so the JPEG
// decoder has realistic entropy to chew on (a flat image decodes unrealistically fast).
std::vector<uint8_t> synthetic_jpeg(int width, int height, int quality = 90);

}  // namespace cli
}  // namespace dxlens
