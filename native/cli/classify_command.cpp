// `dxlens classify`: every image goes through the same pipeline; a failure on
// one image is reported for that image and the others are still classified.
#include <exception>

#include "classification_report.h"
#include "commands.h"
#include "dxlens/error.h"
#include "dxlens/native/cam_overlay.h"
#include "dxlens/native/file_io.h"
#include "dxlens/native/pipeline.h"

namespace dxlens {
namespace cli {

int run_classify(const Options& options, std::ostream& out, std::ostream& err) {
    const native::Pipeline pipeline(native::load_model_dir(options.model_dir, options.variant),
                                    session_options(options));
    const native::ModelBundle& model = pipeline.model();

    native::ClassifyOptions classify_options;
    classify_options.top_k = options.top_k;
    classify_options.keep_image = !options.cam_path.empty();

    nlohmann::ordered_json reports = nlohmann::ordered_json::array();
    int failures = 0;
    for (const std::string& path : options.images) {
        try {
            const native::Classification result = pipeline.classify(native::read_file(path), classify_options);
            if (!options.cam_path.empty()) {
                if (!result.cam) {
                    throw Error("--cam: model '" + model.manifest.name + "' has no CAM output (features + classifier)");
                }
                native::write_cam_overlay_png(options.cam_path, result.image, *result.cam, model.manifest.preprocess);
            }
            if (options.json) {
                reports.push_back(classification_json(path, model, result, options.cam_path));
            } else {
                print_classification(out, path, model, result, options.cam_path);
            }
        } catch (const std::exception& e) {
            // Error and anything unexpected (bad_alloc on a huge image) alike:
            // report it against this image and carry on with the next.
            ++failures;
            err << "dxlens: " << path << ": " << e.what() << "\n";
            if (options.json) reports.push_back(error_json(path, model, e.what()));
        }
    }

    if (options.json) {
        out << (reports.size() == 1 ? reports.front() : reports).dump(2) << "\n";
    }
    return failures == 0 ? 0 : 1;
}

}  // namespace cli
}  // namespace dxlens
