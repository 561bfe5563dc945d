#pragma once
// Helpers shared by the unit tests (native and wasm builds alike).
#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace test_support {

inline std::string fixture_path(const std::string& relative) {
    return std::string(DXLENS_FIXTURE_DIR) + "/" + relative;
}

inline std::vector<uint8_t> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("test fixture missing: " + path);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::vector<uint8_t> read_fixture(const std::string& relative) {
    return read_bytes(fixture_path(relative));
}

inline std::string read_text(const std::string& path) {
    auto bytes = read_bytes(path);
    return std::string(bytes.begin(), bytes.end());
}

}  // namespace test_support
