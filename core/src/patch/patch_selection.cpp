// Farthest-point sampling: each pick is the candidate farthest from everything
// picked so far, which spreads a fixed budget of patches over the whole tissue
// instead of clustering them in one corner of the grid.
#include <algorithm>
#include <limits>
#include <string>

#include "dxlens/error.h"
#include "dxlens/patch.h"

namespace dxlens {

namespace {

struct Point {
    double x, y;
};

double squared_distance(Point a, Point b) {
    const double dx = a.x - b.x, dy = a.y - b.y;
    return dx * dx + dy * dy;
}

Point centre(const Patch& patch) {
    return {patch.x + patch.size * 0.5, patch.y + patch.size * 0.5};
}

// Index of the smallest (or largest) value; strict comparison keeps the first,
// i.e. grid order breaks ties.
template <typename Better>
size_t best_index(const std::vector<double>& values, Better better) {
    size_t best = 0;
    for (size_t i = 1; i < values.size(); ++i) {
        if (better(values[i], values[best])) best = i;
    }
    return best;
}

}  // namespace

std::vector<Patch> select_evenly(const std::vector<Patch>& candidates, int max_patches) {
    if (max_patches < 0) {
        throw Error("patch.max_patches must be >= 0 (0 = all), got " + std::to_string(max_patches));
    }
    if (max_patches == 0 || size_t(max_patches) >= candidates.size()) return candidates;

    const size_t n = candidates.size();
    std::vector<Point> points(n);
    Point mean{0, 0};
    for (size_t i = 0; i < n; ++i) {
        points[i] = centre(candidates[i]);
        mean.x += points[i].x;  // sums of half-pixels are exact, so symmetric
        mean.y += points[i].y;  // grids give exact ties, broken by grid order
    }
    mean.x /= double(n);
    mean.y /= double(n);

    std::vector<double> to_mean(n);
    for (size_t i = 0; i < n; ++i) to_mean[i] = squared_distance(points[i], mean);
    const auto less = [](double a, double b) { return a < b; };
    const auto greater = [](double a, double b) { return a > b; };

    std::vector<bool> chosen(n, false);
    // Distance from each candidate to its nearest chosen one; chosen ones get -1
    // so they are never picked again.
    std::vector<double> nearest(n, std::numeric_limits<double>::infinity());
    size_t pick = best_index(to_mean, less);
    for (int picked = 0; picked < max_patches; ++picked) {
        chosen[pick] = true;
        nearest[pick] = -1;
        for (size_t i = 0; i < n; ++i) {
            if (!chosen[i]) nearest[i] = std::min(nearest[i], squared_distance(points[i], points[pick]));
        }
        pick = best_index(nearest, greater);
    }

    std::vector<Patch> selected;
    selected.reserve(size_t(max_patches));
    for (size_t i = 0; i < n; ++i) {
        if (chosen[i]) selected.push_back(candidates[i]);
    }
    return selected;
}

}  // namespace dxlens
