// Tissue detection at reduced resolution: box-average a grey or saturation
// channel into mask cells, then split the cells with Otsu's threshold.
#include <algorithm>
#include <cmath>
#include <string>

#include "dxlens/error.h"
#include "dxlens/patch.h"

namespace dxlens {

namespace {

void check_image(const Image& image) {
    if (image.empty()) throw Error("tissue mask needs a non-empty image");
    if (image.channels < 1 || image.channels > 4) {
        throw Error("tissue mask supports 1 to 4 channels, got " + std::to_string(image.channels));
    }
    if (image.bit_depth != 8 && image.bit_depth != 16) {
        throw Error("tissue mask supports 8- or 16-bit images, got " +
                    std::to_string(image.bit_depth) + "-bit");
    }
    const size_t stored = image.bit_depth == 16 ? image.pixels16.size() : image.pixels8.size();
    if (stored < image.sample_count()) {
        throw Error("tissue mask: image holds " + std::to_string(stored) + " samples, expected " +
                    std::to_string(image.sample_count()));
    }
}

// Which mask cell each source column (or row) falls in: floor(i / scale), done
// in integers so the longer side maps onto exactly `max_side` cells.
std::vector<int> cell_lookup(int length, int longer_side, int max_side) {
    std::vector<int> cells(size_t(length), 0);
    for (int i = 0; i < length; ++i) {
        cells[size_t(i)] = longer_side <= max_side
                               ? i
                               : int(int64_t(i) * max_side / longer_side);
    }
    return cells;
}

// Per-pixel channel value in the image's raw units (0..255 or 0..65535).
struct Luma {
    template <typename T>
    float operator()(const T* p, int channels) const {
        if (channels < 3) return float(p[0]);  // grey (+ alpha): the grey sample is the luma
        return 0.299f * float(p[0]) + 0.587f * float(p[1]) + 0.114f * float(p[2]);
    }
};

// HSV saturation, scaled to the raw range so both functors share one path.
struct Saturation {
    float full_scale;
    template <typename T>
    float operator()(const T* p, int /*channels*/) const {
        const float hi = float(std::max({p[0], p[1], p[2]}));
        const float lo = float(std::min({p[0], p[1], p[2]}));
        return hi > 0 ? (hi - lo) / hi * full_scale : 0.f;
    }
};

// Box-averages `value` over the pixels of each mask cell and quantises the
// cell means to 0..255.
template <typename T, typename Value>
std::vector<uint8_t> cell_levels(const T* pixels, const Image& image, const TissueMask& mask,
                                 const std::vector<int>& cell_x, const std::vector<int>& cell_y,
                                 Value value, float full_scale) {
    std::vector<double> sums(size_t(mask.width) * size_t(mask.height), 0.0);
    std::vector<float> row_sums(size_t(mask.width));
    const int channels = image.channels;
    for (int y = 0; y < image.height; ++y) {
        // Accumulate one source row in float (at most a few thousand pixels per
        // cell) and fold it into the double totals, which may hold millions.
        std::fill(row_sums.begin(), row_sums.end(), 0.f);
        const T* row = pixels + size_t(y) * size_t(image.width) * size_t(channels);
        for (int x = 0; x < image.width; ++x) {
            row_sums[size_t(cell_x[size_t(x)])] += value(row + size_t(x) * size_t(channels), channels);
        }
        double* cell_row = sums.data() + size_t(cell_y[size_t(y)]) * size_t(mask.width);
        for (int mx = 0; mx < mask.width; ++mx) cell_row[mx] += row_sums[size_t(mx)];
    }

    std::vector<double> count_x(size_t(mask.width), 0.0), count_y(size_t(mask.height), 0.0);
    for (int c : cell_x) count_x[size_t(c)] += 1;
    for (int c : cell_y) count_y[size_t(c)] += 1;

    std::vector<uint8_t> levels(sums.size());
    for (int my = 0; my < mask.height; ++my) {
        for (int mx = 0; mx < mask.width; ++mx) {
            const size_t i = size_t(my) * size_t(mask.width) + size_t(mx);
            const double mean = sums[i] / (count_x[size_t(mx)] * count_y[size_t(my)]);
            const double level = std::round(mean / full_scale * 255.0);
            levels[i] = uint8_t(std::clamp(level, 0.0, 255.0));
        }
    }
    return levels;
}

template <typename T>
std::vector<uint8_t> cell_levels(const T* pixels, const Image& image, const TissueMask& mask,
                                 const std::vector<int>& cell_x, const std::vector<int>& cell_y,
                                 bool saturation) {
    const float full_scale = image.bit_depth == 16 ? 65535.f : 255.f;
    if (saturation) {
        return cell_levels(pixels, image, mask, cell_x, cell_y, Saturation{full_scale}, full_scale);
    }
    return cell_levels(pixels, image, mask, cell_x, cell_y, Luma{}, full_scale);
}

// Otsu always splits the histogram in two, even when the image holds only one
// kind of content. A tile that is all tissue (the usual case for a patch
// classifier's own training tiles) would lose its paler half, and an all-glass
// image would gain "tissue". So the split is clamped to levels that separate
// stained tissue from glass on any H&E slide: saturation above 0.15, or grey
// below 0.8, always counts as tissue; Otsu may only make the mask stricter
// within that. A flat histogram is decided by the clamp alone.
constexpr uint8_t kMaxSaturationThreshold = 38;  // 0.15 * 255
constexpr uint8_t kMinGreyThreshold = 204;       // 0.8 * 255

uint8_t tissue_threshold(const std::vector<uint64_t>& histogram, bool saturation) {
    const uint8_t clamp = saturation ? kMaxSaturationThreshold : kMinGreyThreshold;
    const auto occupied = std::count_if(histogram.begin(), histogram.end(), [](uint64_t n) { return n > 0; });
    if (occupied < 2) return clamp;
    const uint8_t otsu = otsu_threshold(histogram);
    return saturation ? std::min(otsu, clamp) : std::max(otsu, clamp);
}

}  // namespace

TissueMask tissue_mask(const Image& image, MaskMethod method, int max_side) {
    check_image(image);
    if (max_side < 1) throw Error("tissue mask max_side must be >= 1, got " + std::to_string(max_side));

    TissueMask mask;
    const int longer = std::max(image.width, image.height);
    if (longer <= max_side) {
        mask.width = image.width;
        mask.height = image.height;
        mask.scale = 1.0;
    } else {
        // As many cells as cell_lookup() fills: source pixel i lands in cell
        // floor(i * max_side / longer), so the last pixel's cell + 1. The longer
        // side gets exactly max_side cells. (Rounding the shorter side up, as
        // this once did, could leave its last column or row of cells empty: a
        // 0/0 mean there, which then passed for tissue on grey masks.)
        mask.width = int(int64_t(image.width - 1) * max_side / longer) + 1;
        mask.height = int(int64_t(image.height - 1) * max_side / longer) + 1;
        mask.scale = double(longer) / double(max_side);
    }
    const size_t cells = size_t(mask.width) * size_t(mask.height);

    if (method == MaskMethod::None) {
        mask.data.assign(cells, 1);
        return mask;
    }

    // Grey images have no saturation at all (every pixel would be "glass"), so
    // for them the saturation method falls back to the grey level.
    const bool saturation = method == MaskMethod::Saturation && image.channels >= 3;
    const std::vector<int> cell_x = cell_lookup(image.width, longer, max_side);
    const std::vector<int> cell_y = cell_lookup(image.height, longer, max_side);
    const std::vector<uint8_t> levels =
        image.bit_depth == 16
            ? cell_levels(image.pixels16.data(), image, mask, cell_x, cell_y, saturation)
            : cell_levels(image.pixels8.data(), image, mask, cell_x, cell_y, saturation);

    std::vector<uint64_t> histogram(256, 0);
    for (uint8_t level : levels) ++histogram[level];
    mask.threshold = tissue_threshold(histogram, saturation);

    mask.data.assign(cells, 0);
    for (size_t i = 0; i < cells; ++i) {
        // Otsu splits {<= t} from {> t}: glass is bright and unsaturated.
        mask.data[i] = saturation ? levels[i] > mask.threshold : levels[i] <= mask.threshold;
    }
    return mask;
}

float foreground_fraction(const TissueMask& mask, int x, int y, int width, int height) {
    if (width <= 0 || height <= 0) {
        throw Error("foreground_fraction needs a non-empty rectangle, got " + std::to_string(width) +
                    "x" + std::to_string(height));
    }
    // No mask (MaskMethod::None): nothing was excluded.
    if (mask.data.empty()) return 1.f;

    // The rectangle in mask cells (fractional), clipped to the mask.
    const double x0 = std::clamp(x / mask.scale, 0.0, double(mask.width));
    const double x1 = std::clamp((double(x) + width) / mask.scale, 0.0, double(mask.width));
    const double y0 = std::clamp(y / mask.scale, 0.0, double(mask.height));
    const double y1 = std::clamp((double(y) + height) / mask.scale, 0.0, double(mask.height));
    if (x1 <= x0 || y1 <= y0) return 0.f;

    // Partially covered cells count by the area they share with the rectangle.
    double tissue = 0, area = 0;
    for (int my = int(y0); my < int(std::ceil(y1)); ++my) {
        const double wy = std::min(y1, my + 1.0) - std::max(y0, double(my));
        const uint8_t* row = mask.data.data() + size_t(my) * size_t(mask.width);
        double row_tissue = 0, row_area = 0;
        for (int mx = int(x0); mx < int(std::ceil(x1)); ++mx) {
            const double wx = std::min(x1, mx + 1.0) - std::max(x0, double(mx));
            row_area += wx;
            if (row[mx]) row_tissue += wx;
        }
        tissue += row_tissue * wy;
        area += row_area * wy;
    }
    return area > 0 ? float(tissue / area) : 0.f;
}

}  // namespace dxlens
