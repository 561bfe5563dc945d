// dxlens command-line entry point. Nothing escapes main: usage errors exit 2,
// every other failure is printed and exits 1, so a bad input never crashes the tool.
#include <onnxruntime_cxx_api.h>

#include <exception>
#include <iostream>

#include "commands.h"
#include "options.h"

#ifndef DXLENS_VERSION
#define DXLENS_VERSION "0.1.0"  // keep in step with project(VERSION) in CMakeLists.txt
#endif

namespace {

int run(int argc, char** argv) {
    using namespace dxlens::cli;
    const Options options = parse_options(argc, argv);
    if (options.command == "help") {
        std::cout << usage_text();
        return 0;
    }
    if (options.command == "version") {
        std::cout << "dxlens " << DXLENS_VERSION << " (ONNX Runtime " << Ort::GetVersionString() << ")\n";
        return 0;
    }
    if (options.command == "info") return run_info(options, std::cout, std::cerr);
    if (options.command == "eval") return run_eval(options, std::cout, std::cerr);
    if (options.command == "calibrate") return run_calibrate(options, std::cout, std::cerr);
    if (options.command == "optimize") return run_optimize(options, std::cout, std::cerr);
    if (options.command == "bench") return run_bench(options, std::cout, std::cerr);
    return run_classify(options, std::cout, std::cerr);
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const dxlens::cli::UsageError& e) {
        std::cerr << "dxlens: " << e.what() << "\n(run 'dxlens --help' for usage)\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "dxlens: error: " << e.what() << "\n";
        return 1;
    } catch (...) {
        std::cerr << "dxlens: error: unexpected failure\n";
        return 1;
    }
}
