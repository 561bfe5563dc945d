// Implementation of the JavaScript-facing functions: convert arguments, call the
// core, convert results. No image logic lives here.
#include "api.h"

#include <malloc.h>

#include <algorithm>
#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include "dxlens/cam.h"
#include "dxlens/colormap.h"
#include "dxlens/decode.h"
#include "dxlens/manifest.h"
#include "dxlens/patch.h"
#include "dxlens/postprocess.h"
#include "dxlens/preprocess.h"
#include "dxlens/resize.h"
#include "handle_table.h"
#include "js_convert.h"

namespace dxlens::wasm {
namespace {

struct LoadedModel {
    Manifest manifest;
    std::optional<ClassifierWeights> classifier;
};

HandleTable<Image>& images() {
    static HandleTable<Image> table("image");
    return table;
}

HandleTable<LoadedModel>& models() {
    static HandleTable<LoadedModel> table("model");
    return table;
}

// Runs `body`; any exception becomes {error: message}.
template <typename Body>
val guarded(Body&& body) {
    try {
        return body();
    } catch (const std::bad_alloc&) {
        val result = val::object();
        result.set("error", std::string("out of memory"));
        return result;
    } catch (const std::exception& e) {
        val result = val::object();
        result.set("error", std::string(e.what()));
        return result;
    }
}

val ok_object() {
    val result = val::object();
    result.set("ok", true);
    return result;
}

// Box (fractional source pixels) and Window (integer input pixels) both go to JS as {x, y, width, height}.
template <typename Rect>
val rect_to_js(const Rect& rect) {
    val o = val::object();
    o.set("x", rect.x);
    o.set("y", rect.y);
    o.set("width", rect.width);
    o.set("height", rect.height);
    return o;
}

val tensor_to_js(const Tensor& tensor) {
    val o = val::object();
    o.set("shape", to_js_array(tensor.shape));
    if (tensor.dtype == DType::Float32) {
        o.set("dtype", std::string("float32"));
        o.set("data", to_typed_array(tensor.f32));
    } else {
        o.set("dtype", std::string("uint8"));
        o.set("data", to_typed_array(tensor.u8));
    }
    return o;
}

val ranked_to_js(const std::vector<Ranked>& ranked, const Manifest& manifest) {
    val top = val::array();
    for (size_t i = 0; i < ranked.size(); ++i) {
        val entry = val::object();
        entry.set("index", ranked[i].index);
        entry.set("label", manifest.labels.at(size_t(ranked[i].index)));
        entry.set("prob", ranked[i].prob);
        top.set(i, entry);
    }
    return top;
}

val patch_to_js(const Patch& patch) {
    val o = val::object();
    o.set("x", patch.x);
    o.set("y", patch.y);
    o.set("size", patch.size);
    o.set("foreground", patch.foreground);
    return o;
}

std::vector<Patch> patches_from_js(const val& array) {
    const unsigned count = array["length"].as<unsigned>();
    std::vector<Patch> patches(count);
    for (unsigned i = 0; i < count; ++i) {
        val item = array[i];
        patches[i].x = item["x"].as<int>();
        patches[i].y = item["y"].as<int>();
        patches[i].size = item["size"].as<int>();
        patches[i].foreground = item["foreground"].isUndefined() ? 1.f : item["foreground"].as<float>();
    }
    return patches;
}

const PatchConfig& patch_config(const LoadedModel& model) {
    if (!model.manifest.patch) throw Error("model '" + model.manifest.name + "' has no patch settings");
    return *model.manifest.patch;
}

}  // namespace

val core_version() { return val(std::string(DXLENS_VERSION)); }

val memory_stats() {
    struct mallinfo info = mallinfo();
    val o = val::object();
    o.set("heapBytesInUse", double(info.uordblks));
    o.set("liveImages", images().live_count());
    o.set("liveModels", models().live_count());
    return o;
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

val decode_image(val bytes, double max_pixels) {
    return guarded([&] {
        DecodeLimits limits;
        if (max_pixels > 0) limits.max_pixels = uint64_t(max_pixels);
        Image image;
        {
            // Scope the copied bytes so they are freed before the pixels are kept.
            const std::vector<uint8_t> data = to_vector<uint8_t>(bytes);
            image = dxlens::decode_image(data.data(), data.size(), limits);
        }
        val o = val::object();
        o.set("width", image.width);
        o.set("height", image.height);
        o.set("channels", image.channels);
        o.set("bitDepth", image.bit_depth);
        o.set("handle", images().add(std::move(image)));
        return o;
    });
}

val release_image(int image) {
    return guarded([&] {
        if (!images().release(image)) throw Error("unknown or released image handle " + std::to_string(image));
        return ok_object();
    });
}

val image_pixels_rgba(int image) {
    return guarded([&] {
        const Image& src = images().get(image);
        std::vector<uint8_t> rgba(size_t(src.width) * size_t(src.height) * 4);
        const size_t pixels = size_t(src.width) * size_t(src.height);
        const int c = src.channels;
        for (size_t p = 0; p < pixels; ++p) {
            auto at = [&](int ch) { return uint8_t(src.sample(p * c + ch) * 255.f + 0.5f); };
            const uint8_t r = at(0);
            rgba[p * 4 + 0] = r;
            rgba[p * 4 + 1] = c >= 3 ? at(1) : r;
            rgba[p * 4 + 2] = c >= 3 ? at(2) : r;
            rgba[p * 4 + 3] = (c == 2 || c == 4) ? at(c - 1) : 255;
        }
        val o = val::object();
        o.set("width", src.width);
        o.set("height", src.height);
        o.set("data", to_typed_array(rgba));
        return o;
    });
}

val image_preview_rgba(int image, int max_side) {
    return guarded([&] {
        const Image& src = images().get(image);
        if (max_side <= 0) throw Error("preview size must be positive");
        const double scale = std::min(1.0, double(max_side) / double(std::max(src.width, src.height)));
        const int width = std::max(1, int(src.width * scale + 0.5));
        const int height = std::max(1, int(src.height * scale + 0.5));
        const int channels = src.channels >= 3 ? 3 : 1;
        const PlanarImage scaled = resize(src, width, height, ResizeFilter::Bilinear, channels);
        const size_t pixels = size_t(width) * size_t(height);
        std::vector<uint8_t> rgba(pixels * 4);
        auto byte = [](float v) { return uint8_t(std::clamp(v, 0.f, 1.f) * 255.f + 0.5f); };
        for (size_t p = 0; p < pixels; ++p) {
            const uint8_t r = byte(scaled.data[p]);
            rgba[p * 4 + 0] = r;
            rgba[p * 4 + 1] = channels == 3 ? byte(scaled.data[pixels + p]) : r;
            rgba[p * 4 + 2] = channels == 3 ? byte(scaled.data[2 * pixels + p]) : r;
            rgba[p * 4 + 3] = 255;
        }
        val o = val::object();
        o.set("width", width);
        o.set("height", height);
        o.set("data", to_typed_array(rgba));
        return o;
    });
}

val open_model(std::string manifest_json, std::string classifier_json) {
    return guarded([&] {
        LoadedModel model{parse_manifest(manifest_json), std::nullopt};
        if (model.manifest.has_cam()) {
            if (classifier_json.empty())
                throw Error("model '" + model.manifest.name + "' needs its classifier file '" +
                            model.manifest.classifier_file + "' for CAM");
            model.classifier = parse_classifier_weights(classifier_json, model.manifest);
        }
        const Manifest& m = model.manifest;
        val o = val::object();
        o.set("name", m.name);
        o.set("version", m.version);
        o.set("task", std::string(task_name(m.task)));
        o.set("labels", to_js_array(m.labels));
        o.set("topK", m.top_k);
        o.set("inputName", m.input_name);
        o.set("inputShape", to_js_array(m.input_shape));
        o.set("logitsOutput", m.logits_output);
        o.set("featuresOutput", m.features_output);
        o.set("hasCam", m.has_cam());
        o.set("isPatchModel", bool(m.patch));
        o.set("handle", models().add(std::move(model)));
        return o;
    });
}

val close_model(int model) {
    return guarded([&] {
        if (!models().release(model)) throw Error("unknown or released model handle " + std::to_string(model));
        return ok_object();
    });
}

val preprocess(int image, int model) {
    return guarded([&] {
        InputGeometry geometry;
        const Tensor tensor = dxlens::preprocess(images().get(image), models().get(model).manifest.preprocess, &geometry);
        val o = tensor_to_js(tensor);
        o.set("sourceBox", rect_to_js(geometry.source_box));
        o.set("content", rect_to_js(geometry.content));
        return o;
    });
}

val classify_output(int model, val logits, int batch) {
    return guarded([&] {
        const Manifest& manifest = models().get(model).manifest;
        const std::vector<float> values = to_vector<float>(logits);
        if (batch <= 0 || values.size() % size_t(batch) != 0)
            throw Error("logits length " + std::to_string(values.size()) + " is not a multiple of batch " + std::to_string(batch));
        const size_t per_sample = values.size() / size_t(batch);
        val results = val::array();
        for (int b = 0; b < batch; ++b) {
            const std::vector<float> probs = probabilities(values.data() + size_t(b) * per_sample, per_sample, manifest.task);
            if (probs.size() != manifest.labels.size())
                throw Error("model gives " + std::to_string(probs.size()) + " probabilities but the manifest has " +
                            std::to_string(manifest.labels.size()) + " labels");
            val entry = val::object();
            entry.set("probs", to_typed_array(probs));
            entry.set("top", ranked_to_js(top_k(probs, manifest.top_k), manifest));
            results.set(b, entry);
        }
        return results;
    });
}

val class_activation_overlay(int model, val features, val feature_shape, int class_index, int out_width,
                             int out_height, float alpha) {
    return guarded([&] {
        const LoadedModel& loaded = models().get(model);
        if (!loaded.classifier) throw Error("model '" + loaded.manifest.name + "' has no CAM output");
        const std::vector<double> shape = to_vector<double>(feature_shape);
        if (shape.size() != 4 || shape[0] < 1)
            throw Error("feature map must have shape [batch, channels, height, width]");
        const std::vector<float> values = to_vector<float>(features);
        const size_t per_sample = size_t(shape[1]) * size_t(shape[2]) * size_t(shape[3]);
        if (values.size() < per_sample) throw Error("feature map has fewer values than its shape says");
        const PlanarImage cam = class_activation_map(values.data(), int(shape[1]), int(shape[2]), int(shape[3]),
                                                     *loaded.classifier, class_index);
        const PlanarImage upsampled = resize(cam, out_width, out_height, ResizeFilter::Bilinear);
        val o = val::object();
        o.set("width", out_width);
        o.set("height", out_height);
        o.set("data", to_typed_array(colormap_rgba(upsampled, alpha, false)));
        return o;
    });
}

val sample_patches(int image, int model) {
    return guarded([&] {
        const PatchConfig& config = patch_config(models().get(model));
        TissueMask mask;
        const std::vector<Patch> patches = dxlens::sample_patches(images().get(image), config.settings, &mask);
        val list = val::array();
        for (size_t i = 0; i < patches.size(); ++i) list.set(i, patch_to_js(patches[i]));
        val o = val::object();
        o.set("patches", list);
        if (mask.data.empty()) {
            o.set("mask", val::null());
        } else {
            val m = val::object();
            m.set("width", mask.width);
            m.set("height", mask.height);
            m.set("scale", mask.scale);
            m.set("threshold", mask.threshold);
            m.set("data", to_typed_array(mask.data));
            o.set("mask", m);
        }
        o.set("batchSize", config.settings.batch_size);
        return o;
    });
}

val patch_batch(int image, int model, val patches, int begin, int end) {
    return guarded([&] {
        const std::vector<Patch> list = patches_from_js(patches);
        if (begin < 0 || end < begin || size_t(end) > list.size()) throw Error("patch batch range is out of bounds");
        const Tensor tensor = make_patch_batch(images().get(image), list, size_t(begin), size_t(end),
                                               models().get(model).manifest.preprocess);
        return tensor_to_js(tensor);
    });
}

val aggregate_patches(int model, val probs, val patches, int image_width, int image_height, int cell) {
    return guarded([&] {
        const LoadedModel& loaded = models().get(model);
        const PatchConfig& config = patch_config(loaded);
        const std::vector<Patch> list = patches_from_js(patches);
        const std::vector<float> flat = to_vector<float>(probs);
        const size_t classes = loaded.manifest.labels.size();
        if (flat.size() != list.size() * classes)
            throw Error("expected " + std::to_string(list.size() * classes) + " patch probabilities, got " +
                        std::to_string(flat.size()));
        std::vector<std::vector<float>> per_patch(list.size());
        for (size_t i = 0; i < list.size(); ++i)
            per_patch[i].assign(flat.begin() + long(i * classes), flat.begin() + long((i + 1) * classes));
        const std::vector<float> combined = aggregate(per_patch, config.aggregate);
        const ProbabilityMap map = overlap_average(list, per_patch, image_width, image_height, cell);
        val heat = val::object();
        heat.set("width", map.width);
        heat.set("height", map.height);
        heat.set("classes", map.classes);
        heat.set("cell", map.cell);
        heat.set("data", to_typed_array(map.data));
        heat.set("coverage", to_typed_array(map.coverage));
        val o = val::object();
        o.set("probs", to_typed_array(combined));
        o.set("top", ranked_to_js(top_k(combined, loaded.manifest.top_k), loaded.manifest));
        o.set("heatmap", heat);
        return o;
    });
}

val colormap(val values, int width, int height, float alpha, bool alpha_follows_value) {
    return guarded([&] {
        PlanarImage map;
        map.width = width;
        map.height = height;
        map.channels = 1;
        map.data = to_vector<float>(values);
        if (width <= 0 || height <= 0 || map.data.size() != size_t(width) * size_t(height))
            throw Error("colormap: values do not match " + std::to_string(width) + "x" + std::to_string(height));
        val o = val::object();
        o.set("width", width);
        o.set("height", height);
        o.set("data", to_typed_array(colormap_rgba(map, alpha, alpha_follows_value)));
        return o;
    });
}

}  // namespace dxlens::wasm
