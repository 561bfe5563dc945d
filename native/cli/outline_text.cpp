#include "outline_text.h"

#include <string>

namespace dxlens {
namespace cli {

namespace {

using nlohmann::ordered_json;

bool is_scalar_list(const ordered_json& value) {
    if (!value.is_array()) return false;
    for (const auto& item : value) {
        if (item.is_structured()) return false;
    }
    return true;
}

std::string inline_text(const ordered_json& value) {
    if (value.is_string()) return value.get<std::string>();
    if (is_scalar_list(value)) {
        std::string text;
        for (const auto& item : value) {
            text += (text.empty() ? "" : ", ") + (item.is_string() ? item.get<std::string>() : item.dump());
        }
        return "[" + text + "]";
    }
    return value.dump();
}

}  // namespace

void print_outline(std::ostream& out, const ordered_json& value, int indent) {
    const std::string pad(size_t(indent) * 2, ' ');
    if (value.is_object()) {
        for (const auto& item : value.items()) {
            const ordered_json& child = item.value();
            if (child.is_object() || (child.is_array() && !is_scalar_list(child))) {
                out << pad << item.key() << ":\n";
                print_outline(out, child, indent + 1);
            } else {
                out << pad << item.key() << ": " << inline_text(child) << "\n";
            }
        }
    } else if (value.is_array() && !is_scalar_list(value)) {
        for (const auto& item : value) {
            if (item.is_object()) {
                // "- " on the first field keeps each item visually grouped.
                bool first = true;
                for (const auto& field : item.items()) {
                    out << pad << (first ? "- " : "  ");
                    first = false;
                    if (field.value().is_structured() && !is_scalar_list(field.value())) {
                        out << field.key() << ":\n";
                        print_outline(out, field.value(), indent + 2);
                    } else {
                        out << field.key() << ": " << inline_text(field.value()) << "\n";
                    }
                }
            } else {
                out << pad << "- " << inline_text(item) << "\n";
            }
        }
    } else {
        out << pad << inline_text(value) << "\n";
    }
}

}  // namespace cli
}  // namespace dxlens
