#include "dicom_options.h"

#include <cmath>
#include <exception>

#include "dxlens/error.h"

namespace dxlens {
namespace cli {
namespace {

bool parse_number(const std::string& text, double& value) {
    size_t used = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        return false;
    }
    return used == text.size() && std::isfinite(value);
}

DicomWindow parse_window(const std::string& text) {
    const size_t comma = text.find(',');
    DicomWindow window;
    if (comma == std::string::npos || !parse_number(text.substr(0, comma), window.center) ||
        !parse_number(text.substr(comma + 1), window.width)) {
        throw UsageError("--window needs CENTER,WIDTH (two numbers, e.g. 40,400), got '" + text + "'");
    }
    if (window.width < 1) throw UsageError("--window: the width must be at least 1, got '" + text + "'");
    return window;
}

}  // namespace

const char* const kDicomOptionsHelp =
    R"(  --frame N            DICOM files: the frame to classify, numbered from 1 as in
                       DICOM (default: the middle frame, floor(frames / 2) + 1)
  --window C,W         DICOM grey images: window center and width, replacing the
                       file's window (default: the file's first window, else its
                       VOI LUT, else the frame's min-max)
)";

bool parse_dicom_option(const std::string& arg, Args& args, DicomOptions& dicom) {
    if (arg == "--frame") {
        dicom.frame = parse_int(arg, args.value(arg), 1);
    } else if (arg == "--window") {
        dicom.window = parse_window(args.value(arg));
    } else {
        return false;
    }
    return true;
}

}  // namespace cli
}  // namespace dxlens
