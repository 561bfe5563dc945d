#pragma once
// `dxlens info`'s text output: its JSON document printed as an indented
// outline, so info builds one document for both --json and text. (eval and
// bench have their own text layouts: eval_text.cpp, bench_text.cpp.)
#include <nlohmann/json.hpp>
#include <ostream>

namespace dxlens {
namespace cli {

// Two spaces per level. An object prints a "key: value" line per scalar field
// (strings unquoted) and per array of scalars ("[a, b]"); a field holding an
// object or an array with structured items prints "key:" with its contents one
// level deeper. An array of objects prints each object's fields with "- "
// before the first and two spaces before the others; any other structured item
// prints as "- " and its compact JSON.
void print_outline(std::ostream& out, const nlohmann::ordered_json& value, int indent = 0);

}  // namespace cli
}  // namespace dxlens
