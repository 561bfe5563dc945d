#include "eval_dump.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "dxlens/error.h"

namespace dxlens {
namespace cli {

namespace {

std::string numbers(const std::vector<float>& values) {
    std::string text = "[";
    char cell[32];
    for (size_t i = 0; i < values.size(); ++i) {
        std::snprintf(cell, sizeof cell, "%s%.7g", i ? "," : "", double(values[i]));
        text += cell;
    }
    return text + "]";
}

std::string raw(const std::vector<float>& logits, const std::vector<float>& features) {
    return "\"logits\":" + numbers(logits) + ",\"features\":" + numbers(features);
}

}  // namespace

EvalDump::EvalDump(const std::string& path) : path_(path), file_(path) {
    if (!file_) throw Error(ErrorKind::Io, "cannot create '" + path + "'");
}

void EvalDump::write(const std::string& image_path, const std::string& label, const ImageResult& result) {
    // Strings go through nlohmann for escaping; the number arrays are written directly.
    file_ << "{\"path\":" << nlohmann::json(image_path).dump() << ",\"label\":" << nlohmann::json(label).dump();
    if (result.patches.empty()) {
        file_ << "," << raw(result.logits, result.features);
    } else {
        file_ << ",\"patches\":[";
        for (size_t i = 0; i < result.patches.size(); ++i) {
            file_ << (i ? ",{" : "{") << raw(result.patches[i].logits, result.patches[i].features) << "}";
        }
        file_ << "]";
    }
    if (!result.colour.empty()) file_ << ",\"colour\":" << numbers(result.colour);
    file_ << "}\n";
}

void EvalDump::close() {
    file_.close();
    if (!file_) throw Error(ErrorKind::Io, "cannot write '" + path_ + "'");
}

}  // namespace cli
}  // namespace dxlens
