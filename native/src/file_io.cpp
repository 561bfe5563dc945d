#include "dxlens/native/file_io.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

#include "dxlens/error.h"

namespace dxlens {
namespace native {

namespace {

namespace fs = std::filesystem;

// Opens `path` for binary reading, or explains why it cannot be: a plain
// ifstream failure says nothing about whether the file is missing or a folder.
std::ifstream open_for_reading(const std::string& path) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) throw Error(ErrorKind::Io, "cannot read '" + path + "': no such file");
    if (fs::is_directory(status)) {
        throw Error(ErrorKind::Io, "cannot read '" + path + "': it is a directory, not a file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorKind::Io, "cannot read '" + path + "': " + std::strerror(errno));
    return in;
}

std::string to_hex(const unsigned char* digest, unsigned int length) {
    static const char* digits = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += digits[digest[i] >> 4];
        hex += digits[digest[i] & 15];
    }
    return hex;
}

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

DigestContext start_sha256() {
    DigestContext ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
        throw Error(ErrorKind::Internal, "SHA-256 is unavailable (OpenSSL initialisation failed)");
    }
    return ctx;
}

std::string finish_sha256(EVP_MD_CTX* ctx) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(ctx, digest, &length) != 1) {
        throw Error(ErrorKind::Internal, "SHA-256 computation failed");
    }
    return to_hex(digest, length);
}

}  // namespace

std::vector<uint8_t> read_file(const std::string& path) {
    std::ifstream in = open_for_reading(path);
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (size < 0) throw Error(ErrorKind::Io, "cannot read '" + path + "': cannot determine its size");
    std::vector<uint8_t> bytes(static_cast<size_t>(size));
    if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size)) {
        throw Error(ErrorKind::Io, "cannot read '" + path + "': read failed");
    }
    return bytes;
}

std::string read_text_file(const std::string& path) {
    const std::vector<uint8_t> bytes = read_file(path);
    return std::string(bytes.begin(), bytes.end());
}

std::string sha256_hex(const uint8_t* data, size_t size) {
    DigestContext ctx = start_sha256();
    if (EVP_DigestUpdate(ctx.get(), data, size) != 1) {
        throw Error(ErrorKind::Internal, "SHA-256 computation failed");
    }
    return finish_sha256(ctx.get());
}

std::string sha256_file(const std::string& path) {
    std::ifstream in = open_for_reading(path);
    DigestContext ctx = start_sha256();
    std::vector<char> chunk(1 << 20);
    while (in) {
        in.read(chunk.data(), std::streamsize(chunk.size()));
        const std::streamsize got = in.gcount();
        if (got > 0 && EVP_DigestUpdate(ctx.get(), chunk.data(), size_t(got)) != 1) {
            throw Error(ErrorKind::Internal, "SHA-256 computation failed for '" + path + "'");
        }
    }
    if (in.bad()) throw Error(ErrorKind::Io, "cannot read '" + path + "': read failed");
    return finish_sha256(ctx.get());
}

}  // namespace native
}  // namespace dxlens
