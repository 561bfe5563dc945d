// `dxlens eval`: every image of a class-folder test set goes through the same
// pipeline as `classify`; the predictions and true labels become metrics. An
// image that cannot be read or decoded is listed and left out of the metrics.
#include <chrono>
#include <cmath>
#include <exception>
#include <fstream>

#include "commands.h"
#include "dxlens/error.h"
#include "dxlens/native/class_folders.h"
#include "dxlens/native/file_io.h"
#include "dxlens/native/pipeline.h"
#include "eval_report.h"

namespace dxlens {
namespace cli {

namespace {

void write_json_file(const std::string& path, const nlohmann::ordered_json& json) {
    std::ofstream file(path);
    file << json.dump(2) << "\n";
    file.close();
    if (!file) throw Error("cannot write '" + path + "'");
}

bool all_finite(const std::vector<float>& probs) {
    for (float p : probs) {
        if (!std::isfinite(p)) return false;
    }
    return true;
}

}  // namespace

int run_eval(const Options& options, std::ostream& out, std::ostream& err) {
    const native::Pipeline pipeline(native::load_model_dir(options.model_dir, options.variant),
                                    session_options(options));
    const native::ModelBundle& model = pipeline.model();
    const std::vector<std::string>& labels = model.manifest.labels;
    const std::vector<native::LabelledImage> images =
        native::list_class_folders(options.data_dir, labels, options.limit_per_class);
    if (images.empty()) {
        throw Error("data folder '" + options.data_dir + "' has no images in any label folder");
    }

    native::ClassifyOptions classify_options;
    classify_options.cam = false;  // metrics need the probabilities only

    EvalReport report;
    report.model = model.manifest.name;
    report.variant = model.variant;
    report.data = options.data_dir;
    report.labels = labels;
    report.threads = options.threads;

    std::vector<int> truth;
    std::vector<std::vector<float>> probs;
    const auto start = std::chrono::steady_clock::now();
    for (const native::LabelledImage& image : images) {
        try {
            native::Classification result = pipeline.classify(native::read_file(image.path), classify_options);
            if (!all_finite(result.probs)) throw Error("the model returned a non-finite probability");
            truth.push_back(image.label);
            probs.push_back(std::move(result.probs));
        } catch (const std::exception& e) {
            err << "dxlens: " << image.path << ": " << e.what() << "\n";
            report.errors.push_back({image.path, e.what()});
        }
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.metrics = compute_metrics(truth, probs, int(labels.size()));

    const nlohmann::ordered_json json = eval_json(report);
    if (!options.out_path.empty()) write_json_file(options.out_path, json);
    if (options.json) {
        out << json.dump(2) << "\n";
    } else {
        print_eval(out, report);
    }
    return truth.empty() ? 1 : 0;
}

}  // namespace cli
}  // namespace dxlens
