#!/usr/bin/python3
"""CI-sized volume test of `dxlens classify` (tools/volume/native_volume.py at
500 inputs): one process over valid images and every kind of bad input, twice.
No crash, one JSON entry per input, a one-line error with a kind for every bad
input, a result for every valid image, and RSS flat over the second pass.

    volume_test.py --dxlens PATH --model DIR --work DIR [--count 500]
"""
import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools" / "volume"))
from check_results import read_inputs  # noqa: E402
from native_volume import markdown, run_model  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dxlens", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--count", type=int, default=500)
    args = parser.parse_args()
    folder = Path(args.work).resolve() / "volume_inputs"
    subprocess.run([sys.executable, str(ROOT / "tools" / "volume" / "make_inputs.py"), "--out", str(folder),
                    "--count", str(args.count), "--seed", "13"], check=True)
    inputs = read_inputs(folder, relative=True)
    result = run_model(Path(args.dxlens).resolve(), Path(args.model).resolve(), inputs, folder,
                       warmup=min(100, args.count // 5), limit_mb=5.0, threads=1, passes=2)
    print(markdown(result, min(100, args.count // 5), 5.0))
    for problem in result["problems"]:
        print(f"FAIL: {problem}")
    return 1 if result["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
