#pragma once
// The subcommands, one table: each entry parses its own options (args.h) and
// runs. main.cpp dispatches through it and --help is printed from it, so a
// new command is one file plus one line in command_table.cpp.
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "args.h"

namespace dxlens {
namespace cli {

struct Command {
    std::string name;
    std::string synopsis;  // the "Usage:" lines
    std::string help;      // what it does and its own options
    // Parses the arguments after the command name (UsageError for a bad one)
    // and runs; returns the exit status. dxlens::Error escapes only for a
    // failure that stops the whole command (e.g. the model cannot load).
    std::function<int(Args&, std::ostream& out, std::ostream& err)> main;
};

// Builds a Command from a parser and a run function over one options struct.
template <typename Options>
Command make_command(std::string name, std::string synopsis, std::string help, Options (*parse)(Args&),
                     int (*run)(const Options&, std::ostream&, std::ostream&)) {
    return {std::move(name), std::move(synopsis), std::move(help),
            [parse, run](Args& args, std::ostream& out, std::ostream& err) { return run(parse(args), out, err); }};
}

// Defined in <name>_command.cpp.
Command classify_command();
Command info_command();
Command eval_command();
Command calibrate_command();
Command optimize_command();
Command bench_command();
Command convert_command();

// Every command, in the order --help lists them.
const std::vector<Command>& commands();

// Null when there is no command of that name.
const Command* find_command(const std::string& name);

// `dxlens --help`: every synopsis, the options shared by model commands, every command's help.
std::string usage_text();
// `dxlens COMMAND --help`.
std::string command_usage_text(const Command& command);

}  // namespace cli
}  // namespace dxlens
