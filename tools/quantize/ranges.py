"""Activation thresholds from calibration statistics (`dxlens calibrate` JSON:
per tensor min, max, absmax and a histogram of |x| over [0, hist_max]).

Each method returns the threshold T that the scale is built from (T/255 for
uint8, T/127 for int8); values beyond T saturate.
  minmax      T = absmax: nothing clips, but one outlier coarsens every step.
  percentile  T = the given percentile of |x| (default 99.99).
  entropy     T minimising the KL divergence between the clipped float
              distribution and its quantized version (the TensorRT recipe).
"""
import numpy as np

METHODS = ("minmax", "percentile", "entropy")


def minmax_threshold(stats) -> float:
    return float(stats["absmax"])


def percentile_threshold(stats, percentile: float = 99.99) -> float:
    hist = np.asarray(stats["histogram"], np.float64)
    total = hist.sum()
    if total == 0 or stats["hist_max"] <= 0:
        return float(stats["absmax"])
    width = stats["hist_max"] / len(hist)
    cdf = np.cumsum(hist) / total
    # The first bin whose cumulative share reaches the percentile; its upper edge.
    index = int(np.searchsorted(cdf, percentile / 100.0, side="left"))
    return float(min(stats["absmax"], (min(index, len(hist) - 1) + 1) * width))


def entropy_threshold(stats, levels: int, stride: int = 1) -> float:
    """Tries every threshold from `levels` bins to the whole histogram. For a
    candidate of i bins, P is the histogram cut at i with everything beyond
    folded into the last bin (what saturation does), Q is the first i bins
    merged into `levels` groups and spread back evenly over each group's
    non-empty bins (what rounding to `levels` steps does). Returns the upper edge
    of the i with the smallest KL(P || Q)."""
    hist = np.asarray(stats["histogram"], np.float64)
    bins = len(hist)
    if hist.sum() == 0 or stats["hist_max"] <= 0 or bins <= levels:
        return float(stats["absmax"])
    width = stats["hist_max"] / bins
    suffix = np.concatenate([np.cumsum(hist[::-1])[::-1], [0.0]])  # suffix[i] = sum(hist[i:])

    best_i, best_kl = bins, np.inf
    for i in range(levels, bins + 1, stride):
        kl = _clipping_divergence(hist[:i], suffix[i], levels)
        if kl < best_kl:
            best_i, best_kl = i, kl
    return float(best_i * width)


def _clipping_divergence(kept: np.ndarray, outliers: float, levels: int) -> float:
    p = kept.copy()
    p[-1] += outliers
    edges = (np.arange(levels + 1) * len(kept)) // levels  # every group holds >= 1 bin
    starts, sizes = edges[:-1], np.diff(edges)
    nonzero = kept > 0
    group_total = np.add.reduceat(kept, starts)
    group_nonzero = np.add.reduceat(nonzero.astype(np.float64), starts)
    per_bin = np.divide(group_total, group_nonzero, out=np.zeros_like(group_total), where=group_nonzero > 0)
    q = np.repeat(per_bin, sizes) * nonzero

    p_sum, q_sum = p.sum(), q.sum()
    if p_sum == 0 or q_sum == 0:
        return np.inf
    p, q = p / p_sum, q / q_sum
    mask = p > 0
    # Mass that Q puts nowhere (outliers folded into an empty last bin) is
    # maximally wrong; a tiny floor keeps the sum finite but large.
    q_safe = np.where(q[mask] > 0, q[mask], 1e-12)
    return float(np.sum(p[mask] * np.log(p[mask] / q_safe)))


def threshold(stats, method: str, non_negative: bool, percentile: float = 99.99) -> float:
    if method == "minmax":
        return minmax_threshold(stats)
    if method == "percentile":
        return percentile_threshold(stats, percentile)
    if method == "entropy":
        # uint8 has 256 steps over [0, T], symmetric int8 128 over [0, T].
        levels = 255 if non_negative else 128
        # Every 2nd candidate is plenty at 2048 bins and halves the search.
        return entropy_threshold(stats, levels, stride=2 if len(stats["histogram"]) >= 1024 else 1)
    raise ValueError(f"unknown calibration method '{method}' (choose from {', '.join(METHODS)})")
