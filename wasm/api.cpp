// The module-level functions of api.h: version, memory, limits, image probe,
// models. They convert arguments, call the core and convert results; the
// classification itself is the core's Pipeline (pipeline_api.cpp).
#include "api.h"

#include <malloc.h>
#include <cmath>
#include <utility>
#include <vector>

#include "dxlens/colormap.h"
#include "dxlens/decode.h"
#include "dxlens/limits.h"
#include "dxlens/model.h"
#include "dxlens/trust.h"
#include "guarded.h"
#include "js_convert.h"
#include "tables.h"

namespace dxlens::wasm {

ModelTable& model_table() {
    static ModelTable table("model");
    return table;
}

PipelineTable& pipeline_table() {
    static PipelineTable table("pipeline");
    return table;
}

namespace {

// A dim as the runtime reports it: a number, or anything else (a symbolic
// name, null) for a dynamic one.
std::vector<int64_t> shape_from_js(const val& shape) {
    std::vector<int64_t> dims;
    if (!shape.isArray()) return dims;
    const unsigned rank = shape["length"].as<unsigned>();
    for (unsigned i = 0; i < rank; ++i) {
        const val dim = shape[i];
        dims.push_back(dim.isNumber() ? int64_t(dim.as<double>()) : -1);
    }
    return dims;
}

std::vector<TensorInfo> tensors_from_js(const val& list) {
    std::vector<TensorInfo> tensors;
    if (!list.isArray()) return tensors;
    const unsigned count = list["length"].as<unsigned>();
    for (unsigned i = 0; i < count; ++i) {
        const val item = list[i];
        TensorInfo info;
        info.name = item["name"].isString() ? item["name"].as<std::string>() : std::string();
        info.shape = shape_from_js(item["shape"]);
        info.element_type = item["type"].isString() ? item["type"].as<std::string>() : std::string();
        tensors.push_back(std::move(info));
    }
    return tensors;
}

// The manifest's own spelling of the patch aggregation, for the page's verdict line.
const char* aggregation_name(Aggregation method) {
    switch (method) {
        case Aggregation::Mean: return "mean";
        case Aggregation::Max: return "max";
        case Aggregation::MajorityVote: return "majority_vote";
    }
    return "mean";
}

// The manifest's screening operating point as validated: {index, label,
// threshold, sensitivity, specificity}, or null.
val screening_point_to_js(const Manifest& m) {
    if (!m.screening) return val::null();
    val o = val::object();
    o.set("index", m.screening->positive);
    o.set("label", m.labels.at(size_t(m.screening->positive)));
    o.set("displayLabel", m.display_label(size_t(m.screening->positive)));
    o.set("threshold", m.screening->threshold);
    o.set("sensitivity", m.screening->sensitivity);
    o.set("specificity", m.screening->specificity);
    return o;
}

// A patch model's scale (scale.h): {reference, referenceDownscale,
// fieldOfView, micronsPerPixel | null}, or null for whole-image models.
val patch_scale_to_js(const Manifest& m) {
    if (!m.patch) return val::null();
    val o = val::object();
    o.set("reference", m.patch->scale_reference);
    o.set("referenceDownscale", m.patch->settings.downscale);
    o.set("fieldOfView", std::lround(m.patch->settings.size * m.patch->settings.downscale));
    o.set("micronsPerPixel", m.patch->input_microns_per_pixel > 0 ? val(m.patch->input_microns_per_pixel) : val::null());
    return o;
}

}  // namespace

val core_version() { return val(std::string(DXLENS_VERSION)); }

val memory_stats() {
    struct mallinfo info = mallinfo();
    val o = val::object();
    o.set("heapBytesInUse", double(info.uordblks));
    o.set("liveModels", model_table().live_count());
    o.set("livePipelines", pipeline_table().live_count());
    return o;
}

val limits() {
    val o = val::object();
    o.set("maxFileBytes", double(kLimits.max_file_bytes));
    o.set("maxPixels", double(kLimits.max_pixels));
    o.set("maxPatches", kLimits.max_patches);
    return o;
}

val colormap_ramp() {
    // 256 steps from 0 to 1 through the core's own colormap, opaque: the page
    // draws its legends from this, so they show exactly the overlays' colours.
    PlanarImage ramp;
    ramp.width = 256;
    ramp.height = 1;
    ramp.channels = 1;
    for (int i = 0; i < ramp.width; ++i) ramp.data.push_back(float(i) / float(ramp.width - 1));
    return to_typed_array(colormap_rgba(ramp, 1.f, false));
}

val probe_image(val bytes) {
    return guarded([&] {
        const std::vector<uint8_t> data = to_vector<uint8_t>(bytes);
        const ImageInfo info = dxlens::probe_image(data.data(), data.size());
        val o = val::object();
        o.set("format", std::string(format_name(info.format)));
        o.set("width", info.width);
        o.set("height", info.height);
        o.set("channels", info.channels);
        o.set("bitDepth", info.bit_depth);
        o.set("exifOrientation", info.exif_orientation);
        return o;
    });
}

val open_model(std::string manifest_json, std::string classifier_json, std::string domain_json) {
    return guarded([&] {
        auto model = std::make_shared<const Model>(parse_model(manifest_json, classifier_json, domain_json));
        const Manifest& m = model->manifest;
        val o = val::object();
        o.set("name", m.name);
        o.set("version", m.version);
        o.set("task", std::string(task_name(m.task)));
        o.set("labels", to_js_array(m.labels));
        // For people: the manifest's display_labels (the labels where it has none) and upload_hint ("" when none).
        o.set("displayLabels", to_js_array(m.display_labels.empty() ? m.labels : m.display_labels));
        o.set("uploadHint", m.upload_hint);
        o.set("topK", m.top_k);
        o.set("inputName", m.input_name);
        o.set("inputShape", to_js_array(m.input_shape));
        o.set("hasCam", m.has_cam());
        o.set("isPatchModel", bool(m.patch));
        o.set("aggregate", m.patch ? val(std::string(aggregation_name(m.patch->aggregate))) : val::null());
        o.set("scale", patch_scale_to_js(m));
        o.set("title", m.title.empty() ? m.name : m.title);
        o.set("screening", screening_point_to_js(m));
        o.set("hasDomain", bool(model->domain));
        o.set("classPriors", to_js_array(m.class_priors));
        val files = val::object();  // variant -> {path, sha256}: what the page downloads and verifies
        for (const auto& [variant, file] : m.files) {
            val f = val::object();
            f.set("path", file.path);
            f.set("sha256", file.sha256);
            files.set(variant, f);
        }
        o.set("files", files);
        o.set("handle", model_table().add(std::move(model)));
        return o;
    });
}

val check_model(int model, val signature) {
    return guarded([&] {
        RuntimeSignature runtime;
        runtime.inputs = tensors_from_js(signature["inputs"]);
        runtime.outputs = tensors_from_js(signature["outputs"]);
        dxlens::check_model(*model_table().get(model), runtime);
        return ok_object();
    });
}

val parse_priors(int model, std::string text) {
    return guarded([&] {
        val o = val::object();
        o.set("priors", to_js_array(dxlens::parse_priors(model_table().get(model)->manifest, text)));
        return o;
    });
}

val close_model(int model) {
    return guarded([&] {
        if (!model_table().release(model)) throw Error("unknown or released model handle " + std::to_string(model));
        return ok_object();
    });
}

}  // namespace dxlens::wasm
