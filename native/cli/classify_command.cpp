// `dxlens classify`: every image goes through the core's pipeline, one image
// per run; a failure on one image is reported for that image (with its kind)
// and the others are still classified.
#include <exception>
#include <string>

#include "classification_report.h"
#include "command_table.h"
#include "dicom_options.h"
#include "dxlens/error.h"
#include "dxlens/limits.h"
#include "dxlens/native/file_io.h"
#include "dxlens/native/model_runner.h"
#include "dxlens/native/png_writer.h"
#include "error_status.h"
#include "model_options.h"
#include "scale_options.h"

namespace dxlens {
namespace cli {

namespace {

struct ClassifyOptions {
    ModelOptions model;
    std::vector<std::string> images;
    bool json = false;
    int top_k = 0;         // 0 = the manifest's top_k
    std::string cam_path;  // write a CAM overlay PNG here
    std::string priors;    // --prior LABEL=SHARE[,...]: the user's class priors (parsed once the model is known)
    double threshold = -1;  // --threshold T: screening threshold override (< 0: the manifest's)
    InputScale scale;       // --scale S / --mpp M: patch models
    DicomOptions dicom;     // --frame N / --window C,W: DICOM files
    bool all_patches = false;  // --all-patches: patch models, every patch with tissue
};

double parse_probability(const std::string& option, const std::string& text) {
    size_t used = 0;
    double value = -1;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !(value >= 0 && value <= 1)) {
        throw UsageError(option + " needs a probability between 0 and 1, got '" + text + "'");
    }
    return value;
}

ClassifyOptions parse(Args& args) {
    ClassifyOptions o;
    args.parse("classify", [&](const std::string& arg) {
        if (arg == "--json") {
            o.json = args.flag(arg);
        } else if (arg == "--top-k") {
            o.top_k = parse_int(arg, args.value(arg), 1);
        } else if (arg == "--cam") {
            o.cam_path = args.value(arg);
        } else if (arg == "--prior") {
            o.priors = args.value(arg);
            if (o.priors.empty()) throw UsageError("--prior needs LABEL=SHARE[,LABEL=SHARE...]");
        } else if (arg == "--threshold") {
            o.threshold = parse_probability(arg, args.value(arg));
        } else if (arg == "--all-patches") {
            o.all_patches = args.flag(arg);
        } else if (arg.size() > 1 && arg[0] == '-') {
            return parse_scale_option(arg, args, o.scale) || parse_dicom_option(arg, args, o.dicom) ||
                   parse_model_option(arg, args, o.model);
        } else {
            o.images.push_back(arg);
        }
        return true;
    });
    require_model_dir(o.model, "classify");
    if (o.images.empty()) throw UsageError("classify needs at least one IMAGE");
    if (!o.cam_path.empty() && o.images.size() != 1) {
        throw UsageError("--cam writes one overlay, so it needs exactly one IMAGE");
    }
    return o;
}

// --cam: the image with its top class's CAM blended on, at full resolution.
void write_cam(const std::string& cam_path, const Pipeline& pipeline, const ImageResult& result) {
    if (result.overlay_kind != OverlayKind::Cam) {
        throw Error("--cam: model '" + pipeline.model().manifest.name +
                    "' has no CAM output (features + classifier)");
    }
    native::write_png(cam_path, compose(pipeline.images().front(), result.overlays.front(), 0.6f));
}

int run(const ClassifyOptions& o, std::ostream& out, std::ostream& err) {
    const native::ModelBundle model = native::load_model_dir(o.model.model_dir, o.model.variant);
    const native::ModelRunner runner(model, session_options(o.model));

    PipelineOptions options;
    options.top_k = o.top_k;
    // The CAM of the top class (reported in the text output, drawn by --cam);
    // patch models' heat maps are not shown here, so not made.
    options.overlay_classes = model.model->classifier ? 1 : 0;
    options.screening_threshold = o.threshold;
    check_scale_option(o.scale, *model.model);
    options.input_scale = o.scale;
    options.dicom = o.dicom;
    if (o.all_patches && !model.model->manifest.patch) {
        throw UsageError("--all-patches: model '" + model.model->manifest.name + "' cuts no patches");
    }
    options.all_patches = o.all_patches;
    if (!o.priors.empty()) {
        try {
            options.priors = parse_priors(model.model->manifest, o.priors);
            prior_ratio(model.model->manifest, options.priors);  // checks them now, not per image
        } catch (const Error& e) {
            throw UsageError(std::string("--prior: ") + e.what());
        }
    }
    if (o.threshold >= 0 && !model.model->manifest.screening) {
        throw UsageError("--threshold: model '" + model.model->manifest.name + "' has no screening label");
    }

    nlohmann::ordered_json reports = nlohmann::ordered_json::array();
    int failures = 0;
    for (const std::string& path : o.images) {
        try {
            const std::vector<uint8_t> bytes = native::read_file(path);
            Pipeline pipeline = Pipeline::decode(runner.model(), {{bytes.data(), bytes.size()}}, options);
            const PipelineResult result = runner.run(pipeline);
            const ImageResult& image = result.images.front();
            if (!o.cam_path.empty()) write_cam(o.cam_path, pipeline, image);
            const ClassifiedImage classified{path, image, result.timings, o.cam_path};
            if (o.json) {
                reports.push_back(classification_json(model, classified));
            } else {
                print_classification(out, model, classified);
            }
        } catch (const std::exception& e) {
            // Error and anything unexpected (bad_alloc on a huge image) alike:
            // report it against this image and carry on with the next.
            ++failures;
            err << "dxlens: " << path << ": " << e.what() << "\n";
            if (o.json) reports.push_back(error_json(path, model, e.what(), kind_of(e)));
        }
    }

    if (o.json) {
        out << (reports.size() == 1 ? reports.front() : reports).dump(2) << "\n";
    }
    return failures == 0 ? 0 : 1;
}

}  // namespace

Command classify_command() {
    return make_command<ClassifyOptions>(
        "classify",
        "  dxlens classify --model DIR IMAGE... [--json] [--threads N] [--variant V] [--top-k K] [--cam FILE.png]\n"
        "                  [--prior LABEL=SHARE[,...]] [--threshold T] [--scale S | --mpp M] [--all-patches]\n"
        "                  [--frame N] [--window C,W]\n",
        R"(classify: the top classes of each IMAGE (PNG, JPEG, BMP, DICOM), with stage timings;
patch models also list every patch and how they were aggregated.
  --top-k K            number of classes to report (default: the manifest's top_k)
  --cam FILE.png       write a class activation map overlay (one image only;
                       models with a features output)
  --prior LABEL=SHARE[,LABEL=SHARE...]
                       the class shares of your population (e.g. NORMAL=0.7; labels
                       not named share what is left): probabilities are re-weighted
                       by Bayes' rule from the shares the model learned under
  --threshold T        screening models: the threshold on the screened label's
                       probability (default: the manifest's operating point)
  --all-patches        patch models: classify every patch with tissue (up to )" +
            std::to_string(kLimits.max_patches) + R"(),
                       not the manifest's evenly spread max_patches
)" + std::string(kScaleOptionsHelp) + kDicomOptionsHelp + R"(Models with domain statistics say whether each image looks like what they
learned; for one that does not, the output is shown as "not a verdict".
)",
        parse, run);
}

}  // namespace cli
}  // namespace dxlens
