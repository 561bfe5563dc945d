#pragma once
// One exception type for every failure the core reports. Messages are written for
// the person who supplied the input: they name the file field, the limit or the
// format that was wrong, so the CLI and the page can show them verbatim.
// Every error also has a kind, so a host decides what to do (exit status, the
// hint shown on the page) from the kind and never from the message text.
#include <stdexcept>
#include <string>

namespace dxlens {

enum class ErrorKind {
    InvalidArgument,    // a setting or call the core cannot honour (the default)
    Empty,              // no data at all
    UnsupportedFormat,  // a file type or coding dxlens does not read
    TooLarge,           // over a limit of limits.h
    Corrupt,            // a file of a known type that is damaged or truncated
    InvalidManifest,    // manifest or classifier file missing fields or inconsistent
    ModelMismatch,      // the model (as its runtime reports it) disagrees with its manifest
    NoTissue,           // a patch model found nothing to analyse in the image
    Io,                 // the host could not read or write a file
    Internal,           // a broken promise inside dxlens: a bug
};

// Stable snake_case names ("too_large", "no_tissue"): the CLI's JSON and the page use them.
const char* error_kind_name(ErrorKind kind);

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    explicit Error(const std::string& message) : Error(ErrorKind::InvalidArgument, message) {}

    ErrorKind kind() const { return kind_; }

private:
    ErrorKind kind_;
};

}  // namespace dxlens
