#include "dxlens/error.h"

namespace dxlens {

const char* error_kind_name(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::InvalidArgument: return "invalid_argument";
        case ErrorKind::Empty: return "empty";
        case ErrorKind::UnsupportedFormat: return "unsupported";
        case ErrorKind::TooLarge: return "too_large";
        case ErrorKind::Corrupt: return "corrupt";
        case ErrorKind::InvalidManifest: return "manifest";
        case ErrorKind::ModelMismatch: return "model_mismatch";
        case ErrorKind::NoTissue: return "no_tissue";
        case ErrorKind::Io: return "io";
        case ErrorKind::Internal: return "internal";
    }
    return "internal";
}

}  // namespace dxlens
