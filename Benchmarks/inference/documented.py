#!/usr/bin/env python3
"""ONNX Runtime's documented figures for the reference networks, read from the table in the reference
folder's README.md (`../shared/bench/README.md` beside a checkout):

    | model | 512x512 | 1024x1024 | 2048x2048 | peak RSS at 2048 |
    | unet_l4_b32 | 387 / 216 | 1604 / 879 | 6195 / 3425 | 10.7 GB |

each cell being median ms with 1 thread / 2 threads. The benchmark checks its own ORT runs against these:
an ORT that misses them by more than the tolerance is a broken measurement (another machine, a loaded one,
a handicapped build), and no ratio against it means anything.
"""
import re

SIZE_HEADER = re.compile(r"^(\d+)x(\d+)$")
CELL = re.compile(r"^\s*([\d.]+)\s*/\s*([\d.]+)\s*$")


def parse(text):
    """{(model, size, threads): ms} from the first Markdown table whose header names sizes as NxN."""
    figures, sizes = {}, None
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.strip().startswith("|") else None
        if cells is None:
            if sizes is not None and figures:
                break  # the table ended
            sizes = None
            continue
        if sizes is None:
            columns = [SIZE_HEADER.match(c) for c in cells[1:]]
            if any(columns):
                sizes = [int(m.group(1)) if m and m.group(1) == m.group(2) else None for m in columns]
            continue
        model = cells[0].split("(")[0].strip()
        for size, cell in zip(sizes, cells[1:]):
            match = CELL.match(cell) if size else None
            if match:
                figures[(model, size, 1)] = float(match.group(1))
                figures[(model, size, 2)] = float(match.group(2))
    return figures


def check(measured_ms, documented_ms, tolerance):
    """(relative deviation, within tolerance) of a measured ORT figure against the documented one."""
    deviation = measured_ms / documented_ms - 1
    return deviation, abs(deviation) <= tolerance


def load(path):
    with open(path, encoding="utf-8") as file:
        return parse(file.read())
