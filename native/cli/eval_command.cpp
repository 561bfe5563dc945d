// `dxlens eval`: every image of a class-folder test set goes through the same
// pipeline loop as `classify`; the predictions and true labels become metrics.
// An image that cannot be read or decoded is listed and left out of the metrics.
// The trust numbers (eval_trust.h) come from the same runs, plus the --other
// folders' images, which are only checked against the model's domain.
#include <chrono>
#include <cmath>
#include <exception>
#include <fstream>

#include "command_table.h"
#include "dicom_options.h"
#include "dxlens/error.h"
#include "dxlens/native/class_folders.h"
#include "dxlens/native/file_io.h"
#include "dxlens/native/model_runner.h"
#include "eval_dump.h"
#include "eval_report.h"
#include "image_folder.h"
#include "model_options.h"
#include "scale_options.h"

namespace dxlens {
namespace cli {

namespace {

struct EvalOptions {
    ModelOptions model;
    bool json = false;
    std::string data_dir;     // --data: one sub-folder per label
    std::string out_path;     // --out: where the JSON report is also written
    int limit_per_class = 0;  // --limit-per-class: first N files of each class (0 = all)
    std::string dump_path;    // --dump: raw logits and pooled features, one JSON line per image
    std::vector<std::string> other_dirs;  // --other (repeatable): other domains' images
    InputScale scale;                     // --scale S / --mpp M: patch models, every image
    DicomOptions dicom;                   // --frame N / --window C,W: DICOM files, every one
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
        } else if (arg == "--dump") {
            o.dump_path = args.value(arg);
        } else if (arg == "--other") {
            o.other_dirs.push_back(args.value(arg));
        } else {
            return parse_scale_option(arg, args, o.scale) || parse_dicom_option(arg, args, o.dicom) ||
                   parse_model_option(arg, args, o.model);
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

// One image file through the pipeline; `keep_raw` also returns logits and pooled features.
ImageResult classify_file(const native::ModelRunner& runner, const std::string& path, const InputScale& scale,
                          const DicomOptions& dicom, bool keep_raw) {
    PipelineOptions options;
    options.overlay_classes = 0;  // metrics need the probabilities only
    options.keep_raw = keep_raw;
    options.input_scale = scale;
    options.dicom = dicom;
    const std::vector<uint8_t> bytes = native::read_file(path);
    Pipeline pipeline = Pipeline::decode(runner.model(), {{bytes.data(), bytes.size()}}, options);
    PipelineResult result = runner.run(pipeline);
    return std::move(result.images.front());
}

void count_domain(DomainTally& tally, const ImageResult& result) {
    ++tally.images;
    if (!result.domain) return;
    tally.scores.push_back(result.domain->score);
    if (result.domain->in_domain) ++tally.accepted;
}

// Another domain's images (class sub-folders or flat, found recursively): only
// whether the model calls them in domain. An image the pipeline refuses (no
// tissue, undecodable) gets no verdict, so it counts as not accepted.
DomainTally check_other_domain(const native::ModelRunner& runner, const std::string& dir, const InputScale& scale,
                               const DicomOptions& dicom) {
    DomainTally tally;
    tally.data = dir;
    for (const std::string& path : list_images(dir)) {
        try {
            count_domain(tally, classify_file(runner, path, scale, dicom, false));
        } catch (const std::exception&) {
            ++tally.images;
            ++tally.refused;
        }
    }
    return tally;
}

int run(const EvalOptions& o, std::ostream& out, std::ostream& err) {
    const native::ModelBundle model = native::load_model_dir(o.model.model_dir, o.model.variant);
    const native::ModelRunner runner(model, session_options(o.model));
    const Manifest& manifest = runner.manifest();
    const std::vector<std::string>& labels = manifest.labels;
    if (!o.other_dirs.empty() && !model.model->domain) {
        throw UsageError("--other needs a model with domain statistics (manifest \"domain\"); '" + manifest.name +
                         "' has none");
    }
    check_scale_option(o.scale, *model.model);
    const std::vector<native::LabelledImage> images =
        native::list_class_folders(o.data_dir, labels, o.limit_per_class);
    if (images.empty()) {
        throw Error(ErrorKind::Io, "data folder '" + o.data_dir + "' has no images in any label folder");
    }
    std::optional<EvalDump> dump;
    if (!o.dump_path.empty()) dump.emplace(o.dump_path);

    EvalReport report;
    report.model = manifest.name;
    report.variant = model.variant;
    report.data = o.data_dir;
    report.labels = labels;
    report.threads = o.model.threads;
    report.trust.own.data = o.data_dir;
    if (model.model->domain) report.trust.domain_threshold = model.model->domain->threshold;

    std::vector<int> truth;
    std::vector<std::vector<float>> probs, uncalibrated;
    const auto start = std::chrono::steady_clock::now();
    for (const native::LabelledImage& image : images) {
        try {
            ImageResult result = classify_file(runner, image.path, o.scale, o.dicom, dump.has_value());
            if (!all_finite(result.probs)) {
                throw Error(ErrorKind::ModelMismatch, "the model returned a non-finite probability");
            }
            if (dump) dump->write(image.path, labels[size_t(image.label)], result);
            count_domain(report.trust.own, result);
            truth.push_back(image.label);
            probs.push_back(std::move(result.probs));
            uncalibrated.push_back(std::move(result.uncalibrated_probs));
        } catch (const std::exception& e) {
            err << "dxlens: " << image.path << ": " << e.what() << "\n";
            report.errors.push_back({image.path, e.what()});
        }
    }
    // images/s covers the test split only, as before --other existed.
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (dump) dump->close();
    report.metrics = compute_metrics(truth, probs, int(labels.size()));
    add_calibration(report.trust, manifest, truth, probs, uncalibrated);
    for (const std::string& dir : o.other_dirs) report.trust.others.push_back(check_other_domain(runner, dir, o.scale, o.dicom));
    add_domain_separation(report.trust);

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
        "              [--limit-per-class N] [--dump FILE.jsonl] [--other DIR]... [--scale S | --mpp M]\n"
        "              [--frame N] [--window C,W]\n",
        R"(eval: classifies every image under DIR/<label>/ (sub-folders must be the
model's labels; a label without a folder has support 0) and reports accuracy,
balanced accuracy, macro-F1, per-class precision/recall/F1, one-vs-rest AUROC,
sensitivity/specificity (two-class models, positive = second label), the
confusion matrix and images/s. Unreadable images are listed, not fatal; the
exit status is 1 only when no image could be classified.
  --out FILE           also write the --json report to FILE
  --limit-per-class N  only the first N files (by name) of each class
Also reported: expected calibration error (15 bins) and Brier score before and
after the manifest's calibration; with domain statistics, the share of DIR
accepted as in domain; with a screening point, its sensitivity/specificity here.
  --other DIR          another domain's images (class sub-folders or flat, any
                       depth); repeatable: the share each folder has accepted as
                       in domain, overall, and the AUROC of the domain score
                       (own vs other images); refused images count as rejected
  --dump FILE.jsonl    one JSON line per image: path, label, logits and pooled
                       features (patch models: per patch), for tools/trust
)" + std::string(kScaleOptionsHelp) + kDicomOptionsHelp,
        parse, run);
}

}  // namespace cli
}  // namespace dxlens
