"""Keeps one section per run in a markdown report (bench/results/VOLUME.md),
between <!-- BEGIN key --> and <!-- END key --> lines, so that rerunning one
model or the page test replaces its own figures and leaves the rest alone.
"""
from pathlib import Path


def write_section(path, key, text):
    path = Path(path)
    begin, end = f"<!-- BEGIN {key} -->", f"<!-- END {key} -->"
    block = f"{begin}\n{text.rstrip()}\n{end}\n"
    old = path.read_text() if path.exists() else "# Volume and fault tests\n\n"
    if begin in old and end in old:
        head, rest = old.split(begin, 1)
        tail = rest.split(end, 1)[1].lstrip("\n")
        new = head + block + ("\n" + tail if tail else "")
    else:
        new = old.rstrip("\n") + "\n\n" + block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new)
