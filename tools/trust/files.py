"""Writing what fit.py found into the model folder: domain.json (compact, six
significant digits) and the manifest's trust fields, keeping the rest of the
manifest as it was (key order, two-space indentation)."""
import json
import os

from .maths import significant


def write_domain(path, means, precision, threshold, target_acceptance, extra, colour=None):
    """`colour`: None, or the colour check's {"means", "precision", "threshold",
    "target_acceptance", ...} (one Gaussian over colour statistics, trust.h)."""
    document = {"method": "mahalanobis_tied", "dims": int(means.shape[1]),
                "means": [[significant(v) for v in row] for row in means],
                "precision": [[significant(v) for v in row] for row in precision],
                "threshold": significant(threshold), "target_acceptance": target_acceptance}
    document.update(extra)
    if colour is not None:
        colour = dict(colour)
        colour["means"] = [significant(v) for v in colour["means"]]
        colour["precision"] = [[significant(v) for v in row] for row in colour["precision"]]
        colour["threshold"] = significant(colour["threshold"])
        document["colour"] = colour
    with open(path, "w") as f:
        # One row per line: small enough to read, compact enough to ship.
        f.write("{\n")
        items = list(document.items())
        for i, (key, value) in enumerate(items):
            end = ",\n" if i + 1 < len(items) else "\n"
            if key in ("means", "precision"):
                rows = ",\n    ".join(json.dumps(row, separators=(",", ":")) for row in value)
                f.write(f'  "{key}": [\n    {rows}\n  ]{end}')
            elif key == "colour":
                fields = []
                for name, field in value.items():
                    if name == "precision":
                        rows = ",\n      ".join(json.dumps(row, separators=(",", ":")) for row in field)
                        fields.append(f'    "{name}": [\n      {rows}\n    ]')
                    else:
                        fields.append(f"    {json.dumps(name)}: {json.dumps(field, separators=(',', ':'))}")
                body = ",\n".join(fields)
                f.write(f'  "{key}": {{\n{body}\n  }}{end}')
            else:
                f.write(f"  {json.dumps(key)}: {json.dumps(value, separators=(',', ':'))}{end}")
        f.write("}\n")


def update_manifest(path, temperature, class_priors, screening, domain_file):
    """Sets "calibration", "class_priors", "screening" (or removes it when
    None) and "domain"; existing keys keep their place, new ones go last."""
    with open(path) as f:
        manifest = json.load(f)
    manifest["calibration"] = {"temperature": significant(temperature)}
    manifest["class_priors"] = [significant(p) for p in class_priors]
    if screening:
        manifest["screening"] = screening
    else:
        manifest.pop("screening", None)
    manifest["domain"] = {"file": os.path.basename(domain_file)}
    with open(path, "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
