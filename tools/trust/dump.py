"""Runs `dxlens eval --dump` and reads its JSON lines (native/cli/eval_dump.h)."""
import json
import subprocess

import numpy as np


def run_dump(dxlens, model_dir, data_dir, out_path, variant="int8", threads=2):
    subprocess.run([dxlens, "eval", "--model", model_dir, "--data", data_dir, "--variant", variant,
                    "--threads", str(threads), "--dump", out_path, "--json", "--out", out_path + ".eval.json"],
                   check=True, stdout=subprocess.DEVNULL)


def read_dump(path, labels):
    """[{"path", "label" (index), "logits" ([classes] or [patches, classes]),
    "features" ([dims] or [patches, dims]), "colour" ([8] colour statistics of the
    whole image, None in an older dump)}] in file order."""
    index = {name: i for i, name in enumerate(labels)}
    rows = []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if "patches" in r:
                logits = np.array([p["logits"] for p in r["patches"]])
                features = np.array([p["features"] for p in r["patches"]])
            else:
                logits, features = np.array(r["logits"]), np.array(r["features"])
            rows.append({"path": r["path"], "label": index[r["label"]], "logits": logits, "features": features,
                         "colour": np.array(r["colour"]) if "colour" in r else None})
    return rows
