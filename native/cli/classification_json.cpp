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

ordered_json classification_json(const std::string& image_path, const native::ModelBundle& model,
                                 const native::Classification& result, const std::string& cam_path) {
    const Manifest& m = model.manifest;
    ordered_json j;
    j["image"] = image_path;
    j["model"] = m.name;
    ordered_json top = ordered_json::array();
    for (const Ranked& r : result.top) {
        top.push_back({{"label", m.labels[size_t(r.index)]}, {"prob", prob_value(r.prob)}});
    }
    j["top"] = top;
    j["timings_ms"] = {{"decode", ms_value(result.timings.decode_ms)},
                       {"preprocess", ms_value(result.timings.preprocess_ms)},
                       {"inference", ms_value(result.timings.inference_ms)},
                       {"postprocess", ms_value(result.timings.postprocess_ms)}};
    if (m.patch) {
        j["aggregate"] = {{"method", aggregation_name(m.patch->aggregate)},
                          {"patch_count", result.patches.size()},
                          {"probs", probs_json(result.probs)}};
        ordered_json patches = ordered_json::array();
        for (const auto& p : result.patches) {
            patches.push_back({{"x", p.patch.x}, {"y", p.patch.y}, {"size", p.patch.size}, {"probs", probs_json(p.probs)}});
        }
        j["patches"] = patches;
    }
    if (!cam_path.empty() && result.cam) {
        j["cam"] = {{"path", cam_path},
                    {"label", m.labels[size_t(result.cam->class_index)]},
                    {"width", result.cam->map.width},
                    {"height", result.cam->map.height}};
    }
    return j;
}

ordered_json error_json(const std::string& image_path, const native::ModelBundle& model, const std::string& message) {
    ordered_json j;
    j["image"] = image_path;
    j["model"] = model.manifest.name;
    j["error"] = message;
    return j;
}

}  // namespace cli
}  // namespace dxlens
