#include "error_status.h"

namespace dxlens {
namespace cli {

int exit_status(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::InvalidArgument:
        case ErrorKind::Empty:
        case ErrorKind::UnsupportedFormat:
        case ErrorKind::TooLarge:
        case ErrorKind::Corrupt:
        case ErrorKind::InvalidManifest:
        case ErrorKind::ModelMismatch:
        case ErrorKind::NoTissue:
        case ErrorKind::Io:
        case ErrorKind::Internal: return 1;
    }
    return 1;
}

std::string error_line(ErrorKind kind, const std::string& message) {
    return std::string("error (") + error_kind_name(kind) + "): " + message;
}

ErrorKind kind_of(const std::exception& e) {
    if (const auto* error = dynamic_cast<const Error*>(&e)) return error->kind();
    return ErrorKind::Internal;
}

}  // namespace cli
}  // namespace dxlens
