"""Calibration and validation folders for one of our trained models, from its
TRAINING images only: the same stratified hold-out that training used for model
selection (tools/training/data.py, the config's val_fraction and seed) becomes
the validation set, and the rest of train is the calibration pool. The folders
hold symlinks, never copies of the images.

    /usr/bin/python3 -m tools.quantize.holdout --config tools/training/configs/<name>.json --out build/quantize/<name>/data
prints the two folders: <out>/calib and <out>/val.
"""
import argparse
import os
import shutil

from tools.training.config import TrainConfig
from tools.training.data import dataset_dir, list_class_folder, stratified_split


def link_items(items, classes, folder):
    if os.path.isdir(folder):
        shutil.rmtree(folder)  # only links: the images themselves stay untouched
    for path, label in items:
        target = os.path.join(folder, classes[label])
        os.makedirs(target, exist_ok=True)
        os.symlink(os.path.abspath(path), os.path.join(target, path.name))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--config", required=True)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    cfg = TrainConfig.load(args.config)
    classes, items = list_class_folder(dataset_dir(cfg) / "train")
    train, held = stratified_split(items, cfg.val_fraction, cfg.seed)
    link_items(train, classes, os.path.join(args.out, "calib"))
    link_items(held, classes, os.path.join(args.out, "val"))
    print(f"{os.path.join(args.out, 'calib')} ({len(train)} images)")
    print(f"{os.path.join(args.out, 'val')} ({len(held)} images)")


if __name__ == "__main__":
    main()
