// dxlens command-line entry point. Nothing escapes main: usage errors exit 2,
// every other failure is printed with its kind and exits 1 (error_status.h),
// so a bad input never crashes the tool.
#include <onnxruntime_cxx_api.h>

#include <exception>
#include <iostream>
#include <vector>

#include "args.h"
#include "command_table.h"
#include "dxlens/error.h"
#include "error_status.h"

#ifndef DXLENS_VERSION
#define DXLENS_VERSION "0.1.0"  // keep in step with project(VERSION) in CMakeLists.txt
#endif

namespace {

using namespace dxlens::cli;

int run(int argc, char** argv) {
    if (argc < 2) throw UsageError("no command given");
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        std::cout << usage_text();
        return 0;
    }
    if (name == "--version" || name == "-V") {
        std::cout << "dxlens " << DXLENS_VERSION << " (ONNX Runtime " << Ort::GetVersionString() << ")\n";
        return 0;
    }
    const Command* command = find_command(name);
    if (!command) throw UsageError("unknown command '" + name + "'");
    Args args(std::vector<std::string>(argv + 2, argv + argc));
    try {
        return command->main(args, std::cout, std::cerr);
    } catch (const HelpRequested&) {
        std::cout << command_usage_text(*command);
        return 0;
    }
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const UsageError& e) {
        std::cerr << "dxlens: " << e.what() << "\n(run 'dxlens --help' for usage)\n";
        return 2;
    } catch (const dxlens::Error& e) {
        std::cerr << "dxlens: " << error_line(e.kind(), e.what()) << "\n";
        return exit_status(e.kind());
    } catch (const std::exception& e) {  // bad_alloc and the like: no kind to show
        std::cerr << "dxlens: error: " << e.what() << "\n";
        return exit_status(dxlens::ErrorKind::Internal);
    } catch (...) {
        std::cerr << "dxlens: error: unexpected failure\n";
        return exit_status(dxlens::ErrorKind::Internal);
    }
}
