"""Method choice and metrics (tools/quantize/select.py, evaluate.py), on stubs
of `dxlens eval --json`."""
import unittest

import support  # noqa: F401

from tools.quantize import evaluate, select

ORDER = ["minmax", "percentile", "entropy"]


def metrics(balanced, accuracy, f1):
    return {"accuracy": accuracy, "balanced_accuracy": balanced, "macro_f1": f1, "images": 100}


class Choice(unittest.TestCase):
    def test_best_balanced_accuracy_wins(self):
        fp32 = metrics(0.95, 0.95, 0.95)
        results = {"minmax": metrics(0.90, 0.96, 0.9), "percentile": metrics(0.93, 0.90, 0.9),
                   "entropy": metrics(0.91, 0.95, 0.95)}
        self.assertEqual(select.choose_method(results, fp32, ORDER), "percentile")

    def test_tie_goes_to_the_smaller_fp32_gap(self):
        fp32 = metrics(0.95, 0.95, 0.95)
        results = {"minmax": metrics(0.94, 0.90, 0.90), "percentile": metrics(0.94, 0.95, 0.94),
                   "entropy": metrics(0.80, 0.95, 0.95)}
        self.assertEqual(select.choose_method(results, fp32, ORDER), "percentile")

    def test_full_tie_goes_to_the_first_listed(self):
        fp32 = metrics(0.95, 0.95, 0.95)
        same = metrics(0.95, 0.95, 0.95)
        self.assertEqual(select.choose_method({"entropy": same, "minmax": same}, fp32, ORDER), "minmax")

    def test_nothing_to_choose(self):
        with self.assertRaises(ValueError):
            select.choose_method({}, metrics(1, 1, 1), ORDER)


class Metrics(unittest.TestCase):
    def test_balanced_accuracy_and_macro_f1(self):
        truth = ["a"] * 8 + ["b"] * 2
        predicted = ["a"] * 8 + ["a", "b"]
        m = evaluate.metrics_from_labels(truth, predicted)
        self.assertAlmostEqual(m["accuracy"], 0.9)
        self.assertAlmostEqual(m["balanced_accuracy"], (1.0 + 0.5) / 2)
        f1_a = 2 * (8 / 9) * 1.0 / (8 / 9 + 1.0)
        f1_b = 2 * 1.0 * 0.5 / 1.5
        self.assertAlmostEqual(m["macro_f1"], (f1_a + f1_b) / 2)


if __name__ == "__main__":
    unittest.main()
