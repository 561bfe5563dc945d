// The pipeline handle API of api.h: the host's loop around dxlens::Pipeline,
// one handle per classification. The pipeline holds a shared_ptr to its model.
#include <utility>
#include <vector>

#include "api.h"
#include "dxlens/decode.h"
#include "guarded.h"
#include "js_convert.h"
#include "result_to_js.h"
#include "tables.h"

namespace dxlens::wasm {
namespace {

// Missing or non-number fields keep PipelineOptions' defaults.
PipelineOptions options_from_js(const val& js) {
    PipelineOptions options;
    if (js.isUndefined() || js.isNull()) return options;
    auto number = [&](const char* key, int& field) {
        if (js[key].isNumber()) field = js[key].as<int>();
    };
    number("topK", options.top_k);
    number("overlayClasses", options.overlay_classes);
    number("previewSide", options.preview_side);
    number("batchSize", options.batch_size);
    if (js["tissueOverlay"].isTrue()) options.tissue_overlay = true;
    if (js["allPatches"].isTrue()) options.all_patches = true;
    // Trust settings (trust.h): the core checks them against the model
    // (one prior per label, each > 0) when the pipeline is made.
    if (js["priors"].isArray()) options.priors = to_vector<double>(js["priors"]);
    if (js["screeningThreshold"].isNumber()) options.screening_threshold = js["screeningThreshold"].as<double>();
    // Patch models (scale.h): the images' scale when the user states it; the
    // core refuses both at once, or a physical one for a relative-only model.
    if (js["scale"].isNumber()) options.input_scale.relative = js["scale"].as<double>();
    if (js["micronsPerPixel"].isNumber()) options.input_scale.microns_per_pixel = js["micronsPerPixel"].as<double>();
    // DICOM files (dicom.h): frame is 1-based, 0 or absent = the middle frame;
    // window {center, width} replaces the file's. The core checks both.
    if (js["frame"].isNumber()) options.dicom.frame = js["frame"].as<int>();
    const val window = js["window"];
    if (!window.isUndefined() && !window.isNull()) {
        if (!window["center"].isNumber() || !window["width"].isNumber()) {
            throw Error("window needs {center, width}, two numbers");
        }
        options.dicom.window = DicomWindow{window["center"].as<double>(), window["width"].as<double>()};
    }
    return options;
}

val tensor_to_js(const Tensor& tensor) {
    val o = val::object();
    o.set("shape", to_js_array(tensor.shape));
    const bool f32 = tensor.dtype == DType::Float32;
    o.set("dtype", std::string(f32 ? "float32" : "uint8"));
    o.set("data", f32 ? to_typed_array(tensor.f32) : to_typed_array(tensor.u8));
    return o;
}

}  // namespace

// bytes: one Uint8Array, or an array of them (classified together, e.g. a benchmark's batch).
val pipeline_start(int model, val bytes, val options) {
    return guarded([&] {
        // The encoded copies live for this call only; the pipeline keeps the decoded images.
        std::vector<std::vector<uint8_t>> files;
        if (bytes.isArray()) {
            const unsigned count = bytes["length"].as<unsigned>();
            for (unsigned i = 0; i < count; ++i) files.push_back(to_vector<uint8_t>(bytes[i]));
        } else {
            files.push_back(to_vector<uint8_t>(bytes));
        }
        std::vector<EncodedImage> encoded;
        for (const auto& f : files) encoded.push_back({f.data(), f.size()});
        if (encoded.empty()) throw Error(ErrorKind::Empty, "no image to classify");
        Pipeline run = Pipeline::decode(model_table().get(model), encoded, options_from_js(options));
        // The name only: no second header read (a deflated DICOM file would be inflated again).
        const ImageFormat format = dxlens::detect_image_format(encoded[0].data, encoded[0].size);
        val o = val::object();
        o.set("width", run.images().front().width);
        o.set("height", run.images().front().height);
        o.set("format", std::string(format_name(format)));
        o.set("handle", pipeline_table().add(PipelineRun{std::move(run), std::nullopt}));
        return o;
    });
}

val pipeline_next(int pipeline) {
    return guarded([&] {
        const ModelRequest* request = pipeline_table().get(pipeline).pipeline.next();
        val o = val::object();
        if (!request) {
            o.set("done", true);
            return o;
        }
        o.set("done", false);
        o.set("input", tensor_to_js(request->input));
        o.set("outputs", to_js_array(request->outputs));
        o.set("samples", double(request->samples));
        return o;
    });
}

val pipeline_submit(int pipeline, val outputs, val shapes, double inference_ms) {
    return guarded([&] {
        Pipeline& run = pipeline_table().get(pipeline).pipeline;
        const unsigned count = outputs["length"].as<unsigned>();
        if (!shapes.isArray() || shapes["length"].as<unsigned>() != count)
            throw Error("pipelineSubmit: one shape per output is needed");
        std::vector<std::vector<float>> data(count);
        std::vector<OutputView> views(count);
        for (unsigned i = 0; i < count; ++i) {
            data[i] = to_vector<float>(outputs[i]);
            for (double d : to_vector<double>(shapes[i])) views[i].shape.push_back(int64_t(d));
            views[i].data = data[i].data();
            views[i].size = data[i].size();
        }
        run.submit(views, inference_ms);
        return ok_object();
    });
}

val pipeline_finish(int pipeline) {
    return guarded([&] {
        PipelineRun& run = pipeline_table().get(pipeline);
        if (run.result) throw Error("pipelineFinish: this pipeline has already finished");
        run.result = run.pipeline.finish();
        return result_to_js(*run.result, run.pipeline.model().manifest);
    });
}

val pipeline_release(int pipeline) {
    return guarded([&] {
        if (!pipeline_table().release(pipeline))
            throw Error("unknown or released pipeline handle " + std::to_string(pipeline));
        return ok_object();
    });
}

}  // namespace dxlens::wasm
