"""The integer arithmetic of the QDQ layout (tools/quantize/scales.py)."""
import unittest

import support  # noqa: F401  (puts the repository on sys.path)
import numpy as np

from tools.quantize import scales


class RoundTrip(unittest.TestCase):
    def test_activation_round_trip_error_at_most_half_a_step(self):
        rng = np.random.default_rng(1)
        for non_negative in (True, False):
            x = rng.uniform(0 if non_negative else -3, 3, 10000).astype(np.float32)
            params = scales.activation_params(3.0, non_negative)
            err = np.abs(scales.dequantize(scales.quantize(x, params), params) - x)
            self.assertLessEqual(err.max(), params.scale / 2 + 1e-6)

    def test_signed_activation_is_the_int8_grid_shifted_by_128(self):
        params = scales.activation_params(1.27, False)
        q = scales.quantize(np.array([-1.27, -0.01, 0.0, 0.01, 1.27]), params)
        self.assertEqual(q.tolist(), [1, 127, 128, 129, 255])

    def test_values_beyond_the_threshold_saturate(self):
        params = scales.activation_params(1.0, True)
        q = scales.quantize(np.array([-5.0, 0.0, 1.0, 9.0]), params)
        self.assertEqual(q.tolist(), [0, 0, 255, 255])

    def test_per_channel_weight_round_trip(self):
        w = np.random.default_rng(2).normal(0, 1, (6, 4, 3, 3)).astype(np.float32)
        params = scales.weight_params(w, 0)
        err = np.abs(scales.dequantize(scales.quantize(w, params), params) - w)
        self.assertTrue(np.all(err <= params.scale.reshape(-1, 1, 1, 1) / 2 + 1e-7))


class Scales(unittest.TestCase):
    def test_each_output_channel_has_scale_absmax_over_127(self):
        w = np.random.default_rng(3).normal(0, 1, (5, 2, 3, 3)).astype(np.float32)
        w[2] *= 10  # one loud channel must not coarsen the others
        params = scales.weight_params(w, 0)
        expected = np.abs(w).reshape(5, -1).max(axis=1) / 127
        np.testing.assert_allclose(params.scale, expected, rtol=1e-6)
        self.assertEqual(params.axis, 0)
        q = scales.quantize(w, params)
        self.assertEqual(q.dtype, np.int8)
        self.assertEqual(np.abs(q.astype(int)).reshape(5, -1).max(axis=1).tolist(), [127] * 5)

    def test_matmul_weights_use_the_column_axis(self):
        w = np.array([[1.0, -4.0], [0.5, 2.0]], np.float32)
        np.testing.assert_allclose(scales.weight_params(w, 1).scale, [1 / 127, 4 / 127], rtol=1e-6)

    def test_all_zero_channel_gets_a_usable_scale(self):
        w = np.zeros((2, 1, 1, 1), np.float32)
        w[1] = 3
        params = scales.weight_params(w, 0)
        self.assertEqual(params.scale[0], 1.0)
        self.assertEqual(scales.quantize(w, params)[0].item(), 0)

    def test_zero_points(self):
        self.assertEqual(scales.activation_params(2.0, True).zero_point.dtype, np.uint8)
        self.assertEqual(int(scales.activation_params(2.0, True).zero_point), 0)
        # signed activations are uint8 too (WASM's SIMD integer GEMM), centred on 128
        self.assertEqual(scales.activation_params(2.0, False).zero_point.dtype, np.uint8)
        self.assertEqual(int(scales.activation_params(2.0, False).zero_point), 128)
        self.assertAlmostEqual(float(scales.activation_params(2.0, True).scale), 2.0 / 255, places=7)
        self.assertAlmostEqual(float(scales.activation_params(2.0, False).scale), 2.0 / 127, places=7)
        w = scales.weight_params(np.ones((3, 1, 1, 1), np.float32), 0)
        self.assertEqual(w.zero_point.tolist(), [0, 0, 0])

    def test_bias_is_int32_with_input_scale_times_weight_scale(self):
        w = scales.weight_params(np.random.default_rng(4).normal(0, 1, (4, 3, 3, 3)).astype(np.float32), 0)
        bias = np.array([0.1, -0.2, 0.3, 0.0], np.float32)
        params = scales.bias_params(0.02, w)
        np.testing.assert_allclose(params.scale, 0.02 * w.scale, rtol=1e-6)
        q = scales.quantize(bias, params)
        self.assertEqual(q.dtype, np.int32)
        self.assertEqual(params.zero_point.tolist(), [0] * 4)
        np.testing.assert_allclose(scales.dequantize(q, params), bias, atol=float(params.scale.max()) / 2 + 1e-9)

    def test_weight_scale_is_raised_so_the_bias_fits_int32(self):
        w = np.full((1, 1, 1, 1), 1e-12, np.float32)
        bias = np.array([5.0], np.float32)
        floor = scales.bias_min_weight_scale(bias, 1e-3)
        wp = scales.weight_params(w, 0, floor)
        q = scales.quantize(bias, scales.bias_params(1e-3, wp))
        self.assertLess(abs(int(q[0])), scales.INT32_MAX)
        self.assertAlmostEqual(float(scales.dequantize(q, scales.bias_params(1e-3, wp))[0]), 5.0, places=3)


if __name__ == "__main__":
    unittest.main()
