#pragma once
// One exception type for every failure the core reports. Messages are written for
// the person who supplied the input: they name the file field, the limit or the
// format that was wrong, so the CLI and the page can show them verbatim.
#include <stdexcept>
#include <string>

namespace dxlens {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace dxlens
