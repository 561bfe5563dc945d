"""Activation thresholds from histograms (tools/quantize/ranges.py)."""
import unittest

import support  # noqa: F401
import numpy as np

from tools.quantize import ranges


def stats_from_samples(x, bins=2048):
    a = np.abs(x)
    hist, _ = np.histogram(a, bins=bins, range=(0, a.max()))
    return {"min": float(x.min()), "max": float(x.max()), "absmax": float(a.max()), "hist_max": float(a.max()),
            "histogram": hist.tolist()}


class Thresholds(unittest.TestCase):
    def test_minmax_is_absmax(self):
        stats = stats_from_samples(np.array([-4.0, 1.0, 2.0]))
        self.assertEqual(ranges.threshold(stats, "minmax", False), 4.0)

    def test_percentile_on_a_uniform_histogram(self):
        stats = {"absmax": 10.0, "hist_max": 10.0, "histogram": [1] * 1000}
        self.assertAlmostEqual(ranges.percentile_threshold(stats, 50.0), 5.0, places=6)
        self.assertAlmostEqual(ranges.percentile_threshold(stats, 99.0), 9.9, places=6)
        self.assertAlmostEqual(ranges.percentile_threshold(stats, 100.0), 10.0, places=6)

    def test_percentile_ignores_a_rare_outlier(self):
        x = np.concatenate([np.random.default_rng(0).uniform(0, 1, 100000), [50.0]])
        t = ranges.threshold(stats_from_samples(x), "percentile", True, 99.99)
        self.assertLess(t, 1.1)
        self.assertGreater(t, 0.95)

    def test_entropy_clips_a_long_tail_but_keeps_the_bulk(self):
        rng = np.random.default_rng(1)
        x = np.concatenate([rng.normal(0, 1, 200000), rng.uniform(-60, 60, 20)])
        stats = stats_from_samples(x)
        t = ranges.threshold(stats, "entropy", False)
        self.assertLess(t, 0.5 * stats["absmax"])  # the rare tail is clipped
        self.assertGreater(t, 2.5)                   # the Gaussian's body is not

    def test_entropy_keeps_everything_when_nothing_is_rare(self):
        stats = {"absmax": 8.0, "hist_max": 8.0, "histogram": [100] * 256}
        self.assertAlmostEqual(ranges.entropy_threshold(stats, 128), 8.0, places=6)

    def test_empty_or_zero_statistics_fall_back_to_absmax(self):
        stats = {"absmax": 0.0, "hist_max": 0.0, "histogram": [0] * 64}
        for method in ranges.METHODS:
            self.assertEqual(ranges.threshold(stats, method, True), 0.0)

    def test_unknown_method(self):
        with self.assertRaises(ValueError):
            ranges.threshold({"absmax": 1.0, "hist_max": 1.0, "histogram": [1]}, "mse", True)


if __name__ == "__main__":
    unittest.main()
