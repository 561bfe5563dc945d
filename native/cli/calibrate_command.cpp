// `dxlens calibrate`: activation statistics for static INT8 quantization.
// The model is an "augmented" copy of the FP32 model (tools/quantize adds the
// tensors it wants to quantize as extra graph outputs), so it is not in the
// manifest and its hash is not checked. Every image goes through the core's
// pipeline as in `classify`, so the inputs are exactly those the model will
// see in use: decoded and preprocessed as the manifest prescribes, and for
// patch models the patches the pipeline samples, not whole tiles. The session
// returns every output of each run; the float ones feed the statistics.
#include <fstream>
#include <map>
#include <optional>

#include "activation_stats.h"
#include "command_table.h"
#include "dxlens/error.h"
#include "dxlens/native/file_io.h"
#include "dxlens/native/model_runner.h"
#include "image_folder.h"
#include "model_options.h"

namespace dxlens {
namespace cli {

namespace {

struct CalibrateOptions {
    ModelOptions model;      // --model: the manifest the augmented model belongs to
    std::string onnx_path;   // --onnx: the augmented model
    std::string images_dir;  // --images
    std::string out_path;    // --out: the statistics JSON
    int limit = 0;           // --limit: at most N images (0 = all)
    int bins = 2048;         // --bins: histogram bins per tensor
};

CalibrateOptions parse(Args& args) {
    CalibrateOptions o;
    args.parse("calibrate", [&](const std::string& arg) {
        if (arg == "--onnx") {
            o.onnx_path = args.value(arg);
        } else if (arg == "--images") {
            o.images_dir = args.value(arg);
        } else if (arg == "--out") {
            o.out_path = args.value(arg);
        } else if (arg == "--limit") {
            o.limit = parse_int(arg, args.value(arg), 1);
        } else if (arg == "--bins") {
            o.bins = parse_int(arg, args.value(arg), 16);
        } else {
            return parse_model_option(arg, args, o.model);
        }
        return true;
    });
    require_model_dir(o.model, "calibrate");
    if (o.onnx_path.empty()) throw UsageError("calibrate needs --onnx FILE");
    if (o.out_path.empty()) throw UsageError("calibrate needs --out FILE");
    if (o.images_dir.empty()) throw UsageError("calibrate needs --images DIR");
    return o;
}

class Calibration {
public:
    Calibration(const native::ModelRunner& runner, int bins) : runner_(runner) {
        for (const auto& output : runner.session().signature().outputs) {
            if (output.element_type == "float32") stats_.emplace(output.name, ActivationStats(bins));
        }
        if (stats_.empty()) throw Error(ErrorKind::ModelMismatch, "the model has no float outputs to calibrate");
    }

    // Runs every usable image once; `first_pass` gathers ranges, else histograms.
    // Returns the images that gave at least one model input.
    std::vector<std::string> pass(const std::vector<std::string>& images, bool first_pass, std::ostream& err) {
        PipelineOptions options;
        options.overlay_classes = 0;  // only the model runs matter here
        const native::RunObserver observe = [&](const ModelRequest& request, const auto& outputs) {
            if (first_pass) samples_ += request.samples;
            for (const auto& [name, tensor] : outputs) {
                const auto it = stats_.find(name);
                if (it == stats_.end()) continue;
                if (first_pass) {
                    it->second.add_range(tensor.data.data(), tensor.data.size());
                } else {
                    it->second.add_histogram(tensor.data.data(), tensor.data.size());
                }
            }
        };

        std::vector<std::string> used;
        for (const std::string& path : images) {
            std::optional<Pipeline> pipeline;
            try {
                const std::vector<uint8_t> bytes = native::read_file(path);
                pipeline.emplace(Pipeline::decode(runner_.model(), {{bytes.data(), bytes.size()}}, options));
            } catch (const std::exception& e) {  // unreadable, undecodable, or no tissue
                if (first_pass) report_skip(path, e.what(), err);
                continue;
            }
            runner_.run(*pipeline, observe);
            used.push_back(path);
        }
        return used;
    }

    size_t samples() const { return samples_; }
    size_t skipped() const { return skipped_; }
    const std::map<std::string, ActivationStats>& stats() const { return stats_; }

private:
    // Skipped images are reported in the first pass only; a folder of them
    // (tiles the tissue mask rejects) would flood the terminal, so after a few
    // only the count is kept.
    void report_skip(const std::string& path, const std::string& why, std::ostream& err) {
        if (++skipped_ <= kSkipsShown) err << "dxlens: calibrate: skipping " << path << ": " << why << "\n";
    }
    static constexpr size_t kSkipsShown = 5;
    size_t skipped_ = 0;

    const native::ModelRunner& runner_;
    std::map<std::string, ActivationStats> stats_;
    size_t samples_ = 0;  // model inputs (images or patches) seen in pass 1
};

void write_json(const std::string& path, const nlohmann::ordered_json& j) {
    std::ofstream file(path, std::ios::binary);
    if (!file) throw Error(ErrorKind::Io, "cannot write '" + path + "'");
    file << j.dump(1) << "\n";
    if (!file.flush()) throw Error(ErrorKind::Io, "cannot write '" + path + "'");
}

int run(const CalibrateOptions& options, std::ostream& out, std::ostream& err) {
    const std::vector<std::string> images =
        spread_subset(list_images(options.images_dir), size_t(options.limit));
    const native::ModelRunner runner(native::load_model_description(options.model.model_dir), options.onnx_path,
                                     session_options(options.model));
    const Manifest& manifest = runner.manifest();

    Calibration calibration(runner, options.bins);
    const std::vector<std::string> used = calibration.pass(images, true, err);
    if (used.empty()) {
        throw Error(ErrorKind::InvalidArgument,
                    "none of the " + std::to_string(images.size()) + " images could be used");
    }
    if (calibration.skipped() > 0) {
        err << "dxlens: calibrate: skipped " << calibration.skipped() << " of " << images.size() << " images\n";
    }
    calibration.pass(used, false, err);

    nlohmann::ordered_json j;
    j["model"] = manifest.name;
    j["onnx"] = options.onnx_path;
    j["images"] = used.size();
    j["skipped"] = images.size() - used.size();
    j["samples"] = calibration.samples();
    j["patches"] = manifest.patch.has_value();
    j["bins"] = options.bins;
    nlohmann::ordered_json tensors = nlohmann::ordered_json::object();
    for (const auto& [name, stats] : calibration.stats()) tensors[name] = stats.to_json();
    j["tensors"] = tensors;
    write_json(options.out_path, j);

    out << "calibrated " << calibration.stats().size() << " tensors on " << used.size() << " images ("
        << calibration.samples() << " model inputs) -> " << options.out_path << "\n";
    return 0;
}

}  // namespace

Command calibrate_command() {
    return make_command<CalibrateOptions>(
        "calibrate",
        "  dxlens calibrate --model DIR --onnx AUGMENTED.onnx --images DIR --out STATS.json\n"
        "                   [--limit N] [--bins N] [--threads N]\n",
        R"(calibrate (used by tools/quantize): runs AUGMENTED.onnx (the model with the
tensors to quantize as extra outputs; its hash is not checked) on the images
under DIR (class folders or flat, recursive), preprocessed as the manifest in
--model says (patch models: on the patches the pipeline samples), and writes
each float output's min, max and a histogram of |x| (--bins, default 2048).
  --limit N            at most N images, spread evenly over the sorted list
)",
        parse, run);
}

}  // namespace cli
}  // namespace dxlens
