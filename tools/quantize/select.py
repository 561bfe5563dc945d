"""Choosing the calibration method from validation metrics."""

TIE = 1e-9


def fp32_gap(metrics, fp32):
    """How far a candidate sits from the FP32 model on the metrics other than
    the one ranked on (used only to break ties)."""
    return sum(abs(metrics.get(k, 0.0) - fp32.get(k, 0.0)) for k in ("accuracy", "macro_f1"))


def choose_method(results, fp32, order):
    """`results`: method -> validation metrics. Highest balanced accuracy wins;
    ties go to the smaller FP32 gap, then to the earlier method in `order`."""
    if not results:
        raise ValueError("no candidate to choose from")
    best = max(results.values(), key=lambda m: m["balanced_accuracy"])["balanced_accuracy"]
    tied = [name for name in order if name in results and results[name]["balanced_accuracy"] >= best - TIE]
    return min(tied, key=lambda name: (fp32_gap(results[name], fp32), order.index(name)))
