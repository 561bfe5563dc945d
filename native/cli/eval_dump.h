#pragma once
// `dxlens eval --dump FILE.jsonl`: the raw model outputs tools/trust fits on,
// one JSON line per classified image:
//   {"path", "label", "logits": [..], "features": [..]}            whole-image models
//   {"path", "label", "patches": [{"logits": [..], "features": [..]}, ..]}   patch models
// Features are the pooled ones (the vector the linear classifier reads).
// Numbers are written with 7 significant digits: a float's precision, and a
// third of the size nlohmann's double formatting would take.
#include <fstream>
#include <string>

#include "dxlens/pipeline.h"

namespace dxlens {
namespace cli {

class EvalDump {
public:
    explicit EvalDump(const std::string& path);  // Io error when it cannot be created
    void write(const std::string& image_path, const std::string& label, const ImageResult& result);
    void close();  // Io error when the writes failed

private:
    std::string path_;
    std::ofstream file_;
};

}  // namespace cli
}  // namespace dxlens
