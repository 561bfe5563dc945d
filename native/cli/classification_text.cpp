#include <algorithm>
#include <cstdio>

#include "classification_report.h"
#include "dicom_report.h"
#include "names.h"

namespace dxlens {
namespace cli {

namespace {

std::string percent(float p) {
    char text[32];
    std::snprintf(text, sizeof text, "%6.2f%%", double(p) * 100.0);
    return text;
}

std::string millis(double ms) {
    char text[32];
    std::snprintf(text, sizeof text, "%.2f ms", ms);
    return text;
}

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", value);
    return text;
}

// "Paediatric chest X-ray: pneumonia vs normal" -> "Paediatric chest X-ray":
// the kind of image, without what the model tells apart.
std::string image_kind(const Manifest& m) {
    const std::string title = m.title.empty() ? m.name : m.title;
    return title.substr(0, title.find(':'));
}

// Patch listings can run to hundreds of lines; a person reading the terminal
// needs the first few, --json has them all.
constexpr size_t kPatchesShown = 10;

}  // namespace

void print_classification(std::ostream& out, const native::ModelBundle& model, const ClassifiedImage& image) {
    const Manifest& m = model.model->manifest;
    const ImageResult& result = image.result;
    out << image.path << " (" << result.width << "x" << result.height << ") - " << m.name << " " << m.version
        << " [" << model.variant << "]\n";
    if (result.dicom) out << "  DICOM: " << dicom_text(*result.dicom) << "\n";

    // An image the model never learned to read gets no verdict: the output
    // is still shown, marked, because a person may want to see it.
    const bool in_domain = !result.domain || result.domain->in_domain;
    if (result.domain) {
        out << "  " << (in_domain ? "in domain" : "OUT OF DOMAIN") << " (score " << number(result.domain->score)
            << ", threshold " << number(result.domain->threshold);
        if (result.domain->colour_checked) {
            out << "; colour " << number(result.domain->colour_score) << ", threshold "
                << number(result.domain->colour_threshold);
            if (!in_domain) {
                out << "; failed: " << (result.domain->features_in_domain ? "" : "features")
                    << (!result.domain->features_in_domain && !result.domain->colour_in_domain ? " and " : "")
                    << (result.domain->colour_in_domain ? "" : "colour");
            }
        }
        out << ")\n";
    }
    if (!in_domain) {
        out << "  This does not look like a " << image_kind(m) << " image.\n";
        out << "  model output (not a verdict):\n";
    }
    size_t label_width = 0;
    for (const auto& label : m.labels) label_width = std::max(label_width, label.size());
    for (size_t i = 0; i < result.top.size(); ++i) {
        const std::string& label = m.labels[size_t(result.top[i].index)];
        out << "  " << i + 1 << ". " << label << std::string(label_width - label.size() + 2, ' ')
            << percent(result.top[i].prob) << "\n";
    }

    if (result.screening) {
        const ScreeningResult& screening = *result.screening;
        out << "  screening: " << m.labels[size_t(screening.positive)] << " p = " << number(screening.probability)
            << (screening.above ? " above" : " below") << " the screening threshold " << number(screening.threshold)
            << (in_domain ? "" : " (not a verdict)") << "\n";
    }
    if (m.patch) {
        out << "  " << result.patches.size() << " patches, aggregated by " << aggregation_name(m.patch->aggregate)
            << "\n";
        if (result.scale) {
            const PatchScale& scale = *result.scale;
            out << "  scale: patches of " << scale.field_of_view << " px (" << number(scale.downscale)
                << " source px per model px; "
                << (scale.source == ScaleSource::User   ? "the scale given"
                    : scale.source == ScaleSource::File ? "the file's microns per pixel"
                                                        : "the image taken to be at the reference scale")
                << ")\n";
        }
        for (size_t i = 0; i < std::min(result.patches.size(), kPatchesShown); ++i) {
            const auto& p = result.patches[i];
            const Ranked& best = p.best;
            out << "    patch at (" << p.patch.x << "," << p.patch.y << ") size " << p.patch.size << ": "
                << m.labels[size_t(best.index)] << " " << percent(best.prob);
            if (p.domain && !p.domain->in_domain) out << " (out of domain)";
            out << "\n";
        }
        if (result.patches.size() > kPatchesShown) {
            out << "    ... " << result.patches.size() - kPatchesShown << " more (see --json)\n";
        }
    }
    if (result.overlay_kind == OverlayKind::Cam) {
        const Overlay& cam = result.overlays.front();
        out << "  CAM: " << cam.pixels.width << "x" << cam.pixels.height << " map for '"
            << m.labels[size_t(cam.class_index)] << "'";
        if (!image.cam_path.empty()) out << ", overlay written to " << image.cam_path;
        out << "\n";
    }
    const StageTimings& t = image.timings;
    out << "  timings: decode " << millis(t.decode_ms) << ", preprocess " << millis(t.preprocess_ms)
        << ", inference " << millis(t.inference_ms) << ", postprocess " << millis(t.postprocess_ms) << "\n";
}

}  // namespace cli
}  // namespace dxlens
