// Colour statistics of an image (trust.h colour_statistics) and the colour
// half of the domain check.
//
// Why these eight: the feature check (domain_score) misses differences that
// are plain to the eye, above all greyscale against colour (a chest X-ray
// read as a leaf, an MRI slice as H&E tissue). Saturation and chroma are
// exactly 0 for a greyscale image and well above it for any colour photo, so
// their means and spreads split grey domains (X-ray, MRI) from colour ones;
// the mean R - G and B - G say which way the colour goes: H&E stain is pink
// and purple (R > G and B > G), leaves green (both below 0), skin and lesions
// red-brown (R > G > B). Value (brightness) mean and spread split a dark MRI
// slice from a bright X-ray or a blank page; the spreads catch uniform colour
// noise, whose saturation and chroma vary far more than any photo's.
#include <algorithm>
#include <cmath>
#include <string>

#include "dxlens/error.h"
#include "dxlens/trust.h"

namespace dxlens {

std::vector<float> colour_statistics(const Image& image) {
    if (image.empty() || image.channels < 1 || image.channels > 4) throw Error("colour statistics need a decoded image");
    // A regular grid of at most ~64k pixels bounds the cost on large images.
    const double pixels = double(image.width) * double(image.height);
    const int step = std::max(1, int(std::ceil(std::sqrt(pixels / 65536.0))));
    const bool colour = image.channels >= 3;
    const size_t channels = size_t(image.channels);
    // Sums of V, V^2, S, S^2, C, C^2, R - G, B - G.
    double sum[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    double count = 0;
    for (int y = 0; y < image.height; y += step) {
        for (int x = 0; x < image.width; x += step) {
            const size_t at = (size_t(y) * size_t(image.width) + size_t(x)) * channels;
            const double r = image.sample(at);
            const double g = colour ? image.sample(at + 1) : r;
            const double b = colour ? image.sample(at + 2) : r;
            const double high = std::max({r, g, b});
            const double chroma = high - std::min({r, g, b});
            const double saturation = high > 0 ? chroma / high : 0.0;
            sum[0] += high;
            sum[1] += high * high;
            sum[2] += saturation;
            sum[3] += saturation * saturation;
            sum[4] += chroma;
            sum[5] += chroma * chroma;
            sum[6] += r - g;
            sum[7] += b - g;
            count += 1;
        }
    }
    auto mean = [&](int i) { return sum[i] / count; };
    auto spread = [&](int i) { return std::sqrt(std::max(0.0, sum[i + 1] / count - mean(i) * mean(i))); };
    return {float(mean(0)), float(spread(0)), float(mean(2)), float(spread(2)),
            float(mean(4)), float(spread(4)), float(mean(6)), float(mean(7))};
}

double colour_score(const ColourStats& stats, const std::vector<float>& colour) {
    const size_t d = stats.mean.size();
    if (colour.size() != d || stats.precision.size() != d * d) {
        throw Error(ErrorKind::ModelMismatch, "colour statistics have " + std::to_string(d) + " values but the image has " +
                                                  std::to_string(colour.size()));
    }
    std::vector<double> diff(d);
    for (size_t i = 0; i < d; ++i) diff[i] = double(colour[i]) - stats.mean[i];
    return squared_mahalanobis(stats.precision, diff);
}

}  // namespace dxlens
