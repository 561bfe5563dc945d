"""The arithmetic of the QDQ layout: how float values map to int8/uint8/int32
and back. The layout ONNX Runtime fuses into QLinearConv:
  weights      int8, symmetric, one scale per output channel, absmax / 127
  bias         int32, scale = input scale * weight scale (per channel)
  activations  uint8 always: zero point 0 when never negative (after ReLU), with
               scale threshold / 255; zero point 128 otherwise (the network
               input), with scale threshold / 127, the symmetric int8 grid shifted
               by 128. uint8 because ONNX Runtime's WASM build has a SIMD integer
               GEMM only for uint8 activations; an int8 input sent the first conv
               to its scalar fallback (bench/results/ARCH_SWEEP.md).
"""
from dataclasses import dataclass

import numpy as np

INT8_LEVELS = 127    # symmetric int8 uses -127..127 so +x and -x quantize alike
SIGNED_ZERO_POINT = 128  # a signed activation's uint8 zero point: q = 128 + round(x / scale)
UINT8_LEVELS = 255
INT32_MAX = 2**31 - 1


@dataclass
class QuantParams:
    """Scale and zero point of one tensor (per-tensor: scalars; per-channel: arrays)."""
    scale: np.ndarray         # float32
    zero_point: np.ndarray    # int8, uint8 or int32, same shape as scale
    axis: int = None          # per-channel axis, None for per-tensor

    @property
    def dtype(self):
        return self.zero_point.dtype


def _range_of(dtype):
    info = np.iinfo(dtype)
    return info.min, info.max


def quantize(x, params: QuantParams):
    """round(x / scale) + zero_point, saturated to the integer type (as QuantizeLinear,
    which rounds half to even: numpy's rint does the same)."""
    scale, zp = _broadcast(params, np.ndim(x))
    lo, hi = _range_of(params.dtype)
    q = np.rint(np.asarray(x, np.float64) / scale) + zp
    return np.clip(q, lo, hi).astype(params.dtype)


def dequantize(q, params: QuantParams):
    scale, zp = _broadcast(params, np.ndim(q))
    return ((np.asarray(q, np.int64) - zp) * scale).astype(np.float32)


def _broadcast(params, ndim):
    """scale and zero point shaped to broadcast along params.axis."""
    scale = np.asarray(params.scale, np.float64)
    zp = np.asarray(params.zero_point, np.int64)
    if params.axis is None:
        return scale, zp
    shape = [1] * ndim
    shape[params.axis] = -1
    return scale.reshape(shape), zp.reshape(shape)


def activation_params(threshold: float, non_negative: bool) -> QuantParams:
    """uint8 with zero point 0 for tensors that are never negative (ONNX Runtime
    then drops the ReLU in front); otherwise uint8 with zero point 128 and the
    symmetric int8 scale, so x and -x stay equally far from zero."""
    if not np.isfinite(threshold) or threshold <= 0:
        threshold = 1.0  # an all-zero tensor: any scale represents it exactly
    if non_negative:
        return QuantParams(np.float32(threshold / UINT8_LEVELS), np.uint8(0))
    return QuantParams(np.float32(threshold / INT8_LEVELS), np.uint8(SIGNED_ZERO_POINT))


def weight_params(weight: np.ndarray, axis: int, min_scale=None) -> QuantParams:
    """Symmetric int8, one scale per slice along `axis` (absmax / 127). An
    all-zero channel gets scale 1 (its values are 0 whatever the scale).
    `min_scale` (per channel) raises scales that would overflow the int32 bias."""
    w = np.moveaxis(np.asarray(weight, np.float32), axis, 0).reshape(weight.shape[axis], -1)
    absmax = np.abs(w).max(axis=1).astype(np.float64) if w.size else np.zeros(weight.shape[axis])
    scale = np.where(absmax > 0, absmax / INT8_LEVELS, 1.0)
    if min_scale is not None:
        scale = np.maximum(scale, min_scale)
    return QuantParams(scale.astype(np.float32), np.zeros(len(scale), np.int8), axis)


def bias_min_weight_scale(bias: np.ndarray, input_scale: float) -> np.ndarray:
    """The smallest weight scale per channel that keeps bias / (input scale *
    weight scale) inside int32; normally far below absmax / 127. Aims at half
    the int32 range: the scales are stored as float32, which may round down."""
    return np.abs(np.asarray(bias, np.float64)) / (float(input_scale) * (INT32_MAX // 2))


def bias_params(input_scale: float, weight: QuantParams) -> QuantParams:
    """int32, scale = input scale * weight scale per channel, zero point 0: the
    bias then adds straight onto the int32 accumulator of the integer conv."""
    scale = (np.float64(input_scale) * weight.scale.astype(np.float64)).astype(np.float32)
    return QuantParams(scale, np.zeros(len(scale), np.int32), 0)
