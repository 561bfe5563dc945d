#include <string>

#include "dxlens/error.h"
#include "dxlens/patch.h"

namespace dxlens {

uint8_t otsu_threshold(const std::vector<uint64_t>& histogram) {
    if (histogram.size() != 256) {
        throw Error("otsu_threshold needs a 256-bin histogram, got " +
                    std::to_string(histogram.size()) + " bins");
    }
    double total = 0, level_sum = 0;
    for (int i = 0; i < 256; ++i) {
        total += double(histogram[i]);
        level_sum += double(i) * double(histogram[i]);
    }
    if (total == 0) return 0;

    // Class {<= t} grows as t rises; class {> t} is the rest.
    double below_count = 0, below_sum = 0;
    double best_variance = -1;
    int best = 0;
    for (int t = 0; t < 255; ++t) {
        below_count += double(histogram[t]);
        below_sum += double(t) * double(histogram[t]);
        const double above_count = total - below_count;
        if (below_count == 0 || above_count == 0) continue;
        const double mean_gap = below_sum / below_count - (level_sum - below_sum) / above_count;
        // Between-class variance up to the constant factor 1 / total^2.
        const double variance = below_count * above_count * mean_gap * mean_gap;
        if (variance > best_variance) {
            best_variance = variance;
            best = t;
        }
    }
    if (best_variance < 0) {
        // A single occupied level: no split exists. Return that level, so every
        // value is "<= threshold" and nothing is "> threshold".
        int level = 0;
        while (histogram[level] == 0) ++level;
        return uint8_t(level);
    }
    // Every t across a run of empty bins gives the same split; take the middle of
    // the gap rather than its lower end, so values that fall between the two modes
    // later (e.g. after box-averaging at another resolution) are split fairly.
    int last = best;
    while (last + 1 < 255 && histogram[last + 1] == 0) ++last;
    return uint8_t((best + last) / 2);
}

}  // namespace dxlens
