"""Static INT8 quantization of dxlens models (QDQ format that ONNX Runtime fuses).

Run as `/usr/bin/python3 -m tools.quantize --model models/<name> --calib DIR [--val DIR]`;
see README.md. Anything that has to run a model goes through the `dxlens` CLI
(`calibrate`, `optimize`, `eval`/`classify`), so no onnxruntime Python package is needed.
"""
