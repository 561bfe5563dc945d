#pragma once
// A labelled image set laid out as one folder per class, DIR/<label>/<image>,
// the way ../shared/data/<domain>/test is: what `dxlens eval` reads.
#include <string>
#include <vector>

namespace dxlens {
namespace native {

struct LabelledImage {
    std::string path;
    int label = 0;  // index into the model's labels
};

// Every file under DIR/<label>/ (at any depth) for each label, in label order
// and by path within a label (so runs and --limit-per-class are repeatable).
// Hidden entries (".DS_Store", ".git") are skipped and files directly in DIR
// (SOURCE.md) ignored; anything else counts, so a stray non-image shows up as
// a failed image rather than vanishing. A label without a folder
// simply contributes no images. Throws Error for a DIR that is not a folder
// and for a sub-folder that names no label (listing the labels), since a
// misspelt class would otherwise vanish from the results silently.
// `limit_per_class` > 0 keeps only the first that many files of each class.
std::vector<LabelledImage> list_class_folders(const std::string& dir, const std::vector<std::string>& labels,
                                              int limit_per_class = 0);

}  // namespace native
}  // namespace dxlens
