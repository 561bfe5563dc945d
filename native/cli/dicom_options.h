#pragma once
// --frame and --window: which frame of a DICOM file, and which window maps its
// values to grey levels (dicom.h), taken by every command that decodes files.
// Other formats ignore them.
#include <string>

#include "args.h"
#include "dxlens/dicom.h"

namespace dxlens {
namespace cli {

// Consumes `arg` (and its value) when it is --frame N (1-based) or --window C,W.
bool parse_dicom_option(const std::string& arg, Args& args, DicomOptions& dicom);

// The help lines of both options.
extern const char* const kDicomOptionsHelp;

}  // namespace cli
}  // namespace dxlens
