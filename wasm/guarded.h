#pragma once
// Every exported function runs its body through guarded(): an exception
// becomes {error: message, kind: name} and never crosses into JavaScript.
#include <emscripten/val.h>

#include <exception>
#include <new>
#include <string>

#include "dxlens/error.h"

namespace dxlens::wasm {

inline emscripten::val error_object(const std::string& message, const char* kind) {
    emscripten::val result = emscripten::val::object();
    result.set("error", message);
    result.set("kind", std::string(kind));
    return result;
}

template <typename Body>
emscripten::val guarded(Body&& body) {
    try {
        return body();
    } catch (const Error& e) {
        return error_object(e.what(), error_kind_name(e.kind()));
    } catch (const std::bad_alloc&) {
        // The wasm heap is capped (4 GB): an image that does not fit is too large for the page.
        return error_object("out of memory: the image is too large for this browser", error_kind_name(ErrorKind::TooLarge));
    } catch (const std::exception& e) {
        return error_object(e.what(), error_kind_name(ErrorKind::Internal));
    }
}

inline emscripten::val ok_object() {
    emscripten::val result = emscripten::val::object();
    result.set("ok", true);
    return result;
}

}  // namespace dxlens::wasm
