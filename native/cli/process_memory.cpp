#include "process_memory.h"

#include <fstream>
#include <sstream>
#include <string>

namespace dxlens {
namespace cli {

ProcessMemory process_memory() {
    ProcessMemory memory;
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        std::istringstream fields(line);
        std::string key;
        double kb = 0;
        fields >> key >> kb;  // "VmRSS:   12345 kB"
        if (key == "VmRSS:") memory.rss_mb = kb / 1024.0;
        if (key == "VmHWM:") memory.peak_mb = kb / 1024.0;
    }
    return memory;
}

}  // namespace cli
}  // namespace dxlens
