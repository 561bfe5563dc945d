#pragma once
// The native side's file access: whole-file reads and SHA-256 digests, with
// errors that name the path and say what is wrong with it (missing, a folder,
// unreadable), since the core never touches the file system itself.
#include <cstdint>
#include <string>
#include <vector>

namespace dxlens {
namespace native {

// Throws Error kind Io ("cannot read '<path>': ...") for a missing path, a directory or an I/O failure.
std::vector<uint8_t> read_file(const std::string& path);
std::string read_text_file(const std::string& path);

// Lower-case hex SHA-256 of a file's contents, read in chunks (models can be large).
std::string sha256_file(const std::string& path);
std::string sha256_hex(const uint8_t* data, size_t size);

}  // namespace native
}  // namespace dxlens
