#pragma once
// This process's memory as Linux reports it in /proc/self/status.
namespace dxlens {
namespace cli {

struct ProcessMemory {
    double rss_mb = 0;   // VmRSS: resident now
    double peak_mb = 0;  // VmHWM: highest resident so far
};

// Zeros where /proc is unavailable (not Linux): callers print them as such.
ProcessMemory process_memory();

}  // namespace cli
}  // namespace dxlens
