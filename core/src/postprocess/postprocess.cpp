#include <algorithm>
#include <cmath>
#include <string>

#include "dxlens/error.h"
#include "dxlens/postprocess.h"

namespace dxlens {

namespace {

// 1 / (1 + e^-x) without overflow: for x < 0, e^x is computed instead of e^-x,
// so the exponent is never positive.
float stable_sigmoid(float x) {
    if (x >= 0) return 1.f / (1.f + std::exp(-x));
    const float e = std::exp(x);
    return e / (1.f + e);
}

}  // namespace

std::vector<float> softmax(const float* logits, size_t count) {
    std::vector<float> probs(count);
    if (count == 0) return probs;
    const float top = *std::max_element(logits, logits + count);
    double sum = 0;
    for (size_t i = 0; i < count; ++i) {
        probs[i] = std::exp(logits[i] - top);  // <= 1, and the max maps to exactly 1
        sum += probs[i];
    }
    for (float& p : probs) p = float(p / sum);
    return probs;
}

std::vector<float> sigmoid(const float* logits, size_t count) {
    std::vector<float> probs(count);
    for (size_t i = 0; i < count; ++i) probs[i] = stable_sigmoid(logits[i]);
    return probs;
}

std::vector<float> probabilities(const float* logits, size_t count, Task task) {
    if (count == 0) throw Error("the model output holds no logits");
    switch (task) {
        case Task::SingleLabel:
            return softmax(logits, count);
        case Task::MultiLabel:
            return sigmoid(logits, count);
        case Task::Binary:
            // sigmoid(-x) rather than 1 - sigmoid(x): keeps precision when p is near 1.
            if (count == 1) return {stable_sigmoid(-logits[0]), stable_sigmoid(logits[0])};
            if (count == 2) return softmax(logits, count);
            throw Error("a binary model must output 1 or 2 logits, got " + std::to_string(count));
    }
    throw Error("unknown task");
}

std::vector<Ranked> top_k(const std::vector<float>& probs, int k) {
    std::vector<Ranked> ranked(probs.size());
    for (size_t i = 0; i < probs.size(); ++i) ranked[i] = {int(i), probs[i]};
    const size_t keep = size_t(std::clamp<int64_t>(k, 0, int64_t(probs.size())));
    std::partial_sort(ranked.begin(), ranked.begin() + std::ptrdiff_t(keep), ranked.end(),
                      [](const Ranked& a, const Ranked& b) {
                          return a.prob != b.prob ? a.prob > b.prob : a.index < b.index;
                      });
    ranked.resize(keep);
    return ranked;
}

}  // namespace dxlens
