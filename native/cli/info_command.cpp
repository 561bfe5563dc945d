// `dxlens info`: what a model folder holds and whether it is sound: the
// manifest's settings, each model file's hash, and the ONNX graph's inputs and
// outputs checked against the manifest. Problems are reported, not thrown, so
// one run shows all of them; the exit status is 1 when there is any.
#include <exception>

#include "command_table.h"
#include "dxlens/model.h"
#include "dxlens/native/file_io.h"
#include "dxlens/native/model_dir.h"
#include "model_options.h"
#include "names.h"
#include "outline_text.h"

namespace dxlens {
namespace cli {

namespace {

using nlohmann::ordered_json;

struct InfoOptions {
    ModelOptions model;
    bool json = false;
};

InfoOptions parse(Args& args) {
    InfoOptions o;
    args.parse("info", [&](const std::string& arg) {
        if (arg == "--json") {
            o.json = args.flag(arg);
        } else {
            return parse_model_option(arg, args, o.model);
        }
        return true;
    });
    require_model_dir(o.model, "info");
    return o;
}

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

ordered_json tensors_json(const std::vector<TensorInfo>& tensors) {
    ordered_json list = ordered_json::array();
    for (const auto& t : tensors) list.push_back({{"name", t.name}, {"shape", t.shape}, {"type", t.element_type}});
    return list;
}

// The ONNX graph of the chosen variant, and whether it fits the manifest
// (the core's check_model, as every command runs it before classifying).
ordered_json onnx_json(const ModelOptions& options, const Manifest& m, bool& all_ok) {
    ordered_json j;
    try {
        j["variant"] = native::resolve_variant(m, options.variant);
        const native::OrtModel session(native::check_model_file(options.model_dir, m, options.variant).path,
                                       session_options(options));
        j["inputs"] = tensors_json(session.signature().inputs);
        j["outputs"] = tensors_json(session.signature().outputs);
        check_model(*native::load_model_description(options.model_dir), session.signature());
        j["check"] = "ok";
    } catch (const std::exception& e) {
        j["check"] = e.what();
        all_ok = false;
    }
    return j;
}

int run(const InfoOptions& o, std::ostream& out, std::ostream& /*err*/) {
    const ModelOptions& options = o.model;
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

    if (o.json) {
        out << info.dump(2) << "\n";
    } else {
        print_outline(out, info);
    }
    return all_ok ? 0 : 1;
}

}  // namespace

Command info_command() {
    return make_command<InfoOptions>("info", "  dxlens info --model DIR [--json] [--variant V]\n",
                                     R"(info: the manifest's settings, each model file's SHA-256 check, and the
ONNX graph's inputs and outputs checked against the manifest; exit status 1
when anything is wrong.
)",
                                     parse, run);
}

}  // namespace cli
}  // namespace dxlens
