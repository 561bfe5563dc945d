// `dxlens convert`: decodes one image file as every classification does (the
// core's decode_file, DICOM frame and window included) and writes the 8-bit
// pixels the model would be given as a PNG: to see what a DICOM file becomes,
// and for tests that compare our decoding with another reader's.
#include <string>

#include "command_table.h"
#include "dicom_options.h"
#include "dicom_report.h"
#include "dxlens/decode.h"
#include "dxlens/error.h"
#include "dxlens/limits.h"
#include "dxlens/native/file_io.h"
#include "dxlens/native/png_writer.h"

namespace dxlens {
namespace cli {

namespace {

struct ConvertOptions {
    std::string input, output;
    bool json = false;
    DicomOptions dicom;
};

ConvertOptions parse(Args& args) {
    ConvertOptions o;
    std::vector<std::string> paths;
    args.parse("convert", [&](const std::string& arg) {
        if (arg == "--json") {
            o.json = args.flag(arg);
        } else if (arg.size() > 1 && arg[0] == '-') {
            return parse_dicom_option(arg, args, o.dicom);
        } else {
            paths.push_back(arg);
        }
        return true;
    });
    if (paths.size() != 2) throw UsageError("convert needs an IMAGE and an OUT.png");
    o.input = paths[0];
    o.output = paths[1];
    return o;
}

int run(const ConvertOptions& o, std::ostream& out, std::ostream&) {
    const std::vector<uint8_t> bytes = native::read_file(o.input);
    check_file_size("'" + o.input + "'", bytes.size());
    const DecodedFile decoded = decode_file(bytes.data(), bytes.size(), DecodeLimits{}, o.dicom);
    native::write_png(o.output, decoded.image);
    const Image& image = decoded.image;
    if (o.json) {
        nlohmann::ordered_json j;
        j["image"] = o.input;
        j["out"] = o.output;
        j["width"] = image.width;
        j["height"] = image.height;
        j["channels"] = image.channels;
        if (decoded.dicom) j["dicom"] = dicom_json(*decoded.dicom);
        out << j.dump(2) << "\n";
    } else {
        out << o.input << " -> " << o.output << " (" << image.width << "x" << image.height << ", "
            << image.channels << (image.channels == 1 ? " channel" : " channels") << ")\n";
        if (decoded.dicom) out << "  DICOM: " << dicom_text(*decoded.dicom) << "\n";
    }
    return 0;
}

}  // namespace

Command convert_command() {
    return make_command<ConvertOptions>(
        "convert", "  dxlens convert IMAGE OUT.png [--frame N] [--window C,W] [--json]\n",
        R"(convert: decodes IMAGE (PNG, JPEG, BMP, DICOM) exactly as classify does and
writes the pixels the model is given (8-bit for DICOM: the chosen frame,
windowed) to OUT.png; DICOM files also print what may be shown about them.
  --json               {"image", "out", "width", "height", "channels", "dicom"}
)" + std::string(kDicomOptionsHelp),
        parse, run);
}

}  // namespace cli
}  // namespace dxlens
