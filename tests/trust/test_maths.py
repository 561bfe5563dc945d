#!/usr/bin/python3
"""tools/trust/maths.py against hand-computed values."""
import math
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
from tools.trust import maths  # noqa: E402


class Probabilities(unittest.TestCase):
    def test_softmax_with_temperature(self):
        # logits [2, 0] at T = 2 -> softmax([1, 0]) = [e/(e+1), 1/(e+1)]
        p = maths.probabilities([[2.0, 0.0]], 2.0)[0]
        self.assertAlmostEqual(p[0], math.e / (math.e + 1))
        self.assertAlmostEqual(p[1], 1 / (math.e + 1))

    def test_one_logit_is_the_sigmoid(self):
        p = maths.probabilities([[0.0]])[0]
        self.assertEqual(list(p), [0.5, 0.5])

    def test_patch_aggregation_follows_the_core(self):
        patches = [[0.8, 0.2], [0.4, 0.6], [0.9, 0.1]]
        np.testing.assert_allclose(maths.aggregate(patches, "mean"), [0.7, 0.3])
        np.testing.assert_allclose(maths.aggregate(patches, "max"), [0.9, 0.6])  # not renormalised
        np.testing.assert_allclose(maths.aggregate(patches, "majority_vote"), [2 / 3, 1 / 3])


class Temperature(unittest.TestCase):
    def test_recovers_the_temperature_of_generated_labels(self):
        # Labels drawn from softmax(z / 2): the NLL is minimised near T = 2.
        rng = np.random.default_rng(7)
        logits = rng.normal(0, 4, size=(20000, 3))
        p = maths.probabilities(logits, 2.0)
        labels = np.array([rng.choice(3, p=row) for row in p])
        self.assertAlmostEqual(maths.fit_temperature(logits, labels), 2.0, delta=0.1)

    def test_all_correct_stops_at_the_lower_bound(self):
        # Every label right: the NLL falls as T -> 0, so the bound is the answer.
        logits = np.array([[3.0, 0.0], [0.0, 3.0]])
        self.assertAlmostEqual(maths.fit_temperature(logits, [0, 1]), maths.MIN_TEMPERATURE, places=3)

    def test_ece_by_hand(self):
        # Confidences 0.9 (right), 0.9 (wrong), 0.6 (right): bin of 0.9 has
        # accuracy 0.5, gap 0.4 x 2; bin of 0.6 has gap 0.4 x 1 -> 1.2 / 3.
        probs = [[0.9, 0.1], [0.9, 0.1], [0.4, 0.6]]
        self.assertAlmostEqual(maths.expected_calibration_error(probs, [0, 1, 1]), 0.4)


class Domain(unittest.TestCase):
    def test_means_tied_covariance_and_scores(self):
        # Two classes, each +-1 around its mean on both axes (independent):
        # within-class covariance = identity, no shrinkage needed to invert.
        offsets = np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]], dtype=float)
        features = np.concatenate([offsets + [0, 0], offsets + [10, 0]])
        labels = np.array([0] * 4 + [1] * 4)
        means, precision, shrinkage = maths.fit_domain(features, labels, 2)
        np.testing.assert_allclose(means, [[0, 0], [10, 0]])
        # The covariance already is the shrinkage target (a scaled identity):
        # any weight gives the same matrix, and the rule says 1.
        self.assertEqual(shrinkage, 1.0)
        np.testing.assert_allclose(precision, np.eye(2), atol=1e-12)
        # [3, 4]: 9 + 16 = 25 to class 0, 49 + 16 = 65 to class 1 -> 25.
        np.testing.assert_allclose(maths.domain_scores([[3.0, 4.0], [9.0, 0.0]], means, precision), [25.0, 1.0])

    def test_shrinkage_keeps_a_singular_covariance_invertible(self):
        # Fewer samples than dims: the sample covariance is singular.
        features = np.random.default_rng(1).normal(size=(4, 6))
        _, precision, shrinkage = maths.fit_domain(features, np.array([0, 0, 1, 1]), 2)
        self.assertGreater(shrinkage, 0.0)
        self.assertTrue(np.all(np.isfinite(precision)))

    def test_threshold_accepts_the_target_share(self):
        scores = np.arange(1, 101, dtype=float)  # 1..100
        t = maths.acceptance_threshold(scores, 0.95)
        self.assertAlmostEqual(t, 95.05)  # numpy's linear quantile
        self.assertEqual(np.mean(scores <= t), 0.95)


class Screening(unittest.TestCase):
    def test_highest_threshold_with_the_sensitivity(self):
        # 20 positives at 0.05, 0.10, ..., 1.00: keeping 19 of them (95 %) puts
        # the threshold at the second lowest, 0.10.
        pos = np.arange(1, 21) * 0.05
        neg = np.array([0.02, 0.07, 0.2])
        probs = np.concatenate([pos, neg])
        positive = np.array([True] * 20 + [False] * 3)
        t, sens, spec = maths.screening_point(probs, positive, 0.95)
        self.assertAlmostEqual(t, 0.10)
        self.assertEqual(sens, 0.95)
        self.assertAlmostEqual(spec, 2 / 3)  # 0.02 and 0.07 below, 0.2 above

    def test_significant_digits(self):
        self.assertEqual(maths.significant(123.456789), 123.457)
        self.assertEqual(maths.significant(0.000123456789), 0.000123457)


if __name__ == "__main__":
    unittest.main()
