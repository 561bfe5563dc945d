#pragma once
// The command line: `dxlens classify|info ...`, `--help`, `--version`.
#include <stdexcept>
#include <string>
#include <vector>

namespace dxlens {
namespace cli {

// A mistake in how the tool was called: reported with a hint, exit status 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Options {
    std::string command;  // "classify", "info", "help", "version"
    std::string model_dir;
    std::vector<std::string> images;
    bool json = false;
    int threads = 0;           // 0 = ONNX Runtime's default
    std::string variant;       // empty = the manifest's preferred variant
    int top_k = 0;             // 0 = the manifest's top_k
    std::string cam_path;      // classify: write a CAM overlay PNG here
    std::string graph_optimization = "all";
};

Options parse_options(int argc, const char* const* argv);

const char* usage_text();

}  // namespace cli
}  // namespace dxlens
