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
// reads each source row once, and adds each output row's taps in the same
// order a gather would.
struct RowContributions {
    struct Entry {
        int out_row;
        float weight;
    };
    int first_row = 0;
    std::vector<size_t> begin;  // per source row, into `entries`; one extra at the end
    std::vector<Entry> entries;
    std::vector<int> last_row;  // per output row, the last source row it reads (relative)
    int most_open = 1;          // the most output rows that read one source row

    explicit RowContributions(const AxisWeights& vertical) {
        first_row = vertical.min_input();
        const int rows = vertical.max_input() - first_row;
        begin.assign(static_cast<size_t>(rows) + 1, 0);
        const int outputs = static_cast<int>(vertical.first.size());
        last_row.resize(outputs);
        for (int o = 0; o < outputs; ++o) {
            for (int k = 0; k < vertical.count[o]; ++k) ++begin[vertical.first[o] - first_row + k + 1];
            last_row[o] = vertical.first[o] - first_row + std::max(vertical.count[o], 1) - 1;
        }
        // An output row stays open from its first source row to its last. Windows
        // move forward monotonically, so the open rows always form one run of
        // consecutive indices: at most `most_open` of them, over every source row.
        for (int o = 0, first_open = 0; o < outputs; ++o) {
            while (last_row[first_open] < vertical.first[o] - first_row) ++first_open;
            most_open = std::max(most_open, o - first_open + 1);
        }
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

// One vertically filtered row through the horizontal filter. Deliberately not
// inlined: a browser's wasm engine first runs code in a baseline tier and swaps
// in optimised code only when a function is entered again, so the hot loop must
// live in a function that is called per row, not in one that runs once per image.
__attribute__((noinline)) void filter_row(const AxisWeights& horizontal, const float* row, int x_begin,
                                          float* out, int width, bool clamp_to_unit) {
    for (int i = 0; i < width; ++i)
        out[i] = dot_taps(horizontal.of(i), row + (horizontal.first[i] - x_begin), horizontal.count[i]);
    if (clamp_to_unit) clamp_unit(out, width);
}

// One source row, weighted, into every open output row it feeds. Not inlined,
// for the same reason as filter_row.
__attribute__((noinline)) void spread_row(const RowContributions::Entry* begin,
                                          const RowContributions::Entry* end, const float* row,
                                          float* ring, int ring_rows, int span) {
    for (const auto* entry = begin; entry != end; ++entry)
        add_scaled_row(ring + static_cast<size_t>(entry->out_row % ring_rows) * span, row, entry->weight,
                       span);
}

}  // namespace

// Both passes sum taps in the same order; what varies is which runs first.
// The vertical pass's inner loop (one weight times a whole row) vectorises fully
// in native and wasm SIMD code, while the horizontal one (taps that differ per
// output pixel) does not, so the horizontal pass should run on whichever is
// fewer: the output rows (vertical first, right for a downscale) or the source
// rows (horizontal first, right for an upscale such as a CAM map).
PlanarImage resample_separable(RowSource& source, const Box& box, int out_width, int out_height,
                               const Window& window, ResizeFilter filter, bool clamp_to_unit) {
    const AxisWeights horizontal = axis_weights(source.width(), box.x, box.width, out_width, window.x,
                                                window.width, filter);
    const AxisWeights vertical = axis_weights(source.height(), box.y, box.height, out_height,
                                              window.y, window.height, filter);
    const RowContributions contributions(vertical);
    const int channels = source.channels();
    const int width = window.width;
    // Only the columns some output pixel reads are taken from the source.
    const int x_begin = horizontal.min_input();
    const int span = horizontal.max_input() - x_begin;
    // Decided by the scale of the whole resize, not by the window, so that a
    // window stays exactly the crop of the full result. Only where the order
    // cannot change the result beyond float rounding: bilinear weights are never
    // negative, so its clamp never bites, whereas a bicubic overshoot must be
    // clamped after the horizontal pass, as Pillow does.
    const bool order_free = !clamp_to_unit || filter == ResizeFilter::Bilinear;
    const bool vertical_first = order_free && out_height < box.height;

    PlanarImage out;
    out.width = width;
    out.height = window.height;
    out.channels = channels;
    out.data.assign(static_cast<size_t>(channels) * width * window.height, 0.f);

    // Where the vertical pass sums: a ring of the output rows still open, `span`
    // source columns wide (vertical first), or the output itself (horizontal first).
    const int ring_rows = vertical_first ? contributions.most_open : out.height;
    const int ring_width = vertical_first ? span : width;
    const size_t ring_size = static_cast<size_t>(ring_rows) * ring_width;
    std::vector<float> rings(vertical_first ? channels * ring_size : 0, 0.f);
    auto ring_of = [&](int c) { return vertical_first ? rings.data() + c * ring_size : out.plane(c); };

    std::vector<float> filtered(vertical_first ? 0 : width);
    std::vector<const float*> rows(channels);
    // A channel whose row pointer repeats the previous one (grey replicated to
    // RGB) is computed once and copied at the end.
    std::vector<char> repeats_previous(channels, 0);
    int next_output = 0;
    for (int r = 0; r < contributions.rows(); ++r) {
        const auto* entries_begin = contributions.entries.data() + contributions.begin[r];
        const auto* entries_end = contributions.entries.data() + contributions.begin[r + 1];
        if (entries_begin != entries_end) {
            source.read(contributions.first_row + r, x_begin, x_begin + span, rows.data());
            for (int c = 0; c < channels; ++c) {
                repeats_previous[c] = c > 0 && rows[c] == rows[c - 1];
                if (repeats_previous[c]) continue;
                const float* row = rows[c];
                if (!vertical_first) {
                    filter_row(horizontal, row, x_begin, filtered.data(), width, clamp_to_unit);
                    row = filtered.data();
                }
                spread_row(entries_begin, entries_end, row, ring_of(c), ring_rows, ring_width);
            }
        }
        if (!vertical_first) continue;
        // Output rows whose last tap was this source row are complete.
        for (; next_output < out.height && contributions.last_row[next_output] <= r; ++next_output) {
            for (int c = 0; c < channels; ++c) {
                if (repeats_previous[c]) continue;
                float* summed = ring_of(c) + static_cast<size_t>(next_output % ring_rows) * ring_width;
                if (clamp_to_unit) clamp_unit(summed, span);
                filter_row(horizontal, summed, x_begin, out.plane(c) + static_cast<size_t>(next_output) * width,
                           width, clamp_to_unit);
                std::fill(summed, summed + span, 0.f);
            }
        }
    }
    if (!vertical_first && clamp_to_unit) clamp_unit(out.data.data(), out.data.size());
    const size_t plane = static_cast<size_t>(width) * out.height;
    for (int c = 1; c < channels; ++c)
        if (repeats_previous[c]) std::copy(out.plane(c - 1), out.plane(c - 1) + plane, out.plane(c));
    return out;
}

}  // namespace detail
}  // namespace dxlens
