// dxlens command-line entry point. Nothing escapes main: usage errors exit 2,
// every other failure is printed with its kind and exits 1 (error_status.h),
// so a bad input never crashes the tool.
#include <onnxruntime_cxx_api.h>

#include <pthread.h>

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

int guarded_main(int argc, char** argv) {
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

// ONNX Runtime 1.29 reads /proc/self/cmdline while it creates a session and
// recurses about five frames per byte of it (seen in gdb: ~97,000 frames for
// 300 image paths), so a long command line such as `dxlens classify *.png`
// overflowed the 8 MB main stack with SIGSEGV. The CLI therefore runs on a
// thread whose stack covers the largest command line Linux allows (ARG_MAX,
// 2 MB): the address space is reserved, pages are committed only when used.
constexpr size_t kStackBytes = size_t(1) << 30;

struct MainCall {
    int argc;
    char** argv;
    int status = 1;
};

void* call_main(void* arg) {
    auto* call = static_cast<MainCall*>(arg);
    call->status = guarded_main(call->argc, call->argv);
    return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
    MainCall call{argc, argv};
    pthread_attr_t attributes;
    pthread_t thread;
    const bool started = pthread_attr_init(&attributes) == 0 &&
                         pthread_attr_setstacksize(&attributes, kStackBytes) == 0 &&
                         pthread_create(&thread, &attributes, call_main, &call) == 0;
    if (!started) return guarded_main(argc, argv);  // no large stack: run as before
    pthread_join(thread, nullptr);
    return call.status;
}
