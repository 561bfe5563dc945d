// `dxlens eval`: every image of a class-folder test set goes through the same
// pipeline loop as `classify`; the predictions and true labels become metrics.
// An image that cannot be read or decoded is listed and left out of the metrics.
#include <chrono>
#include <cmath>
#include <exception>
#include <fstream>

#include "command_table.h"
#include "dxlens/error.h"
#include "dxlens/native/class_folders.h"
#include "dxlens/native/file_io.h"
#include "dxlens/native/model_runner.h"
#include "eval_report.h"
#include "model_options.h"

namespace dxlens {
namespace cli {

namespace {

struct EvalOptions {
    ModelOptions model;
    bool json = false;
    std::string data_dir;     // --data: one sub-folder per label
    std::string out_path;     // --out: where the JSON report is also written
    int limit_per_class = 0;  // --limit-per-class: first N files of each class (0 = all)
};

EvalOptions parse(Args& args) {
    EvalOptions o;
    args.parse("eval", [&](const std::string& arg) {
        if (arg == "--json") {
            o.json = args.flag(arg);
        } else if (arg == "--data") {
            o.data_dir = args.value(arg);
        } else if (arg == "--out") {
            o.out_path = args.value(arg);
        } else if (arg == "--limit-per-class") {
            o.limit_per_class = parse_int(arg, args.value(arg), 1);
        } else {
            return parse_model_option(arg, args, o.model);
        }
        return true;
    });
    require_model_dir(o.model, "eval");
    if (o.data_dir.empty()) throw UsageError("eval needs --data DIR");
    return o;
}

void write_json_file(const std::string& path, const nlohmann::ordered_json& json) {
    std::ofstream file(path);
    file << json.dump(2) << "\n";
    file.close();
    if (!file) throw Error(ErrorKind::Io, "cannot write '" + path + "'");
}

bool all_finite(const std::vector<float>& probs) {
    for (float p : probs) {
        if (!std::isfinite(p)) return false;
    }
    return true;
}

// The probabilities of one image file.
std::vector<float> classify_file(const native::ModelRunner& runner, const std::string& path) {
    PipelineOptions options;
    options.overlay_classes = 0;  // metrics need the probabilities only
    const std::vector<uint8_t> bytes = native::read_file(path);
    Pipeline pipeline = Pipeline::decode(runner.model(), {{bytes.data(), bytes.size()}}, options);
    PipelineResult result = runner.run(pipeline);
    return std::move(result.images.front().probs);
}

int run(const EvalOptions& o, std::ostream& out, std::ostream& err) {
    const native::ModelBundle model = native::load_model_dir(o.model.model_dir, o.model.variant);
    const native::ModelRunner runner(model, session_options(o.model));
    const std::vector<std::string>& labels = runner.manifest().labels;
    const std::vector<native::LabelledImage> images =
        native::list_class_folders(o.data_dir, labels, o.limit_per_class);
    if (images.empty()) {
        throw Error(ErrorKind::Io, "data folder '" + o.data_dir + "' has no images in any label folder");
    }

    EvalReport report;
    report.model = runner.manifest().name;
    report.variant = model.variant;
    report.data = o.data_dir;
    report.labels = labels;
    report.threads = o.model.threads;

    std::vector<int> truth;
    std::vector<std::vector<float>> probs;
    const auto start = std::chrono::steady_clock::now();
    for (const native::LabelledImage& image : images) {
        try {
            std::vector<float> p = classify_file(runner, image.path);
            if (!all_finite(p)) throw Error(ErrorKind::ModelMismatch, "the model returned a non-finite probability");
            truth.push_back(image.label);
            probs.push_back(std::move(p));
        } catch (const std::exception& e) {
            err << "dxlens: " << image.path << ": " << e.what() << "\n";
            report.errors.push_back({image.path, e.what()});
        }
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    report.metrics = compute_metrics(truth, probs, int(labels.size()));

    const nlohmann::ordered_json json = eval_json(report);
    if (!o.out_path.empty()) write_json_file(o.out_path, json);
    if (o.json) {
        out << json.dump(2) << "\n";
    } else {
        print_eval(out, report);
    }
    return truth.empty() ? 1 : 0;
}

}  // namespace

Command eval_command() {
    return make_command<EvalOptions>(
        "eval",
        "  dxlens eval --model DIR --data DIR [--json] [--out FILE] [--variant V] [--threads N]\n"
        "              [--limit-per-class N]\n",
        R"(eval: classifies every image under DIR/<label>/ (sub-folders must be the
model's labels; a label without a folder has support 0) and reports accuracy,
balanced accuracy, macro-F1, per-class precision/recall/F1, one-vs-rest AUROC,
sensitivity/specificity (two-class models, positive = second label), the
confusion matrix and images/s. Unreadable images are listed, not fatal; the
exit status is 1 only when no image could be classified.
  --out FILE           also write the --json report to FILE
  --limit-per-class N  only the first N files (by name) of each class
)",
        parse, run);
}

}  // namespace cli
}  // namespace dxlens
