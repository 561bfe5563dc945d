// File reading and SHA-256 of the native layer.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "dxlens/error.h"
#include "dxlens/native/file_io.h"

namespace fs = std::filesystem;
using dxlens::native::read_file;
using dxlens::native::sha256_file;
using dxlens::native::sha256_hex;

namespace {

std::string temp_file(const std::string& name, const std::string& contents) {
    const fs::path path = fs::temp_directory_path() / ("dxlens_test_" + name);
    std::ofstream(path, std::ios::binary) << contents;
    return path.string();
}

}  // namespace

TEST_CASE("sha256 matches the FIPS 180-2 test vectors", "[native][file_io]") {
    const std::string abc = "abc";
    CHECK(sha256_hex(reinterpret_cast<const uint8_t*>(abc.data()), abc.size()) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex(nullptr, 0) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const std::string path = temp_file("abc.txt", abc);
    CHECK(sha256_file(path) == sha256_hex(reinterpret_cast<const uint8_t*>(abc.data()), abc.size()));
    fs::remove(path);
}

TEST_CASE("read_file returns the bytes, or says why it cannot", "[native][file_io]") {
    const std::string path = temp_file("bytes.bin", std::string("a\0b", 3));
    CHECK(read_file(path) == std::vector<uint8_t>{'a', 0, 'b'});
    fs::remove(path);

    const std::string empty = temp_file("empty.bin", "");
    CHECK(read_file(empty).empty());
    fs::remove(empty);

    CHECK_THROWS_WITH(read_file("/nonexistent/dxlens.png"),
                      "cannot read '/nonexistent/dxlens.png': no such file");
    CHECK_THROWS_WITH(read_file(fs::temp_directory_path().string()), Catch::Contains("it is a directory"));
    CHECK_THROWS_AS(sha256_file("/nonexistent/model.onnx"), dxlens::Error);
}
