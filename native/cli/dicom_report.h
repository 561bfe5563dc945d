#pragma once
// What `classify` and `convert` show about a DICOM file: the facts of
// DicomInfo (dicom.h) and nothing else (no patient, study or institution data
// is ever read).
#include <nlohmann/json.hpp>
#include <string>

#include "dxlens/dicom.h"

namespace dxlens {
namespace cli {

// {"modality", "body_part", "view_position", "rows", "columns", "bits_allocated",
//  "bits_stored", "photometric", "transfer_syntax": {"uid", "name"}, "frames",
//  "frame" (1-based), "window": {"center", "width", "function", "source"} | null}
nlohmann::ordered_json dicom_json(const DicomInfo& info);

// "CR CHEST PA, 2048x2048 MONOCHROME1 16-bit (12 stored), Explicit VR Little
// Endian (1.2.840.10008.1.2.1), frame 1 of 1, window 2048/4096 LINEAR (file)"
std::string dicom_text(const DicomInfo& info);

}  // namespace cli
}  // namespace dxlens
