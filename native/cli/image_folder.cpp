#include "image_folder.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "dxlens/error.h"

namespace dxlens {
namespace cli {

namespace fs = std::filesystem;

namespace {

bool is_image_name(const fs::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".bmp" || ext == ".dcm" || ext == ".dicom";
}

}  // namespace

std::vector<std::string> list_images(const std::string& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) throw Error(ErrorKind::Io, "image folder '" + dir + "' does not exist");
    if (!fs::is_directory(dir, ec)) throw Error(ErrorKind::Io, "'" + dir + "' is not a folder");

    std::vector<std::string> paths;
    const auto options = fs::directory_options::follow_directory_symlink |
                         fs::directory_options::skip_permission_denied;
    for (fs::recursive_directory_iterator it(dir, options, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && is_image_name(it->path())) paths.push_back(it->path().string());
    }
    if (ec) throw Error(ErrorKind::Io, "cannot list image folder '" + dir + "': " + ec.message());
    if (paths.empty()) {
        throw Error(ErrorKind::Empty, "image folder '" + dir + "' holds no .png, .jpg, .jpeg, .bmp or .dcm files");
    }
    std::sort(paths.begin(), paths.end());
    return paths;
}

std::vector<std::string> spread_subset(const std::vector<std::string>& paths, size_t limit) {
    if (limit == 0 || limit >= paths.size()) return paths;
    std::vector<std::string> subset;
    subset.reserve(limit);
    for (size_t i = 0; i < limit; ++i) subset.push_back(paths[i * paths.size() / limit]);
    return subset;
}

}  // namespace cli
}  // namespace dxlens
