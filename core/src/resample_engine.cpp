#include "resample_engine.h"

#include <algorithm>
#include <vector>

#include "resample_kernels.h"
#include "resample_weights.h"

namespace dxlens {
namespace detail {
namespace {

// The vertical weights turned inside out: for each source row, the output rows
// it contributes to and with which weight. Walking source rows in order then
// needs only one horizontally filtered row at a time instead of a buffer of all
// of them, and adds each output row's taps in the same order a gather would.
struct RowContributions {
    struct Entry {
        int out_row;
        float weight;
    };
    int first_row = 0;
    std::vector<size_t> begin;  // per source row, into `entries`; one extra at the end
    std::vector<Entry> entries;

    explicit RowContributions(const AxisWeights& vertical) {
        first_row = vertical.min_input();
        const int rows = vertical.max_input() - first_row;
        begin.assign(static_cast<size_t>(rows) + 1, 0);
        const int outputs = static_cast<int>(vertical.first.size());
        for (int o = 0; o < outputs; ++o)
            for (int k = 0; k < vertical.count[o]; ++k) ++begin[vertical.first[o] - first_row + k + 1];
        for (size_t r = 1; r < begin.size(); ++r) begin[r] += begin[r - 1];
        entries.resize(begin.back());
        std::vector<size_t> fill(begin.begin(), begin.end() - 1);
        for (int o = 0; o < outputs; ++o) {
            const float* w = vertical.of(o);
            for (int k = 0; k < vertical.count[o]; ++k)
                entries[fill[vertical.first[o] - first_row + k]++] = Entry{o, w[k]};
        }
    }
    int rows() const { return static_cast<int>(begin.size()) - 1; }
};

// One source row through the horizontal filter. Deliberately not inlined: a
// browser's wasm engine first runs code in a baseline tier and swaps in optimised
// code only when a function is entered again, so the hot loop must live in a
// function that is called per row, not in one that runs once per image.
__attribute__((noinline)) void filter_row(const AxisWeights& horizontal, const float* row, int x_begin,
                                          float* out, int width, bool clamp_to_unit) {
    for (int i = 0; i < width; ++i)
        out[i] = dot_taps(horizontal.of(i), row + (horizontal.first[i] - x_begin), horizontal.count[i]);
    if (clamp_to_unit) clamp_unit(out, width);
}

// The vertical pass for one filtered source row: adds it, weighted, into every
// output row it feeds. Not inlined, for the same reason as filter_row.
__attribute__((noinline)) void spread_row(const RowContributions::Entry* begin,
                                          const RowContributions::Entry* end, const float* filtered,
                                          PlanarImage& out) {
    const int width = out.width;
    for (const auto* entry = begin; entry != end; ++entry)
        for (int c = 0; c < out.channels; ++c)
            add_scaled_row(out.plane(c) + static_cast<size_t>(entry->out_row) * width,
                           filtered + static_cast<size_t>(c) * width, entry->weight, width);
}

}  // namespace

PlanarImage resample_separable(RowSource& source, const Box& box, int out_width, int out_height,
                               const Window& window, ResizeFilter filter, bool clamp_to_unit) {
    const AxisWeights horizontal = axis_weights(source.width(), box.x, box.width, out_width, window.x,
                                                window.width, filter);
    const AxisWeights vertical = axis_weights(source.height(), box.y, box.height, out_height,
                                              window.y, window.height, filter);
    const RowContributions contributions(vertical);
    const int channels = source.channels();
    const int width = window.width;
    // Only the columns some output pixel reads are converted from the source.
    const int x_begin = horizontal.min_input();
    const int x_end = horizontal.max_input();

    PlanarImage out;
    out.width = width;
    out.height = window.height;
    out.channels = channels;
    out.data.assign(static_cast<size_t>(channels) * width * window.height, 0.f);

    std::vector<float> filtered(static_cast<size_t>(channels) * width);
    std::vector<const float*> rows(channels);
    for (int r = 0; r < contributions.rows(); ++r) {
        const size_t entries_begin = contributions.begin[r];
        const size_t entries_end = contributions.begin[r + 1];
        if (entries_begin == entries_end) continue;  // no output row reads this source row

        source.read(contributions.first_row + r, x_begin, x_end, rows.data());
        for (int c = 0; c < channels; ++c) {
            float* h = filtered.data() + static_cast<size_t>(c) * width;
            if (c > 0 && rows[c] == rows[c - 1]) {  // replicated grey: same result as the last channel
                std::copy(h - width, h, h);
                continue;
            }
            filter_row(horizontal, rows[c], x_begin, h, width, clamp_to_unit);
        }
        spread_row(contributions.entries.data() + entries_begin,
                   contributions.entries.data() + entries_end, filtered.data(), out);
    }
    if (clamp_to_unit) clamp_unit(out.data.data(), out.data.size());
    return out;
}

}  // namespace detail
}  // namespace dxlens
