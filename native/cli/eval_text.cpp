#include <algorithm>
#include <cstdio>

#include "eval_report.h"

namespace dxlens {
namespace cli {

namespace {

std::string format(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

std::string metric(double value) { return format("%.4f", value); }

std::string optional_metric(const std::optional<double>& value) { return value ? metric(*value) : "n/a"; }

std::string padded(const std::string& text, size_t width) {
    return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

std::string right(const std::string& text, size_t width) {
    return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

// Long label names (pigmented_benign_keratosis) would make a square matrix
// unreadable, so columns are class indices and the rows say which is which.
void print_confusion(std::ostream& out, const EvalReport& report, size_t name_width) {
    const auto& confusion = report.metrics.confusion;
    int64_t largest = 0;
    for (const auto& row : confusion) {
        for (int64_t n : row) largest = std::max(largest, n);
    }
    const size_t cell = std::max<size_t>(5, std::to_string(largest).size() + 2);
    out << "confusion (rows = true class, columns = predicted class):\n";
    out << std::string(name_width + 7, ' ');
    for (size_t c = 0; c < confusion.size(); ++c) out << right("[" + std::to_string(c) + "]", cell);
    out << "\n";
    for (size_t r = 0; r < confusion.size(); ++r) {
        out << "  " << right("[" + std::to_string(r) + "]", 4) << " " << padded(report.labels[r], name_width);
        for (int64_t n : confusion[r]) out << right(std::to_string(n), cell);
        out << "\n";
    }
}

std::string percent(double value) { return format("%.1f %%", 100 * value); }

void print_trust(std::ostream& out, const TrustReport& t) {
    out << "\ncalibration (temperature " << format("%.4g", t.temperature) << "): ECE (15 bins) "
        << metric(t.ece_before) << " before, " << metric(t.ece_after) << " after; Brier " << metric(t.brier_before)
        << " before, " << metric(t.brier_after) << " after\n";
    if (t.domain_threshold) {
        out << "in domain (score <= " << format("%.4g", *t.domain_threshold) << "): " << t.own.accepted << " / "
            << t.own.images << " = " << percent(t.own.acceptance()) << " of " << t.own.data << "\n";
        for (const DomainTally& other : t.others) {
            out << "  other domain " << other.data << ": " << other.accepted << " / " << other.images << " = "
                << percent(other.acceptance()) << " accepted";
            if (other.refused > 0) out << " (" << other.refused << " refused by the pipeline)";
            out << "\n";
        }
        if (t.other_acceptance) out << "  other domains overall: " << percent(*t.other_acceptance) << " accepted\n";
        if (!t.others.empty()) out << "  OOD AUROC (own vs other by domain score): " << optional_metric(t.ood_auroc) << "\n";
    }
    if (t.screening) {
        const ScreeningReport& s = *t.screening;
        out << "screening " << s.label << " at p >= " << format("%.4g", s.threshold) << ": sensitivity "
            << metric(s.test.sensitivity) << ", specificity " << metric(s.test.specificity) << " (validation "
            << metric(s.validation_sensitivity) << " / " << metric(s.validation_specificity) << ")\n";
    }
}

}  // namespace

void print_eval(std::ostream& out, const EvalReport& report) {
    const Metrics& m = report.metrics;
    out << "model: " << report.model << " (" << report.variant << ")\n";
    out << "data: " << report.data << "\n";
    out << "images: " << m.samples << " classified, " << report.errors.size() << " failed, "
        << format("%.2f", report.seconds) << " s, " << format("%.1f", report.images_per_second())
        << " images/s, threads: " << (report.threads > 0 ? std::to_string(report.threads) : "default") << "\n\n";

    size_t name_width = 5;
    for (const std::string& label : report.labels) name_width = std::max(name_width, label.size() + 2);
    out << padded("class", name_width + 7) << " precision   recall       F1  support    AUROC\n";
    for (size_t c = 0; c < report.labels.size(); ++c) {
        const ClassMetrics& cm = m.per_class[c];
        out << "  " << right("[" + std::to_string(c) + "]", 4) << " " << padded(report.labels[c], name_width)
            << right(metric(cm.precision), 10) << right(metric(cm.recall), 9) << right(metric(cm.f1), 9)
            << right(std::to_string(cm.support), 9) << right(optional_metric(m.auroc[c]), 9) << "\n";
    }
    out << "\n";
    out << "accuracy           " << metric(m.accuracy) << "\n";
    out << "balanced accuracy  " << metric(m.balanced_accuracy) << "\n";
    out << "macro F1           " << metric(m.macro_f1) << "\n";
    out << "macro AUROC        " << optional_metric(m.macro_auroc) << "\n";
    if (m.binary) {
        const std::string& positive = report.labels[size_t(m.binary->positive)];
        out << "sensitivity        " << metric(m.binary->sensitivity) << "  (positive class: " << positive << ")\n";
        out << "specificity        " << metric(m.binary->specificity) << "\n";
    }
    out << "\n";
    print_confusion(out, report, name_width);
    print_trust(out, report.trust);

    if (!report.errors.empty()) {
        out << "\nfailed images (" << report.errors.size() << "):\n";
        for (const ImageError& e : report.errors) out << "  " << e.image << ": " << e.error << "\n";
    }
}

}  // namespace cli
}  // namespace dxlens
