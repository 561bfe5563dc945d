#include "dicom_report.h"

#include <cmath>
#include <cstdio>

namespace dxlens {
namespace cli {
namespace {

double tidy(double value) { return std::round(value * 1e4) / 1e4; }

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

}  // namespace

nlohmann::ordered_json dicom_json(const DicomInfo& info) {
    nlohmann::ordered_json j;
    j["modality"] = info.modality;
    j["body_part"] = info.body_part;
    j["view_position"] = info.view_position;
    j["rows"] = info.rows;
    j["columns"] = info.columns;
    j["bits_allocated"] = info.bits_allocated;
    j["bits_stored"] = info.bits_stored;
    j["photometric"] = info.photometric;
    j["transfer_syntax"] = {{"uid", info.transfer_syntax_uid}, {"name", info.transfer_syntax_name}};
    j["frames"] = info.frames;
    j["frame"] = info.frame;
    if (info.window) {
        j["window"] = {{"center", tidy(info.window->center)},
                       {"width", tidy(info.window->width)},
                       {"function", voi_function_name(info.window->function)},
                       {"source", window_source_name(info.window->source)}};
    } else {
        j["window"] = nullptr;
    }
    return j;
}

std::string dicom_text(const DicomInfo& info) {
    std::string text;
    for (const std::string* part : {&info.modality, &info.body_part, &info.view_position}) {
        if (!part->empty()) text += (text.empty() ? "" : " ") + *part;
    }
    if (!text.empty()) text += ", ";
    text += std::to_string(info.columns) + "x" + std::to_string(info.rows) + " " + info.photometric + " " +
            std::to_string(info.bits_allocated) + "-bit";
    if (info.bits_stored != info.bits_allocated) text += " (" + std::to_string(info.bits_stored) + " stored)";
    text += ", " + info.transfer_syntax_name + " (" + info.transfer_syntax_uid + "), frame " +
            std::to_string(info.frame) + " of " + std::to_string(info.frames);
    if (info.window) {
        const DicomWindowUsed& w = *info.window;
        text += ", window " + number(w.center) + "/" + number(w.width) + " " + voi_function_name(w.function) + " (" +
                window_source_name(w.source) + ")";
    }
    return text;
}

}  // namespace cli
}  // namespace dxlens
