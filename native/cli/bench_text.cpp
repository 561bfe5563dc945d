#include <cstdio>

#include "bench_report.h"
#include "dxlens/bench_stats.h"

namespace dxlens {
namespace cli {

namespace {

std::string cell(const std::vector<double>& values) {
    const SampleSummary s = summarize(values);
    char text[48];
    std::snprintf(text, sizeof text, "%8.2f %7.2f", s.p50, s.p95);
    return text;
}

}  // namespace

void print_bench_text(const BenchReport& report, std::ostream& out) {
    out << "image " << report.image.name << " (" << report.image.width << "x" << report.image.height << ", "
        << report.image.bytes << " bytes); ONNX Runtime " << report.ort_version << "; load "
        << report.load_before << " -> " << report.load_after << "\n";
    out << "times in ms, p50 p95 per run (a run = one batch)\n";
    out << "scenario         variant thr batch |   decode  (p95) |  preproc  (p95) |    infer  (p95) |  postpr  (p95) |"
           "    total  (p95) | accuracy\n";
    for (const BenchCase& c : report.cases) {
        char head[80];
        std::snprintf(head, sizeof head, "%-16s %-7s %3d %5d", c.scenario.c_str(), c.variant.c_str(), c.threads,
                      c.batch);
        std::string accuracy = "-";
        if (c.accuracy.is_object() && c.accuracy.contains("accuracy")) accuracy = c.accuracy["accuracy"].dump();
        out << head << " | " << cell(c.samples.decode) << " | " << cell(c.samples.preprocess) << " | "
            << cell(c.samples.inference) << " | " << cell(c.samples.postprocess) << " | " << cell(c.samples.total)
            << " | " << accuracy;
        if (c.patches > 0) out << "  (" << c.patches << " patches)";
        out << "\n";
    }
    for (const BenchMemory& m : report.memory) {
        char line[200];
        std::snprintf(line, sizeof line,
                      "memory %s %s: %d classifications, RSS start %.1f MB, steady %.1f MB, peak %.1f MB, "
                      "growth %.2f MB\n",
                      m.model.c_str(), m.variant.c_str(), m.soak.classifications, m.soak.rss_start_mb,
                      m.soak.rss_end_mb, m.soak.rss_peak_mb, m.soak.rss_end_mb - m.soak.rss_early_mb);
        out << line;
    }
    for (const std::string& s : report.skipped) out << "skipped: " << s << "\n";
}

}  // namespace cli
}  // namespace dxlens
