// `dxlens info`: what a model folder holds and whether it is sound: the
// manifest's settings, each model file's hash, and the ONNX graph's inputs and
// outputs checked against the manifest. Problems are reported, not thrown, so
// one run shows all of them; the exit status is 1 when there is any.
#include <exception>

#include "commands.h"
#include "dxlens/native/file_io.h"
#include "dxlens/native/model_dir.h"
#include "names.h"
#include "outline_text.h"

namespace dxlens {
namespace cli {

namespace {

using nlohmann::ordered_json;

ordered_json input_json(const Manifest& m) {
    return {{"name", m.input_name},
            {"shape", m.input_shape},
            {"layout", layout_name(m.preprocess.layout)},
            {"dtype", dtype_name(m.preprocess.dtype)},
            {"color", color_name(m.preprocess.color)}};
}

ordered_json preprocess_json(const PreprocessSpec& p) {
    ordered_json j;
    j["resize"] = resize_policy_name(p.policy);
    if (p.policy == ResizePolicy::ShorterSideCenterCrop) j["resize_size"] = p.resize_size;
    j["output_size"] = std::to_string(p.out_width) + "x" + std::to_string(p.out_height);
    j["filter"] = filter_name(p.filter);
    ordered_json mean = ordered_json::array(), std = ordered_json::array();
    for (size_t c = 0; c < size_t(p.channels()); ++c) {
        mean.push_back(tidy(p.mean[c]));
        std.push_back(tidy(p.std[c]));
    }
    j["mean"] = mean;
    j["std"] = std;
    if (p.policy == ResizePolicy::Letterbox) j["letterbox_fill"] = tidy(p.letterbox_fill);
    return j;
}

ordered_json patch_json(const PatchConfig& patch) {
    const PatchSettings& s = patch.settings;
    return {{"size", s.size},
            {"stride", s.stride},
            {"downscale", s.downscale},
            {"mask", mask_name(s.mask)},
            {"min_foreground", s.min_foreground},
            {"max_patches", s.max_patches},
            {"batch_size", s.batch_size},
            {"aggregate", aggregation_name(patch.aggregate)}};
}

ordered_json outputs_json(const Manifest& m) {
    ordered_json j{{"logits", m.logits_output}};
    if (m.has_cam()) {
        j["features"] = m.features_output;
        j["classifier"] = m.classifier_file;
    }
    return j;
}

ordered_json files_json(const std::string& dir, const Manifest& m, bool& all_ok) {
    ordered_json files = ordered_json::array();
    for (const auto& entry : m.files) {
        const native::FileCheck check = native::check_model_file(dir, m, entry.first);
        ordered_json j{{"variant", check.variant}, {"path", check.path}, {"sha256", check.expected}};
        if (!check.error.empty()) {
            j["status"] = "unreadable";
            j["error"] = check.error;
        } else {
            j["status"] = check.ok() ? "ok" : "mismatch";
            if (!check.ok()) j["actual_sha256"] = check.actual;
        }
        all_ok = all_ok && check.ok();
        files.push_back(j);
    }
    return files;
}

ordered_json tensors_json(const std::vector<native::TensorInfo>& tensors) {
    ordered_json list = ordered_json::array();
    for (const auto& t : tensors) list.push_back({{"name", t.name}, {"shape", t.shape}, {"type", t.element_type}});
    return list;
}

// The ONNX graph of the chosen variant, and whether it fits the manifest.
ordered_json onnx_json(const Options& options, const Manifest& m, bool& all_ok) {
    ordered_json j;
    try {
        j["variant"] = native::resolve_variant(m, options.variant);
        const native::OrtModel model(native::check_model_file(options.model_dir, m, options.variant).path,
                                     session_options(options));
        j["inputs"] = tensors_json(model.inputs());
        j["outputs"] = tensors_json(model.outputs());
        model.check_against(m);
        j["check"] = "ok";
    } catch (const std::exception& e) {
        j["check"] = e.what();
        all_ok = false;
    }
    return j;
}

}  // namespace

int run_info(const Options& options, std::ostream& out, std::ostream& /*err*/) {
    const Manifest m = native::load_manifest(options.model_dir);
    bool all_ok = true;

    ordered_json info;
    info["dir"] = options.model_dir;
    info["name"] = m.name;
    info["version"] = m.version;
    info["task"] = task_name(m.task);
    info["labels"] = m.labels;
    info["top_k"] = m.top_k;
    info["input"] = input_json(m);
    info["preprocess"] = preprocess_json(m.preprocess);
    if (m.patch) info["patch"] = patch_json(*m.patch);
    info["outputs"] = outputs_json(m);
    info["files"] = files_json(options.model_dir, m, all_ok);
    info["onnx"] = onnx_json(options, m, all_ok);

    if (options.json) {
        out << info.dump(2) << "\n";
    } else {
        print_outline(out, info);
    }
    return all_ok ? 0 : 1;
}

}  // namespace cli
}  // namespace dxlens
