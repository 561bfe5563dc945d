#include "json_fields.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "dxlens/error.h"

namespace dxlens {
namespace json_fields {

using nlohmann::json;

bool fits_float(double value) {
    return std::isfinite(value) && std::fabs(value) <= double(std::numeric_limits<float>::max());
}

std::string format_number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

std::string describe_type(const json& value) {
    switch (value.type()) {
        case json::value_t::null: return "null";
        case json::value_t::boolean: return "a boolean";
        case json::value_t::string: return "a string";
        case json::value_t::array: return "an array";
        case json::value_t::object: return "an object";
        case json::value_t::number_float: return "a number with a fraction";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned: return "an integer";
        default: return "an unsupported value";
    }
}

namespace {

// The dotted path ('preprocess.mean[1]') of the value the parser is reading,
// kept up to date from nlohmann's parser events, so an error it raises in the
// middle of the document (a number that overflows a double) can name the field.
class PathTracker {
public:
    bool on_event(json::parse_event_t event, const json& parsed) {
        switch (event) {
            case json::parse_event_t::object_start: frames_.push_back({false, 0, ""}); break;
            case json::parse_event_t::array_start: frames_.push_back({true, 0, ""}); break;
            case json::parse_event_t::key:
                if (!frames_.empty() && parsed.is_string()) frames_.back().key = parsed.get<std::string>();
                break;
            case json::parse_event_t::object_end:
            case json::parse_event_t::array_end:
                if (!frames_.empty()) frames_.pop_back();
                element_done();
                break;
            case json::parse_event_t::value: element_done(); break;
        }
        return true;  // keep everything: the callback only watches
    }

    std::string path() const {
        std::string out;
        for (const Frame& frame : frames_) {
            if (frame.array) {
                out += "[" + std::to_string(frame.index) + "]";
            } else if (!frame.key.empty()) {
                out += (out.empty() ? "" : ".") + frame.key;
            }
        }
        return out;
    }

private:
    struct Frame {
        bool array;
        size_t index;     // arrays: the element being read
        std::string key;  // objects: the last key read
    };

    void element_done() {
        if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    }

    std::vector<Frame> frames_;
};

// nlohmann prefixes its messages with "[json.exception.parse_error.101] ";
// the rest already names line and column, which is what a person needs.
std::string without_prefix(const std::string& message) {
    const auto bracket = message.find("] ");
    if (message.rfind("[json.exception", 0) == 0 && bracket != std::string::npos) return message.substr(bracket + 2);
    return message;
}

}  // namespace

json parse(const std::string& text, const std::string& context) {
    PathTracker tracker;
    try {
        return json::parse(text, [&tracker](int /*depth*/, json::parse_event_t event, json& parsed) {
            return tracker.on_event(event, parsed);
        });
    } catch (const json::parse_error& e) {
        throw Error(ErrorKind::InvalidManifest, context + ": invalid JSON: " + without_prefix(e.what()));
    } catch (const json::out_of_range& e) {
        // A number beyond a double's range ("top_k": 1E400): a valid JSON
        // token that nlohmann cannot represent, raised as out_of_range (406).
        const std::string path = tracker.path();
        std::string detail = without_prefix(e.what());  // "number overflow parsing '1E400'"
        if (detail.size() > 80) detail = detail.substr(0, 77) + "...";
        throw Error(ErrorKind::InvalidManifest, context + ": " + (path.empty() ? "the document" : "'" + path + "'") +
                                                    " is a number out of range (" + detail + ")");
    } catch (const json::exception& e) {
        throw Error(ErrorKind::InvalidManifest, context + ": invalid JSON: " + without_prefix(e.what()));
    }
}

Object::Object(const json& value, std::string context, std::string path)
    : value_(value), context_(std::move(context)), path_(std::move(path)) {
    if (!value_.is_object()) {
        if (path_.empty()) fail("the document must be a JSON object, got " + describe_type(value_));
        fail("'" + path_ + "' must be an object, got " + describe_type(value_));
    }
}

void Object::fail(const std::string& message) const { throw Error(ErrorKind::InvalidManifest, context_ + ": " + message); }

bool Object::has(const std::string& key) const { return value_.contains(key); }

std::string Object::path_of(const std::string& key) const {
    return path_.empty() ? key : path_ + "." + key;
}

const json& Object::required(const std::string& key) const {
    const auto it = value_.find(key);
    if (it == value_.end()) fail("missing field '" + path_of(key) + "'");
    return *it;
}

const json& Object::typed(const std::string& key, bool ok, const char* expected) const {
    const json& value = required(key);
    if (!ok) fail("'" + path_of(key) + "' must be " + expected + ", got " + describe_type(value));
    return value;
}

std::string Object::string(const std::string& key) const {
    const json& value = required(key);
    typed(key, value.is_string(), "a string");
    return value.get<std::string>();
}

std::string Object::choice(const std::string& key, const std::vector<std::string>& allowed) const {
    const std::string value = string(key);
    for (const auto& option : allowed) {
        if (value == option) return value;
    }
    std::string options;
    for (size_t i = 0; i < allowed.size(); ++i) {
        options += (i == 0 ? "'" : (i + 1 == allowed.size() ? " or '" : ", '")) + allowed[i] + "'";
    }
    fail("'" + path_of(key) + "' is '" + value + "', expected " + options);
}

int64_t Object::integer(const std::string& key) const {
    const json& value = required(key);
    // 224.0 is accepted (some JSON writers emit it); 224.5 is not.
    if (value.is_number_float()) {
        const double d = value.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) return int64_t(d);
    }
    typed(key, value.is_number_integer(), "an integer");
    if (value.is_number_unsigned() && value.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())) {
        fail("'" + path_of(key) + "' is too large");
    }
    return value.get<int64_t>();
}

int Object::positive_int(const std::string& key) const {
    const int64_t value = integer(key);
    if (value <= 0 || value > std::numeric_limits<int>::max()) {
        fail("'" + path_of(key) + "' must be a positive integer, got " + std::to_string(value));
    }
    return int(value);
}

double Object::number(const std::string& key) const {
    const json& value = required(key);
    typed(key, value.is_number(), "a number");
    return value.get<double>();
}

std::vector<double> Object::numbers(const std::string& key) const {
    const json& value = typed(key, required(key).is_array(), "an array of numbers");
    std::vector<double> out;
    for (size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_number()) {
            fail("'" + path_of(key) + "[" + std::to_string(i) + "]' must be a number, got " +
                 describe_type(value[i]));
        }
        out.push_back(value[i].get<double>());
    }
    return out;
}

std::vector<std::string> Object::strings(const std::string& key) const {
    const json& value = typed(key, required(key).is_array(), "an array of strings");
    std::vector<std::string> out;
    for (size_t i = 0; i < value.size(); ++i) {
        if (!value[i].is_string()) {
            fail("'" + path_of(key) + "[" + std::to_string(i) + "]' must be a string, got " +
                 describe_type(value[i]));
        }
        out.push_back(value[i].get<std::string>());
    }
    return out;
}

Object Object::object(const std::string& key) const {
    return Object(required(key), context_, path_of(key));
}

}  // namespace json_fields
}  // namespace dxlens
