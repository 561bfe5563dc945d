#include <cmath>

#include "classification_report.h"
#include "dicom_report.h"
#include "names.h"

namespace dxlens {
namespace cli {

namespace {

using nlohmann::ordered_json;

// Floats widened to double print as 0.9300000071525574; rounding keeps the
// output readable without losing anything a person or a test needs.
double rounded(double value, double scale) { return std::round(value * scale) / scale; }
double prob_value(float p) { return rounded(p, 1e6); }
double ms_value(double ms) { return rounded(ms, 1e3); }

ordered_json probs_json(const std::vector<float>& probs) {
    ordered_json list = ordered_json::array();
    for (float p : probs) list.push_back(prob_value(p));
    return list;
}

}  // namespace

ordered_json classification_json(const native::ModelBundle& model, const ClassifiedImage& image) {
    const Manifest& m = model.model->manifest;
    const ImageResult& result = image.result;
    ordered_json j;
    j["image"] = image.path;
    j["model"] = m.name;
    ordered_json top = ordered_json::array();
    for (const Ranked& r : result.top) {
        top.push_back({{"label", m.labels[size_t(r.index)]}, {"prob", prob_value(r.prob)}});
    }
    j["top"] = top;
    // Trust fields (after the original ones, which stay as they were).
    j["uncalibrated"] = probs_json(result.uncalibrated_probs);
    if (result.domain) {
        j["in_domain"] = result.domain->in_domain;
        j["domain_score"] = rounded(result.domain->score, 1e4);
        j["domain_threshold"] = rounded(result.domain->threshold, 1e4);
        if (result.domain->colour_checked) {
            // The second check (trust.h): in_domain needs both to pass.
            j["domain_features_pass"] = result.domain->features_in_domain;
            j["colour_score"] = rounded(result.domain->colour_score, 1e4);
            j["colour_threshold"] = rounded(result.domain->colour_threshold, 1e4);
            j["colour_pass"] = result.domain->colour_in_domain;
        }
    }
    if (result.screening) {
        const ScreeningResult& s = *result.screening;
        j["screening"] = {{"label", m.labels[size_t(s.positive)]},
                          {"probability", prob_value(float(s.probability))},
                          {"threshold", rounded(s.threshold, 1e6)},
                          {"above", s.above}};
    }
    j["timings_ms"] = {{"decode", ms_value(image.timings.decode_ms)},
                       {"preprocess", ms_value(image.timings.preprocess_ms)},
                       {"inference", ms_value(image.timings.inference_ms)},
                       {"postprocess", ms_value(image.timings.postprocess_ms)}};
    if (result.dicom) j["dicom"] = dicom_json(*result.dicom);
    if (m.patch) {
        j["aggregate"] = {{"method", aggregation_name(m.patch->aggregate)},
                          {"patch_count", result.patches.size()},
                          {"probs", probs_json(result.probs)}};
        if (result.scale) {
            j["scale"] = {{"source", scale_source_name(result.scale->source)},
                          {"downscale", rounded(result.scale->downscale, 1e4)},
                          {"field_of_view", result.scale->field_of_view}};
        }
        ordered_json patches = ordered_json::array();
        for (const auto& p : result.patches) {
            ordered_json patch{{"x", p.patch.x}, {"y", p.patch.y}, {"size", p.patch.size}, {"probs", probs_json(p.probs)}};
            if (p.domain) {
                patch["in_domain"] = p.domain->in_domain;
                patch["domain_score"] = rounded(p.domain->score, 1e4);
            }
            patches.push_back(patch);
        }
        j["patches"] = patches;
    }
    if (!image.cam_path.empty() && result.overlay_kind == OverlayKind::Cam) {
        const Overlay& cam = result.overlays.front();
        j["cam"] = {{"path", image.cam_path},
                    {"label", m.labels[size_t(cam.class_index)]},
                    {"width", cam.pixels.width},
                    {"height", cam.pixels.height}};
    }
    return j;
}

ordered_json error_json(const std::string& image_path, const native::ModelBundle& model, const std::string& message,
                        ErrorKind kind) {
    ordered_json j;
    j["image"] = image_path;
    j["model"] = model.model->manifest.name;
    j["error"] = message;
    j["kind"] = error_kind_name(kind);
    return j;
}

}  // namespace cli
}  // namespace dxlens
