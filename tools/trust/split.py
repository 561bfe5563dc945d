"""Which train images fit the statistics and which are held back to choose
thresholds and the temperature: the model's own training split
(tools/training/data.py's stratified_split with its config's seed and
validation fraction), so the held-back part is the model's validation split,
which its weights never trained on."""
import os
from pathlib import Path

from tools.training.data import list_class_folder, stratified_split


def held_back_paths(train_dir, config):
    """The real paths of the held-back images of `train_dir` as training split it.

    A train folder that grew after the model was trained (chest_xray: 600 + 600
    then, 1340 + 3850 now) splits differently now: the held-back part is then
    12 % of today's folder, some of which the model trained on (the 1200 old
    files cannot be told from the new ones). fit.py reports that share."""
    _, items = list_class_folder(Path(train_dir))
    _, held = stratified_split(items, config.get("val_fraction", 0.12), config.get("seed", 1234))
    return {os.path.realpath(path) for path, _ in held}
