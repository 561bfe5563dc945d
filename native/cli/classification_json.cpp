#include <cmath>

#include "classification_report.h"
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
    j["timings_ms"] = {{"decode", ms_value(image.timings.decode_ms)},
                       {"preprocess", ms_value(image.timings.preprocess_ms)},
                       {"inference", ms_value(image.timings.inference_ms)},
                       {"postprocess", ms_value(image.timings.postprocess_ms)}};
    if (m.patch) {
        j["aggregate"] = {{"method", aggregation_name(m.patch->aggregate)},
                          {"patch_count", result.patches.size()},
                          {"probs", probs_json(result.probs)}};
        ordered_json patches = ordered_json::array();
        for (const auto& p : result.patches) {
            patches.push_back(
                {{"x", p.patch.x}, {"y", p.patch.y}, {"size", p.patch.size}, {"probs", probs_json(p.probs)}});
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
