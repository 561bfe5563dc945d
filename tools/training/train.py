"""Train one dxlens model from a class-folder dataset and export it.

usage: /usr/bin/python3 -m tools.training.train --config tools/training/configs/<name>.json
         [--out models/<name>] [--epochs N]

Writes models/<name>/{model.fp32.onnx, classifier.json, manifest.json, training.json}.
Seeded and single-process so a rerun gives the same model on the same machine.
"""
import argparse
import json
import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

from .config import TrainConfig
from .data import augment, dataset_dir, list_class_folder, load_pixels, normalise, stratified_split
from .export import export_model
from .model import CompactCNN


def seed_everything(seed: int) -> torch.Generator:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)
    generator = torch.Generator()
    generator.manual_seed(seed)
    return generator


def balanced_indices(labels: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """One epoch of class-balanced sampling: every class is drawn equally often
    (with replacement), so a 51-image class weighs as much as a 600-image one."""
    counts = torch.bincount(labels).float()
    weights = 1.0 / counts[labels]
    return torch.multinomial(weights, len(labels), replacement=True, generator=generator)


def balanced_accuracy(predictions: torch.Tensor, labels: torch.Tensor, classes: int) -> float:
    recalls = []
    for c in range(classes):
        mask = labels == c
        if mask.any():
            recalls.append((predictions[mask] == c).float().mean().item())
    return float(np.mean(recalls))


@torch.no_grad()
def evaluate(model, pixels, labels, cfg, classes: int):
    model.eval()
    predictions = []
    for start in range(0, len(pixels), 256):
        logits, _ = model(normalise(pixels[start:start + 256], cfg))
        predictions.append(logits.argmax(1))
    predictions = torch.cat(predictions)
    accuracy = (predictions == labels).float().mean().item()
    return accuracy, balanced_accuracy(predictions, labels, classes)


def train(cfg: TrainConfig, out_dir: Path, command: str) -> None:
    torch.set_num_threads(2)
    generator = seed_everything(cfg.seed)
    started = time.time()

    classes, items = list_class_folder(dataset_dir(cfg) / "train")
    train_items, val_items = stratified_split(items, cfg.val_fraction, cfg.seed)
    train_x, train_y = load_pixels(train_items, cfg)
    val_x, val_y = load_pixels(val_items, cfg)
    print(f"{cfg.name}: {len(train_items)} train / {len(val_items)} validation images, "
          f"classes {classes}, loaded in {time.time() - started:.0f} s", flush=True)

    model = CompactCNN.from_config(cfg, len(classes))
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    steps_per_epoch = (len(train_x) + cfg.batch_size - 1) // cfg.batch_size
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=cfg.lr, epochs=cfg.epochs,
                                                   steps_per_epoch=steps_per_epoch, pct_start=0.2)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=cfg.label_smoothing)

    best = {"balanced_accuracy": -1.0}
    best_state = None
    history = []
    for epoch in range(cfg.epochs):
        model.train()
        order = balanced_indices(train_y, generator)
        total_loss = 0.0
        for start in range(0, len(order), cfg.batch_size):
            batch = order[start:start + cfg.batch_size]
            x = augment(train_x[batch], cfg, generator)
            mean = torch.tensor(cfg.mean[: cfg.channels]).view(1, -1, 1, 1)
            std = torch.tensor(cfg.std[: cfg.channels]).view(1, -1, 1, 1)
            logits, _ = model((x - mean) / std)
            loss = loss_fn(logits, train_y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            total_loss += loss.item() * len(batch)
        accuracy, bal = evaluate(model, val_x, val_y, cfg, len(classes))
        history.append({"epoch": epoch + 1, "loss": total_loss / len(order), "val_accuracy": accuracy,
                        "val_balanced_accuracy": bal})
        print(f"epoch {epoch + 1}/{cfg.epochs} loss {total_loss / len(order):.4f} "
              f"val acc {accuracy:.4f} bal {bal:.4f} ({time.time() - started:.0f} s)", flush=True)
        if bal >= best["balanced_accuracy"]:
            best = {"epoch": epoch + 1, "accuracy": accuracy, "balanced_accuracy": bal}
            best_state = {k: v.clone() for k, v in model.state_dict().items()}

    model.load_state_dict(best_state)
    seconds = time.time() - started
    out_dir.mkdir(parents=True, exist_ok=True)
    export_model(model, cfg, classes, out_dir)
    (out_dir / "training.json").write_text(json.dumps({
        "command": command,
        "seconds": round(seconds, 1),
        "machine": "2-core x86-64, Debian torch 1.13 CPU",
        "train_images": len(train_items),
        "validation_images": len(val_items),
        "classes": classes,
        "best_epoch": best,
        "history": history,
        "config": cfg.__dict__,
        "parameters": sum(p.numel() for p in model.parameters()),
    }, indent=2) + "\n")
    print(f"{cfg.name}: trained in {seconds:.0f} s, best epoch {best}", flush=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", required=True)
    parser.add_argument("--out", help="output folder (default models/<name>)")
    parser.add_argument("--epochs", type=int, help="override the config's epoch count")
    args = parser.parse_args(argv)
    cfg = TrainConfig.load(args.config)
    if args.epochs:
        cfg.epochs = args.epochs
    out_dir = Path(args.out) if args.out else Path(__file__).resolve().parents[2] / "models" / cfg.name
    command = "/usr/bin/python3 -m tools.training.train " + " ".join(sys.argv[1:] if argv is None else argv)
    train(cfg, out_dir, command)


if __name__ == "__main__":
    main()
