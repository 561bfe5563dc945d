#pragma once
// Human-readable rendering of a JSON document as an indented outline, so a
// command builds its report once and prints it either way.
#include <nlohmann/json.hpp>
#include <ostream>

namespace dxlens {
namespace cli {

// Objects become "key: value" lines (nested objects indented below their key),
// arrays of scalars print inline, arrays of objects as "-" items.
void print_outline(std::ostream& out, const nlohmann::ordered_json& value, int indent = 0);

}  // namespace cli
}  // namespace dxlens
