// Manifest parsing: any text in, a Manifest or a dxlens::Error (kind
// InvalidManifest) out. nlohmann's own exceptions must never escape.
#include <cstddef>
#include <cstdint>
#include <string>

#include "dxlens/manifest.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    dxlens::Manifest m;
    try {
        m = dxlens::parse_manifest(text);
    } catch (const dxlens::Error& error) {
        FUZZ_CHECK(error.kind() == dxlens::ErrorKind::InvalidManifest);
        FUZZ_CHECK(std::string(error.what()).rfind("manifest: ", 0) == 0);
        return 0;
    }
    // What parse_manifest promises about a manifest it accepts.
    FUZZ_CHECK(!m.name.empty() && !m.labels.empty());
    FUZZ_CHECK(m.top_k >= 1 && size_t(m.top_k) <= m.labels.size());
    FUZZ_CHECK(m.input_shape.size() == 4);
    FUZZ_CHECK(m.preprocess.out_width > 0 && m.preprocess.out_height > 0);
    FUZZ_CHECK(!m.files.empty() && !m.logits_output.empty());
    FUZZ_CHECK(m.has_cam() == !m.classifier_file.empty());
    if (m.patch) {
        FUZZ_CHECK(m.patch->settings.size > 0 && m.patch->settings.stride > 0);
        FUZZ_CHECK(m.patch->settings.downscale >= 1.0 && m.patch->settings.batch_size > 0);
    }
    fuzz_expect_error_or_ok([&] { (void)m.file(); });
    fuzz_expect_error_or_ok([&] { (void)m.file("int8"); });
    return 0;
}
