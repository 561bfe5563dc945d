// `dxlens calibrate`: activation statistics for static INT8 quantization.
// The model is an "augmented" copy of the FP32 model (tools/quantize adds the
// tensors it wants to quantize as extra graph outputs), so it is not in the
// manifest and its hash is not checked. Every image goes through exactly the
// decode and preprocessing the manifest prescribes, so the ranges are those the
// model will see in use. Patch models are calibrated on the patches the
// pipeline itself would sample (sample_patches + make_patch_batch), not on
// whole tiles: those are the inputs the INT8 model will get.
#include <fstream>
#include <map>

#include "activation_stats.h"
#include "commands.h"
#include "dxlens/decode.h"
#include "dxlens/error.h"
#include "dxlens/native/file_io.h"
#include "dxlens/native/model_dir.h"
#include "dxlens/patch.h"
#include "image_folder.h"

namespace dxlens {
namespace cli {

namespace {

// The model inputs one image gives: one tensor, or patch batches.
std::vector<Tensor> model_inputs(const Image& image, const Manifest& m) {
    if (!m.patch) return {preprocess(image, m.preprocess)};
    const std::vector<Patch> patches = sample_patches(image, m.patch->settings);
    const size_t batch = size_t(std::max(1, m.patch->settings.batch_size));
    std::vector<Tensor> batches;
    for (size_t begin = 0; begin < patches.size(); begin += batch) {
        batches.push_back(make_patch_batch(image, patches, begin, std::min(patches.size(), begin + batch),
                                           m.preprocess));
    }
    return batches;
}

class Calibration {
public:
    Calibration(const native::OrtModel& model, const Manifest& manifest, int bins)
        : model_(model), manifest_(manifest) {
        for (const auto& output : model.outputs()) {
            if (output.element_type == "float32") stats_.emplace(output.name, ActivationStats(bins));
        }
        if (stats_.empty()) throw Error("the model has no float outputs to calibrate");
    }

    // Runs every usable image once; `first_pass` gathers ranges, else histograms.
    // Returns the images that gave at least one model input.
    std::vector<std::string> pass(const std::vector<std::string>& images, bool first_pass, std::ostream& err) {
        std::vector<std::string> used;
        for (const std::string& path : images) {
            std::vector<Tensor> inputs;
            try {
                const std::vector<uint8_t> bytes = native::read_file(path);
                inputs = model_inputs(decode_image(bytes.data(), bytes.size()), manifest_);
            } catch (const std::exception& e) {
                if (first_pass) report_skip(path, e.what(), err);
                continue;
            }
            if (inputs.empty()) {
                if (first_pass) report_skip(path, "no patch passed the tissue mask", err);
                continue;
            }
            for (const Tensor& input : inputs) {
                samples_ += first_pass ? size_t(input.shape.front()) : 0;
                for (const auto& [name, tensor] : model_.run(input)) {
                    const auto it = stats_.find(name);
                    if (it == stats_.end()) continue;
                    if (first_pass) {
                        it->second.add_range(tensor.data.data(), tensor.data.size());
                    } else {
                        it->second.add_histogram(tensor.data.data(), tensor.data.size());
                    }
                }
            }
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

    const native::OrtModel& model_;
    const Manifest& manifest_;
    std::map<std::string, ActivationStats> stats_;
    size_t samples_ = 0;  // model inputs (images or patches) seen in pass 1
};

void write_json(const std::string& path, const nlohmann::ordered_json& j) {
    std::ofstream file(path, std::ios::binary);
    if (!file) throw Error("cannot write '" + path + "'");
    file << j.dump(1) << "\n";
    if (!file.flush()) throw Error("cannot write '" + path + "'");
}

}  // namespace

int run_calibrate(const Options& options, std::ostream& out, std::ostream& err) {
    const Manifest manifest = native::load_manifest(options.model_dir);
    const std::vector<std::string> images =
        spread_subset(list_images(options.images_dir), size_t(options.limit));

    const native::OrtModel model(options.onnx_path, session_options(options));
    try {
        model.check_against(manifest);
    } catch (const Error& e) {
        throw Error(options.onnx_path + ": " + e.what());
    }

    Calibration calibration(model, manifest, options.bins);
    const std::vector<std::string> used = calibration.pass(images, true, err);
    if (used.empty()) throw Error("none of the " + std::to_string(images.size()) + " images could be used");
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

}  // namespace cli
}  // namespace dxlens
