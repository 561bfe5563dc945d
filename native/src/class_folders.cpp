#include "dxlens/native/class_folders.h"

#include <algorithm>
#include <filesystem>

#include "dxlens/error.h"

namespace dxlens {
namespace native {

namespace fs = std::filesystem;

namespace {

bool hidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return !name.empty() && name[0] == '.';
}

std::string quoted_list(const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& name : names) text += (text.empty() ? "'" : ", '") + name + "'";
    return text;
}

// Sorted paths of the files under `folder`, at any depth (a class may be split
// into sub-folders, e.g. by source); hidden files and folders are skipped.
std::vector<std::string> files_under(const fs::path& folder) {
    std::vector<std::string> files;
    std::error_code ec;
    const auto follow = fs::directory_options::follow_directory_symlink;
    for (fs::recursive_directory_iterator it(folder, follow, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (hidden(it->path())) {
            if (it->is_directory(type_ec)) it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file(type_ec)) files.push_back(it->path().string());
    }
    if (ec) throw Error(ErrorKind::Io, "cannot list '" + folder.string() + "': " + ec.message());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

std::vector<LabelledImage> list_class_folders(const std::string& dir, const std::vector<std::string>& labels,
                                              int limit_per_class) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        throw Error(ErrorKind::Io, "data folder '" + dir + "' does not exist (expected one sub-folder per class)");
    }
    // Check every sub-folder first: an unknown class is an error before any work is done.
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (hidden(it->path()) || !it->is_directory(type_ec)) continue;
        const std::string name = it->path().filename().string();
        if (std::find(labels.begin(), labels.end(), name) == labels.end()) {
            throw Error("data folder '" + dir + "' has a sub-folder '" + name +
                        "' that is not one of the model's labels (" + quoted_list(labels) + ")");
        }
    }
    if (ec) throw Error(ErrorKind::Io, "cannot list '" + dir + "': " + ec.message());

    std::vector<LabelledImage> images;
    for (size_t label = 0; label < labels.size(); ++label) {
        const fs::path folder = fs::path(dir) / labels[label];
        if (!fs::is_directory(folder, ec)) continue;
        std::vector<std::string> files = files_under(folder);
        if (limit_per_class > 0 && files.size() > size_t(limit_per_class)) files.resize(size_t(limit_per_class));
        for (std::string& path : files) images.push_back({std::move(path), int(label)});
    }
    return images;
}

}  // namespace native
}  // namespace dxlens
