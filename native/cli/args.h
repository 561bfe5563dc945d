#pragma once
// Reading a command's arguments: "--opt value" and "--opt=value" alike, with
// the mistakes (a missing value, a bad number) reported as usage errors.
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace dxlens {
namespace cli {

// A mistake in how the tool was called: reported with a hint, exit status 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "--help" or "-h" among a command's options: main prints that command's help.
struct HelpRequested {};

// The arguments after the command name, read one at a time by the command's parser.
class Args {
public:
    explicit Args(std::vector<std::string> args) : args_(std::move(args)) {}

    bool done() const { return index_ >= args_.size(); }

    // Hands every argument to `take`, which consumes it (and its value) and
    // returns true, or returns false for one `command` does not take: an
    // unknown option or a stray argument, reported as a UsageError.
    void parse(const std::string& command, const std::function<bool(const std::string& arg)>& take);

    // The next argument; an option's inline value ("--opt=value") is split off
    // for value(). Throws HelpRequested for --help / -h.
    std::string next();
    // The current option's value: its inline value, else the next argument.
    std::string value(const std::string& option);
    // A flag: throws UsageError when it was given a value. Returns true.
    bool flag(const std::string& option) const;

private:
    std::vector<std::string> args_;
    size_t index_ = 0;
    std::optional<std::string> inline_value_;  // the "value" of "--opt=value"
};

// An integer option value >= min_value; anything else is a UsageError naming the option.
int parse_int(const std::string& option, const std::string& text, int min_value);

}  // namespace cli
}  // namespace dxlens
