"""Checks `dxlens classify` output over a volume of mixed inputs against what
each input must give (inputs.jsonl from make_inputs.py). Pure functions: the
volume tool (native_volume.py) and the CI test (tests/integration/volume_test.py)
share them.
"""
import json
import math
from collections import Counter
from pathlib import Path

MAX_MESSAGE = 400  # "one line": no newline, and short enough to read in a terminal


def read_inputs(folder, relative=False):
    """The inputs; each "path" is what dxlens is given: the file name alone
    when it runs in the folder (relative), else the full path."""
    folder = Path(folder)
    with open(folder / "inputs.jsonl") as f:
        inputs = [json.loads(line) for line in f]
    for i in inputs:
        i["path"] = i["file"] if relative else str(folder / i["file"])
    return inputs


def check_json(inputs, entries, patch_model=False):
    """-> (problems: [str], outcomes: Counter of (group, kind, outcome)).
    entries: the parsed --json output (a list, or one object for one image).
    A patch model may refuse a valid image as no_tissue (generated images are
    not slides); that is a clear error, not a failure of the tool."""
    if isinstance(entries, dict):
        entries = [entries]
    problems = []
    outcomes = Counter()
    if len(entries) != len(inputs):
        problems.append(f"{len(entries)} JSON entries for {len(inputs)} inputs")
    for given, entry in zip(inputs, entries):
        name = given["file"]
        if entry.get("image") != given["path"]:
            problems.append(f"{name}: entry out of order (image {entry.get('image')!r})")
            continue
        if "error" in entry:
            message, kind = entry["error"], entry.get("kind")
            outcome = kind or "error"
            if not isinstance(message, str) or not message.strip() or "\n" in message or len(message) > MAX_MESSAGE:
                problems.append(f"{name}: not a one-line message: {message!r}")
            if not kind:
                problems.append(f"{name}: error without a kind: {message!r}")
            if given["expect"] == "ok" and not (patch_model and kind == "no_tissue"):
                problems.append(f"{name}: a valid {given['kind']} image was refused: ({kind}) {message}")
        else:
            outcome = "ok"
            top = entry.get("top") or []
            if not top or not all(isinstance(t.get("prob"), (int, float)) and math.isfinite(t["prob"])
                                  and 0 <= t["prob"] <= 1 for t in top):
                problems.append(f"{name}: a result without valid top classes: {entry.get('top')!r}")
            if given["expect"] == "error":
                problems.append(f"{name}: a bad input ({given['kind']}) was classified, not refused")
        outcomes[(given["group"], given["kind"], outcome)] += 1
    return problems, outcomes


def check_stderr(inputs, lines, failures):
    """One stderr line per failed input, `dxlens: PATH: message`, in input order."""
    problems = []
    if len(lines) != failures:
        problems.append(f"{len(lines)} stderr lines for {failures} failed inputs")
    paths = {i["path"] for i in inputs}
    for line in lines:
        head, sep, message = line.partition(": ")
        path, sep2, message = message.partition(": ")
        if head != "dxlens" or not sep or not sep2 or path not in paths or not message.strip():
            problems.append(f"stderr line is not 'dxlens: PATH: message': {line!r}")
            break
    return problems


def check_exit(returncode):
    """0: all classified; 1: some input (or the model) failed. A negative code
    is a signal (a crash); anything else is not what the CLI documents."""
    if returncode < 0:
        return [f"dxlens was killed by signal {-returncode}"]
    if returncode not in (0, 1):
        return [f"dxlens exited with status {returncode} (documented: 0 or 1)"]
    return []


def summarise(outcomes):
    """{group: {kind: {outcome: n}}} for reports."""
    table = {}
    for (group, kind, outcome), n in sorted(outcomes.items()):
        table.setdefault(group, {}).setdefault(kind, {})[outcome] = n
    return table
