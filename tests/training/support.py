"""Shared bits of the training-tool tests: the repository on sys.path, a tiny
config, and class folders of generated PNGs (the tests never need a dataset)."""
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from tools.training.config import TrainConfig  # noqa: E402


def tiny_config(**overrides) -> TrainConfig:
    """The smallest sensible model: 32x32 input, two narrow stages."""
    fields = dict(name="tiny", data="tiny", title="Tiny test model",
                  resize_size=36, input_size=32, widths=[4, 8])
    fields.update(overrides)
    return TrainConfig(**fields)


def write_class_folders(root: Path, counts: dict, size=(12, 10), seed=0) -> None:
    """root/<class>/<i>.png with counts[class] small noise images each."""
    rng = np.random.default_rng(seed)
    for name, count in counts.items():
        folder = root / name
        folder.mkdir(parents=True)
        for i in range(count):
            pixels = rng.integers(0, 256, (size[1], size[0], 3), dtype=np.uint8)
            Image.fromarray(pixels).save(folder / f"{i:03d}.png")
