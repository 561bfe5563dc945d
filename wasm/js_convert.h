#pragma once
// Copying between JavaScript typed arrays and C++ vectors. Every buffer that
// crosses the boundary is copied, so no pointer into the wasm heap outlives the
// call that produced it (the heap may grow and detach such views).
#include <emscripten/val.h>

#include <cstdint>
#include <vector>

namespace dxlens::wasm {

template <typename T>
std::vector<T> to_vector(const emscripten::val& typed_array) {
    return emscripten::convertJSArrayToNumberVector<T>(typed_array);
}

// A new JS-owned typed array holding a copy of `data`.
template <typename T>
emscripten::val to_typed_array(const T* data, size_t count) {
    return emscripten::val(emscripten::typed_memory_view(count, data)).call<emscripten::val>("slice");
}

template <typename T>
emscripten::val to_typed_array(const std::vector<T>& data) {
    return to_typed_array(data.data(), data.size());
}

template <typename T>
emscripten::val to_js_array(const std::vector<T>& values) {
    emscripten::val array = emscripten::val::array();
    for (size_t i = 0; i < values.size(); ++i) array.set(i, values[i]);
    return array;
}

// Shapes are int64 in C++ but plain numbers in JS (no BigInt in this toolchain's embind).
inline emscripten::val to_js_array(const std::vector<int64_t>& values) {
    emscripten::val array = emscripten::val::array();
    for (size_t i = 0; i < values.size(); ++i) array.set(i, double(values[i]));
    return array;
}

}  // namespace dxlens::wasm
