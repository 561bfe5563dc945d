#include "args.h"

#include <cerrno>
#include <climits>
#include <cstdlib>

namespace dxlens {
namespace cli {

std::string Args::next() {
    std::string arg = args_[index_++];
    inline_value_.reset();
    const auto eq = arg.find('=');
    if (arg.rfind("--", 0) == 0 && eq != std::string::npos) {
        inline_value_ = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
    }
    if (arg == "--help" || arg == "-h") throw HelpRequested{};
    return arg;
}

std::string Args::value(const std::string& option) {
    if (inline_value_) return *inline_value_;
    if (done()) throw UsageError(option + " needs a value");
    return args_[index_++];
}

bool Args::flag(const std::string& option) const {
    if (inline_value_) throw UsageError(option + " takes no value");
    return true;
}

void Args::parse(const std::string& command, const std::function<bool(const std::string& arg)>& take) {
    while (!done()) {
        const std::string arg = next();
        if (take(arg)) continue;
        if (arg.size() > 1 && arg[0] == '-') throw UsageError("unknown option '" + arg + "' for " + command);
        throw UsageError("unexpected argument '" + arg + "' for " + command);
    }
}

int parse_int(const std::string& option, const std::string& text, int min_value) {
    char* end = nullptr;
    errno = 0;
    const long value = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno == ERANGE || value < min_value || value > INT_MAX) {
        throw UsageError(option + " expects an integer >= " + std::to_string(min_value) + ", got '" + text + "'");
    }
    return int(value);
}


}  // namespace cli
}  // namespace dxlens
