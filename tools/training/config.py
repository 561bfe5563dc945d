"""A training config: one small JSON per domain (tools/training/configs/<name>.json).

The preprocessing fields are the ones the model manifest carries, so training and
the C++ core see the same pixels: torchvision Resize(resize_size) -> CenterCrop
-> ToTensor -> Normalize, which the core matches to within 2/255.
"""
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import List


@dataclass
class TrainConfig:
    name: str
    data: str                      # dataset folder name under the data root
    title: str
    color: str = "rgb"             # "rgb" | "grey"
    resize_size: int = 128         # shorter side before the centre crop
    input_size: int = 112          # model input (square crop)
    filter: str = "bilinear"
    mean: List[float] = field(default_factory=lambda: [0.5, 0.5, 0.5])
    std: List[float] = field(default_factory=lambda: [0.25, 0.25, 0.25])
    widths: List[int] = field(default_factory=lambda: [24, 48, 96, 160])
    stem_kernel: int = 3           # 3 (3x3, stride 2: the v1 family), or = stem_stride (patchify; v2: 8)
    stem_stride: int = 2
    stem_width: int = None         # stem output channels; None: widths[0]
    blocks: object = 2             # 3x3 convs per stage: one count, or a list with one per stage
    epochs: int = 20
    batch_size: int = 64
    lr: float = 3e-3
    weight_decay: float = 5e-4
    label_smoothing: float = 0.05
    hflip: bool = True
    vflip: bool = False
    translate: float = 0.08        # max shift as a fraction of the input size
    rotate: float = 0.0            # max rotation in degrees
    scale: float = 0.0             # max zoom change (0.1 = 0.9x .. 1.1x)
    jitter: float = 0.15           # brightness / contrast jitter amplitude
    gamma: float = 0.0             # max log2 gamma change (0.5 = gamma 0.71 .. 1.41)
    blur: float = 0.0              # probability of a light blur-or-sharpen (scanner/processing variation)
    val_fraction: float = 0.12     # held out of train for model selection and calibration checks
    seed: int = 1234
    version: str = "1.0.0"
    patch: dict = None             # optional patch settings for the manifest
    top_k: int = 3
    display_labels: List[str] = None  # manifest "display_labels": what people read for each label
    upload_hint: str = None        # manifest "upload_hint": what to upload, in one line
    role: str = None               # optional manifest "role": "router" for models/domain_router (the page's Auto)

    @property
    def channels(self) -> int:
        return 1 if self.color == "grey" else 3

    @staticmethod
    def load(path) -> "TrainConfig":
        return TrainConfig(**json.loads(Path(path).read_text()))
