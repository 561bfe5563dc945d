#pragma once
// The subcommands. Each returns the process exit status; dxlens::Error escapes
// only for failures that stop the whole command (e.g. the model cannot load).
#include <ostream>

#include "dxlens/native/ort_model.h"
#include "options.h"

namespace dxlens {
namespace cli {

int run_classify(const Options& options, std::ostream& out, std::ostream& err);
int run_info(const Options& options, std::ostream& out, std::ostream& err);
int run_eval(const Options& options, std::ostream& out, std::ostream& err);
int run_calibrate(const Options& options, std::ostream& out, std::ostream& err);
int run_optimize(const Options& options, std::ostream& out, std::ostream& err);
int run_bench(const Options& options, std::ostream& out, std::ostream& err);

// The ONNX Runtime settings the command line asks for.
native::SessionOptions session_options(const Options& options);

}  // namespace cli
}  // namespace dxlens
