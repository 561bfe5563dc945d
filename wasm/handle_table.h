#pragma once
// Objects that must live across calls (a parsed model; a classification in
// progress, a dxlens::Pipeline between its calls) are owned by this table and
// referred to from JavaScript by integer handles, never by pointers. Their
// lifetime is explicit: JavaScript calls release(), and live_count() lets a
// test prove nothing is left behind.
#include <map>
#include <string>
#include <utility>

#include "dxlens/error.h"

namespace dxlens::wasm {

template <typename T>
class HandleTable {
public:
    explicit HandleTable(const char* kind) : kind_(kind) {}

    int add(T value) {
        int handle = next_++;
        items_.emplace(handle, std::move(value));
        return handle;
    }

    T& get(int handle) {
        auto it = items_.find(handle);
        if (it == items_.end()) throw Error(std::string("unknown or released ") + kind_ + " handle " + std::to_string(handle));
        return it->second;
    }

    bool release(int handle) { return items_.erase(handle) > 0; }
    int live_count() const { return int(items_.size()); }

private:
    const char* kind_;
    int next_ = 1;
    std::map<int, T> items_;
};

}  // namespace dxlens::wasm
