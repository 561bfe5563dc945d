// manifest.json -> Manifest. Each section has its own reader; cross-field checks
// (channels vs colour, binary vs label count, batch vs patch batch size) run once
// all the sections they relate are known.
#include "dxlens/manifest.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>

#include "dxlens/error.h"
#include "json_fields.h"
#include "trust_fields.h"

namespace dxlens {

using json_fields::Object;

namespace {

const char* kContext = "manifest";

std::string plural(size_t count, const char* noun) {
    return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

Task parse_task(const Object& root) {
    const std::string task = root.choice("task", {"single_label", "binary", "multi_label"});
    if (task == "binary") return Task::Binary;
    if (task == "multi_label") return Task::MultiLabel;
    return Task::SingleLabel;
}

std::vector<std::string> parse_labels(const Object& root, Task task) {
    std::vector<std::string> labels = root.strings("labels");
    if (labels.empty()) root.fail("'labels' must not be empty");
    std::set<std::string> seen;
    for (const auto& label : labels) {
        if (label.empty()) root.fail("'labels' contains an empty label");
        if (!seen.insert(label).second) root.fail("'labels' contains '" + label + "' twice");
    }
    if (task == Task::Binary && labels.size() != 2) {
        root.fail("'task' is 'binary' but there are " + plural(labels.size(), "label") +
                  ", expected 2");
    }
    if (task == Task::SingleLabel && labels.size() < 2) {
        root.fail("'task' is 'single_label' but there is only 1 label, expected at least 2");
    }
    return labels;
}

// The length of UTF-8 text in code points (the JSON parser has checked the encoding).
size_t code_points(const std::string& text) {
    return size_t(std::count_if(text.begin(), text.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

// Text people read on one line: not blank, no control characters, at most `limit` characters.
void check_line(const Object& root, const std::string& field, const std::string& text, size_t limit) {
    if (std::all_of(text.begin(), text.end(), [](unsigned char c) { return c == ' '; })) {
        root.fail("'" + field + "' must not be empty or blank");
    }
    if (std::any_of(text.begin(), text.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; })) {
        root.fail("'" + field + "' must be one line of text without control characters (tab, newline, ...)");
    }
    const size_t length = code_points(text);
    if (length > limit) {
        root.fail("'" + field + "' is " + std::to_string(length) + " characters long, at most " +
                  std::to_string(limit) + " are allowed");
    }
}

constexpr size_t kMaxDisplayLabel = 80;
constexpr size_t kMaxUploadHint = 400;

// "display_labels" (optional): one name for people per label, in the labels' order.
std::vector<std::string> parse_display_labels(const Object& root, const std::vector<std::string>& labels) {
    if (!root.has("display_labels")) return {};
    std::vector<std::string> names = root.strings("display_labels");
    if (names.size() != labels.size()) {
        root.fail("'display_labels' has " + plural(names.size(), "name") + " for " + plural(labels.size(), "label") +
                  "; it needs one per label, in the same order");
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < names.size(); ++i) {
        check_line(root, "display_labels[" + std::to_string(i) + "]", names[i], kMaxDisplayLabel);
        if (!seen.insert(names[i]).second) {
            root.fail("'display_labels' contains '" + names[i] + "' twice: people could not tell the classes apart");
        }
    }
    return names;
}

// "input": name, shape, layout, dtype, colour. Fills the spec's geometry fields.
void parse_input(const Object& root, Manifest& m) {
    const Object input = root.object("input");
    m.input_name = input.string("name");
    if (m.input_name.empty()) input.fail("'input.name' must not be empty");

    const auto& shape = input.required("shape");
    if (!shape.is_array()) {
        input.fail("'input.shape' must be an array of integers, got " + json_fields::describe_type(shape));
    }
    if (shape.size() != 4) {
        input.fail("'input.shape' must have 4 dimensions, got " + std::to_string(shape.size()));
    }
    m.input_shape.clear();
    for (size_t i = 0; i < shape.size(); ++i) {
        if (!shape[i].is_number_integer()) {
            input.fail("'input.shape[" + std::to_string(i) + "]' must be an integer, got " +
                       json_fields::describe_type(shape[i]));
        }
        // An unsigned value above INT64_MAX would wrap to a negative size (-1 reads as a dynamic batch).
        const bool huge = shape[i].is_number_unsigned() && shape[i].get<uint64_t>() > 1'000'000;
        const int64_t dim = huge ? std::numeric_limits<int64_t>::max() : shape[i].get<int64_t>();
        const bool dynamic_batch = i == 0 && dim == -1;
        if (!dynamic_batch && (dim <= 0 || dim > 1'000'000)) {
            input.fail("'input.shape[" + std::to_string(i) + "]' is " + std::to_string(dim) +
                       (i == 0 ? ", expected -1 (dynamic batch) or a positive size"
                               : ", expected a positive size"));
        }
        m.input_shape.push_back(dim);
    }

    PreprocessSpec& spec = m.preprocess;
    spec.layout = input.choice("layout", {"NCHW", "NHWC"}) == "NHWC" ? Layout::NHWC : Layout::NCHW;
    spec.dtype = input.choice("dtype", {"float32", "uint8"}) == "uint8" ? DType::Uint8 : DType::Float32;
    const std::string color = input.choice("color", {"rgb", "grey"});
    spec.color = color == "grey" ? ColorMode::Grey : ColorMode::RGB;

    const bool nchw = spec.layout == Layout::NCHW;
    const int64_t channels = nchw ? m.input_shape[1] : m.input_shape[3];
    spec.out_height = int(nchw ? m.input_shape[2] : m.input_shape[1]);
    spec.out_width = int(nchw ? m.input_shape[3] : m.input_shape[2]);
    if (channels != spec.channels()) {
        input.fail("'input.shape' channel dimension is " + std::to_string(channels) + " but color is '" +
                   color + "' (" + plural(size_t(spec.channels()), "channel") + ", layout " +
                   (nchw ? "NCHW" : "NHWC") + ")");
    }
}

std::array<float, 3> per_channel(const Object& pre, const std::string& key, const std::string& color,
                                 int channels, bool must_be_positive) {
    const std::vector<double> values = pre.numbers(key);
    if (int(values.size()) != channels) {
        pre.fail("'" + pre.path_of(key) + "' has " + plural(values.size(), "value") + ", expected " +
                 std::to_string(channels) + " for color '" + color + "'");
    }
    std::array<float, 3> out{};
    for (size_t i = 0; i < values.size(); ++i) {
        if (must_be_positive && !(values[i] > 0.0)) {
            pre.fail("'" + pre.path_of(key) + "[" + std::to_string(i) + "]' must be greater than 0, got " +
                     std::to_string(values[i]));
        }
        // Normalisation runs in float: a value beyond its range (or so small it
        // rounds to 0) would turn every input into infinities or NaN.
        if (!json_fields::fits_float(values[i]) || (must_be_positive && float(values[i]) <= 0.f)) {
            pre.fail("'" + pre.path_of(key) + "[" + std::to_string(i) + "]' is " + json_fields::format_number(values[i]) +
                     ", outside the range a 32-bit float holds");
        }
        out[i] = float(values[i]);
    }
    // Grey models keep one value; the other slots are never read but stay neutral.
    for (size_t i = values.size(); i < out.size(); ++i) out[i] = must_be_positive ? 1.f : 0.f;
    return out;
}

void parse_preprocess(const Object& root, Manifest& m) {
    const Object pre = root.object("preprocess");
    PreprocessSpec& spec = m.preprocess;

    const std::string resize = pre.choice("resize", {"shorter_side_center_crop", "stretch", "letterbox"});
    spec.policy = resize == "stretch"     ? ResizePolicy::Stretch
                  : resize == "letterbox" ? ResizePolicy::Letterbox
                                          : ResizePolicy::ShorterSideCenterCrop;
    if (spec.policy == ResizePolicy::ShorterSideCenterCrop) {
        spec.resize_size = pre.positive_int("resize_size");
        // The crop must fit inside the resized image (its shorter side is resize_size).
        const int crop = std::max(spec.out_width, spec.out_height);
        if (spec.resize_size < crop) {
            pre.fail("'preprocess.resize_size' is " + std::to_string(spec.resize_size) + " but the crop is " +
                     std::to_string(spec.out_width) + "x" + std::to_string(spec.out_height) +
                     "; it must be at least " + std::to_string(crop));
        }
    }
    spec.filter = pre.choice("filter", {"bilinear", "bicubic"}) == "bicubic" ? ResizeFilter::Bicubic
                                                                            : ResizeFilter::Bilinear;

    const std::string color = spec.color == ColorMode::Grey ? "grey" : "rgb";
    // uint8 models take raw 0..255 pixels, so mean/std are optional for them.
    const bool normalises = spec.dtype == DType::Float32;
    if (normalises || pre.has("mean")) spec.mean = per_channel(pre, "mean", color, spec.channels(), false);
    if (normalises || pre.has("std")) spec.std = per_channel(pre, "std", color, spec.channels(), true);

    if (pre.has("letterbox_fill")) {
        const double fill = pre.number("letterbox_fill");
        if (fill < 0.0 || fill > 1.0) {
            pre.fail("'preprocess.letterbox_fill' must be in [0, 1], got " + std::to_string(fill));
        }
        spec.letterbox_fill = float(fill);
    }
}

PatchConfig parse_patch(const Object& root, const Manifest& m) {
    const Object patch = root.object("patch");
    PatchConfig config;
    PatchSettings& s = config.settings;
    s.size = patch.positive_int("size");
    s.stride = patch.positive_int("stride");
    const std::string mask = patch.choice("mask", {"saturation", "grey", "none"});
    s.mask = mask == "grey" ? MaskMethod::Grey : mask == "none" ? MaskMethod::None : MaskMethod::Saturation;
    const std::string aggregate = patch.choice("aggregate", {"mean", "max", "majority_vote"});
    config.aggregate = aggregate == "max"             ? Aggregation::Max
                       : aggregate == "majority_vote" ? Aggregation::MajorityVote
                                                      : Aggregation::Mean;

    // The tuning knobs have sensible defaults (PatchSettings).
    if (patch.has("downscale")) {
        s.downscale = patch.number("downscale");
        if (!(s.downscale >= 1.0)) {
            patch.fail("'patch.downscale' must be at least 1, got " + std::to_string(s.downscale));
        }
    }
    if (patch.has("min_foreground")) {
        s.min_foreground = patch.number("min_foreground");
        if (s.min_foreground < 0.0 || s.min_foreground > 1.0) {
            patch.fail("'patch.min_foreground' must be in [0, 1], got " + std::to_string(s.min_foreground));
        }
    }
    if (patch.has("max_patches")) {
        const int64_t max_patches = patch.integer("max_patches");
        if (max_patches < 0 || max_patches > 1'000'000) {
            patch.fail("'patch.max_patches' must be 0 (all) or a positive count, got " +
                       std::to_string(max_patches));
        }
        s.max_patches = int(max_patches);
    }
    if (patch.has("batch_size")) s.batch_size = patch.positive_int("batch_size");
    if (patch.has("scale")) {
        const Object scale = patch.object("scale");
        config.scale_reference = scale.string("reference");
        if (scale.has("input_microns_per_pixel")) {
            config.input_microns_per_pixel = scale.number("input_microns_per_pixel");
            if (!(config.input_microns_per_pixel > 0.0)) {
                scale.fail("'patch.scale.input_microns_per_pixel' must be > 0, got " +
                           std::to_string(config.input_microns_per_pixel));
            }
        }
    }
    const int64_t batch = m.input_shape[0];
    if (batch != -1 && s.batch_size > batch) {
        patch.fail("'patch.batch_size' is " + std::to_string(s.batch_size) + " but 'input.shape' fixes the batch at " +
                   std::to_string(batch));
    }
    return config;
}

void parse_outputs(const Object& root, Manifest& m) {
    const Object outputs = root.object("outputs");
    m.logits_output = outputs.string("logits");
    if (m.logits_output.empty()) outputs.fail("'outputs.logits' must not be empty");
    const bool features = outputs.has("features");
    const bool classifier = outputs.has("classifier");
    if (features && !classifier) {
        outputs.fail("missing field 'outputs.classifier' (required with 'outputs.features' for CAM)");
    }
    if (classifier && !features) {
        outputs.fail("missing field 'outputs.features' (required with 'outputs.classifier' for CAM)");
    }
    if (features) {
        m.features_output = outputs.string("features");
        m.classifier_file = outputs.string("classifier");
        if (m.features_output.empty()) outputs.fail("'outputs.features' must not be empty");
        if (m.classifier_file.empty()) outputs.fail("'outputs.classifier' must not be empty");
    }
}

bool is_hex_sha256(const std::string& text) {
    return text.size() == 64 &&
           std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

void parse_files(const Object& root, Manifest& m) {
    const Object files = root.object("files");
    if (files.value().empty()) files.fail("'files' must list at least one model file");
    for (const auto& item : files.value().items()) {
        const Object file = files.object(item.key());
        ModelFile entry;
        entry.path = file.string("path");
        if (entry.path.empty()) file.fail("'" + file.path_of("path") + "' must not be empty");
        // Paths are relative to the manifest's folder; refusing absolute paths and
        // ".." keeps a model folder self-contained.
        if (entry.path.front() == '/' || entry.path.find("..") != std::string::npos) {
            file.fail("'" + file.path_of("path") + "' must be a path inside the model folder, got '" +
                      entry.path + "'");
        }
        entry.sha256 = file.string("sha256");
        if (!is_hex_sha256(entry.sha256)) {
            file.fail("'" + file.path_of("sha256") + "' must be 64 hex characters");
        }
        std::transform(entry.sha256.begin(), entry.sha256.end(), entry.sha256.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        m.files[item.key()] = entry;
    }
}

int parse_top_k(const Object& root, size_t classes) {
    const int fallback = int(std::min<size_t>(5, classes));
    if (!root.has("top_k")) return fallback;
    const int top_k = root.positive_int("top_k");
    if (size_t(top_k) > classes) {
        root.fail("'top_k' is " + std::to_string(top_k) + " but there are only " + plural(classes, "label"));
    }
    return top_k;
}

}  // namespace

Manifest parse_manifest(const std::string& json_text) {
    const nlohmann::json document = json_fields::parse(json_text, kContext);
    const Object root(document, kContext);

    Manifest m;
    m.name = root.string("name");
    if (m.name.empty()) root.fail("'name' must not be empty");
    m.version = root.string("version");
    if (root.has("title")) m.title = root.string("title");
    if (root.has("role")) m.role = root.string("role");
    m.task = parse_task(root);
    m.labels = parse_labels(root, m.task);
    m.display_labels = parse_display_labels(root, m.labels);
    if (root.has("upload_hint")) {
        m.upload_hint = root.string("upload_hint");
        check_line(root, "upload_hint", m.upload_hint, kMaxUploadHint);
    }
    m.top_k = parse_top_k(root, m.labels.size());
    parse_input(root, m);
    parse_preprocess(root, m);
    if (root.has("patch")) m.patch = parse_patch(root, m);
    parse_outputs(root, m);
    parse_files(root, m);
    parse_trust_fields(root, m);
    return m;
}

const ModelFile& Manifest::file(const std::string& variant) const {
    if (files.empty()) throw Error(ErrorKind::InvalidManifest, "manifest: no model files listed");
    if (variant.empty()) {
        for (const char* preferred : {"int8", "fp32"}) {
            const auto it = files.find(preferred);
            if (it != files.end()) return it->second;
        }
        return files.begin()->second;
    }
    const auto it = files.find(variant);
    if (it == files.end()) {
        std::string available;
        for (const auto& entry : files) available += (available.empty() ? "" : ", ") + entry.first;
        throw Error(ErrorKind::InvalidManifest, "manifest: no model file for variant '" + variant + "' (available: " + available + ")");
    }
    return it->second;
}

const char* task_name(Task task) {
    switch (task) {
        case Task::Binary: return "binary";
        case Task::MultiLabel: return "multi_label";
        case Task::SingleLabel: break;
    }
    return "single_label";
}

}  // namespace dxlens
