// Conversion only: every value here was computed by the core's Pipeline.
#include "result_to_js.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "js_convert.h"

namespace dxlens::wasm {
namespace {

using emscripten::val;

// Objects whose `data` view is set once everything else is converted.
using PendingViews = std::vector<std::pair<val, const RgbaImage*>>;

val box_to_js(const Box& box) {
    val o = val::object();
    o.set("x", box.x);
    o.set("y", box.y);
    o.set("width", box.width);
    o.set("height", box.height);
    return o;
}

val rgba_to_js(const RgbaImage& image, PendingViews& views) {
    val o = val::object();
    o.set("width", image.width);
    o.set("height", image.height);
    views.emplace_back(o, &image);
    return o;
}

val overlay_to_js(const Overlay& overlay, const Manifest& manifest, PendingViews& views) {
    val o = rgba_to_js(overlay.pixels, views);
    o.set("classIndex", overlay.class_index);
    o.set("label", overlay.class_index >= 0 ? val(manifest.labels.at(size_t(overlay.class_index))) : val::null());
    o.set("displayLabel", overlay.class_index >= 0 ? val(manifest.display_label(size_t(overlay.class_index))) : val::null());
    o.set("placement", box_to_js(overlay.placement));
    return o;
}

val ranked_to_js(const Ranked& ranked, const Manifest& manifest) {
    val o = val::object();
    o.set("index", ranked.index);
    o.set("label", manifest.labels.at(size_t(ranked.index)));
    o.set("displayLabel", manifest.display_label(size_t(ranked.index)));
    o.set("prob", ranked.prob);
    return o;
}

// {inDomain, score, threshold, featuresInDomain, colourScore, colourThreshold,
// colourInDomain}, or null for a model without domain statistics.
val domain_to_js(const std::optional<DomainCheck>& domain) {
    if (!domain) return val::null();
    val o = val::object();
    o.set("inDomain", domain->in_domain);
    o.set("score", domain->score);
    o.set("threshold", domain->threshold);
    // The colour check (trust.h), null when the model's domain.json has none.
    o.set("featuresInDomain", domain->features_in_domain);
    o.set("colourScore", domain->colour_checked ? val(domain->colour_score) : val::null());
    o.set("colourThreshold", domain->colour_checked ? val(domain->colour_threshold) : val::null());
    o.set("colourInDomain", domain->colour_in_domain);
    return o;
}

val screening_to_js(const std::optional<ScreeningResult>& screening, const Manifest& manifest) {
    if (!screening) return val::null();
    val o = val::object();
    o.set("index", screening->positive);
    o.set("label", manifest.labels.at(size_t(screening->positive)));
    o.set("displayLabel", manifest.display_label(size_t(screening->positive)));
    o.set("probability", screening->probability);
    o.set("threshold", screening->threshold);
    o.set("above", screening->above);
    return o;
}

const char* overlay_kind_name(OverlayKind kind) {
    switch (kind) {
        case OverlayKind::Cam: return "cam";
        case OverlayKind::PatchHeatmap: return "patch-heatmap";
        case OverlayKind::None: break;
    }
    return nullptr;
}

// What may be shown about a DICOM file (dicom.h); nothing identifying is ever read.
val dicom_to_js(const DicomInfo& info) {
    val o = val::object();
    o.set("modality", info.modality);
    o.set("bodyPart", info.body_part);
    o.set("viewPosition", info.view_position);
    o.set("rows", info.rows);
    o.set("columns", info.columns);
    o.set("bitsAllocated", info.bits_allocated);
    o.set("bitsStored", info.bits_stored);
    o.set("photometric", info.photometric);
    val syntax = val::object();
    syntax.set("uid", info.transfer_syntax_uid);
    syntax.set("name", info.transfer_syntax_name);
    o.set("transferSyntax", syntax);
    o.set("frames", info.frames);
    o.set("frame", info.frame);
    if (info.window) {
        val window = val::object();
        window.set("center", info.window->center);
        window.set("width", info.window->width);
        window.set("function", std::string(voi_function_name(info.window->function)));
        window.set("source", std::string(window_source_name(info.window->source)));
        o.set("window", window);
    } else {
        o.set("window", val::null());
    }
    return o;
}

val image_to_js(const ImageResult& image, const Manifest& manifest, PendingViews& views) {
    val o = val::object();
    o.set("width", image.width);
    o.set("height", image.height);
    o.set("probs", to_typed_array(image.probs));
    o.set("uncalibratedProbs", to_typed_array(image.uncalibrated_probs));
    o.set("domain", domain_to_js(image.domain));
    o.set("screening", screening_to_js(image.screening, manifest));
    val top = val::array();
    for (size_t i = 0; i < image.top.size(); ++i) top.set(i, ranked_to_js(image.top[i], manifest));
    o.set("top", top);
    if (manifest.patch) {
        val patches = val::array();
        for (size_t i = 0; i < image.patches.size(); ++i) {
            const PatchPrediction& p = image.patches[i];
            val entry = val::object();
            entry.set("x", p.patch.x);
            entry.set("y", p.patch.y);
            entry.set("size", p.patch.size);
            entry.set("foreground", p.patch.foreground);
            entry.set("probs", to_typed_array(p.probs));
            entry.set("best", ranked_to_js(p.best, manifest));
            entry.set("domain", domain_to_js(p.domain));
            patches.set(i, entry);
        }
        o.set("patches", patches);
    } else {
        o.set("patches", val::null());
    }
    if (image.scale) {
        val scale = val::object();
        scale.set("source", std::string(scale_source_name(image.scale->source)));
        scale.set("downscale", image.scale->downscale);
        scale.set("fieldOfView", image.scale->field_of_view);
        o.set("scale", scale);
    } else {
        o.set("scale", val::null());
    }
    o.set("dicom", image.dicom ? dicom_to_js(*image.dicom) : val::null());
    const char* kind = overlay_kind_name(image.overlay_kind);
    o.set("overlayKind", kind ? val(std::string(kind)) : val::null());
    val overlays = val::array();
    for (size_t i = 0; i < image.overlays.size(); ++i) overlays.set(i, overlay_to_js(image.overlays[i], manifest, views));
    o.set("overlays", overlays);
    o.set("tissue", image.tissue ? overlay_to_js(*image.tissue, manifest, views) : val::null());
    o.set("preview", image.preview ? rgba_to_js(*image.preview, views) : val::null());
    return o;
}

}  // namespace

val result_to_js(const PipelineResult& result, const Manifest& manifest) {
    PendingViews views;
    val images = val::array();
    for (size_t i = 0; i < result.images.size(); ++i) images.set(i, image_to_js(result.images[i], manifest, views));
    const StageTimings& t = result.timings;
    val timings = val::object();
    timings.set("decode", t.decode_ms);
    timings.set("preprocess", t.preprocess_ms);
    timings.set("inference", t.inference_ms);
    timings.set("postprocess", t.postprocess_ms);
    timings.set("total", t.total_ms());
    val o = val::object();
    o.set("images", images);
    o.set("timings", timings);
    // Last: making a view allocates nothing in the wasm heap, so none moves it.
    for (auto& [target, image] : views) {
        target.set("data", val(emscripten::typed_memory_view(image->data.size(), image->data.data())));
    }
    return o;
}

}  // namespace dxlens::wasm
