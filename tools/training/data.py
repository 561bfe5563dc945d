"""Class-folder datasets, preprocessed once exactly as the manifest says and kept
in memory as uint8 tensors; augmentation then works on whole batches."""
import os
import random
from pathlib import Path
from typing import List, Tuple

import numpy as np
import torch
from PIL import Image, ImageOps
from torchvision import transforms

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp"}


def data_root() -> Path:
    """$DXLENS_DATA, else ../shared/data beside the repository."""
    env = os.environ.get("DXLENS_DATA")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "data"


def dataset_dir(cfg) -> Path:
    """A config's dataset folder: `data` is a folder name under the data root, or a
    path relative to the repository when it contains a "/" (e.g. build/domain_router,
    the class-folder view tools/training/domain_router_data.py makes)."""
    if "/" in cfg.data:
        return Path(__file__).resolve().parents[2] / cfg.data
    return data_root() / cfg.data


def list_class_folder(folder: Path) -> Tuple[List[str], List[Tuple[Path, int]]]:
    if not folder.is_dir():
        raise SystemExit(f"dataset folder not found: {folder} (set DXLENS_DATA to the shared data root)")
    classes = sorted(p.name for p in folder.iterdir() if p.is_dir())
    items = []
    for index, name in enumerate(classes):
        for path in sorted((folder / name).iterdir()):
            if path.suffix.lower() in IMAGE_SUFFIXES:
                items.append((path, index))
    return classes, items


def manifest_transform(cfg):
    """The deterministic part of preprocessing, up to uint8 pixels (no normalisation)."""
    resample = Image.BILINEAR if cfg.filter == "bilinear" else Image.BICUBIC
    return transforms.Compose([
        transforms.Resize(cfg.resize_size, interpolation=transforms.InterpolationMode(
            "bilinear" if resample == Image.BILINEAR else "bicubic")),
        transforms.CenterCrop(cfg.input_size),
    ])


def load_pixels(items, cfg) -> Tuple[torch.Tensor, torch.Tensor]:
    """uint8 [N, C, H, W] and int64 labels."""
    transform = manifest_transform(cfg)
    mode = "L" if cfg.color == "grey" else "RGB"
    pixels = np.empty((len(items), cfg.channels, cfg.input_size, cfg.input_size), dtype=np.uint8)
    labels = np.empty(len(items), dtype=np.int64)
    for i, (path, label) in enumerate(items):
        with Image.open(path) as img:
            img = transform(ImageOps.exif_transpose(img).convert(mode))
            arr = np.asarray(img, dtype=np.uint8)
        pixels[i] = arr[None] if arr.ndim == 2 else arr.transpose(2, 0, 1)
        labels[i] = label
    return torch.from_numpy(pixels), torch.from_numpy(labels)


def stratified_split(items, fraction: float, seed: int):
    """Deterministic per-class hold-out of `fraction` of the items."""
    rng = random.Random(seed)
    by_class = {}
    for item in items:
        by_class.setdefault(item[1], []).append(item)
    train, held = [], []
    for label in sorted(by_class):
        group = by_class[label][:]
        rng.shuffle(group)
        n_held = max(1, int(round(len(group) * fraction)))
        held += group[:n_held]
        train += group[n_held:]
    return train, held


def normalise(pixels_u8: torch.Tensor, cfg) -> torch.Tensor:
    mean = torch.tensor(cfg.mean[: cfg.channels]).view(1, -1, 1, 1)
    std = torch.tensor(cfg.std[: cfg.channels]).view(1, -1, 1, 1)
    return (pixels_u8.float() / 255.0 - mean) / std


def random_affine(x: torch.Tensor, max_degrees: float, max_scale: float, generator: torch.Generator):
    """Per-sample rotation (uniform in +-max_degrees) and zoom (1 +- max_scale),
    bilinear, with border replication so no black corners appear."""
    n = x.shape[0]
    angle = (torch.rand(n, generator=generator) * 2 - 1) * max_degrees * torch.pi / 180
    zoom = 1 + (torch.rand(n, generator=generator) * 2 - 1) * max_scale
    cos, sin = torch.cos(angle) / zoom, torch.sin(angle) / zoom
    theta = torch.stack([torch.stack([cos, -sin, torch.zeros(n)], 1),
                         torch.stack([sin, cos, torch.zeros(n)], 1)], 1)
    grid = torch.nn.functional.affine_grid(theta, list(x.shape), align_corners=False)
    return torch.nn.functional.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)


def random_blur_or_sharpen(x: torch.Tensor, probability: float, generator: torch.Generator):
    """With the given probability per sample, blends the image towards a 3x3 box blur
    (amount > 0) or away from it (unsharp masking, amount < 0)."""
    n = x.shape[0]
    blurred = torch.nn.functional.avg_pool2d(
        torch.nn.functional.pad(x, (1, 1, 1, 1), mode="replicate"), 3, stride=1)
    amount = (torch.rand(n, 1, 1, 1, generator=generator) * 2 - 1)
    chosen = (torch.rand(n, 1, 1, 1, generator=generator) < probability).float()
    return x + chosen * amount * (blurred - x)


def augment(pixels_u8: torch.Tensor, cfg, generator: torch.Generator) -> torch.Tensor:
    """Random flips, rotation/zoom, translation (reflect padded), gamma, blur/sharpen and
    brightness/contrast jitter, applied per sample on a uint8 batch; returns float
    pixels in [0, 1]."""
    x = pixels_u8.float() / 255.0
    n, _, h, w = x.shape
    if cfg.hflip:
        flip = torch.rand(n, generator=generator) < 0.5
        x[flip] = x[flip].flip(3)
    if cfg.vflip:
        flip = torch.rand(n, generator=generator) < 0.5
        x[flip] = x[flip].flip(2)
    if cfg.rotate > 0 or cfg.scale > 0:
        x = random_affine(x, cfg.rotate, cfg.scale, generator)
    if cfg.translate > 0:
        pad = max(1, int(round(cfg.translate * h)))
        padded = torch.nn.functional.pad(x, (pad, pad, pad, pad), mode="reflect")
        dx = torch.randint(0, 2 * pad + 1, (n,), generator=generator)
        dy = torch.randint(0, 2 * pad + 1, (n,), generator=generator)
        x = torch.stack([padded[i, :, dy[i]:dy[i] + h, dx[i]:dx[i] + w] for i in range(n)])
    if cfg.gamma > 0:
        # Per-sample gamma: X-ray exposure and post-processing curves differ between
        # machines and sites more than a linear brightness change captures.
        exponent = torch.pow(2.0, (torch.rand(n, 1, 1, 1, generator=generator) * 2 - 1) * cfg.gamma)
        x = x.clamp(min=0).pow(exponent)
    if cfg.blur > 0:
        x = random_blur_or_sharpen(x, cfg.blur, generator)
    if cfg.jitter > 0:
        brightness = 1 + (torch.rand(n, 1, 1, 1, generator=generator) * 2 - 1) * cfg.jitter
        contrast = 1 + (torch.rand(n, 1, 1, 1, generator=generator) * 2 - 1) * cfg.jitter
        mean = x.mean(dim=(1, 2, 3), keepdim=True)
        x = ((x - mean) * contrast + mean) * brightness
    return x.clamp(0, 1)
