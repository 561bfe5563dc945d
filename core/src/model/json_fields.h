#pragma once
// Typed access to the fields of a JSON document, where every failure names the
// field by its dotted path ('input.shape', 'files.int8.sha256'), so a person
// editing a manifest by hand can find the line to fix. Private to the core.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace dxlens {
namespace json_fields {

// A JSON object together with its path from the document root ("" for the root).
class Object {
public:
    // `context` prefixes every error message ("manifest", "classifier").
    Object(const nlohmann::json& value, std::string context, std::string path = "");

    bool has(const std::string& key) const;
    std::string path_of(const std::string& key) const;

    // The value of `key`; throws "missing field" when absent.
    const nlohmann::json& required(const std::string& key) const;

    std::string string(const std::string& key) const;
    // One of `allowed`; the error lists the choices.
    std::string choice(const std::string& key, const std::vector<std::string>& allowed) const;
    int64_t integer(const std::string& key) const;
    int positive_int(const std::string& key) const;
    double number(const std::string& key) const;
    std::vector<double> numbers(const std::string& key) const;
    std::vector<std::string> strings(const std::string& key) const;
    Object object(const std::string& key) const;

    // Throws Error("<context>: <message>").
    [[noreturn]] void fail(const std::string& message) const;

    const nlohmann::json& value() const { return value_; }
    const std::string& context() const { return context_; }

private:
    const nlohmann::json& typed(const std::string& key, bool ok, const char* expected) const;

    const nlohmann::json& value_;
    std::string context_;
    std::string path_;
};

// Parses `text`, turning the parser's exception into Error("<context>: invalid
// JSON at line L, column C: ...").
nlohmann::json parse(const std::string& text, const std::string& context);

// True when `value` converts to a finite float (|value| <= FLT_MAX).
bool fits_float(double value);

// A number for messages: "1e+39", "0.25".
std::string format_number(double value);

// "an integer", "a string", ... for messages about wrong types.
std::string describe_type(const nlohmann::json& value);

}  // namespace json_fields
}  // namespace dxlens
