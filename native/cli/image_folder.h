#pragma once
// The images under a folder, for commands that work on a data set rather than
// named files (calibrate): a class-folder tree or a flat folder, searched
// recursively, in a stable order.
#include <string>
#include <vector>

namespace dxlens {
namespace cli {

// Every .png/.jpg/.jpeg/.bmp file under `dir` (any depth, symlinks followed),
// sorted by path so runs are repeatable. Throws Error naming `dir` when it is
// missing, not a folder, or holds no images.
std::vector<std::string> list_images(const std::string& dir);

// At most `limit` of `paths`, spread evenly over the sorted list (0 = all).
// Sorted lists are grouped by class folder, so taking the first N would
// calibrate on the first classes only.
std::vector<std::string> spread_subset(const std::vector<std::string>& paths, size_t limit);

}  // namespace cli
}  // namespace dxlens
