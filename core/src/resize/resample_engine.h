#pragma once
// The two-pass separable resampler shared by every public resize entry point.
// Sources are read one row at a time through RowSource, so a caller can convert
// channels or sample depth on the fly without materialising a float copy of a
// full-size image. Internal to the core.
#include "dxlens/image.h"
#include "dxlens/resize.h"

namespace dxlens {
namespace detail {

class RowSource {
public:
    virtual ~RowSource() = default;
    virtual int width() const = 0;
    virtual int height() const = 0;
    virtual int channels() const = 0;
    // Sets rows[c] for each channel c to `x_end - x_begin` floats holding row y,
    // columns [x_begin, x_end). The pointers stay valid until the next call;
    // two channels may share one pointer (grey replicated to RGB).
    virtual void read(int y, int x_begin, int x_end, const float** rows) = 0;
};

// Resamples `box` of the source to a virtual out_width x out_height image and
// returns its `window`. Arguments must already be validated. With
// `clamp_to_unit`, both passes clamp to [0, 1] like Pillow's integer modes do
// (bicubic overshoot otherwise leaks past the source range).
PlanarImage resample_separable(RowSource& source, const Box& box, int out_width, int out_height,
                               const Window& window, ResizeFilter filter, bool clamp_to_unit);

}  // namespace detail
}  // namespace dxlens
